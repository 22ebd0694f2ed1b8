// The lab's network side: one io_context, a callback accept loop per simulated gateway, one coroutine per
// connection. HTTP requests are routed like the real gateway's (probes, /tools/invoke, Control UI fallback);
// upgrades on any path become a WsSession speaking the gateway protocol, or misbehave as the scenario says.
#include "lab.hpp"
#include "payloads.hpp"
#include "protocol.hpp"
#include "scenario.hpp"
#include "scenario_file.hpp"
#include "tls.hpp"

// GCC's -Wnull-dereference fires inside Asio's scheduler once it is inlined into coroutine code (false
// positives in thread_call_stack lookups); the diagnostic state at those header lines is what counts.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#pragma GCC diagnostic pop
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <type_traits>

namespace clawbook::lab {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Json = nlohmann::json;
using error_code = boost::system::error_code;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;
using namespace std::chrono_literals;

constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);
constexpr auto kTlsHandshakeTimeout = 10s;
constexpr auto kCloseHandshakeTimeout = 5s;
constexpr std::size_t kRequestBodyLimit = 1 << 20;
constexpr int kDeepJsonDepth = 100000;

}  // namespace

struct Gateway {
  tcp::acceptor acceptor;
  std::uint16_t port;
};

struct Lab::Impl {
  Options options;
  Scenario scenario = Scenario::healthy;
  payloads::GatewayFacts facts;
  std::unique_ptr<asio::io_context> ioc = std::make_unique<asio::io_context>(1);
  std::optional<asio::ssl::context> ssl;
  std::string certificate_pem;
  std::vector<std::unique_ptr<Gateway>> gateways;
  std::vector<std::uint16_t> ports;
  std::thread thread;
  std::atomic<std::uint64_t> accepted{0};
  std::chrono::steady_clock::time_point started_at = std::chrono::steady_clock::now();

  // Serialized payloads reused for a second, as the gateway caches its health snapshot (60 s there): building
  // hello-ok and health per connection was most of the lab's CPU time with a thousand gateways probed at once.
  struct CachedText {
    std::string text;
    std::chrono::steady_clock::time_point built;
  };
  std::map<std::string, CachedText> hello_templates;  // by protocol, role and scopes
  CachedText health_text;

  std::uint64_t boot_epoch = 0;        // restart-loop, a scenario file's restart: restarts done so far
  const ScenarioSpec* spec = nullptr;  // a scenario file, or none

  std::chrono::steady_clock::duration since_start() const { return std::chrono::steady_clock::now() - started_at; }

  // flap-readyz (or a file's timeline.flapReadyz): ready during even periods, not ready during odd ones.
  bool flapped_down() const {
    if (spec != nullptr && spec->flap_readyz) return (since_start() / spec->flap_readyz->period) % 2 == 1;
    if (scenario != Scenario::flap_readyz) return false;
    return (since_start() / options.period) % 2 == 1;
  }
  std::vector<std::string> flap_failing() const {
    if (spec != nullptr && spec->flap_readyz) return spec->flap_readyz->failing;
    return {"telegram"};
  }
  // How many restarts have happened by now (restart-loop: one per period; a file: once, or every everyMs).
  std::uint64_t restart_epoch() const {
    const auto since = since_start();
    if (spec != nullptr && spec->restart) {
      if (spec->restart->every) return static_cast<std::uint64_t>(since / *spec->restart->every);
      return since >= *spec->restart->after ? 1 : 0;
    }
    if (scenario == Scenario::restart_loop) return static_cast<std::uint64_t>(since / options.period);
    return 0;
  }
  // When the next restart strikes, if one is coming.
  std::optional<std::chrono::steady_clock::time_point> next_restart() const {
    const std::uint64_t epoch = restart_epoch();
    if (spec != nullptr && spec->restart) {
      if (spec->restart->every) return started_at + *spec->restart->every * static_cast<std::int64_t>(epoch + 1);
      if (epoch == 0) return started_at + *spec->restart->after;
      return std::nullopt;
    }
    if (scenario == Scenario::restart_loop) return started_at + options.period * static_cast<std::int64_t>(epoch + 1);
    return std::nullopt;
  }
  // A file's restart with downMs: for that long after each restart, connections are reset at once.
  bool restarting() const {
    if (spec == nullptr || !spec->restart || spec->restart->down.count() == 0) return false;
    const std::uint64_t epoch = restart_epoch();
    if (epoch == 0) return false;
    const auto last = spec->restart->every ? *spec->restart->every * static_cast<std::int64_t>(epoch)
                                           : std::chrono::steady_clock::duration(*spec->restart->after);
    return since_start() < last + spec->restart->down;
  }
  // A file's timeline.silent: connections are accepted and nothing is ever written.
  bool silent() const {
    if (spec == nullptr || !spec->silent) return false;
    const auto since = since_start();
    if (since < spec->silent->after) return false;
    return !spec->silent->duration || since < spec->silent->after + *spec->silent->duration;
  }
  // A new boot (the first to notice does it for every gateway of the lab).
  void restart_to(std::uint64_t epoch) {
    if (epoch <= boot_epoch) return;
    boot_epoch = epoch;
    facts.boot_id = protocol::random_uuid();
    facts.started_at_ms = payloads::now_ms();
    hello_templates.clear();
  }

  bool starting() const {
    return scenario == Scenario::starting && std::chrono::steady_clock::now() < started_at + options.ready_after;
  }
  std::int64_t uptime_ms() const { return payloads::now_ms() - facts.started_at_ms; }
  void accept_next(Gateway& gateway);
  std::string hello_frame(const nlohmann::json& id, int protocol, const std::string& role,
                          const std::vector<std::string>& scopes, std::uint16_t port);
  std::string health_frame(const nlohmann::json& id);
};

