// Lua module `http` (capability net): a general HTTP(S) client on the gateway module's exchange code
// (bindings/gateway/http.cpp). The call yields until the response is in, bounded by `timeout` (seconds).
//
//   http.request{url, method="GET", headers={}, body="", timeout=10, max_body=1048576, redirects=0,
//                tls={ca_file, server_name, insecure=false}}
//       -> {ok, status, reason, headers={name=value}, body, truncated, latency_ms, url, address,
//           tls={version, cipher, verified}?, timings, redirects?={{status, url}}}
//
// ok means an HTTP response arrived, whatever its status: a 503 is ok=true, status=503. Failures: ok=false,
// error (bad_url, refused, timeout, dns_error, tls_handshake, cert_verify, tls_on_plain_port,
// plain_on_tls_port, closed, bad_http_response, ...), phase and message. Redirects are not followed unless
// `redirects` allows that many (each hop is its own recorded call); a body over max_body is cut there and
// `truncated` set. CR, LF or other control characters in the URL, a header name or value, or the method raise:
// no request smuggling through a parameter.
#include "clawbook/binding.hpp"
#include "clawbook/options.hpp"
#include "gateway/gateway.hpp"

#include <algorithm>

namespace clawbook {
namespace {

bool has_control(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

bool is_token(std::string_view text) {
  static constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || extra.find(c) != std::string_view::npos;
  });
}

bool is_credential_header(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name == "authorization" || name == "proxy-authorization" || name == "cookie" || name == "x-api-key";
}

int http_request(Call& call) {
  if (lua_type(call.L, 1) != LUA_TTABLE) call.arg_error(1, "table {url=..., method=..., ...} expected");
  const Options opts(call, 1, {"url", "method", "headers", "body", "timeout", "max_body", "redirects", "tls"});
  const std::string url = opts.required_str("url");
  if (has_control(url) || url.find(' ') != std::string::npos)
    opts.error("option 'url' must not contain spaces or control characters (CR, LF, ...)");
  gateway::HttpOptions http;
  http.method = opts.str("method", "GET");
  if (!is_token(http.method)) opts.error("option 'method' must be an HTTP method token");
  http.body = opts.str("body", "");
  http.body_cap = static_cast<std::size_t>(opts.integer("max_body", 1 << 20, 0, 64LL << 20));
  opts.integer("redirects", 0, 0, 20);  // followed by the prelude, one call per hop
  http.headers = opts.string_map("headers");
  for (const auto& [name, value] : http.headers) {
    if (!is_token(name)) opts.error("header name '" + name + "' is not an HTTP token");
    if (has_control(value)) opts.error("the value of header '" + name + "' holds a control character (CR, LF, ...)");
    if (is_credential_header(name)) call.secret(value);
  }
  if (const auto tls = opts.value("tls")) {
    if (!tls->is_object() && !(tls->is_array() && tls->empty())) opts.error("option 'tls' must be a table");
    const Json settings = tls->is_object() ? *tls : Json::object();
    for (auto it = settings.begin(); it != settings.end(); ++it) {
      const std::string& key = it.key();
      if (key == "ca_file" && it->is_string()) http.tls.ca_file = it->get<std::string>();
      else if (key == "server_name" && it->is_string()) http.tls.server_name = it->get<std::string>();
      else if (key == "insecure" && it->is_boolean()) http.tls.insecure = it->get<bool>();
      else opts.error("tls: unknown option or wrong type '" + key + "' (known: ca_file, server_name, insecure)");
    }
  }
  const auto deadline = opts.deadline(10);
  Completion done = call.suspend();
  gateway::http(call.io(), url, http, deadline, [done, url](Json result) {
    if (result.contains("timings") && result["timings"].contains("total_ms"))
      result["latency_ms"] = result["timings"]["total_ms"];
    else if (!result.contains("latency_ms")) result["latency_ms"] = nullptr;
    result["url"] = url;
    done.complete(std::move(result));
  });
  return call.yield();
}

// Redirects, when asked for: each hop is a call of its own (recorded and replayed like any other).
constexpr const char* kPrelude = R"lua(
local M = ...
local raw_request = M.request
local function header(headers, name)
  for key, value in pairs(headers or {}) do
    if key:lower() == name then return value end
  end
end
local function resolve(base, location)
  if location:match("^%a[%w+.-]*://") then return location end
  local origin = base:match("^(%a[%w+.-]*://[^/?#]*)")
  if location:sub(1, 2) == "//" then return base:match("^(%a[%w+.-]*:)") .. location end
  if location:sub(1, 1) == "/" then return origin .. location end
  local dir = base:match("^(%a[%w+.-]*://[^?#]*/)") or (origin .. "/")
  return dir .. location
end
function M.request(opts)
  local result = raw_request(opts)
  local left = type(opts) == "table" and math.tointeger(opts.redirects) or 0
  local hops = {}
  while left and left > 0 and result.ok and result.status >= 300 and result.status < 400 do
    local location = header(result.headers, "location")
    if not location then break end
    hops[#hops + 1] = { status = result.status, url = result.url }
    local next_opts = {}
    for key, value in pairs(opts) do next_opts[key] = value end
    next_opts.url = resolve(result.url, location)
    if result.status == 303 or ((result.status == 301 or result.status == 302) and opts.method == "POST") then
      next_opts.method, next_opts.body = "GET", nil
    end
    left = left - 1
    next_opts.redirects = 0
    result = raw_request(next_opts)
  end
  if #hops > 0 then result.redirects = hops end
  return result
end
)lua";

ModuleSpec make_http_module() {
  return {.name = "http",
          .capability = "net",
          .summary =
              "A general HTTP(S) client: any method, headers and body, TLS verification options, redirects "
              "off by default, the response body capped.",
          .functions = {{"request", http_request}},
          .prelude = kPrelude};
}

}  // namespace

CLAWBOOK_MODULE(make_http_module());

}  // namespace clawbook
