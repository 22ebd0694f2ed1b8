// Lua module `gateway` (capability `net`): probes of an OpenClaw gateway. Support code and result shapes:
// bindings/gateway/gateway.hpp. Every call yields until its result is in, bounded by opts.timeout (seconds).
//
//   gateway.tcp(host, port, {all_addresses=false, timeout=3}) -> {ok, address, latency_ms, tried, error?}
//   gateway.http(url, {method="GET", headers={}, body="", body_cap=1048576, ca_file, server_name, insecure=false,
//       timeout=5}) -> {ok, status, headers, body, truncated, timings={connect_ms, tls_ms, ttfb_ms, total_ms}}
//   gateway.health(base_url, {tls opts, timeout=5}) -> {ok, live, ready, started, failing, status, version,
//       uptimeMs, endpoints, warnings}
//   gateway.http_token_check(base_url, token, {tls opts, timeout=5}) -> {ok, status, token_accepted, verdict,
//       token_fingerprint}
//   gateway.ws_upgrade(url, {tls opts, timeout=5}) -> {ok, status, upgraded, accept_valid, headers}
//   gateway.connect(url, {token, password, role="operator", scopes={"operator.read"}, min_protocol=3,
//       max_protocol=4, client_version, platform="linux", device_key, tls opts, timeout=10})
//       -> session {ok=true, handle, protocol, server_version, methods, role, scopes, policy, ...}
//        | {ok=false, phase, error, code, details_code, recommended_next_step, close_code, close_reason, ...}
//     stream=true: the session (and how it ended) is kept until session:next has reported its end or
//     session:close is called, so a watch never misses a close that came between two reads
//   session:call(method, params, {timeout=10}) -> {ok, payload} | {ok=false, error={code, message, details},
//       missing_scope?}
//   session:info() -> {open, events, last_tick_ts, close?}
//   session:close({timeout=2}) -> {ok, close_code, close_reason}
//   session:next({timeout=30}) -> the next event frame, how the session ended, or nothing new in time:
//       {kind="event", event, seq?, payload?, payload_bytes, since_connect_ms, dropped?, t, at}
//     | {kind="closed", close_code, close_reason, close_by, close_meaning, since_connect_ms, t, at}
//     | {kind="idle", t, at}
//     t: monotonic seconds, at: epoch seconds when the answer was ready (so a recorded watch replays its clock).
//     Events wait in a bounded queue (256); a reader that falls behind sees `dropped` on the next event.
// Sessions are plain tables; their methods live in a metatable set by the prelude and call
// gateway.session_call/session_info/session_close with the handle.
#include "clawbook/binding.hpp"
#include "clawbook/options.hpp"
#include "clawbook/secret_name.hpp"
#include "clawbook/stop.hpp"
#include "gateway/gateway.hpp"
#include "gateway/url.hpp"

#include <algorithm>
#include <map>