namespace {

struct ConnInfo {
  std::uint16_t port = 0;
  bool loopback_peer = true;
};

bool loopback_address(const asio::ip::address& address) {
  if (address.is_v4()) return address.to_v4().is_loopback();
  const auto v6 = address.to_v6();
  return v6.is_loopback() || (v6.is_v4_mapped() && asio::ip::make_address_v4(asio::ip::v4_mapped, v6).is_loopback());
}

// isLocalDirectRequest: loopback peer, no proxy headers, loopback Host.
bool is_local_request(const ConnInfo& info, const Request& req) {
  if (!info.loopback_peer) return false;
  for (const char* header : {"forwarded", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-real-ip"})
    if (req.find(header) != req.end()) return false;
  const auto host = req.find(http::field::host);
  return host == req.end() || protocol::is_loopback_host_header(host->value());
}

std::optional<std::string> header_value(const Request& req, http::field field) {
  const auto it = req.find(field);
  if (it == req.end() || it->value().empty()) return std::nullopt;
  return std::string(it->value());
}

Response make_response(const Request& req, http::status status, std::string_view content_type, std::string body) {
  Response res{status, req.version()};
  res.set(http::field::content_type, content_type);
  res.keep_alive(req.keep_alive());
  const std::size_t length = body.size();
  if (req.method() != http::verb::head) res.body() = std::move(body);
  res.content_length(length);
  return res;
}

Response json_response(const Request& req, http::status status, const Json& body, bool no_store) {
  Response res = make_response(req, status, "application/json; charset=utf-8", body.dump());
  if (no_store) res.set(http::field::cache_control, "no-store");
  return res;
}

std::string bearer_token(const Request& req) {
  const auto value = header_value(req, http::field::authorization);
  constexpr std::string_view prefix = "Bearer ";
  if (!value || value->size() <= prefix.size() || value->compare(0, prefix.size(), prefix) != 0) return {};
  return value->substr(prefix.size());
}

// The gateway's HTTP surface (server-http.ts): probes, /tools/invoke, then the Control UI SPA fallback.
Response route(Lab::Impl& lab, const ConnInfo& info, const Request& req) {
  std::string_view path = req.target();
  path = path.substr(0, path.find('?'));
  const bool get_or_head = req.method() == http::verb::get || req.method() == http::verb::head;
  const bool local = is_local_request(info, req);
  const bool authorized = local || bearer_token(req) == lab.options.token;

  const bool liveness = path == "/health" || path == "/healthz";
  const bool readiness = path == "/ready" || path == "/readyz";
  const bool startup = path == "/startup" || path == "/startupz";
  if (liveness || readiness || startup) {
    if (!get_or_head) {
      Response res = make_response(req, http::status::method_not_allowed, "text/plain; charset=utf-8",
                                   "Method Not Allowed");
      res.set(http::field::allow, "GET, HEAD");
      return res;
    }
    if (lab.spec != nullptr) {  // a scenario file's fixed answer
      const std::optional<HttpAnswer>& fixed = liveness    ? lab.spec->healthz
                                               : readiness ? lab.spec->readyz
                                                           : lab.spec->startupz;
      if (fixed) return json_response(req, static_cast<http::status>(fixed->status), fixed->body, true);
    }
    if (liveness) return json_response(req, http::status::ok, Json{{"ok", true}, {"status", "live"}}, true);
    const bool starting = lab.starting();
    if (readiness) {
      std::vector<std::string> failing = starting ? std::vector<std::string>{"startup-sidecars"}
                                                  : payloads::failing_channels(lab.facts);
      if (lab.flapped_down())
        for (const std::string& id : lab.flap_failing())
          if (std::find(failing.begin(), failing.end(), id) == failing.end()) failing.push_back(id);
      const bool ready = failing.empty();
      Json body{{"ready", ready}};
      if (authorized) {
        body["failing"] = failing;
        body["uptimeMs"] = lab.uptime_ms();
      }
      return json_response(req, ready ? http::status::ok : http::status::service_unavailable, body, true);
    }
    Json body{{"ok", !starting}, {"status", starting ? "starting" : "started"}};
    if (authorized) {
      body["uptimeMs"] = lab.uptime_ms();
      body["version"] = lab.facts.version;
      if (starting) body["pendingReason"] = "startup-sidecars";
    }
    return json_response(req, starting ? http::status::service_unavailable : http::status::ok, body, true);
  }

  if (path == "/tools/invoke") {
    if (req.method() != http::verb::post) {
      Response res = make_response(req, http::status::method_not_allowed, "text/plain; charset=utf-8",
                                   "Method Not Allowed");
      res.set(http::field::allow, "POST");
      return res;
    }
    if (lab.scenario == Scenario::rate_limited) {
      Response res = json_response(
          req, http::status::too_many_requests,
          Json{{"error",
                {{"message", "Too many failed authentication attempts. Please try again later."},
                 {"type", "rate_limited"}}}},
          false);
      res.set(http::field::retry_after, std::to_string(protocol::kRateLimitLockoutMs / 1000));
      return res;
    }
    const std::string token = bearer_token(req);
    if (token.empty() || token != lab.options.token || lab.scenario == Scenario::token_mismatch)
      return json_response(req, http::status::unauthorized,
                           Json{{"error", {{"message", "Unauthorized"}, {"type", "unauthorized"}}}}, false);
    const Json body = Json::parse(req.body(), nullptr, false);
    if (!body.is_object() || !body.contains("tool") || !body["tool"].is_string())
      return json_response(
          req, http::status::bad_request,
          Json{{"ok", false}, {"error", {{"type", "invalid_request"}, {"message", "tools.invoke requires body.tool"}}}},
          false);
    return json_response(
        req, http::status::not_found,
        Json{{"ok", false},
             {"error", {{"type", "not_found"}, {"message", "Tool not available: " + body["tool"].get<std::string>()}}}},
        false);
  }

  if (get_or_head) return make_response(req, http::status::ok, "text/html; charset=utf-8", payloads::control_ui_html());
  return make_response(req, http::status::not_found, "text/plain; charset=utf-8", "Not Found");
}

std::string websocket_accept_key(std::string_view key) {
  const std::string input = std::string(key) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  unsigned char encoded[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
  const int length = EVP_EncodeBlock(encoded, digest, SHA_DIGEST_LENGTH);
  return std::string(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(length));
}

// A server-to-client WebSocket frame (unmasked) with an optional lying length.
std::string raw_frame(unsigned char first_byte, std::string_view payload, std::optional<std::uint64_t> declared = {}) {
  const std::uint64_t length = declared.value_or(payload.size());
  std::string out(1, static_cast<char>(first_byte));
  if (length < 126) {
    out += static_cast<char>(length);
  } else if (length <= 0xFFFF) {
    out += static_cast<char>(126);
    out += static_cast<char>((length >> 8) & 0xFF);
    out += static_cast<char>(length & 0xFF);
  } else {
    out += static_cast<char>(127);
    for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((length >> shift) & 0xFF);
  }
  out.append(payload);
  return out;
}

void reset_connection(tcp::socket& socket) {
  error_code ignored;
  socket.set_option(asio::socket_base::linger(true, 0), ignored);
  socket.close(ignored);
}

asio::awaitable<void> sleep_for(std::chrono::milliseconds duration) {
  asio::steady_timer timer(co_await asio::this_coro::executor, duration);
  co_await timer.async_wait(use_nothrow);
}

// Reads and discards until the peer goes away or the hold time is over, then resets the connection.
asio::awaitable<void> hold_then_reset(beast::tcp_stream& stream, std::chrono::milliseconds hold) {
  const auto deadline = std::chrono::steady_clock::now() + hold;
  char sink[4096];
  for (;;) {
    stream.expires_at(deadline);
    auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), use_nothrow);
    if (ec) break;
  }
  reset_connection(stream.socket());
}

asio::awaitable<void> answer_tls_garbage(Lab::Impl& lab, beast::tcp_stream stream) {
  char first[512];
  stream.expires_after(lab.options.hostile_hold);
  auto [ec, n] = co_await stream.async_read_some(asio::buffer(first), use_nothrow);
  if (ec) co_return;
  // A well-framed handshake record carrying a ServerHello one byte long (undecodable), then bytes that are no
  // TLS record at all: a client's TLS stack must fail at once rather than wait for more.
  std::string record("\x16\x03\x03\x00\x05\x02\x00\x00\x01\xFF", 10);
  record.append("\xAB\xCD\xEF garbage that is not TLS", 27);
  stream.expires_after(5s);
  auto [wec, written] = co_await asio::async_write(stream, asio::buffer(record), use_nothrow);
  if (!wec) co_await hold_then_reset(stream, lab.options.hostile_hold);
}

asio::awaitable<void> serve_slowloris(Lab::Impl& lab, ConnInfo info, beast::tcp_stream stream) {
  beast::flat_buffer buffer;
  Request req;
  stream.expires_after(lab.options.http_idle_timeout);
  auto [ec, n] = co_await http::async_read(stream, buffer, req, use_nothrow);
  if (ec) co_return;
  std::string answer;
  if (websocket::is_upgrade(req)) {
    answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
             websocket_accept_key(req[http::field::sec_websocket_key]) + "\r\n\r\n";
  } else {
    std::ostringstream text;
    text << route(lab, info, req);
    answer = text.str();
  }
  const auto deadline = std::chrono::steady_clock::now() + lab.options.hostile_hold;
  for (std::size_t i = 0; i < answer.size() && std::chrono::steady_clock::now() < deadline; ++i) {
    stream.expires_after(lab.options.slowloris_interval + 5s);
    auto [wec, written] = co_await asio::async_write(stream, asio::buffer(&answer[i], 1), use_nothrow);
    if (wec) co_return;
    co_await sleep_for(lab.options.slowloris_interval);
  }
  reset_connection(stream.socket());
}

protocol::Rejection rejection_of(const ErrorAnswer& error) {
  protocol::Rejection r;
  r.code = error.code;
  r.message = error.message;
  r.details = error.details;
  r.retryable = error.retryable;
  r.retry_after_ms = error.retry_after_ms;
  return r;
}

// One WebSocket connection speaking the gateway protocol. Writes go through a queue so that timers (handshake
// timeout, ticks) and request handling can send without overlapping writes.
template <class Stream>
class WsSession : public std::enable_shared_from_this<WsSession<Stream>> {
 public:
  WsSession(Lab::Impl& lab, ConnInfo info, Stream stream)
      : lab_(lab),
        info_(info),
        ws_(std::move(stream)),
        handshake_timer_(ws_.get_executor()),
        tick_timer_(ws_.get_executor()),
        fault_timer_(ws_.get_executor()),
        session_timer_(ws_.get_executor()) {}

  asio::awaitable<void> run(Request req) {
    peer_.local = is_local_request(info_, req);
    peer_.origin = header_value(req, http::field::origin);
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeout{kCloseHandshakeTimeout, websocket::stream_base::none(), false};
    ws_.set_option(timeout);
    ws_.set_option(
        websocket::stream_base::decorator([](websocket::response_type& res) { res.erase(http::field::server); }));
    ws_.read_message_max(0);
    ws_.auto_fragment(false);
    auto [ec] = co_await ws_.async_accept(req, use_nothrow);
    if (ec) co_return;
    ws_.text(true);

    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      if (co_await misbehave_after_upgrade()) co_return;
    }

    co_await add_latency();
    arm_handshake_timer();  // the gateway's deadline runs from the connection, a delayed challenge included
    if (lab_.spec != nullptr && lab_.spec->challenge_delay.count() > 0) co_await sleep_for(lab_.spec->challenge_delay);
    nonce_ = protocol::random_uuid();
    send(protocol::event_frame("connect.challenge", Json{{"nonce", nonce_}, {"ts", payloads::now_ms()}}));
    co_await read_loop();
    handshake_timer_.cancel();
    tick_timer_.cancel();
    fault_timer_.cancel();
    session_timer_.cancel();
    error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

 private:
  struct Outgoing {
    std::string text;
    std::optional<websocket::close_reason> close;
  };

  asio::awaitable<void> add_latency() {
    if (lab_.scenario == Scenario::slow) co_await sleep_for(lab_.options.latency);
  }

  void send(std::string text) {
    if (closing_ || lab_.silent()) return;
    queue_.push_back({std::move(text), std::nullopt});
    pump();
  }

  void close(unsigned code, std::string reason) {
    if (closing_ || lab_.silent()) return;
    closing_ = true;
    queue_.push_back({{}, websocket::close_reason(static_cast<websocket::close_code>(code), reason)});
    pump();
  }

  void pump() {
    if (writing_ || queue_.empty() || dead_) return;
    writing_ = true;
    auto self = this->shared_from_this();
    auto done = [self](error_code ec, auto&&...) {
      self->writing_ = false;
      self->queue_.pop_front();
      if (ec) {
        self->dead_ = true;
        self->queue_.clear();
        return;
      }
      self->pump();
    };
    Outgoing& next = queue_.front();
    if (next.close) ws_.async_close(*next.close, done);
    else ws_.async_write(asio::buffer(next.text), done);
  }

  void arm_handshake_timer() {
    const auto limit = lab_.scenario == Scenario::handshake_timeout ? lab_.options.silence_close_after
                                                                    : lab_.options.handshake_timeout;
    handshake_timer_.expires_after(limit);
    handshake_timer_.async_wait([self = this->shared_from_this()](error_code ec) {
      // The real gateway logs "handshake timeout" and closes 1000 with an empty reason.
      if (!ec && !self->connected_) self->close(1000, "");
    });
  }

  // A proxy dropping an idle upstream: the TCP connection goes, no WebSocket close frame (1006).
  void drop_connection() {
    closing_ = true;
    error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

  // idle-close, restart-loop and a scenario file's timeline: the fault that ends this connection.
  void arm_fault_timer() {
    const ScenarioSpec* spec = lab_.spec;
    if (lab_.scenario == Scenario::idle_close) {
      fault_timer_.expires_after(lab_.options.period);
      fault_timer_.async_wait([self = this->shared_from_this()](error_code ec) {
        if (!ec && !self->closing_) self->drop_connection();
      });
    } else if (const auto at = lab_.next_restart()) {
      const std::uint64_t next = lab_.restart_epoch() + 1;
      const bool from_file = spec != nullptr && spec->restart;
      const unsigned code = from_file ? spec->restart->code : 1012;
      const std::string reason = from_file ? spec->restart->reason : "service restart";
      const std::int64_t expected = from_file && spec->restart->down.count() > 0 ? spec->restart->down.count() : 500;
      fault_timer_.expires_at(*at);
      fault_timer_.async_wait([self = this->shared_from_this(), next, code, reason, expected](error_code ec) {
        if (ec || self->closing_) return;
        self->send(Json{{"type", "event"},
                        {"event", "shutdown"},
                        {"payload", {{"reason", "gateway restarting"}, {"restartExpectedMs", expected}}},
                        {"seq", ++self->seq_}}
                       .dump());
        self->lab_.restart_to(next);
        self->close(code, reason);
      });
    }
    if (spec == nullptr) return;
    if (spec->close_after_hello) {
      session_timer_.expires_after(spec->close_after_hello->after);
      session_timer_.async_wait([self = this->shared_from_this()](error_code ec) {
        if (ec || self->closing_) return;
        self->close(self->lab_.spec->close_after_hello->code, self->lab_.spec->close_after_hello->reason);
      });
    } else if (spec->drop_after_hello) {
      session_timer_.expires_after(*spec->drop_after_hello);
      session_timer_.async_wait([self = this->shared_from_this()](error_code ec) {
        if (!ec && !self->closing_) self->drop_connection();
      });
    }
  }

  void arm_tick_timer() {
    tick_timer_.expires_after(lab_.options.tick_interval);
    tick_timer_.async_wait([self = this->shared_from_this()](error_code ec) {
      if (ec || self->closing_) return;
      self->send(
          Json{{"type", "event"}, {"event", "tick"}, {"payload", {{"ts", payloads::now_ms()}}}, {"seq", ++self->seq_}}
              .dump());
      self->arm_tick_timer();
    });
  }

  // Reads one message, refusing more than `limit` bytes; returns the error, or message_too_big.
  asio::awaitable<error_code> read_message(beast::flat_buffer& buffer, std::size_t limit) {
    for (;;) {
      auto [ec, n] = co_await ws_.async_read_some(buffer, 64 * 1024, use_nothrow);
      if (ec) co_return ec;
      if (buffer.size() > limit) co_return websocket::error::message_too_big;
      if (ws_.is_message_done()) co_return error_code{};
    }
  }

  asio::awaitable<void> read_loop() {
    for (;;) {
      beast::flat_buffer buffer;
      const std::size_t limit = connected_ ? protocol::kMaxPayloadBytes : protocol::kMaxPreauthPayloadBytes;
      const error_code ec = co_await read_message(buffer, closing_ ? SIZE_MAX : limit);
      if (ec == websocket::error::message_too_big) {
        close(1009, connected_ ? "Max payload size exceeded" : "preauth payload too large");
        continue;
      }
      if (ec) co_return;
      if (closing_ || lab_.scenario == Scenario::handshake_timeout) continue;  // silence
      if (!connected_ && lab_.spec != nullptr && lab_.spec->ignore_connect) continue;
      const std::string text = beast::buffers_to_string(buffer.data());
      if (!connected_) co_await handle_handshake(text);
      else if (!co_await handle_request(text)) co_return;
    }
  }

  asio::awaitable<void> handle_handshake(const std::string& text) {
    const protocol::FirstFrameCheck check = protocol::check_first_frame(text);
    switch (check.problem) {
      case protocol::FirstFrameProblem::not_json: close(1000, ""); co_return;
      case protocol::FirstFrameProblem::not_request: close(1008, "invalid request frame"); co_return;
      case protocol::FirstFrameProblem::not_connect:
      case protocol::FirstFrameProblem::invalid_params: {
        protocol::Rejection rejection;
        rejection.code = "INVALID_REQUEST";
        rejection.message = check.message;
        send(protocol::error_frame(check.frame["id"], rejection));
        close(1008, protocol::truncate_close_reason(check.message));
        co_return;
      }
      case protocol::FirstFrameProblem::none: break;
    }
    const Json& params = check.frame["params"];
    const protocol::GatewayPolicy policy{lab_.scenario, lab_.options.protocol, lab_.options.token, lab_.starting()};
    protocol::Admission admission = protocol::admit_connect(params, peer_, policy);
    const ScenarioSpec* spec = lab_.spec;
    if (spec != nullptr && spec->handshake_error) {  // a scenario file refuses every connect
      protocol::Rejection refused = rejection_of(*spec->handshake_error);
      refused.close_code = spec->handshake_close ? spec->handshake_close->code : 1008;
      refused.close_reason = spec->handshake_close ? spec->handshake_close->reason
                                                   : protocol::truncate_close_reason(refused.message);
      admission.rejection = std::move(refused);
    }
    co_await add_latency();
    if (admission.rejection) {
      send(protocol::error_frame(check.frame["id"], *admission.rejection));
      close(admission.rejection->close_code, admission.rejection->close_reason);
      co_return;
    }
    if (spec != nullptr && spec->hello_delay.count() > 0) {
      co_await sleep_for(spec->hello_delay);
      if (closing_) co_return;  // the handshake timeout struck first
    }
    connected_ = true;
    handshake_timer_.cancel();
    role_ = admission.role;
    scopes_ = admission.scopes;
    if (spec != nullptr && spec->hello_role) role_ = *spec->hello_role;
    if (spec != nullptr && spec->hello_scopes) scopes_ = *spec->hello_scopes;
    send(lab_.hello_frame(check.frame["id"], admission.protocol, role_, scopes_, info_.port));
    if (lab_.scenario == Scenario::closed_1000_after_hello ||
        (spec != nullptr && spec->close_after_hello && spec->close_after_hello->after.count() == 0)) {
      close(spec != nullptr && spec->close_after_hello ? spec->close_after_hello->code : 1000,
            spec != nullptr && spec->close_after_hello ? spec->close_after_hello->reason : "");
      co_return;
    }
    if (spec != nullptr && spec->drop_after_hello && spec->drop_after_hello->count() == 0) {
      drop_connection();
      co_return;
    }
    arm_tick_timer();
    arm_fault_timer();
  }

  // Returns false when the connection is gone (abrupt-drop).
  asio::awaitable<bool> handle_request(const std::string& text) {
    const Json frame = Json::parse(text, nullptr, false);
    if (frame.is_discarded() || !protocol::is_request_frame(frame)) co_return true;
    if (lab_.scenario == Scenario::abrupt_drop) {
      reset_connection(beast::get_lowest_layer(ws_).socket());
      co_return false;
    }
    const std::string method = frame["method"];
    const Json params = frame.value("params", Json::object());
    const auto& methods = payloads::implemented_methods();
    co_await add_latency();
    // A scenario file's answer wins over the scope check and the built-in payload.
    const MethodAnswer* answer = nullptr;
    if (lab_.spec != nullptr) {
      const auto it = lab_.spec->methods.find(method);
      if (it != lab_.spec->methods.end()) answer = &it->second;
    }
    if (answer != nullptr) {
      if (answer->delay.count() > 0) co_await sleep_for(answer->delay);
      const bool implemented = std::find(methods.begin(), methods.end(), method) != methods.end();
      if (answer->error) {
        send(protocol::error_frame(frame["id"], rejection_of(*answer->error)));
        co_return true;
      }
      if (answer->payload || !implemented) {
        Json payload = answer->payload.value_or(Json::object());
        if (answer->merge) payload.merge_patch(*answer->merge);
        send(protocol::response_frame(frame["id"], payload));
        co_return true;
      }
    }
    if (std::find(methods.begin(), methods.end(), method) == methods.end()) {
      protocol::Rejection unknown;
      unknown.code = "INVALID_REQUEST";
      unknown.message = "unknown method: " + method;
      send(protocol::error_frame(frame["id"], unknown));
      co_return true;
    }
    if (auto refused = answer != nullptr ? std::nullopt : protocol::authorize_method(method, role_, scopes_)) {
      send(protocol::error_frame(frame["id"], *refused));
      if (++unauthorized_calls_ > protocol::kUnauthorizedCallLimit) close(1008, "repeated unauthorized calls");
      co_return true;
    }
    const std::int64_t now = payloads::now_ms();
    const bool probe = params.is_object() && params.value("probe", false);
    if (method == "health" && !probe && answer == nullptr) {  // the cached snapshot; probe:true asks for a live one
      send(lab_.health_frame(frame["id"]));
      co_return true;
    }
    Json payload;
    if (method == "health") {
      payload = payloads::health(lab_.facts, now, probe);
    } else if (method == "status") {
      payload = payloads::status(lab_.facts, now);
    } else if (method == "system-presence") {
      payload = payloads::system_presence(lab_.facts, now);
    } else if (method == "config.get") {
      payload = payloads::config_get(lab_.facts, info_.port);
    } else if (method == "logs.tail") {
      payload = payloads::logs_tail(lab_.facts, now, params);
    } else {  // channels.status
      std::optional<std::string> channel;
      if (params.is_object() && params.contains("channel") && params["channel"].is_string())
        channel = params["channel"].get<std::string>();
      payload = payloads::channels_status(lab_.facts, now, probe, channel);
      if (payload.is_null()) {
        protocol::Rejection unknown;
        unknown.code = "INVALID_REQUEST";
        unknown.message = "unknown channel: " + channel.value_or("");
        send(protocol::error_frame(frame["id"], unknown));
        co_return true;
      }
    }
    if (answer != nullptr && answer->merge) payload.merge_patch(*answer->merge);
    send(protocol::response_frame(frame["id"], payload));
    co_return true;
  }

  // Hostile peers that break the protocol right after the upgrade. Returns true when the connection was handled.
  asio::awaitable<bool> misbehave_after_upgrade() {
    beast::tcp_stream& raw = beast::get_lowest_layer(ws_);
    const auto write_raw = [&](std::string bytes) -> asio::awaitable<bool> {
      raw.expires_after(10s);
      auto [ec, n] = co_await asio::async_write(raw, asio::buffer(bytes), use_nothrow);
      co_return !ec;
    };
    const std::string challenge_head = R"({"type":"event","event":"connect.challenge","payload":{"nonce":)";
    switch (lab_.scenario) {
      case Scenario::garbage:
        if (co_await write_raw(raw_frame(0x81, "<<garbage>> this is not a gateway frame {{{")) &&
            co_await write_raw(raw_frame(0x83, std::string("\x00\x01\x02\x03", 4))))
          co_await hold_then_reset(raw, lab_.options.hostile_hold);
        co_return true;
      case Scenario::oversize_frame:
        if (co_await write_raw(raw_frame(0x81, R"({"type":"event",)", 0x7FFFFFFFFFFFFFFFULL)))
          co_await hold_then_reset(raw, lab_.options.hostile_hold);
        co_return true;
      case Scenario::invalid_utf8:
        if (co_await write_raw(raw_frame(0x81, challenge_head + "\"\xC3\x28\xA0\xA1\xFF\xFE\",\"ts\":0}}")))
          co_await hold_then_reset(raw, lab_.options.hostile_hold);
        co_return true;
      case Scenario::deep_json: {
        std::string text = challenge_head;
        text.append(kDeepJsonDepth, '[');
        text.append(kDeepJsonDepth, ']');
        text += R"(,"ts":0}})";
        if (co_await write_raw(raw_frame(0x81, text))) co_await hold_then_reset(raw, lab_.options.hostile_hold);
        co_return true;
      }
      case Scenario::rst_mid_frame: {
        const std::string frame = raw_frame(
            0x81, protocol::event_frame("connect.challenge",
                                        Json{{"nonce", protocol::random_uuid()}, {"ts", payloads::now_ms()}}));
        if (co_await write_raw(frame.substr(0, frame.size() / 2))) {
          co_await sleep_for(50ms);  // let the half frame leave before the reset
          reset_connection(raw.socket());
        }
        co_return true;
      }
      default: co_return false;
    }
  }

  Lab::Impl& lab_;
  ConnInfo info_;
  websocket::stream<Stream> ws_;
  asio::steady_timer handshake_timer_;
  asio::steady_timer tick_timer_;
  asio::steady_timer fault_timer_;
  asio::steady_timer session_timer_;  // a scenario file's closeAfterHello / dropAfterHello
  protocol::Peer peer_;
  std::deque<Outgoing> queue_;
  std::string nonce_;
  std::string role_;
  std::vector<std::string> scopes_;
  std::int64_t seq_ = 0;
  int unauthorized_calls_ = 0;
  bool writing_ = false;
  bool closing_ = false;
  bool dead_ = false;
  bool connected_ = false;
};

template <class Stream>
asio::awaitable<void> serve_http(Lab::Impl& lab, ConnInfo info, Stream stream) {
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(kRequestBodyLimit);
    beast::get_lowest_layer(stream).expires_after(lab.options.http_idle_timeout);
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, use_nothrow);
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::eof ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
        ec == asio::ssl::error::stream_truncated)
      co_return;
    if (ec) {
      // Node's HTTP server answers unparsable bytes (a TLS ClientHello on the plain port, say) with 400 and closes.
      static const std::string bad_request = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n";
      beast::get_lowest_layer(stream).expires_after(5s);
      co_await asio::async_write(stream, asio::buffer(bad_request), use_nothrow);
      co_return;
    }
    Request req = parser.release();
    if (lab.silent()) {  // a scenario file's timeline.silent: the request is read and never answered
      co_await hold_then_reset(beast::get_lowest_layer(stream), lab.options.hostile_hold);
      co_return;
    }
    if (websocket::is_upgrade(req) && lab.scenario != Scenario::no_upgrade) {
      auto session = std::make_shared<WsSession<Stream>>(lab, info, std::move(stream));
      co_await session->run(std::move(req));
      co_return;
    }
    if (lab.scenario == Scenario::slow) co_await sleep_for(lab.options.latency);
    Response res = route(lab, info, req);
    const bool keep_alive = res.keep_alive();
    beast::get_lowest_layer(stream).expires_after(lab.options.http_idle_timeout);
    auto [wec, written] = co_await http::async_write(stream, res, use_nothrow);
    if (wec || !keep_alive) co_return;
  }
}

