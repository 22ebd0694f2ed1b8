// OpenClaw gateway frames (PROTOCOL.md 2.1-2.5, 3): the connect request, hello-ok, error and close
// vocabularies. Pure functions over Json, so they are tested against the recorded frames directly.
#pragma once

#include "gateway/gateway.hpp"

#include <optional>
#include <string>

namespace clawbook::gateway {

// {"type":"req","id":id,"method":"connect","params":{minProtocol, maxProtocol, client, role, scopes, auth?,
// device?}}. `device` is the signed device block or null.
Json make_connect_request(const ConnectOptions& options, const std::string& id, const Json& device);

// The summary of a hello-ok payload: protocol, server_version, server{version, connId, ...}, methods, events,
// role, scopes, auth_method, policy, conn_id, uptime_ms, device_token_issued. nullopt when `payload` is not
// a hello-ok.
std::optional<Json> summarize_hello(const Json& payload);

// A server error object {code, message, details?, retryable?, retryAfterMs?} flattened for results:
// {code, message, details, details_code, recommended_next_step, retryable, retry_after_ms}.
Json flatten_error(const Json& error);

// The scope named by details.missingScope or a message "missing scope: X".
std::optional<std::string> missing_scope(const Json& error);

// What a close code means, for people reading results ("policy violation", "try again later", ...).
std::string close_code_meaning(int code);

}  // namespace clawbook::gateway
