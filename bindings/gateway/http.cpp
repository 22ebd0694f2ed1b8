// gateway::http and the probes built on it: health, http_token_check, ws_upgrade.
#include "gateway/gateway.hpp"
#include "gateway/link.hpp"
#include "gateway/tls.hpp"

#include "clawbook/fingerprint.hpp"
#include "clawbook/untrusted_json.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace clawbook::gateway {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string buffer_text(const beast::flat_buffer& buffer) {
  const auto data = buffer.data();
  return {static_cast<const char*>(data.data()), data.size()};
}

class HttpExchange : public std::enable_shared_from_this<HttpExchange> {
 public:
  HttpExchange(asio::io_context& io, HttpOptions options, Handler done)
      : io_(io), opener_(io), deadline_(io), options_(std::move(options)), done_(std::move(done)) {}

  void start(const std::string& url_text, Duration deadline) {
    started_ = Clock::now();
    std::string error;
    auto url = parse_url(url_text, error);
    if (!url) {
      finish({{"ok", false}, {"phase", "url"}, {"error", "bad_url"}, {"message", error}, {"url", url_for_display(url_text)}});
      return;
    }
    url_ = *url;
    if (url_.scheme == "ws") url_.scheme = "http";
    if (url_.scheme == "wss") url_.scheme = "https";
    deadline_.arm(deadline, [self = shared_from_this()] {
      if (self->phase_ == "tcp") self->phase_ = self->opener_.phase();
      self->finish(self->failure({{"error", "timeout"}, {"message", self->phase_ + " did not finish before the deadline"}}));
    });
    opener_.start(url_, options_.tls, shared_from_this(), [this, self = shared_from_this()](OpenResult opened) {
      opened_ = std::move(opened);
      phase_ = opened_.phase;
      if (!opened_.ok) {
        finish(failure(opened_.failure));
        return;
      }
      send();
    });
  }

 private:
  template <class F>
  void with_stream(F&& f) {
    if (opener_.tls) {
      f(*opener_.tls);
    } else {
      f(*opener_.plain);
    }
  }

  void send() {
    phase_ = "request";
    request_.method_string(options_.method);
    request_.target(url_.target);
    request_.version(11);
    request_.set(bhttp::field::host, url_.host_header());
    request_.set(bhttp::field::user_agent, "clawbook");
    bool has_connection = false;
    for (const auto& [name, value] : options_.headers) {
      request_.set(name, value);
      if (lowercase(name) == "connection") has_connection = true;
    }
    if (!has_connection) request_.set(bhttp::field::connection, "close");
    if (!options_.body.empty() || options_.method == "POST" || options_.method == "PUT" ||
        options_.method == "PATCH") {
      request_.body() = options_.body;
      request_.prepare_payload();
    }
    parser_.emplace();
    parser_->header_limit(64 * 1024);
    parser_->body_limit(boost::none);  // the cap is ours: keep a prefix instead of failing
    if (options_.method == "HEAD") parser_->skip(true);
    sent_at_ = Clock::now();
    with_stream([this, self = shared_from_this()](auto& stream) {
      bhttp::async_write(stream, request_, [this, self](const boost::system::error_code& ec, std::size_t) {
        if (ec) {
          finish(failure({{"error", classify_error(ec)}, {"message", ec.message()}}));
          return;
        }
        phase_ = "response";
        with_stream([this, self](auto& s) {
          bhttp::async_read_header(s, buffer_, *parser_, [this, self](const boost::system::error_code& read_ec,
                                                                     std::size_t) { on_header(read_ec); });
        });
      });
    });
  }

  void on_header(const boost::system::error_code& ec) {
    if (!done_) return;
    if (ec) {
      response_error(ec);
      return;
    }
    ttfb_ms_ = ms_since(sent_at_);
    read_body();
  }

  void read_body() {
    if (parser_->is_done()) {
      complete(false);
      return;
    }
    if (parser_->get().body().size() >= options_.body_cap) {
      complete(true);
      return;
    }
    with_stream([this, self = shared_from_this()](auto& stream) {
      bhttp::async_read_some(stream, buffer_, *parser_, [this, self](const boost::system::error_code& ec, std::size_t) {
        if (!done_) return;
        if (ec) {
          // A body cut short still tells something: report what arrived.
          if (ec == bhttp::error::partial_message || ec == asio::error::eof || ec == asio::error::connection_reset ||
              ec == asio::ssl::error::stream_truncated) {
            complete(true, ec.message());
          } else {
            response_error(ec);
          }
          return;
        }
        read_body();
      });
    });
  }