asio::awaitable<void> serve_connection(Lab::Impl& lab, std::uint16_t port, tcp::socket socket) {
  error_code ec;
  const tcp::endpoint peer = socket.remote_endpoint(ec);
  if (ec) co_return;
  socket.set_option(tcp::no_delay(true), ec);
  const ConnInfo info{port, loopback_address(peer.address())};
  beast::tcp_stream stream(std::move(socket));
  if (lab.restarting()) {  // a scenario file's restart with downMs: nothing listens for a moment
    reset_connection(stream.socket());
    co_return;
  }
  if (lab.silent()) {
    co_await hold_then_reset(stream, lab.options.hostile_hold);
    co_return;
  }
  switch (lab.scenario) {
    case Scenario::silent: co_await hold_then_reset(stream, lab.options.hostile_hold); co_return;
    case Scenario::tls_garbage: co_await answer_tls_garbage(lab, std::move(stream)); co_return;
    case Scenario::slowloris: co_await serve_slowloris(lab, info, std::move(stream)); co_return;
    default: break;
  }
  if (lab.ssl) {
    asio::ssl::stream<beast::tcp_stream> tls(std::move(stream), *lab.ssl);
    beast::get_lowest_layer(tls).expires_after(kTlsHandshakeTimeout);
    auto [hec] = co_await tls.async_handshake(asio::ssl::stream_base::server, use_nothrow);
    if (hec) co_return;  // plain HTTP on the TLS port: the handshake fails and the socket closes
    co_await serve_http(lab, info, std::move(tls));
  } else {
    co_await serve_http(lab, info, std::move(stream));
  }
}

}  // namespace