namespace clawbook {
namespace {

namespace gw = gateway;

// Live sessions by handle. Weak: a session lives while its connection does (its read loop holds it), and a
// handle outliving it answers "not_connected".
struct SessionTable {
  std::map<long long, std::weak_ptr<gw::Session>> sessions;
  // Sessions being streamed (session:next) stay alive until the reader has seen how they ended or closes them:
  // otherwise a close between two reads would take the close code with it.
  std::map<long long, std::shared_ptr<gw::Session>> streaming;
  long long next_handle = 0;
};

SessionTable& session_table() {
  static SessionTable table;
  return table;
}

// Every call that speaks TLS takes these, besides its own options.
const std::vector<std::string_view> kTlsOptions = {"ca_file", "server_name", "insecure", "timeout"};

gw::TlsOptions tls_options(const Options& opts) {
  return {.ca_file = opts.str("ca_file", ""),
          .server_name = opts.str("server_name", ""),
          .insecure = opts.boolean("insecure", false)};
}

int gateway_tcp(Call& call) {
  const std::string host = call.str(1);
  // A NUL would cut the name short ("evil\0" resolves as "evil"), other controls are never part of a host.
  if (host.empty() || gw::has_control(host))
    call.arg_error(1, "host must be a name or address without control characters");
  const long long port = call.integer(2);
  if (port < 1 || port > 65535) call.arg_error(2, "port must be in 1..65535");
  const Options opts(call, 3, {"all_addresses", "timeout"});
  const gw::TcpOptions tcp{.all_addresses = opts.boolean("all_addresses", false)};
  const auto deadline = opts.deadline(3);
  return call.await_result([&](gw::Handler done) {
    gw::tcp(call.io(), host, static_cast<unsigned short>(port), tcp, deadline, std::move(done));
  });
}

int gateway_http(Call& call) {
  const std::string url = call.str(1);
  const Options opts(call, 2, option_keys({"method", "headers", "body", "body_cap"}, kTlsOptions));
  gw::HttpOptions http;
  http.method = opts.str("method", "GET");
  if (http.method.empty() || !std::all_of(http.method.begin(), http.method.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_';
      }))
    call.arg_error(2, "field 'method' must be an HTTP method name (letters only)");
  http.body = opts.str("body", "");
  http.body_cap = static_cast<std::size_t>(opts.integer("body_cap", 1 << 20, 0, 64LL << 20));
  http.tls = tls_options(opts);
  for (auto& [name, value] : opts.string_map("headers")) {
    // CR or LF would end the header and start another (header injection); NUL cuts it short.
    if (name.empty() || gw::has_control(name) || name.find_first_of(" :") != std::string::npos)
      call.arg_error(2, "header name '" + gw::url_for_display(name) + "' is not a valid token");
    if (gw::has_control(value)) call.arg_error(2, "header '" + name + "' holds a control character (CR, LF, NUL, ...)");
    // A credential header (the one secret-name rule): keep it, and the credential after its scheme, out of
    // every output.
    if (const SecretName kind = classify_secret_name(name); kind != SecretName::none) {
      call.secret(value);
      if (const auto space = value.find(' '); kind == SecretName::authorization && space != std::string::npos)
        call.secret(value.substr(space + 1));
    }
    http.headers.emplace_back(std::move(name), std::move(value));
  }
  const auto deadline = opts.deadline(5);
  return call.await_result([&](gw::Handler done) { gw::http(call.io(), url, http, deadline, std::move(done)); });
}

int gateway_health(Call& call) {
  const std::string base = call.str(1);
  const Options opts(call, 2, kTlsOptions);
  const auto tls = tls_options(opts);
  const auto deadline = opts.deadline(5);
  return call.await_result([&](gw::Handler done) { gw::health(call.io(), base, tls, deadline, std::move(done)); });
}

int gateway_http_token_check(Call& call) {
  const std::string base = call.str(1);
  const std::string token = call.secret(call.str(2));
  const Options opts(call, 3, kTlsOptions);
  const auto tls = tls_options(opts);
  const auto deadline = opts.deadline(5);
  return call.await_result(
      [&](gw::Handler done) { gw::http_token_check(call.io(), base, token, tls, deadline, std::move(done)); });
}

int gateway_ws_upgrade(Call& call) {
  const std::string url = call.str(1);
  const Options opts(call, 2, kTlsOptions);
  const auto tls = tls_options(opts);
  const auto deadline = opts.deadline(5);
  return call.await_result([&](gw::Handler done) { gw::ws_upgrade(call.io(), url, tls, deadline, std::move(done)); });
}

int gateway_connect(Call& call) {
  const std::string url = call.str(1);
  const Options opts(call, 2,
                     option_keys({"token", "password", "role", "scopes", "min_protocol", "max_protocol",
                                  "client_version", "platform", "device_key", "max_message_bytes", "stream"},
                                 kTlsOptions));
  gw::ConnectOptions connect;
  if (auto token = opts.str("token")) connect.token = call.secret(*token);
  if (auto password = opts.str("password")) connect.password = call.secret(*password);
  connect.role = opts.str("role", connect.role);
  if (opts.has("scopes")) connect.scopes = opts.strings("scopes");
  connect.min_protocol = static_cast<int>(opts.integer("min_protocol", 3, 1, 1000));
  connect.max_protocol = static_cast<int>(opts.integer("max_protocol", 4, 1, 1000));
  connect.client_version = opts.str("client_version", "clawbook-" CLAWBOOK_VERSION);
  connect.platform = opts.str("platform", connect.platform);
  connect.device_key_file = opts.str("device_key", "");
  connect.max_message_bytes = static_cast<std::size_t>(opts.integer("max_message_bytes", 16 << 20, 1024, 256LL << 20));
  connect.tls = tls_options(opts);
  const bool stream = opts.boolean("stream", false);
  const auto deadline = opts.deadline(10);
  Completion done = call.suspend();
  gw::connect(call.io(), url, connect, deadline, [done, stream](Json result, std::shared_ptr<gw::Session> session) {
    if (session) {
      auto& table = session_table();
      // Forget sessions that are gone, so a long fleet run does not accumulate dead handles.
      std::erase_if(table.sessions, [](const auto& entry) { return entry.second.expired(); });
      const long long handle = ++table.next_handle;
      table.sessions[handle] = session;
      if (stream) table.streaming[handle] = session;
      result["handle"] = handle;
    }
    done.complete(std::move(result));
  });
  return call.yield();
}

// The session of a handle; nullptr when it has ended. Misuse for a handle never issued.
std::shared_ptr<gw::Session> session_of(const Call& call, long long handle) {
  auto& table = session_table();
  if (handle < 1 || handle > table.next_handle) call.arg_error(1, "not a gateway session handle");
  auto found = table.sessions.find(handle);
  return found == table.sessions.end() ? nullptr : found->second.lock();
}

Json ended_result() {
  return {{"ok", false}, {"error", {{"code", "not_connected"}, {"message", "the session has ended"}}}};
}

int gateway_session_call(Call& call) {
  const long long handle = call.integer(1);
  const std::string method = call.str(2);
  Json params = lua_isnoneornil(call.L, 3) ? Json::object() : call.table(3);
  if (params.empty()) params = Json::object();  // an empty Lua table: the gateway expects params {}
  const auto deadline = Options(call, 4, {"timeout"}).deadline(10);
  auto session = session_of(call, handle);
  if (!session) return call.push(ended_result());
  return call.await_result([&](gw::Handler done) { session->call(method, params, deadline, std::move(done)); });
}

int gateway_session_close(Call& call) {
  const long long handle = call.integer(1);
  const auto deadline = Options(call, 2, {"timeout"}).deadline(2);
  auto session = session_of(call, handle);
  session_table().streaming.erase(handle);
  if (!session) return call.push(Json{{"ok", true}, {"already_closed", true}});
  return call.await_result([&](gw::Handler done) { session->close(deadline, std::move(done)); });
}

// Adds the clocks to a streaming result, at the moment it reaches the runbook.
Json stamped(Json result) {
  using namespace std::chrono;
  result["t"] = duration<double>(steady_clock::now().time_since_epoch()).count();
  result["at"] = duration<double>(system_clock::now().time_since_epoch()).count();
  return result;
}

// Waits in slices of at most 250 ms, so a requested stop (time.stop_requested) ends the wait soon.
void next_slice(std::shared_ptr<gw::Session> session, long long handle, Completion done,
                std::chrono::steady_clock::time_point until) {
  const auto left = until - std::chrono::steady_clock::now();
  const auto slice = std::clamp<gw::Duration>(left, gw::Duration::zero(), std::chrono::milliseconds(250));
  session->next_event(slice, [session, handle, done, until](Json result) {
    const std::string kind = result.value("kind", "");
    if (kind == "idle" && std::chrono::steady_clock::now() < until && !stop_requested() && !done.cancelled()) {
      next_slice(session, handle, done, until);
      return;
    }
    if (kind == "closed") session_table().streaming.erase(handle);
    done.complete(stamped(std::move(result)));
  });
}

int gateway_session_next(Call& call) {
  const long long handle = call.integer(1);
  const auto deadline = Options(call, 2, {"timeout"}).deadline(30);
  auto session = session_of(call, handle);
  if (!session) return call.push(stamped({{"kind", "closed"}, {"error", "not_connected"}}));
  session_table().streaming[handle] = session;
  next_slice(session, handle, call.suspend(), std::chrono::steady_clock::now() + deadline);
  return call.yield();
}

int gateway_session_info(Call& call) {
  auto session = session_of(call, call.integer(1));
  if (!session) return call.push(Json{{"open", false}});
  return call.push(session->info());
}

// Methods of session tables (plain data plus a metatable), and a connect that attaches them.
constexpr const char* kPrelude = R"lua(
local M = ...
local raw_connect = M.connect
-- Shared by every runbook's sessions: out of reach (no getmetatable, no __index back to it), so one runbook
-- cannot replace the methods another's sessions use (a parent spoofing its child's results).
local methods = {}
function methods.call(self, method, params, opts) return M.session_call(self.handle, method, params, opts) end
function methods.info(self) return M.session_info(self.handle) end
function methods.close(self, opts) return M.session_close(self.handle, opts) end
function methods.next(self, opts) return M.session_next(self.handle, opts) end
local Session = { __index = methods, __metatable = false }
function M.connect(url, opts)
  local result, err = raw_connect(url, opts)
  if type(result) == "table" and result.handle then setmetatable(result, Session) end
  return result, err
end
)lua";

ModuleSpec make_gateway_module() {
  return {.name = "gateway",
          .capability = "net",
          .summary =
              "Probe an OpenClaw gateway: TCP, HTTP(S), probe endpoints, token check, WebSocket upgrade, the "
              "connect handshake and RPC sessions.",
          .functions = {{"tcp", gateway_tcp},
                        {"http", gateway_http},
                        {"health", gateway_health},
                        {"http_token_check", gateway_http_token_check},
                        {"ws_upgrade", gateway_ws_upgrade},
                        {"connect", gateway_connect},
                        {"session_call", gateway_session_call},
                        {"session_close", gateway_session_close},
                        {"session_next", gateway_session_next},
                        {"session_info", gateway_session_info}},
          .prelude = kPrelude};
}

}  // namespace

CLAWBOOK_MODULE(make_gateway_module());

}  // namespace clawbook
