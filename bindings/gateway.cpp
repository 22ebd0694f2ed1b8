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
//   session:call(method, params, {timeout=10}) -> {ok, payload} | {ok=false, error={code, message, details},
//       missing_scope?}
//   session:info() -> {open, events, last_tick_ts, close?}
//   session:close({timeout=2}) -> {ok, close_code, close_reason}
// Sessions are plain tables; their methods live in a metatable set by the prelude and call
// gateway.session_call/session_info/session_close with the handle.
#include "clawbook/binding.hpp"
#include "clawbook/secret_name.hpp"
#include "gateway/gateway.hpp"
#include "gateway/url.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace clawbook {
namespace {

namespace gw = gateway;

// Live sessions by handle. Weak: a session lives while its connection does (its read loop holds it), and a
// handle outliving it answers "not_connected".
struct SessionTable {
  std::map<long long, std::weak_ptr<gw::Session>> sessions;
  long long next_handle = 0;
};

SessionTable& session_table() {
  static SessionTable table;
  return table;
}

void check_options(const Call& call, int index, const Json& options, std::initializer_list<const char*> allowed) {
  if (!options.is_object()) return;
  const std::set<std::string> names(allowed.begin(), allowed.end());
  for (const auto& [key, value] : options.items()) {
    if (names.count(key) == 0) call.arg_error(index, "unknown option '" + key + "'");
  }
}

std::string string_option(const Call& call, int index, const Json& options, const char* name,
                          const std::string& fallback = "") {
  if (!options.contains(name)) return fallback;
  if (!options[name].is_string()) call.arg_error(index, std::string("field '") + name + "' must be a string");
  return options[name].get<std::string>();
}

bool bool_option(const Call& call, int index, const Json& options, const char* name, bool fallback) {
  if (!options.contains(name)) return fallback;
  if (!options[name].is_boolean()) call.arg_error(index, std::string("field '") + name + "' must be a boolean");
  return options[name].get<bool>();
}

long long integer_option(const Call& call, int index, const Json& options, const char* name, long long fallback,
                         long long low, long long high) {
  if (!options.contains(name)) return fallback;
  if (!options[name].is_number_integer() || options[name].get<long long>() < low ||
      options[name].get<long long>() > high)
    call.arg_error(index, std::string("field '") + name + "' must be an integer in " + std::to_string(low) + ".." +
                              std::to_string(high));
  return options[name].get<long long>();
}

gw::TlsOptions tls_options(const Call& call, int index, const Json& options) {
  gw::TlsOptions tls;
  tls.ca_file = string_option(call, index, options, "ca_file");
  tls.server_name = string_option(call, index, options, "server_name");
  tls.insecure = bool_option(call, index, options, "insecure", false);
  return tls;
}

#define GATEWAY_TLS_OPTIONS "ca_file", "server_name", "insecure", "timeout"

// Starts an operation and yields; the operation's handler completes the Lua call.
template <class Start>
int yield_for(Call& call, Start start) {
  Completion done = call.suspend();
  start([done](Json result) { done.complete(std::move(result)); });
  return call.yield();
}

int gateway_tcp(Call& call) {
  const std::string host = call.str(1);
  // A NUL would cut the name short ("evil\0" resolves as "evil"), other controls are never part of a host.
  if (host.empty() || gw::has_control(host)) call.arg_error(1, "host must be a name or address without control characters");
  const long long port = call.integer(2);
  if (port < 1 || port > 65535) call.arg_error(2, "port must be in 1..65535");
  const Json options = call.table(3);
  check_options(call, 3, options, {"all_addresses", "timeout"});
  gw::TcpOptions tcp;
  tcp.all_addresses = bool_option(call, 3, options, "all_addresses", false);
  const auto deadline = call.deadline(3, 3);
  return yield_for(call, [&](gw::Handler done) {
    gw::tcp(call.io(), host, static_cast<unsigned short>(port), tcp, deadline, std::move(done));
  });
}

int gateway_http(Call& call) {
  const std::string url = call.str(1);
  const Json options = call.table(2);
  check_options(call, 2, options, {"method", "headers", "body", "body_cap", GATEWAY_TLS_OPTIONS});
  gw::HttpOptions http;
  http.method = string_option(call, 2, options, "method", "GET");
  if (http.method.empty() || !std::all_of(http.method.begin(), http.method.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_';
      }))
    call.arg_error(2, "field 'method' must be an HTTP method name (letters only)");
  http.body = string_option(call, 2, options, "body");
  http.body_cap = static_cast<std::size_t>(integer_option(call, 2, options, "body_cap", 1 << 20, 0, 64LL << 20));
  http.tls = tls_options(call, 2, options);
  if (options.contains("headers")) {
    if (!options["headers"].is_object()) call.arg_error(2, "field 'headers' must be a table of name = value");
    for (const auto& [name, value] : options["headers"].items()) {
      if (!value.is_string()) call.arg_error(2, "header '" + gw::url_for_display(name) + "' must be a string");
      // CR or LF would end the header and start another (header injection); NUL cuts it short.
      if (name.empty() || gw::has_control(name) || name.find_first_of(" :") != std::string::npos)
        call.arg_error(2, "header name '" + gw::url_for_display(name) + "' is not a valid token");
      if (gw::has_control(value.get_ref<const std::string&>()))
        call.arg_error(2, "header '" + name + "' holds a control character (CR, LF, NUL, ...)");
      // A credential header (the one secret-name rule): keep it, and the credential after its scheme, out of
      // every output.
      if (const SecretName kind = classify_secret_name(name); kind != SecretName::none) {
        const std::string& text = value.get_ref<const std::string&>();
        call.secret(text);
        if (const auto space = text.find(' '); kind == SecretName::authorization && space != std::string::npos)
          call.secret(text.substr(space + 1));
      }
      http.headers.emplace_back(name, value.get<std::string>());
    }
  }
  const auto deadline = call.deadline(2, 5);
  return yield_for(call, [&](gw::Handler done) { gw::http(call.io(), url, http, deadline, std::move(done)); });
}