namespace {

constexpr auto kPayloadCacheLifetime = 1s;
// Markers put into a cached hello-ok and replaced per connection; none needs JSON escaping.
constexpr std::string_view kConnIdMarker = "@@lab-conn-id@@";
constexpr std::string_view kPortMarker = "@@lab-port@@";
constexpr std::int64_t kUptimeMarker = 918273645546372819;

void replace_all(std::string& text, std::string_view marker, std::string_view value) {
  for (auto pos = text.find(marker); pos != std::string::npos; pos = text.find(marker, pos + value.size()))
    text.replace(pos, marker.size(), value);
}

std::string res_frame_text(const Json& id, std::string_view payload) {
  std::string frame = R"({"type":"res","id":)" + id.dump() + R"(,"ok":true,"payload":)";
  frame.append(payload);
  frame += '}';
  return frame;
}

}  // namespace

std::string Lab::Impl::hello_frame(const Json& id, int protocol, const std::string& role,
                                   const std::vector<std::string>& scopes, std::uint16_t port) {
  restart_to(restart_epoch());  // a restart nobody was connected to see still changes the bootId
  std::string key = std::to_string(protocol) + "|" + role;
  for (const std::string& scope : scopes) key += "|" + scope;
  CachedText& cached = hello_templates[key];
  const auto now = std::chrono::steady_clock::now();
  if (cached.text.empty() || now - cached.built > kPayloadCacheLifetime) {
    Json hello = payloads::hello_ok(facts, std::string(kConnIdMarker), protocol, role, scopes, 0, payloads::now_ms());
    hello["snapshot"]["uptimeMs"] = kUptimeMarker;
    if (spec != nullptr) {
      for (const auto& [method, answer] : spec->methods)  // methods the file adds are advertised too
        if (std::find(hello["features"]["methods"].begin(), hello["features"]["methods"].end(), method) ==
            hello["features"]["methods"].end())
          hello["features"]["methods"].push_back(method);
      if (spec->hello_policy.is_object()) hello["policy"].update(spec->hello_policy);
      if (spec->hello_merge.is_object()) hello.merge_patch(spec->hello_merge);
    }
    cached.text = hello.dump();
    replace_all(cached.text, "127.0.0.1:0/", std::string("127.0.0.1:") + std::string(kPortMarker) + "/");
    cached.built = now;
  }
  std::string text = cached.text;
  replace_all(text, kConnIdMarker, protocol::random_uuid());
  replace_all(text, kPortMarker, std::to_string(port));
  replace_all(text, std::to_string(kUptimeMarker), std::to_string(uptime_ms()));
  return res_frame_text(id, text);
}

