// Probes of an OpenClaw gateway: TCP, HTTP(S), the probe endpoints, the WebSocket upgrade, the OpenClaw
// connect handshake and RPC (facts: docs/ PROTOCOL.md sections 1-3).
//
// Every operation runs asynchronously on the caller's io_context (no threads, no blocking calls), takes a
// deadline, and calls its handler exactly once with a plain Json result, never later than the deadline and
// never by throwing. Failures are results with ok=false, a classified `error` string and the `phase` reached
// where it applies. Secrets passed in never appear in results: `token_fingerprint` stands in for them.
#pragma once

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace clawbook::gateway {

using Json = nlohmann::json;
using Duration = std::chrono::steady_clock::duration;
using Handler = std::function<void(Json)>;

// TLS settings of https:// and wss:// targets. Verification is on unless `insecure` is set.
struct TlsOptions {
  std::string ca_file;      // PEM bundle to trust instead of the system store
  std::string server_name;  // SNI and the name checked in the certificate; default: the URL's host
  bool insecure = false;    // skip certificate verification (only when a runbook asks)
};

struct TcpOptions {
  bool all_addresses = false;  // try every resolved address, not only until the first success
};

// {ok, address, latency_ms, tried=[{address, ok, error, message, latency_ms}], error, message}
// error: refused | timeout | unreachable | dns_error | reset | address_unavailable | error
void tcp(boost::asio::io_context& io, const std::string& host, unsigned short port, const TcpOptions& options,
         Duration deadline, Handler done);

struct HttpOptions {
  std::string method = "GET";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::size_t body_cap = 1 << 20;  // bytes of body kept; the rest is dropped and `truncated` set
  TlsOptions tls;
};

// {ok, status, reason, headers={name=value}, body, truncated, address, tls={version, cipher}?,
//  timings={connect_ms, tls_ms, ttfb_ms, total_ms}} or {ok=false, phase, error, message, ...}
// error adds: bad_url | tls_handshake | cert_verify (verify_reason) | tls_on_plain_port | plain_on_tls_port |
//             closed | bad_http_response
void http(boost::asio::io_context& io, const std::string& url, const HttpOptions& options, Duration deadline,
          Handler done);

// GET /healthz, /readyz, /startupz. {ok, live, ready, started, failing, status, version, uptimeMs,
// endpoints={healthz={status, json, body?}, ...}, warnings=[...]}; a 200 that is not JSON is flagged.
void health(boost::asio::io_context& io, const std::string& base_url, const TlsOptions& tls, Duration deadline,
            Handler done);

// POST /tools/invoke {} with the token: 401 -> token rejected, 400 -> accepted (no side effect).
// {ok, status, token_accepted, token_fingerprint, verdict}
void http_token_check(boost::asio::io_context& io, const std::string& base_url, const std::string& token,
                      const TlsOptions& tls, Duration deadline, Handler done);

// A bare WebSocket upgrade: {ok, status, upgraded, accept_valid, headers, body?, timings}
void ws_upgrade(boost::asio::io_context& io, const std::string& url, const TlsOptions& tls, Duration deadline,
                Handler done);

struct ConnectOptions {
  std::optional<std::string> token;
  std::optional<std::string> password;
  std::string role = "operator";
  std::vector<std::string> scopes = {"operator.read"};
  int min_protocol = 3;
  int max_protocol = 4;
  std::string client_id = "cli";
  std::string client_mode = "cli";
  std::string client_version = "clawbook";
  std::string platform = "linux";
  std::string device_key_file;  // Ed25519 PEM or an OpenClaw identity/device.json; empty = no device
  std::size_t max_message_bytes = 16 << 20;
  TlsOptions tls;
};

class Session;

// The OpenClaw handshake. On success: {ok=true, phase="hello", protocol, server_version, server, methods,
// events, role, scopes, auth_method, policy, conn_id, uptime_ms, timings, token_fingerprint} and a live
// session. On failure: {ok=false, phase=tcp|tls|upgrade|challenge|connect|hello, error, message, code,
// details, details_code, recommended_next_step, retryable, retry_after_ms, http_status, close_code,
// close_reason, close_by=server|client|none} and a null session.
using ConnectHandler = std::function<void(Json, std::shared_ptr<Session>)>;
void connect(boost::asio::io_context& io, const std::string& url, const ConnectOptions& options,
             Duration deadline, ConnectHandler done);

// An open connection after hello-ok. Its read loop keeps it alive until the peer closes or close() is
// called; holders keep only what they need (the Lua module keeps weak references).
class Session {
 public:
  virtual ~Session() = default;
  // {ok=true, payload, latency_ms} or {ok=false, error={code, message, details, retryable, retry_after_ms},
  // missing_scope?, close_code?, close_reason?}. Events arriving meanwhile are counted, not returned.
  virtual void call(const std::string& method, Json params, Duration deadline, Handler done) = 0;
  // Sends close 1000 and waits for the peer's close: {ok, close_code, close_reason}
  virtual void close(Duration deadline, Handler done) = 0;
  // {open, events={name=count}, last_tick_ts?, close_code?, close_reason?, shutdown?}
  virtual Json info() const = 0;
  // Streaming: the oldest event frame not yet taken, waiting up to `wait` for one. Events queue in a bounded ring
  // (kEventQueue); when it overflows the oldest are dropped and counted. One of:
  //   {kind="event", event, seq?, payload? (small payloads only), payload_bytes, since_connect_ms, dropped?}
  //   {kind="closed", close_code, close_reason, close_by, close_meaning, since_connect_ms} once the queue is empty
  //   {kind="idle"} when `wait` passed with nothing new
  // A second waiter replaces the first, which gets {kind="idle"}.
  virtual void next_event(Duration wait, Handler done) = 0;
  static constexpr std::size_t kEventQueue = 256;
  static constexpr std::size_t kEventPayloadCap = 4096;  // bytes of payload JSON kept per event
  virtual bool is_open() const = 0;
};

}  // namespace clawbook::gateway