  void response_error(const boost::system::error_code& ec) {
    const std::string raw = buffer_text(buffer_);
    if (looks_like_tls_record(raw) && !url_.tls()) {
      finish(failure({{"error", "plain_on_tls_port"},
                      {"message", "the server answered with TLS: use https:// (or wss://)"},
                      {"received", preview_bytes(raw)}}));
      return;
    }
    const bool garbage = ec.category() == bhttp::make_error_code(bhttp::error::bad_version).category();
    const bool nothing_received = !parser_->got_some() && raw.empty();
    const std::string verdict = garbage ? "bad_http_response" : classify_error(ec);
    Json failed = {{"error", verdict}, {"message", garbage ? "the answer is not HTTP (" + ec.message() + ")" : ec.message()}};
    if (!raw.empty()) failed["received"] = preview_bytes(raw);
    if (!url_.tls() && (garbage || (nothing_received && (verdict == "closed" || verdict == "reset")))) {
      // A TLS server drops or garbles a plain request; ask the same address whether it speaks TLS.
      if (!garbage) failed["message"] = "connection closed without a response (" + ec.message() + ")";
      const auto address = opened_.endpoint.address().to_string();
      probe_speaks_tls(io_, address, opened_.endpoint.port(), deadline_.remaining(),
                       [this, self = shared_from_this(), failed](bool speaks_tls) {
                         if (speaks_tls) {
                           finish(failure({{"error", "plain_on_tls_port"},
                                           {"message", "the port speaks TLS and did not answer plain HTTP: use "
                                                       "https:// (or wss://)"}}));
                         } else {
                           finish(failure(failed));
                         }
                       });
      return;
    }
    finish(failure(std::move(failed)));
  }

  void complete(bool truncated, const std::string& note = "") {
    auto& response = parser_->get();
    Json headers = Json::object();
    for (const auto& field : response.base()) {
      const std::string name = lowercase(std::string(field.name_string()));
      std::string value(field.value());
      sanitize_utf8(value);
      if (headers.contains(name)) {
        headers[name] = headers[name].get<std::string>() + ", " + value;
      } else {
        headers[name] = value;
      }
    }
    std::string body = std::move(response.body());
    if (body.size() > options_.body_cap) {
      body.resize(options_.body_cap);
      truncated = true;
    }
    // Results must serialize: bytes that are not UTF-8 (binary bodies, a cut inside a character) are replaced.
    const bool replaced = sanitize_utf8(body);
    Json out = {{"ok", true},
                {"url", url_.str()},
                {"status", response.result_int()},
                {"reason", clean_utf8(response.reason())},
                {"headers", std::move(headers)},
                {"body", std::move(body)},
                {"truncated", truncated},
                {"address", opened_.address},
                {"tried", opened_.tried},
                {"timings", timings()}};
    if (!note.empty()) out["note"] = note;
    if (replaced) out["body_not_utf8"] = true;
    if (!opened_.tls.is_null()) out["tls"] = opened_.tls;
    finish(std::move(out));
  }

  Json timings() const {
    Json t = {{"connect_ms", opened_.connect_ms}, {"total_ms", ms_since(started_)}};
    if (url_.tls()) t["tls_ms"] = opened_.tls_ms;
    if (ttfb_ms_ >= 0) t["ttfb_ms"] = ttfb_ms_;
    return t;
  }

  Json failure(Json details) const {
    Json out = {{"ok", false}, {"phase", phase_}, {"url", url_.str()}, {"timings", timings()}};
    if (!opened_.address.empty()) out["address"] = opened_.address;
    if (!opened_.tried.empty()) out["tried"] = opened_.tried;
    out.update(details);
    return out;
  }

