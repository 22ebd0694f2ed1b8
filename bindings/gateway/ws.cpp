// gateway::connect: the OpenClaw handshake (PROTOCOL.md 2.2, 2.7) and the session it leaves open.
//
// Phases: tcp -> tls -> upgrade -> challenge -> connect -> hello. The handshake has one deadline; once
// hello-ok arrived the same object serves as the Session, with one read loop that dispatches `res` frames to
// pending calls by id and counts unsolicited events (tick, health, shutdown...).
#include "gateway/device.hpp"
#include "gateway/gateway.hpp"
#include "gateway/link.hpp"
#include "gateway/protocol.hpp"

#include "clawbook/fingerprint.hpp"
#include "clawbook/untrusted_json.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <deque>
#include <map>

namespace clawbook::gateway {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;

using PlainWs = websocket::stream<PlainStream>;
using TlsWs = websocket::stream<TlsStream>;

// How long to wait for the close frame that follows a rejected connect: the server sends it at once, but a
// starting gateway's event loop was seen to stall for seconds.
constexpr auto kCloseAfterRejection = std::chrono::seconds(5);

long long epoch_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// What ended a read: a close frame from the peer, a close we sent because the peer broke the protocol, or a
// connection that went away without any close frame (1006).
Json classify_read_error(const boost::system::error_code& ec, const websocket::close_reason& reason) {
  Json out;
  if (ec == websocket::error::closed) {
    const int code = reason.code == websocket::close_code::none ? 1005 : static_cast<int>(reason.code);
    out = {{"error", "closed"},
           {"close_code", code},
           {"close_reason", clean_utf8(std::string_view(reason.reason.data(), reason.reason.size()))},
           {"close_by", "server"},
           {"message", "the gateway closed the connection (" + std::to_string(code) + ")"}};
  } else if (ec == websocket::error::message_too_big) {
    out = {{"error", "message_too_big"},
           {"close_code", 1009},
           {"close_by", "client"},
           {"message", "a frame exceeded the message size cap"}};
  } else if (ec == websocket::error::bad_frame_payload) {
    out = {{"error", "bad_frame"},
           {"close_code", 1007},
           {"close_by", "client"},
           {"message", "invalid frame payload (e.g. invalid UTF-8 in a text frame)"}};
  } else if (ec == websocket::condition::protocol_violation) {
    out = {{"error", "bad_frame"}, {"close_code", 1002}, {"close_by", "client"}, {"message", ec.message()}};
  } else {
    const std::string verdict = classify_error(ec);
    out = {{"error", verdict == "closed" || verdict == "reset" ? "connection_lost" : verdict},
           {"close_code", 1006},
           {"close_by", "none"},
           {"message", "connection ended without a close frame (" + ec.message() + ")"}};
  }
  out["close_meaning"] = close_code_meaning(out["close_code"]);
  return out;
}

struct PendingCall {
  Handler done;
  std::shared_ptr<asio::steady_timer> timer;
  Clock::time_point started;
};

struct Outgoing {
  std::string text;
  bool close = false;
};

class Connection : public Session, public std::enable_shared_from_this<Connection> {
 public:
  Connection(asio::io_context& io, ConnectOptions options, ConnectHandler done)
      : io_(io), opener_(io), deadline_(io), close_deadline_(io), options_(std::move(options)),
        connect_done_(std::move(done)) {}

  void start(const std::string& url_text, Duration deadline) {
    started_ = Clock::now();
    std::string error;
    auto url = parse_url(url_text, error);
    url_text_ = url_for_display(url_text);
    if (!url) {
      handshake_failed({{"phase", "url"}, {"error", "bad_url"}, {"message", error}});
      return;
    }
    url_ = *url;
    if (url_.scheme == "http") url_.scheme = "ws";
    if (url_.scheme == "https") url_.scheme = "wss";
    url_text_ = url_.str();
    if (!options_.device_key_file.empty()) {
      device_ = DeviceIdentity::load(options_.device_key_file, error);
      if (!device_) {
        handshake_failed({{"phase", "setup"}, {"error", "device_key"}, {"message", error}});
        return;
      }
    }
    deadline_.arm(deadline, [self = shared_from_this()] { self->on_handshake_deadline(); });
    opener_.start(url_, options_.tls, shared_from_this(), [this](OpenResult opened) { on_open(std::move(opened)); });
  }

  // ---- Session ----

