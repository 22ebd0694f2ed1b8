#include "protocol.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <random>

namespace clawbook::lab::protocol {
namespace {

constexpr std::array kClientIds{"webchat-ui", "openclaw-control-ui", "openclaw-tui", "webchat",   "cli",
                                "gateway-client", "openclaw-macos",   "openclaw-ios", "openclaw-android",
                                "node-host",  "test",                "fingerprint",  "openclaw-probe"};
constexpr std::array kClientModes{"webchat", "cli", "ui", "backend", "node", "probe", "test"};
constexpr std::array kConnectKeys{"minProtocol", "maxProtocol", "client", "caps", "commands", "permissions",
                                  "pathEnv", "role", "scopes", "device", "auth", "locale", "userAgent"};
constexpr std::array kClientKeys{"id", "displayName", "version", "platform", "deviceFamily", "modelIdentifier",
                                 "mode", "instanceId"};
constexpr std::array kAuthKeys{"token", "bootstrapToken", "deviceToken", "password", "approvalRuntimeToken",
                               "agentRuntimeIdentityToken"};
constexpr std::array kDeviceKeys{"id", "publicKey", "signature", "signedAt", "nonce"};

template <std::size_t N>
bool contains(const std::array<const char*, N>& set, std::string_view value) {
  return std::any_of(set.begin(), set.end(), [&](const char* item) { return value == item; });
}

// Collects ajv-style errors: "at /client/id: must be equal to one of the allowed values".
struct Errors {
  std::vector<std::string> items;
  void add(std::string_view path, std::string_view message) {
    items.push_back("at " + std::string(path.empty() ? "root" : path) + ": " + std::string(message));
  }
};

template <std::size_t N>
void check_properties(const Json& object, std::string_view path, const std::array<const char*, N>& allowed,
                      Errors& errors) {
  for (const auto& [key, value] : object.items())
    if (!contains(allowed, key)) errors.add(path, "unexpected property '" + key + "'");
}

void require_nonempty_string(const Json& object, std::string_view path, const char* key, Errors& errors) {
  const auto it = object.find(key);
  if (it == object.end()) {
    errors.add(path, std::string("must have required property '") + key + "'");
  } else if (!it->is_string()) {
    errors.add(std::string(path) + "/" + key, "must be string");
  } else if (it->get_ref<const std::string&>().empty()) {
    errors.add(std::string(path) + "/" + key, "must NOT have fewer than 1 characters");
  }
}

void optional_string(const Json& object, std::string_view path, const char* key, Errors& errors) {
  const auto it = object.find(key);
  if (it != object.end() && !it->is_string()) errors.add(std::string(path) + "/" + key, "must be string");
}

void optional_string_array(const Json& object, const char* key, Errors& errors) {
  const auto it = object.find(key);
  if (it == object.end()) return;
  if (!it->is_array()) {
    errors.add(std::string("/") + key, "must be array");
    return;
  }
  for (std::size_t i = 0; i < it->size(); ++i)
    if (!(*it)[i].is_string()) errors.add(std::string("/") + key + "/" + std::to_string(i), "must be string");
}

bool has_string(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() && !it->get_ref<const std::string&>().empty();
}

std::string string_or(const Json& object, const char* key, std::string fallback) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

Rejection handshake_error(std::string code, std::string message, Json details, unsigned close_code) {
  Rejection r;
  r.code = std::move(code);
  r.close_reason = truncate_close_reason(message);
  r.message = std::move(message);
  r.details = std::move(details);
  r.close_code = close_code;
  return r;
}

// auth-messages.ts: the hint depends on the client kind and on whether it connects directly from loopback.
std::string token_hint(const Json& client, bool local) {
  const std::string id = string_or(client, "id", "");
  if (id == "cli")
    return local ? "use this gateway's gateway.auth.token or pair the device"
                 : "set gateway.remote.token to match gateway.auth.token";
  if (id == "openclaw-control-ui" || id == "webchat-ui" || id == "webchat")
    return "open the dashboard URL and paste the token in Control UI settings";
  return "provide gateway auth token";
}

bool is_ui_client(const Json& client) {
  const std::string id = string_or(client, "id", "");
  return id == "openclaw-control-ui" || id == "webchat-ui" || id == "webchat";
}

Rejection unauthorized(const std::string& reason, const Json& params, bool local) {
  const Json& client = params["client"];
  const Json auth = params.value("auth", Json::object());
  const bool has_device = params.contains("device");
  std::string message;
  std::string detail_code;
  std::string next_step;
  if (reason == "token_missing") {
    message = "unauthorized: gateway token missing (" +
              (is_ui_client(client) ? std::string("paste in Control UI settings or openclaw doctor "
                                                  "--generate-gateway-token; restart")
                                    : token_hint(client, local)) +
              ")";
    detail_code = "AUTH_TOKEN_MISSING";
    next_step = "update_auth_configuration";
  } else if (reason == "token_mismatch") {
    message = "unauthorized: gateway token mismatch (" + token_hint(client, local) + ")";
    detail_code = "AUTH_TOKEN_MISMATCH";
    next_step = "update_auth_credentials";
  } else if (reason == "device_token_mismatch") {
    message = "unauthorized: device token mismatch (rotate/reissue device token)";
    detail_code = "AUTH_DEVICE_TOKEN_MISMATCH";
    next_step = "update_auth_credentials";
  } else {  // rate_limited
    message = "unauthorized: too many failed authentication attempts (retry later)";
    detail_code = "AUTH_RATE_LIMITED";
    next_step = "wait_then_retry";
  }
  const bool can_retry_with_device_token =
      reason == "token_mismatch" && has_device && has_string(auth, "token") && !has_string(auth, "deviceToken");
  if (can_retry_with_device_token) next_step = "retry_with_device_token";
  Rejection r = handshake_error("INVALID_REQUEST", message,
                                Json{{"code", detail_code},
                                     {"authReason", reason},
                                     {"canRetryWithDeviceToken", can_retry_with_device_token},
                                     {"recommendedNextStep", next_step}},
                                1008);
  if (reason == "rate_limited") {
    r.retryable = true;
    r.retry_after_ms = kRateLimitLockoutMs;
  }
  return r;
}

struct ProtocolRange {
  int current;      // the server's protocol
  int probe_min;    // lowest protocol a probe-mode client may use
  bool v3_rules;    // [A]: reject when max < 3 || min > 3, details {expectedProtocol}
};

}  // namespace

std::string truncate_close_reason(std::string_view reason, std::size_t max_bytes) {
  if (reason.empty()) return "invalid handshake";
  if (reason.size() <= max_bytes) return std::string(reason);
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(reason[end]) & 0xC0) == 0x80) --end;
  return std::string(reason.substr(0, end));
}