  void finish(Json result) {
    if (!done_) return;
    auto done = std::move(done_);
    done_ = nullptr;
    deadline_.disarm();
    opener_.cancel();
    // Never complete inline from start(): callers may not be ready for a re-entrant completion.
    asio::post(io_, [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); });
  }

  asio::io_context& io_;
  Opener opener_;
  Deadline deadline_;
  HttpOptions options_;
  Handler done_;
  Url url_;
  OpenResult opened_;
  std::string phase_ = "tcp";
  Clock::time_point started_{};
  Clock::time_point sent_at_{};
  double ttfb_ms_ = -1;
  bhttp::request<bhttp::string_body> request_;
  std::optional<bhttp::response_parser<bhttp::string_body>> parser_;
  beast::flat_buffer buffer_;
};

// ---- health ----

struct HealthState {
  Json endpoints = Json::object();
  int pending = 3;
  Handler done;
};

Json decode_probe(const Json& response) {
  Json entry = {{"ok", response.value("ok", false)}};
  if (!response.value("ok", false)) {
    entry["error"] = response.value("error", "error");
    entry["message"] = response.value("message", "");
    return entry;
  }
  entry["status"] = response["status"];
  const std::string content_type = response["headers"].value("content-type", "");
  const std::string& body = response["body"].get_ref<const std::string&>();
  entry["content_type"] = content_type;
  const Json parsed = parse_untrusted_json(body);
  entry["json"] = !parsed.is_discarded() && parsed.is_object();
  if (entry["json"]) {
    entry["body"] = parsed;
  } else {
    entry["body_preview"] = body.substr(0, 200);
  }
  entry["latency_ms"] = response["timings"].value("total_ms", 0.0);
  return entry;
}

void summarize_health(HealthState& state) {
  const Json& endpoints = state.endpoints;
  Json out = {{"endpoints", endpoints}, {"warnings", Json::array()}};
  bool reachable = false;
  for (const auto& [name, entry] : endpoints.items()) {
    if (!entry.value("ok", false)) continue;
    reachable = true;
    const int status = entry.value("status", 0);
    if (status == 200 && !entry.value("json", false)) {
      out["warnings"].push_back(name + " answered 200 with a non-JSON body (" + entry.value("content_type", "") +
                                "): not an OpenClaw probe endpoint, maybe a Control UI or another server");
    }
  }
  out["ok"] = reachable;
  if (!reachable) {
    const Json& first = endpoints["healthz"];
    out["error"] = first.value("error", "error");
    out["message"] = first.value("message", "");
  }
  const auto body_of = [&](const char* name) -> Json {
    const Json& entry = endpoints[name];
    return entry.value("json", false) ? entry["body"] : Json();
  };
  const auto status_of = [&](const char* name) { return endpoints[name].value("status", 0); };
  const Json healthz = body_of("healthz");
  const Json readyz = body_of("readyz");
  const Json startupz = body_of("startupz");
  out["live"] = status_of("healthz") == 200 && healthz.is_object();
  if (readyz.is_object()) {
    out["ready"] = flag_at(readyz, "ready", status_of("readyz") == 200);
    if (readyz.contains("failing")) out["failing"] = readyz["failing"];
    if (readyz.contains("uptimeMs")) out["uptimeMs"] = readyz["uptimeMs"];
  } else if (status_of("readyz") != 0) {
    out["ready"] = false;
  }
  if (startupz.is_object()) {
    if (startupz.contains("status")) out["status"] = startupz["status"];
    if (startupz.contains("version")) out["version"] = startupz["version"];
    if (startupz.contains("uptimeMs")) out["uptimeMs"] = startupz["uptimeMs"];
    if (startupz.contains("pendingReason")) out["pendingReason"] = startupz["pendingReason"];
    out["started"] = text_at(startupz, "status") == "started";
  }
  if (!out.contains("status") && healthz.is_object() && healthz.contains("status")) out["status"] = healthz["status"];
  state.done(std::move(out));
}

std::string base64(const unsigned char* data, std::size_t size) {
  std::string out(4 * ((size + 2) / 3), '\0');
  const int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

}  // namespace

void http(asio::io_context& io, const std::string& url, const HttpOptions& options, Duration deadline,
          Handler done) {
  std::make_shared<HttpExchange>(io, options, std::move(done))->start(url, deadline);
}

