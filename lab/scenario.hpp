// The lab's scenarios as an enum, for the server and payload code (the public API names them by string).
#pragma once

#include <optional>
#include <string_view>

namespace clawbook::lab {

enum class Scenario {
  healthy,
  token_mismatch,
  token_missing,
  device_identity_required,
  pairing_required,
  device_token_mismatch,
  missing_scope,
  handshake_timeout,
  closed_1000_after_hello,
  abrupt_drop,
  protocol_mismatch,
  origin_not_allowed,
  starting,
  rate_limited,
  no_upgrade,
  tls,
  slow,
  garbage,
  oversize_frame,
  invalid_utf8,
  deep_json,
  slowloris,
  silent,
  rst_mid_frame,
  tls_garbage,
  channel_mention_required,
  channel_sender_pairing_pending,
  channel_filtered_by_policy,
  channel_missing_permissions,
  channel_not_configured,
  channel_probe_failed,
  channel_send_while_disconnected,
  idle_close,
  flap_readyz,
  restart_loop,
};

std::optional<Scenario> scenario_from_name(std::string_view name);

inline bool is_channel_scenario(Scenario s) {
  return s >= Scenario::channel_mention_required && s <= Scenario::channel_send_while_disconnected;
}

}  // namespace clawbook::lab