Json error_shape(const Rejection& rejection) {
  Json error{{"code", rejection.code}, {"message", rejection.message}};
  if (!rejection.details.is_null()) error["details"] = rejection.details;
  if (rejection.retryable) error["retryable"] = *rejection.retryable;
  if (rejection.retry_after_ms) error["retryAfterMs"] = *rejection.retry_after_ms;
  return error;
}

std::string response_frame(const Json& id, const Json& payload) {
  return Json{{"type", "res"}, {"id", id}, {"ok", true}, {"payload", payload}}.dump();
}

std::string error_frame(const Json& id, const Rejection& rejection) {
  return Json{{"type", "res"}, {"id", id}, {"ok", false}, {"error", error_shape(rejection)}}.dump();
}

std::string event_frame(std::string_view event, const Json& payload) {
  return Json{{"type", "event"}, {"event", event}, {"payload", payload}}.dump();
}

bool is_request_frame(const Json& frame) {
  if (!frame.is_object()) return false;
  for (const auto& [key, value] : frame.items())
    if (key != "type" && key != "id" && key != "method" && key != "params") return false;
  return frame.value("type", "") == "req" && has_string(frame, "id") && has_string(frame, "method");
}

std::optional<std::string> validate_connect_params(const Json& params) {
  Errors errors;
  if (!params.is_object()) {
    errors.add("", "must be object");
  } else {
    check_properties(params, "", kConnectKeys, errors);
    for (const char* key : {"minProtocol", "maxProtocol"}) {
      const auto it = params.find(key);
      if (it == params.end())
        errors.add("", std::string("must have required property '") + key + "'");
      else if (!it->is_number_integer())
        errors.add(std::string("/") + key, "must be integer");
      else if (it->get<std::int64_t>() < 1)
        errors.add(std::string("/") + key, "must be >= 1");
    }
    const auto client = params.find("client");
    if (client == params.end()) {
      errors.add("", "must have required property 'client'");
    } else if (!client->is_object()) {
      errors.add("/client", "must be object");
    } else {
      check_properties(*client, "/client", kClientKeys, errors);
      for (const char* key : {"id", "version", "platform", "mode"}) require_nonempty_string(*client, "/client", key, errors);
      for (const char* key : {"displayName", "deviceFamily", "modelIdentifier", "instanceId"})
        optional_string(*client, "/client", key, errors);
      if (has_string(*client, "id") && !contains(kClientIds, (*client)["id"].get<std::string>()))
        errors.add("/client/id", "must be equal to one of the allowed values");
      if (has_string(*client, "mode") && !contains(kClientModes, (*client)["mode"].get<std::string>()))
        errors.add("/client/mode", "must be equal to one of the allowed values");
    }
    optional_string(params, "", "role", errors);
    optional_string(params, "", "pathEnv", errors);
    optional_string(params, "", "locale", errors);
    optional_string(params, "", "userAgent", errors);
    optional_string_array(params, "scopes", errors);
    optional_string_array(params, "caps", errors);
    optional_string_array(params, "commands", errors);
    if (const auto auth = params.find("auth"); auth != params.end()) {
      if (!auth->is_object()) {
        errors.add("/auth", "must be object");
      } else {
        check_properties(*auth, "/auth", kAuthKeys, errors);
        for (const char* key : kAuthKeys) optional_string(*auth, "/auth", key, errors);
      }
    }
    if (const auto device = params.find("device"); device != params.end()) {
      if (!device->is_object()) {
        errors.add("/device", "must be object");
      } else {
        check_properties(*device, "/device", kDeviceKeys, errors);
        for (const char* key : {"id", "publicKey", "signature", "nonce"})
          require_nonempty_string(*device, "/device", key, errors);
        if (const auto at = device->find("signedAt"); at == device->end())
          errors.add("/device", "must have required property 'signedAt'");
        else if (!at->is_number_integer())
          errors.add("/device/signedAt", "must be integer");
      }
    }
  }
  if (errors.items.empty()) return std::nullopt;
  std::string joined;
  for (const std::string& item : errors.items) joined += (joined.empty() ? "" : "; ") + item;
  return joined;
}