  void call(const std::string& method, Json params, Duration deadline, Handler done) override {
    if (!open_) {
      Json out = {{"ok", false}, {"error", {{"code", "not_connected"}, {"message", "the session is closed"}}}};
      add_close_info(out);
      post(std::move(done), std::move(out));
      return;
    }
    const std::string id = "r" + std::to_string(++next_id_);
    auto timer = std::make_shared<asio::steady_timer>(io_, deadline);
    pending_[id] = PendingCall{std::move(done), timer, Clock::now()};
    timer->async_wait([self = shared_from_this(), id, method](const boost::system::error_code& ec) {
      if (ec) return;
      auto found = self->pending_.find(id);
      if (found == self->pending_.end()) return;
      auto call = std::move(found->second);
      self->pending_.erase(found);
      call.done({{"ok", false},
                 {"error", {{"code", "timeout"}, {"message", "no response to " + method + " before the deadline"}}},
                 {"latency_ms", ms_since(call.started)}});
    });
    Json frame = {{"type", "req"}, {"id", id}, {"method", method}};
    if (!params.is_null()) frame["params"] = std::move(params);
    send(Outgoing{frame.dump(-1, ' ', false, Json::error_handler_t::replace), false});
  }

  void close(Duration deadline, Handler done) override {
    if (!open_ || closing_) {
      Json out = {{"ok", !closing_}, {"already_closed", !closing_}};
      if (closing_) out["error"] = "already_closing";
      add_close_info(out);
      post(std::move(done), std::move(out));
      return;
    }
    closing_ = true;
    close_done_ = std::move(done);
    close_deadline_.arm(deadline, [self = shared_from_this()] {
      self->session_ended({{"error", "timeout"},
                           {"close_code", 1006},
                           {"close_by", "none"},
                           {"close_meaning", close_code_meaning(1006)},
                           {"message", "no close frame from the gateway before the deadline"}});
      Json out = {{"ok", false}, {"error", "timeout"}};
      self->add_close_info(out);
      self->finish_close(std::move(out));
    });
    send(Outgoing{"", true});
  }

  Json info() const override {
    Json out = {{"open", open_}, {"url", url_text_}, {"events", events_}, {"pending_calls", pending_.size()}};
    if (last_tick_ts_) out["last_tick_ts"] = *last_tick_ts_;
    if (!shutdown_event_.is_null()) out["shutdown"] = shutdown_event_;
    if (ignored_frames_ > 0) out["ignored_frames"] = ignored_frames_;
    if (!close_info_.is_null()) out["close"] = close_info_;
    return out;
  }

  bool is_open() const override { return open_; }

