#include "gateway/protocol.hpp"

#include "gateway/net.hpp"

namespace clawbook::gateway {

Json make_connect_request(const ConnectOptions& options, const std::string& id, const Json& device) {
  Json params = {{"minProtocol", options.min_protocol},
                 {"maxProtocol", options.max_protocol},
                 {"client",
                  {{"id", options.client_id},
                   {"version", options.client_version},
                   {"platform", options.platform},
                   {"mode", options.client_mode}}},
                 {"role", options.role},
                 {"scopes", options.scopes}};
  Json auth = Json::object();
  if (options.token) auth["token"] = *options.token;
  if (options.password) auth["password"] = *options.password;
  if (!auth.empty()) params["auth"] = std::move(auth);
  if (!device.is_null()) params["device"] = device;
  return {{"type", "req"}, {"id", id}, {"method", "connect"}, {"params", std::move(params)}};
}

namespace {

// A member of the peer's object when it has the expected shape, else an empty one: a hostile or newer gateway
// may send any type anywhere, and json::value() throws on a type mismatch.
Json member_or(const Json& object, const char* key, Json::value_t type) {
  if (object.is_object()) {
    const auto it = object.find(key);
    if (it != object.end() && it->type() == type) return *it;
  }
  return Json(type);
}

}  // namespace

std::optional<Json> summarize_hello(const Json& payload) {
  if (text_at(payload, "type") != "hello-ok") return std::nullopt;
  Json out = Json::object();
  out["protocol"] = integer_at(payload, "protocol");
  const Json server = member_or(payload, "server", Json::value_t::object);
  out["server"] = server;
  out["server_version"] = text_at(server, "version");
  if (server.contains("connId")) out["conn_id"] = server["connId"];
  const Json features = member_or(payload, "features", Json::value_t::object);
  out["methods"] = member_or(features, "methods", Json::value_t::array);
  out["events"] = member_or(features, "events", Json::value_t::array);
  const Json auth = member_or(payload, "auth", Json::value_t::object);
  // [A] servers send auth only with a device token; the role and scopes then are what was asked for.
  if (auth.contains("role")) out["role"] = auth["role"];
  if (auth.contains("scopes")) out["scopes"] = auth["scopes"];
  if (auth.contains("method")) out["auth_method"] = auth["method"];
  out["device_token_issued"] = auth.contains("deviceToken");
  out["policy"] = member_or(payload, "policy", Json::value_t::object);
  const Json snapshot = member_or(payload, "snapshot", Json::value_t::object);
  if (snapshot.contains("uptimeMs")) out["uptime_ms"] = snapshot["uptimeMs"];
  if (snapshot.contains("authMode")) out["auth_mode"] = snapshot["authMode"];
  if (snapshot.contains("health") && snapshot["health"].is_object() && snapshot["health"].contains("ok"))
    out["snapshot_health_ok"] = snapshot["health"]["ok"];
  return out;
}

Json flatten_error(const Json& error) {
  Json out = Json::object();
  if (!error.is_object()) {
    out["code"] = "UNKNOWN";
    out["message"] = error.is_string() ? error.get<std::string>() : error.dump();
    return out;
  }
  out["code"] = text_at(error, "code", "UNKNOWN");
  out["message"] = text_at(error, "message");
  if (error.contains("details")) {
    const Json& details = error["details"];
    out["details"] = details;
    if (details.is_object()) {
      if (details.contains("code")) out["details_code"] = details["code"];
      if (details.contains("recommendedNextStep")) out["recommended_next_step"] = details["recommendedNextStep"];
    }
  }
  if (error.contains("retryable")) out["retryable"] = error["retryable"];
  if (error.contains("retryAfterMs")) out["retry_after_ms"] = error["retryAfterMs"];
  return out;
}

std::optional<std::string> missing_scope(const Json& error) {
  if (!error.is_object()) return std::nullopt;
  if (error.contains("details") && error["details"].is_object()) {
    const Json& details = error["details"];
    if (details.contains("missingScope") && details["missingScope"].is_string())
      return details["missingScope"].get<std::string>();
  }
  // The message form: "missing scope: operator.read" (OpenClaw 2026.3.13 and the [I] server methods).
  const std::string message = text_at(error, "message");
  const std::string marker = "missing scope:";
  auto at = message.find(marker);
  if (at == std::string::npos) return std::nullopt;
  at = message.find_first_not_of(" \t", at + marker.size());
  if (at == std::string::npos) return std::nullopt;
  const auto end = message.find_first_of(" \t,;)", at);
  if (end == at) return std::nullopt;  // "missing scope: ," names no scope
  return message.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

std::string close_code_meaning(int code) {
  switch (code) {
    case 1000: return "normal closure";
    case 1001: return "going away";
    case 1002: return "protocol error";
    case 1003: return "unsupported data";
    case 1005: return "no status received";
    case 1006: return "abnormal closure (no close frame)";
    case 1007: return "invalid payload data";
    case 1008: return "policy violation";
    case 1009: return "message too big";
    case 1011: return "internal error";
    case 1012: return "service restart";
    case 1013: return "try again later";
    case 4000: return "tick timeout";
    case 4001: return "gateway auth changed";
    case 4008: return "connect failed";
    default: return code >= 4000 ? "application-defined" : "unknown";
  }
}

}  // namespace clawbook::gateway