void health(asio::io_context& io, const std::string& base_url, const TlsOptions& tls, Duration deadline,
            Handler done) {
  auto state = std::make_shared<HealthState>();
  state->done = std::move(done);
  for (const char* path : {"healthz", "readyz", "startupz"}) {
    HttpOptions options;
    options.tls = tls;
    options.body_cap = 64 * 1024;
    http(io, join_url(base_url, std::string("/") + path), options, deadline, [state, path](Json response) {
      state->endpoints[path] = decode_probe(response);
      if (--state->pending == 0) summarize_health(*state);
    });
  }
}

void http_token_check(asio::io_context& io, const std::string& base_url, const std::string& token,
                      const TlsOptions& tls, Duration deadline, Handler done) {
  HttpOptions options;
  options.method = "POST";
  options.tls = tls;
  options.body = "{}";
  options.body_cap = 16 * 1024;
  options.headers = {{"Content-Type", "application/json"}};
  if (!token.empty()) options.headers.emplace_back("Authorization", "Bearer " + token);
  http(io, join_url(base_url, "/tools/invoke"), options, deadline,
       [done = std::move(done), token](Json response) {
         Json out = {{"ok", response.value("ok", false)}};
         if (!token.empty()) out["token_fingerprint"] = fingerprint(token);
         if (!response.value("ok", false)) {
           for (const char* key : {"phase", "error", "message", "address"})
             if (response.contains(key)) out[key] = response[key];
           scrub_secret(out, token);
           done(std::move(out));
           return;
         }
         const int status = response["status"];
         out["status"] = status;
         out["latency_ms"] = response["timings"].value("total_ms", 0.0);
         // 400: authenticated, then the empty body was refused; 401: the token was not accepted.
         if (status == 400) {
           out["token_accepted"] = true;
           out["verdict"] = "accepted";
         } else if (status == 401) {
           out["token_accepted"] = false;
           out["verdict"] = token.empty() ? "token_required" : "rejected";
         } else if (status == 429) {
           out["token_accepted"] = false;
           out["verdict"] = "rate_limited";
           if (response["headers"].contains("retry-after")) out["retry_after"] = response["headers"]["retry-after"];
         } else {
           out["verdict"] = "unexpected_status";
         }
         const Json body = parse_untrusted_json(response["body"].get<std::string>());
         if (!body.is_discarded() && body.is_object() && body.contains("error")) out["server_error"] = body["error"];
         scrub_secret(out, token);
         done(std::move(out));
       });
}

void ws_upgrade(asio::io_context& io, const std::string& url, const TlsOptions& tls, Duration deadline,
                Handler done) {
  std::array<unsigned char, 16> nonce{};
  RAND_bytes(nonce.data(), static_cast<int>(nonce.size()));
  const std::string key = base64(nonce.data(), nonce.size());
  const std::string magic = key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
  SHA1(reinterpret_cast<const unsigned char*>(magic.data()), magic.size(), digest.data());
  const std::string expected_accept = base64(digest.data(), digest.size());

  HttpOptions options;
  options.tls = tls;
  options.body_cap = 4096;
  options.headers = {{"Upgrade", "websocket"},
                     {"Connection", "Upgrade"},
                     {"Sec-WebSocket-Key", key},
                     {"Sec-WebSocket-Version", "13"}};
  http(io, url, options, deadline, [done = std::move(done), expected_accept](Json response) {
    if (!response.value("ok", false)) {
      done(std::move(response));
      return;
    }
    const int status = response["status"];
    const Json& headers = response["headers"];
    const bool upgraded = status == 101;
    const bool accept_valid = headers.value("sec-websocket-accept", "") == expected_accept;
    Json out = {{"ok", upgraded && accept_valid},
                {"status", status},
                {"upgraded", upgraded},
                {"accept_valid", accept_valid},
                {"headers", headers},
                {"address", response["address"]},
                {"timings", response["timings"]}};
    if (!upgraded) {
      out["error"] = "upgrade_refused";
      out["message"] = "the server answered the WebSocket upgrade with HTTP " + std::to_string(status);
      out["body_preview"] = response["body"].get<std::string>().substr(0, 512);
    } else if (!accept_valid) {
      out["error"] = "bad_accept";
      out["message"] = "101 without a valid Sec-WebSocket-Accept";
    }
    done(std::move(out));
  });
}

}  // namespace clawbook::gateway