int gateway_health(Call& call) {
  const std::string base = call.str(1);
  const Json options = call.table(2);
  check_options(call, 2, options, {GATEWAY_TLS_OPTIONS});
  const auto tls = tls_options(call, 2, options);
  const auto deadline = call.deadline(2, 5);
  return yield_for(call, [&](gw::Handler done) { gw::health(call.io(), base, tls, deadline, std::move(done)); });
}

int gateway_http_token_check(Call& call) {
  const std::string base = call.str(1);
  const std::string token = call.secret(call.str(2));
  const Json options = call.table(3);
  check_options(call, 3, options, {GATEWAY_TLS_OPTIONS});
  const auto tls = tls_options(call, 3, options);
  const auto deadline = call.deadline(3, 5);
  return yield_for(call, [&](gw::Handler done) {
    gw::http_token_check(call.io(), base, token, tls, deadline, std::move(done));
  });
}

int gateway_ws_upgrade(Call& call) {
  const std::string url = call.str(1);
  const Json options = call.table(2);
  check_options(call, 2, options, {GATEWAY_TLS_OPTIONS});
  const auto tls = tls_options(call, 2, options);
  const auto deadline = call.deadline(2, 5);
  return yield_for(call, [&](gw::Handler done) { gw::ws_upgrade(call.io(), url, tls, deadline, std::move(done)); });
}