std::string Lab::Impl::health_frame(const Json& id) {
  const auto now = std::chrono::steady_clock::now();
  if (health_text.text.empty() || now - health_text.built > kPayloadCacheLifetime) {
    health_text.text = payloads::health(facts, payloads::now_ms(), false).dump();
    health_text.built = now;
  }
  return res_frame_text(id, health_text.text);
}

void Lab::Impl::accept_next(Gateway& gateway) {
  gateway.acceptor.async_accept([this, &gateway](error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !gateway.acceptor.is_open()) return;
    if (!ec) {
      ++accepted;
      asio::co_spawn(*ioc, serve_connection(*this, gateway.port, std::move(socket)), asio::detached);
    } else if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space) {
      // Out of file descriptors: back off instead of spinning on the listening socket.
      auto timer = std::make_shared<asio::steady_timer>(*ioc, 100ms);
      timer->async_wait([this, &gateway, timer](error_code) { accept_next(gateway); });
      return;
    }
    accept_next(gateway);
  });
}

Lab::Lab(Options options) : impl_(std::make_unique<Impl>()) {
  Impl& lab = *impl_;
  if (options.spec) {  // a scenario file: its base scenario, protocol and timings
    const ScenarioSpec& spec = *options.spec;
    options.scenario = spec.base;
    if (spec.protocol) options.protocol = *spec.protocol;
    if (spec.handshake_timeout) options.handshake_timeout = options.silence_close_after = *spec.handshake_timeout;
    if (spec.hello_policy.is_object() && spec.hello_policy.contains("tickIntervalMs"))
      options.tick_interval = std::chrono::milliseconds(spec.hello_policy["tickIntervalMs"].get<std::int64_t>());
  }
  const auto scenario = scenario_from_name(options.scenario);
  if (!scenario)
    throw std::invalid_argument("unknown lab scenario '" + options.scenario + "' (see clawbook lab --list)");
  if (options.protocol != 3 && options.protocol != 4)
    throw std::invalid_argument("lab protocol must be 3 or 4, not " + std::to_string(options.protocol));
  if (options.count == 0) throw std::invalid_argument("lab needs at least one gateway");
  if (options.port != 0 && options.port + options.count - 1 > 65535)
    throw std::invalid_argument("lab port range runs past 65535");
  if (options.token.empty()) options.token = resolve_token(std::nullopt);
  error_code ec;
  const auto address = asio::ip::make_address(options.host, ec);
  if (ec || !loopback_address(address))
    throw std::invalid_argument("lab host must be a loopback address (127.0.0.0/8 or ::1), not '" + options.host + "'");

  lab.options = std::move(options);
  lab.scenario = *scenario;
  lab.spec = lab.options.spec.get();
  lab.facts = payloads::make_facts(lab.scenario, lab.options.protocol, payloads::now_ms());
  lab.facts.spec = lab.spec;
  if (lab.spec != nullptr && lab.spec->version) {
    lab.facts.build_id.replace(0, lab.facts.version.size(), *lab.spec->version);
    lab.facts.version = *lab.spec->version;
  }
  if (lab.scenario == Scenario::tls) {
    const SelfSignedCertificate cert = make_self_signed_certificate();
    lab.certificate_pem = cert.certificate_pem;
    lab.ssl.emplace(asio::ssl::context::tls_server);
    lab.ssl->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    lab.ssl->use_certificate_chain(asio::buffer(cert.certificate_pem));
    lab.ssl->use_private_key(asio::buffer(cert.private_key_pem), asio::ssl::context::pem);
  }

  lab.gateways.reserve(lab.options.count);
  lab.ports.reserve(lab.options.count);
  for (std::size_t i = 0; i < lab.options.count; ++i) {
    const auto wanted = static_cast<std::uint16_t>(lab.options.port == 0 ? 0 : lab.options.port + i);
    auto gateway = std::make_unique<Gateway>(Gateway{tcp::acceptor(*lab.ioc), 0});
    const tcp::endpoint endpoint(address, wanted);
    gateway->acceptor.open(endpoint.protocol(), ec);
    if (!ec) gateway->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) gateway->acceptor.bind(endpoint, ec);
    if (!ec) gateway->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
      throw std::runtime_error("lab cannot listen on " + lab.options.host + ":" + std::to_string(wanted) + ": " +
                               ec.message());
    gateway->port = gateway->acceptor.local_endpoint().port();
    lab.ports.push_back(gateway->port);
    lab.accept_next(*gateway);
    lab.gateways.push_back(std::move(gateway));
  }
  lab.started_at = std::chrono::steady_clock::now();
}

