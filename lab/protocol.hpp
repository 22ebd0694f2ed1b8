// The OpenClaw gateway's handshake rules as pure functions: frame checks, connect-params validation, admission
// and auth decisions (PROTOCOL.md sections 2-4), kept apart from the sockets so they are tested directly.
#pragma once

#include "scenario.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clawbook::lab::protocol {

using Json = nlohmann::json;

inline constexpr std::size_t kCloseReasonMaxBytes = 120;          // server/close-reason.ts
inline constexpr std::size_t kMaxPreauthPayloadBytes = 64 * 1024;  // MAX_PREAUTH_PAYLOAD_BYTES
inline constexpr std::size_t kMaxPayloadBytes = 26214400;          // hello-ok policy.maxPayload
inline constexpr std::int64_t kStartupRetryAfterMs = 500;
inline constexpr std::int64_t kRateLimitLockoutMs = 300000;
inline constexpr int kUnauthorizedCallLimit = 10;  // then close 1008 "repeated unauthorized calls"

// Cuts a close reason to at most max_bytes of UTF-8 without splitting a code point; an empty reason becomes
// "invalid handshake", as the gateway does for handshake failures.
std::string truncate_close_reason(std::string_view reason, std::size_t max_bytes = kCloseReasonMaxBytes);

// An error answer to a request; during the handshake the gateway then closes with close_code/close_reason.
struct Rejection {
  std::string code;     // INVALID_REQUEST, NOT_PAIRED, UNAVAILABLE
  std::string message;
  Json details;         // null when absent
  std::optional<bool> retryable;
  std::optional<std::int64_t> retry_after_ms;
  unsigned close_code = 1008;
  std::string close_reason;
};

Json error_shape(const Rejection& rejection);
std::string response_frame(const Json& id, const Json& payload);
std::string error_frame(const Json& id, const Rejection& rejection);
std::string event_frame(std::string_view event, const Json& payload);

// Why the first client frame cannot start a handshake, with what the gateway answers.
enum class FirstFrameProblem {
  none,
  not_json,       // close 1000, empty reason
  not_request,    // close 1008 "invalid request frame"
  not_connect,    // res INVALID_REQUEST + close 1008 "invalid handshake: first request must be connect"
  invalid_params  // res INVALID_REQUEST + close 1008 "invalid connect params: ..."
};
struct FirstFrameCheck {
  FirstFrameProblem problem = FirstFrameProblem::none;
  Json frame;           // parsed frame (when JSON)
  std::string message;  // for not_connect / invalid_params
};
FirstFrameCheck check_first_frame(std::string_view text);

// {"type":"req","id":non-empty string,"method":non-empty string,"params"?}, nothing else.
bool is_request_frame(const Json& frame);
// Validation of ConnectParams (additionalProperties false, enums), in ajv's wording.
std::optional<std::string> validate_connect_params(const Json& params);

struct Peer {
  bool local = true;                  // loopback peer address, no proxy headers, loopback Host
  std::optional<std::string> origin;  // the upgrade's Origin header, when present and non-empty
};

struct GatewayPolicy {
  Scenario scenario = Scenario::healthy;
  int protocol = 4;  // 3 ([A] rules), 4 ([I] rules); protocol-mismatch simulates 5
  std::string_view token;
  bool starting = false;
};

struct Admission {
  std::optional<Rejection> rejection;
  std::string role;
  std::vector<std::string> scopes;  // granted (after device-less scope stripping)
  int protocol = 0;                 // negotiated, for hello-ok
};

Admission admit_connect(const Json& params, const Peer& peer, const GatewayPolicy& policy);

bool is_loopback_origin(std::string_view origin);
bool is_loopback_host_header(std::string_view host);

// Method authorization after hello: nullopt when allowed.
std::optional<Rejection> authorize_method(std::string_view method, const std::string& role,
                                          const std::vector<std::string>& scopes);

std::string random_uuid();

}  // namespace clawbook::lab::protocol