  void next_event(Duration wait, Handler done) override {
    if (waiter_) deliver_waiter({{"kind", "idle"}});
    if (!queue_.empty() || !open_) {
      post(std::move(done), take_next());
      return;
    }
    waiter_ = std::move(done);
    if (!waiter_timer_) waiter_timer_ = std::make_shared<asio::steady_timer>(io_);
    waiter_timer_->expires_after(wait);
    waiter_timer_->async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->deliver_waiter({{"kind", "idle"}});
    });
  }

 private:
  template <class F>
  void with_ws(F&& f) {
    if (tls_ws_) {
      f(*tls_ws_);
    } else {
      f(*plain_ws_);
    }
  }

  websocket::close_reason close_reason() {
    websocket::close_reason reason;
    with_ws([&](auto& ws) { reason = ws.reason(); });
    return reason;
  }

  void post(Handler done, Json value) {
    asio::post(io_, [done = std::move(done), value = std::move(value)]() mutable { done(std::move(value)); });
  }

  // ---- handshake ----

  void on_open(OpenResult opened) {
    opened_ = std::move(opened);
    phase_ = opened_.phase;
    if (!connect_done_) return;
    if (!opened_.ok) {
      handshake_failed(opened_.failure);
      return;
    }
    // The streams move into the WebSocket; the opener must not keep (and later close) the moved-from shells.
    if (opener_.tls) {
      tls_ws_.emplace(std::move(*opener_.tls));
      opener_.tls.reset();
    } else {
      plain_ws_.emplace(std::move(*opener_.plain));
      opener_.plain.reset();
    }
    phase_ = "upgrade";
    upgrade_started_ = Clock::now();
    with_ws([this](auto& ws) {
      ws.read_message_max(options_.max_message_bytes);
      ws.set_option(websocket::stream_base::decorator(
          [](websocket::request_type& request) { request.set(bhttp::field::user_agent, "clawbook"); }));
      ws.async_handshake(upgrade_response_, url_.host_header(), url_.target,
                         [this, self = shared_from_this()](const boost::system::error_code& ec) { on_upgraded(ec); });
    });
  }

  void on_upgraded(const boost::system::error_code& ec) {
    if (!connect_done_) return;
    timings_["upgrade_ms"] = ms_since(upgrade_started_);
    if (ec == websocket::error::upgrade_declined) {
      const auto& response = upgrade_response_;
      Json failure = {{"error", "upgrade_refused"},
                      {"http_status", response.result_int()},
                      {"message", "the server answered the WebSocket upgrade with HTTP " +
                                      std::to_string(response.result_int()) + " " + clean_utf8(response.reason())}};
      if (auto type = response.find(bhttp::field::content_type); type != response.end())
        failure["content_type"] = clean_utf8(type->value());
      if (auto server = response.find(bhttp::field::server); server != response.end())
        failure["server_header"] = clean_utf8(server->value());
      failure["body_preview"] = preview_bytes(response.body(), 300);
      handshake_failed(std::move(failure));
      return;
    }
    if (ec == websocket::error::no_sec_accept || ec == websocket::error::bad_sec_accept) {
      handshake_failed({{"error", "bad_accept"},
                        {"http_status", upgrade_response_.result_int()},
                        {"message", "101 without a valid Sec-WebSocket-Accept: " + ec.message()}});
      return;
    }
    if (ec) {
      const bool http_garbage = ec.category() == bhttp::make_error_code(bhttp::error::bad_version).category();
      const std::string verdict = http_garbage ? "bad_http_response" : classify_error(ec);
      const std::string message = http_garbage ? "the server's answer is not HTTP (" + ec.message() + ")"
                                               : ec.message();
      if (!url_.tls() && (http_garbage || verdict == "closed" || verdict == "reset")) {
        // A TLS port drops or garbles a plain request; ask the same address whether it speaks TLS.
        probe_speaks_tls(io_, opened_.endpoint.address().to_string(), opened_.endpoint.port(), deadline_.remaining(),
                         [this, self = shared_from_this(), verdict, message](bool speaks_tls) {
                           if (speaks_tls) {
                             handshake_failed({{"error", "plain_on_tls_port"},
                                               {"message", "the port speaks TLS: use wss://"}});
                           } else {
                             handshake_failed({{"error", verdict}, {"message", message}});
                           }
                         });
        return;
      }
      handshake_failed({{"error", verdict}, {"message", message}});
      return;
    }
    phase_ = "challenge";
    challenge_started_ = Clock::now();
    read_handshake_frame();
  }

  void read_handshake_frame() {
    with_ws([this](auto& ws) {
      ws.async_read(read_buffer_, [this, self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
        on_handshake_frame(ec);
      });
    });
  }

  void on_handshake_frame(const boost::system::error_code& ec) {
    if (!connect_done_) return;
    if (ec) {
      Json failure = classify_read_error(ec, close_reason());
      if (!rejection_.is_null()) {
        Json rejected = rejection_;
        for (const char* key : {"close_code", "close_reason", "close_by", "close_meaning"})
          if (failure.contains(key)) rejected[key] = failure[key];
        handshake_failed(std::move(rejected));
      } else {
        handshake_failed(std::move(failure));
      }
      return;
    }
    const std::string text = beast::buffers_to_string(read_buffer_.data());
    read_buffer_.consume(read_buffer_.size());
    if (!rejection_.is_null()) {  // waiting for the close frame after a rejection
      read_handshake_frame();
      return;
    }
    const Json frame = parse_untrusted_json(text);
    if (frame.is_discarded() || !frame.is_object()) {
      handshake_failed({{"error", "not_json"},
                        {"message", "the gateway sent a frame that is not a JSON object"},
                        {"received", preview_bytes(text)}});
      return;
    }
    const std::string type = text_at(frame, "type");
    if (phase_ == "challenge") {
      if (type != "event" || text_at(frame, "event") != "connect.challenge") {
        handshake_failed({{"error", "unexpected_frame"},
                          {"message", "expected the connect.challenge event first"},
                          {"received", preview_bytes(text, 200)}});
        return;
      }
      timings_["challenge_ms"] = ms_since(challenge_started_);
      const Json payload = frame.value("payload", Json::object());
      nonce_ = payload.contains("nonce") && payload["nonce"].is_string() ? payload["nonce"].get<std::string>() : "";
      challenge_ts_ = payload.contains("ts") && payload["ts"].is_number_integer() ? payload["ts"].get<long long>() : 0;
      send_connect();
      return;
    }
    // connect phase: the res to our connect, with events possibly before it.
    if (type == "event") {
      count_event(frame, text.size());
      read_handshake_frame();
      return;
    }
    if (type != "res" || text_at(frame, "id") != connect_id_) {
      ++ignored_frames_;
      read_handshake_frame();
      return;
    }
    timings_["hello_ms"] = ms_since(connect_sent_);
    if (!flag_at(frame, "ok")) {
      Json rejected = flatten_error(frame.value("error", Json::object()));
      rejected["error"] = "rejected";
      rejected["message"] = rejected.value("message", "connect rejected");
      rejection_ = std::move(rejected);
      // The close frame follows at once; wait a little for its code and reason.
      deadline_.arm(std::min<Duration>(deadline_.remaining(), kCloseAfterRejection),
                    [self = shared_from_this()] { self->on_handshake_deadline(); });
      read_handshake_frame();
      return;
    }
    phase_ = "hello";
    auto hello = summarize_hello(frame.value("payload", Json()));
    if (!hello) {
      handshake_failed({{"error", "bad_hello"},
                        {"message", "the connect response is not a hello-ok"},
                        {"received", preview_bytes(frame.dump(), 200)}});
      return;
    }
    handshake_succeeded(std::move(*hello));
  }

  void send_connect() {
    phase_ = "connect";
    Json device;
    if (device_) {
      const long long signed_at = challenge_ts_ > 0 ? challenge_ts_ : epoch_ms();
      device = device_->sign_connect(options_, nonce_, signed_at);
      if (device.is_null()) {
        handshake_failed({{"error", "device_key"}, {"message", "signing the device payload failed"}});
        return;
      }
    }
    const Json request = make_connect_request(options_, connect_id_, device);
    connect_sent_ = Clock::now();
    send(Outgoing{request.dump(-1, ' ', false, Json::error_handler_t::replace), false});
    read_handshake_frame();
  }

  void on_handshake_deadline() {
    if (!connect_done_) return;
    if (phase_ == "tcp") phase_ = opener_.phase();
    if (!rejection_.is_null()) {
      Json rejected = rejection_;
      rejected["close_by"] = "none";
      rejected["note"] = "no close frame followed the rejection";
      handshake_failed(std::move(rejected));
      return;
    }
    handshake_failed({{"error", "timeout"}, {"message", phase_ + " did not finish before the deadline"}});
  }

  Json base_result() const {
    Json out = {{"url", url_text_}, {"phase", phase_}};
    if (!opened_.address.empty()) out["address"] = opened_.address;
    if (!opened_.tried.empty()) out["tried"] = opened_.tried;
    if (!opened_.tls.is_null()) out["tls"] = opened_.tls;
    if (options_.token) out["token_fingerprint"] = fingerprint(*options_.token);
    if (options_.password) out["password_fingerprint"] = fingerprint(*options_.password);
    if (device_) out["device_id"] = device_->id();
    Json timings = timings_;
    timings["connect_ms"] = opened_.connect_ms;
    if (url_.tls()) timings["tls_ms"] = opened_.tls_ms;
    timings["total_ms"] = ms_since(started_);
    out["timings"] = std::move(timings);
    if (!nonce_.empty()) out["challenge_received"] = true;
    return out;
  }

  void handshake_failed(Json failure) {
    if (!connect_done_) return;
    Json out = base_result();
    out["ok"] = false;
    out.update(failure);
    if (out.contains("close_code") && !out.contains("close_meaning"))
      out["close_meaning"] = close_code_meaning(out["close_code"]);
    redact(out);
    auto done = std::move(connect_done_);
    connect_done_ = nullptr;
    deadline_.disarm();
    shutdown_transport();
    asio::post(io_, [done = std::move(done), out = std::move(out)]() mutable { done(std::move(out), nullptr); });
  }

  void handshake_succeeded(Json hello) {
    Json out = base_result();
    out["ok"] = true;
    out.update(hello);
    if (!out.contains("role")) out["role"] = options_.role;
    if (!out.contains("scopes")) out["scopes"] = options_.scopes;
    redact(out);
    deadline_.disarm();
    open_ = true;
    opened_at_ = Clock::now();
    auto done = std::move(connect_done_);
    connect_done_ = nullptr;
    read_loop();
    asio::post(io_, [done = std::move(done), out = std::move(out), self = shared_from_this()]() mutable {
      done(std::move(out), self);
    });
  }

  void redact(Json& out) const {
    if (options_.token) scrub_secret(out, *options_.token);
    if (options_.password) scrub_secret(out, *options_.password);
  }

  void shutdown_transport() {
    opener_.cancel();
    boost::system::error_code ignored;
    if (plain_ws_) beast::get_lowest_layer(*plain_ws_).socket().close(ignored);
    if (tls_ws_) beast::get_lowest_layer(*tls_ws_).socket().close(ignored);
  }

  // ---- session ----

  void count_event(const Json& frame, std::size_t bytes) {
    const std::string name = text_at(frame, "event");
    events_[name] = events_.value(name, 0) + 1;
    const Json payload = frame.value("payload", Json::object());
    if (name == "tick" && payload.is_object() && payload.contains("ts")) last_tick_ts_ = payload["ts"];
    if (name == "shutdown") shutdown_event_ = payload;
    // Streaming: a bounded queue; a reader that falls behind loses the oldest events, counted.
    Json event = {{"kind", "event"}, {"event", name}, {"payload_bytes", bytes}, {"since_connect_ms", ms_since(opened_at_)}};
    if (frame.contains("seq")) event["seq"] = frame["seq"];
    if (bytes <= Session::kEventPayloadCap && frame.contains("payload")) event["payload"] = frame["payload"];
    redact(event);
    if (queue_.size() >= Session::kEventQueue) {
      queue_.pop_front();
      ++dropped_;
    }
    queue_.push_back(std::move(event));
    if (waiter_) deliver_waiter(take_next());
  }

  // The next result of next_event: an event, or how the session ended once none is left.
  Json take_next() {
    if (!queue_.empty()) {
      Json out = std::move(queue_.front());
      queue_.pop_front();
      if (dropped_ > 0) out["dropped"] = std::exchange(dropped_, 0);
      return out;
    }
    Json out = {{"kind", open_ ? "idle" : "closed"}};
    if (!open_) {
      add_close_info(out);
      out["since_connect_ms"] = closed_after_ms_;
    }
    return out;
  }

  void deliver_waiter(Json value) {
    if (!waiter_) return;
    if (waiter_timer_) waiter_timer_->cancel();
    auto done = std::move(waiter_);
    waiter_ = nullptr;
    post(std::move(done), std::move(value));
  }

  void read_loop() {
    with_ws([this](auto& ws) {
      ws.async_read(read_buffer_, [this, self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
        if (ec) {
          // During our own close the close operation reports the outcome (on_closed_by_us).
          if (!closing_) session_ended(classify_read_error(ec, close_reason()));
          return;
        }
        const std::string text = beast::buffers_to_string(read_buffer_.data());
        read_buffer_.consume(read_buffer_.size());
        dispatch(text);
        read_loop();
      });
    });
  }

  void dispatch(const std::string& text) {
    const Json frame = parse_untrusted_json(text);
    if (frame.is_discarded() || !frame.is_object()) {
      ++ignored_frames_;
      return;
    }
    const std::string type = text_at(frame, "type");
    if (type == "event") {
      count_event(frame, text.size());
      return;
    }
    if (type != "res") {
      ++ignored_frames_;
      return;
    }
    auto found = pending_.find(text_at(frame, "id"));
    if (found == pending_.end()) {
      ++ignored_frames_;  // a late answer to a call that already timed out
      return;
    }
    auto call = std::move(found->second);
    pending_.erase(found);
    call.timer->cancel();
    Json out = {{"ok", flag_at(frame, "ok")}, {"latency_ms", ms_since(call.started)}};
    if (out["ok"]) {
      out["payload"] = frame.value("payload", Json());
    } else {
      const Json error = frame.value("error", Json::object());
      Json flat = flatten_error(error);
      Json nested = {{"code", flat["code"]}, {"message", flat["message"]}};
      for (const char* key : {"details", "retryable", "retry_after_ms"})
        if (flat.contains(key)) nested[key] = flat[key];
      out["error"] = std::move(nested);
      if (auto scope = missing_scope(error)) out["missing_scope"] = *scope;
    }
    redact(out);
    call.done(std::move(out));
  }

  void add_close_info(Json& out) const {
    if (close_info_.is_null()) return;
    for (const char* key : {"close_code", "close_reason", "close_by", "close_meaning"})
      if (close_info_.contains(key)) out[key] = close_info_[key];
  }

  void session_ended(Json close) {
    if (!open_) return;  // the first report wins: our own close, or the peer's
    open_ = false;
    close_info_ = std::move(close);
    closed_after_ms_ = ms_since(opened_at_);
    auto pending = std::move(pending_);
    pending_.clear();
    for (auto& [id, call] : pending) {
      call.timer->cancel();
      Json out = {{"ok", false},
                  {"error", {{"code", "closed"}, {"message", close_info_.value("message", "connection closed")}}},
                  {"latency_ms", ms_since(call.started)}};
      add_close_info(out);
      call.done(std::move(out));
    }
    shutdown_transport();
    if (waiter_ && queue_.empty()) deliver_waiter(take_next());
  }

  // Our close handshake finished (or failed): the session is over whatever the read loop reports later.
  void on_closed_by_us(const boost::system::error_code& ec) {
    Json close = {{"close_by", "client"}, {"close_code", 1000}, {"close_reason", ""}};
    if (ec && ec != websocket::error::closed) {
      close = classify_read_error(ec, close_reason());
    } else {
      const auto echoed = close_reason();
      if (echoed.code != websocket::close_code::none) close["peer_close_code"] = static_cast<int>(echoed.code);
      close["error"] = "closed";
      close["message"] = "closed by the client";
    }
    close["close_meaning"] = close_code_meaning(close["close_code"]);
    if (open_) session_ended(close);
    Json out = {{"ok", !close.contains("error") || close["error"] == "closed"}};
    add_close_info(out);
    finish_close(std::move(out));
  }

  void finish_close(Json out) {
    if (!close_done_) return;
    close_deadline_.disarm();
    auto done = std::move(close_done_);
    close_done_ = nullptr;
    done(std::move(out));
  }

  void send(Outgoing message) {
    outbox_.push_back(std::move(message));
    if (!writing_) write_next();
  }

  void write_next() {
    if (outbox_.empty()) {
      writing_ = false;
      return;
    }
    writing_ = true;
    if (outbox_.front().close) {
      with_ws([this](auto& ws) {
        ws.async_close(websocket::close_code::normal,
                       [this, self = shared_from_this()](const boost::system::error_code& ec) {
                         outbox_.clear();
                         writing_ = false;
                         on_closed_by_us(ec);
                       });
      });
      return;
    }
    with_ws([this](auto& ws) {
      ws.text(true);
      ws.async_write(asio::buffer(outbox_.front().text),
                     [this, self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                       outbox_.pop_front();
                       if (ec) {
                         outbox_.clear();
                         writing_ = false;
                         return;  // the read side reports how the connection ended
                       }
                       write_next();
                     });
    });
  }

  asio::io_context& io_;
  Opener opener_;
  Deadline deadline_;
  Deadline close_deadline_;
  ConnectOptions options_;
  ConnectHandler connect_done_;
  Handler close_done_;
  std::optional<DeviceIdentity> device_;
  Url url_;
  std::string url_text_;
  OpenResult opened_;
  std::optional<PlainWs> plain_ws_;
  std::optional<TlsWs> tls_ws_;
  websocket::response_type upgrade_response_;
  beast::flat_buffer read_buffer_;
  std::string phase_ = "tcp";
  std::string connect_id_ = "connect";
  std::string nonce_;
  long long challenge_ts_ = 0;
  Json rejection_;
  Json timings_ = Json::object();
  Clock::time_point started_{}, upgrade_started_{}, challenge_started_{}, connect_sent_{};

  bool open_ = false;
  bool closing_ = false;
  std::map<std::string, PendingCall> pending_;
  unsigned long long next_id_ = 0;
  std::deque<Outgoing> outbox_;
  bool writing_ = false;
  Json events_ = Json::object();
  std::optional<Json> last_tick_ts_;
  Json shutdown_event_;
  Json close_info_;
  unsigned long long ignored_frames_ = 0;
  // Streaming (next_event).
  Clock::time_point opened_at_{};
  double closed_after_ms_ = 0;
  std::deque<Json> queue_;
  unsigned long long dropped_ = 0;
  Handler waiter_;
  std::shared_ptr<asio::steady_timer> waiter_timer_;
};

}  // namespace

void connect(asio::io_context& io, const std::string& url, const ConnectOptions& options, Duration deadline,
             ConnectHandler done) {
  std::make_shared<Connection>(io, options, std::move(done))->start(url, deadline);
}

}  // namespace clawbook::gateway