FirstFrameCheck check_first_frame(std::string_view text) {
  FirstFrameCheck check;
  check.frame = Json::parse(text, nullptr, false);
  if (check.frame.is_discarded()) {
    check.problem = FirstFrameProblem::not_json;
    return check;
  }
  if (!is_request_frame(check.frame)) {
    check.problem = FirstFrameProblem::not_request;
    return check;
  }
  if (check.frame["method"] != "connect") {
    check.problem = FirstFrameProblem::not_connect;
    check.message = "invalid handshake: first request must be connect";
    return check;
  }
  if (auto invalid = validate_connect_params(check.frame.value("params", Json()))) {
    check.problem = FirstFrameProblem::invalid_params;
    check.message = "invalid connect params: " + *invalid;
  }
  return check;
}

bool is_loopback_host_header(std::string_view host) {
  // Strip the port: "[::1]:18789", "127.0.0.1:18789", "localhost".
  std::string_view name = host;
  if (!name.empty() && name.front() == '[') {
    const auto close = name.find(']');
    name = close == std::string_view::npos ? name.substr(1) : name.substr(1, close - 1);
  } else if (const auto colon = name.rfind(':'); colon != std::string_view::npos && name.find(':') == colon) {
    name = name.substr(0, colon);
  }
  return name == "localhost" || name == "::1" || name.rfind("127.", 0) == 0;
}

bool is_loopback_origin(std::string_view origin) {
  const auto scheme = origin.find("://");
  if (scheme == std::string_view::npos) return false;
  std::string_view rest = origin.substr(scheme + 3);
  rest = rest.substr(0, rest.find('/'));
  return is_loopback_host_header(rest);
}