int gateway_connect(Call& call) {
  const std::string url = call.str(1);
  const Json options = call.table(2);
  check_options(call, 2, options,
                {"token", "password", "role", "scopes", "min_protocol", "max_protocol", "client_version", "platform",
                 "device_key", "max_message_bytes", GATEWAY_TLS_OPTIONS});
  gw::ConnectOptions connect;
  if (options.contains("token")) connect.token = call.secret(string_option(call, 2, options, "token"));
  if (options.contains("password")) connect.password = call.secret(string_option(call, 2, options, "password"));
  connect.role = string_option(call, 2, options, "role", connect.role);
  if (options.contains("scopes")) {
    const Json& scopes = options["scopes"];
    connect.scopes.clear();
    // An empty Lua table arrives as an empty object or array.
    if (!(scopes.is_array() || (scopes.is_object() && scopes.empty())))
      call.arg_error(2, "field 'scopes' must be a list of strings");
    for (const auto& scope : scopes) {
      if (!scope.is_string()) call.arg_error(2, "field 'scopes' must be a list of strings");
      connect.scopes.push_back(scope.get<std::string>());
    }
  }
  connect.min_protocol = static_cast<int>(integer_option(call, 2, options, "min_protocol", 3, 1, 1000));
  connect.max_protocol = static_cast<int>(integer_option(call, 2, options, "max_protocol", 4, 1, 1000));
  connect.client_version = string_option(call, 2, options, "client_version", "clawbook-" CLAWBOOK_VERSION);
  connect.platform = string_option(call, 2, options, "platform", connect.platform);
  connect.device_key_file = string_option(call, 2, options, "device_key");
  connect.max_message_bytes =
      static_cast<std::size_t>(integer_option(call, 2, options, "max_message_bytes", 16 << 20, 1024, 256LL << 20));
  connect.tls = tls_options(call, 2, options);
  const auto deadline = call.deadline(2, 10);
  Completion done = call.suspend();
  gw::connect(call.io(), url, connect, deadline, [done](Json result, std::shared_ptr<gw::Session> session) {
    if (session) {
      auto& table = session_table();
      // Forget sessions that are gone, so a long fleet run does not accumulate dead handles.
      std::erase_if(table.sessions, [](const auto& entry) { return entry.second.expired(); });
      const long long handle = ++table.next_handle;
      table.sessions[handle] = session;
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
  const Json options = call.table(4);
  check_options(call, 4, options, {"timeout"});
  const auto deadline = call.deadline(4, 10);
  auto session = session_of(call, handle);
  if (!session) return call.push(ended_result());
  return yield_for(call, [&](gw::Handler done) { session->call(method, params, deadline, std::move(done)); });
}

int gateway_session_close(Call& call) {
  const long long handle = call.integer(1);
  const Json options = call.table(2);
  check_options(call, 2, options, {"timeout"});
  const auto deadline = call.deadline(2, 2);
  auto session = session_of(call, handle);
  if (!session) return call.push(Json{{"ok", true}, {"already_closed", true}});
  return yield_for(call, [&](gw::Handler done) { session->close(deadline, std::move(done)); });
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
local Session = {}
Session.__index = Session
function Session:call(method, params, opts) return M.session_call(self.handle, method, params, opts) end
function Session:info() return M.session_info(self.handle) end
function Session:close(opts) return M.session_close(self.handle, opts) end
function M.connect(url, opts)
  local result, err = raw_connect(url, opts)
  if type(result) == "table" and result.handle then setmetatable(result, Session) end
  return result, err
end
)lua";

ModuleSpec make_gateway_module() {
  return {.name = "gateway",
          .capability = "net",
          .summary = "Probe an OpenClaw gateway: TCP, HTTP(S), probe endpoints, token check, WebSocket upgrade, the "
                     "connect handshake and RPC sessions.",
          .functions = {{"tcp", gateway_tcp},
                        {"http", gateway_http},
                        {"health", gateway_health},
                        {"http_token_check", gateway_http_token_check},
                        {"ws_upgrade", gateway_ws_upgrade},
                        {"connect", gateway_connect},
                        {"session_call", gateway_session_call},
                        {"session_close", gateway_session_close},
                        {"session_info", gateway_session_info}},
          .prelude = kPrelude};
}

}  // namespace

CLAWBOOK_MODULE(make_gateway_module());

}  // namespace clawbook