Lab::~Lab() {
  stop();
  // Listening sockets go first, then the io_context (which destroys pending coroutines and their sockets), while
  // the TLS context those sockets may use is still alive.
  impl_->gateways.clear();
  impl_->ioc.reset();
}

const Options& Lab::options() const { return impl_->options; }
const std::vector<std::uint16_t>& Lab::ports() const { return impl_->ports; }
bool Lab::uses_tls() const { return impl_->ssl.has_value(); }
const std::string& Lab::certificate_pem() const { return impl_->certificate_pem; }
std::uint64_t Lab::connections_accepted() const { return impl_->accepted.load(); }

std::string Lab::url(std::size_t index) const {
  const bool v6 = impl_->options.host.find(':') != std::string::npos;
  const std::string host = v6 ? "[" + impl_->options.host + "]" : impl_->options.host;
  return std::string(uses_tls() ? "wss://" : "ws://") + host + ":" + std::to_string(impl_->ports.at(index));
}

std::string Lab::http_url(std::size_t index) const {
  const std::string ws = url(index);
  return (uses_tls() ? "https" : "http") + ws.substr(ws.find(':'));
}

void Lab::start() {
  if (impl_->thread.joinable()) return;
  impl_->thread = std::thread([this] { impl_->ioc->run(); });
}

void Lab::run() { impl_->ioc->run(); }

void Lab::run_until_signal() {
  asio::signal_set signals(*impl_->ioc, SIGINT, SIGTERM);
  signals.async_wait([this](error_code ec, int) {
    if (!ec) impl_->ioc->stop();
  });
  impl_->ioc->run();
}

void Lab::stop() {
  if (!impl_->ioc) return;
  impl_->ioc->stop();
  if (impl_->thread.joinable() && impl_->thread.get_id() != std::this_thread::get_id()) impl_->thread.join();
}

}  // namespace clawbook::lab