Admission admit_connect(const Json& params, const Peer& peer, const GatewayPolicy& policy) {
  Admission admission;
  const Json& client = params["client"];
  const std::string mode = string_or(client, "mode", "");
  const std::string role = string_or(params, "role", "operator");

  // connect-admission.ts: startup gate first, then protocol, role, origin.
  if (policy.starting && !(role == "node" && mode == "node")) {
    Rejection r = handshake_error("UNAVAILABLE", "gateway starting; retry shortly", Json{{"reason", "startup-sidecars"}},
                                  1013);
    r.retryable = true;
    r.retry_after_ms = kStartupRetryAfterMs;
    r.close_reason = "gateway starting";
    admission.rejection = std::move(r);
    return admission;
  }

  const ProtocolRange range = policy.scenario == Scenario::protocol_mismatch ? ProtocolRange{5, 5, false}
                              : policy.protocol == 3                         ? ProtocolRange{3, 3, true}
                                                                             : ProtocolRange{4, 3, false};
  const auto min_protocol = params["minProtocol"].get<std::int64_t>();
  const auto max_protocol = params["maxProtocol"].get<std::int64_t>();
  const bool covers_current = max_protocol >= range.current && min_protocol <= range.current;
  const bool probe_ok = !range.v3_rules && mode == "probe" && max_protocol >= range.probe_min &&
                        min_protocol <= range.current;
  const bool legacy_node = !range.v3_rules && role == "node" && mode == "node" && max_protocol >= 3 && min_protocol <= 3;
  if (!covers_current && !probe_ok && !legacy_node) {
    Json details = range.v3_rules ? Json{{"expectedProtocol", range.current}}
                                  : Json{{"code", "PROTOCOL_MISMATCH"},
                                         {"clientMinProtocol", min_protocol},
                                         {"clientMaxProtocol", max_protocol},
                                         {"expectedProtocol", range.current},
                                         {"minimumProbeProtocol", range.probe_min}};
    admission.rejection = handshake_error("INVALID_REQUEST", "protocol mismatch", std::move(details), 1002);
    return admission;
  }
  admission.protocol = covers_current ? range.current : static_cast<int>(std::min<std::int64_t>(max_protocol, range.current));

  if (role != "operator" && role != "node") {
    admission.rejection = handshake_error("INVALID_REQUEST", "invalid role", Json(), 1008);
    return admission;
  }
  if (policy.scenario == Scenario::origin_not_allowed || (peer.origin && !(peer.local && is_loopback_origin(*peer.origin)))) {
    admission.rejection =
        handshake_error("INVALID_REQUEST",
                        "origin not allowed (open the Control UI from the gateway host or allow it in "
                        "gateway.controlUi.allowedOrigins)",
                        Json{{"code", "CONTROL_UI_ORIGIN_NOT_ALLOWED"}, {"reason", "origin not allowed"}}, 1008);
    return admission;
  }

  const Json auth = params.value("auth", Json::object());
  const bool has_device = params.contains("device");
  const bool has_token = has_string(auth, "token");
  const bool has_password = has_string(auth, "password");
  const bool has_shared = has_token || has_password;

  switch (policy.scenario) {
    case Scenario::device_identity_required:
      admission.rejection = handshake_error("NOT_PAIRED", "device identity required",
                                            Json{{"code", "DEVICE_IDENTITY_REQUIRED"}}, 1008);
      return admission;
    case Scenario::pairing_required:
      admission.rejection =
          handshake_error("NOT_PAIRED", "pairing required",
                          Json{{"code", "PAIRING_REQUIRED"}, {"requestId", random_uuid()}, {"reason", "not-paired"}}, 1008);
      return admission;
    case Scenario::device_token_mismatch:
      admission.rejection = unauthorized("device_token_mismatch", params, peer.local);
      return admission;
    case Scenario::token_missing:
      admission.rejection = unauthorized("token_missing", params, peer.local);
      return admission;
    case Scenario::rate_limited:
      if (has_shared || has_device) {
        admission.rejection = unauthorized("rate_limited", params, peer.local);
        return admission;
      }
      break;
    default:
      break;
  }

  // Token mode. Missing device identity is judged before the auth failure is reported (connect-policy.ts):
  // a device-less client with no shared secret is told "device identity required", not "token missing".
  const bool token_ok = has_token && policy.scenario != Scenario::token_mismatch &&
                        auth["token"].get_ref<const std::string&>() == policy.token;
  if (!has_device && !has_shared) {
    admission.rejection = handshake_error("NOT_PAIRED", "device identity required",
                                          Json{{"code", "DEVICE_IDENTITY_REQUIRED"}}, 1008);
    return admission;
  }
  if (!token_ok) {
    admission.rejection = unauthorized(has_token ? "token_mismatch" : "token_missing", params, peer.local);
    return admission;
  }

  admission.role = role;
  std::vector<std::string> requested = params.value("scopes", std::vector<std::string>{});
  // Device-less shared-secret connections get their self-declared scopes cleared, except a direct-local cli/cli
  // client on the v4 gateway (shouldPreserveLocalCliSharedAuthScopes); 2026.3.13 cleared them always.
  const bool preserve_cli = string_or(client, "id", "") == "cli" && mode == "cli" && peer.local && !peer.origin &&
                            policy.protocol != 3 && policy.scenario != Scenario::missing_scope;
  if (has_device || preserve_cli) admission.scopes = std::move(requested);
  return admission;
}

std::optional<Rejection> authorize_method(std::string_view method, const std::string& role,
                                          const std::vector<std::string>& scopes) {
  if (method == "health") return std::nullopt;
  const auto has = [&](std::string_view scope) { return std::find(scopes.begin(), scopes.end(), scope) != scopes.end(); };
  if (role != "operator") {
    Rejection r;
    r.code = "INVALID_REQUEST";
    r.message = "unauthorized role: " + role;
    return r;
  }
  if (has("operator.read") || has("operator.write") || has("operator.admin")) return std::nullopt;
  Rejection r;
  r.code = "INVALID_REQUEST";
  r.message = "missing scope: operator.read";
  return r;
}

std::string random_uuid() {
  static thread_local std::mt19937_64 engine{std::random_device{}()};
  const std::uint64_t hi = engine();
  const std::uint64_t lo = engine();
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0x0FFF),
                static_cast<unsigned>(((lo >> 48) & 0x3FFF) | 0x8000),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return text;
}

}  // namespace clawbook::lab::protocol
