#include "lab.hpp"
#include "scenario.hpp"

#include <sys/resource.h>

#include <array>
#include <charconv>
#include <cstdlib>
#include <stdexcept>

namespace clawbook::lab {
namespace {

struct Entry {
  Scenario scenario;
  std::string_view name;
  std::string_view category;
  std::string_view description;
};

constexpr std::array kEntries{
    Entry{Scenario::healthy, "healthy", "baseline",
          "a ready 2026.9.6 gateway: probes 200, challenge, hello-ok (protocol 4), health/status/config.get answer"},
    Entry{Scenario::token_mismatch, "token-mismatch", "auth",
          "every token is wrong: INVALID_REQUEST + AUTH_TOKEN_MISMATCH, close 1008 with the message as reason"},
    Entry{Scenario::token_missing, "token-missing", "auth",
          "the token never arrives (as behind a stripping proxy): AUTH_TOKEN_MISSING, close 1008"},
    Entry{Scenario::device_identity_required, "device-identity-required", "auth",
          "device-less clients refused even with a good token: NOT_PAIRED + DEVICE_IDENTITY_REQUIRED, close 1008"},
    Entry{Scenario::pairing_required, "pairing-required", "auth",
          "the device awaits approval: NOT_PAIRED + PAIRING_REQUIRED with a requestId, close 1008 \"pairing required\""},
    Entry{Scenario::device_token_mismatch, "device-token-mismatch", "auth",
          "the per-device token is stale: AUTH_DEVICE_TOKEN_MISMATCH, close 1008"},
    Entry{Scenario::missing_scope, "missing-scope", "auth",
          "2026.3.13 scope stripping: hello-ok with no scopes; status/config.get refused \"missing scope: operator.read\""},
    Entry{Scenario::handshake_timeout, "handshake-timeout", "transport",
          "challenge sent, then silence; close 1000 with an empty reason after --handshake-timeout-ms (default 2 s)"},
    Entry{Scenario::closed_1000_after_hello, "closed-1000-after-hello", "transport",
          "hello-ok, then an immediate close 1000 with an empty reason"},
    Entry{Scenario::abrupt_drop, "abrupt-drop", "transport",
          "hello-ok, then a TCP reset on the first request (1006 at the client, no close frame)"},
    Entry{Scenario::protocol_mismatch, "protocol-mismatch", "protocol",
          "a future gateway speaking protocol 5 only: INVALID_REQUEST \"protocol mismatch\", close 1002"},
    Entry{Scenario::origin_not_allowed, "origin-not-allowed", "auth",
          "every connect treated as from a foreign Origin: CONTROL_UI_ORIGIN_NOT_ALLOWED, close 1008"},
    Entry{Scenario::starting, "starting", "lifecycle",
          "503 readyz failing [\"startup-sidecars\"], connect UNAVAILABLE + close 1013, healthy after --ready-after"},
    Entry{Scenario::rate_limited, "rate-limited", "auth",
          "auth locked out: AUTH_RATE_LIMITED (retryable, retryAfterMs), close 1008; POST /tools/invoke 429"},
    Entry{Scenario::no_upgrade, "no-upgrade", "transport",
          "a proxy that drops the Upgrade headers: the WebSocket upgrade is answered 200 with Control UI HTML"},
    Entry{Scenario::tls, "tls", "transport",
          "the healthy gateway over TLS (wss://, https://) with a self-signed certificate made at start"},
    Entry{Scenario::slow, "slow", "transport", "the healthy gateway with --latency-ms (default 1 s) before every answer"},
    Entry{Scenario::garbage, "garbage", "hostile",
          "after the upgrade: a non-JSON text frame, then a frame with a reserved opcode"},
    Entry{Scenario::oversize_frame, "oversize-frame", "hostile",
          "after the upgrade: a text frame header announcing 2^63-1 bytes, then a trickle and silence"},
    Entry{Scenario::invalid_utf8, "invalid-utf8", "hostile", "after the upgrade: a text frame that is not valid UTF-8"},
    Entry{Scenario::deep_json, "deep-json", "hostile",
          "after the upgrade: a challenge whose payload nests arrays 100,000 deep"},
    Entry{Scenario::slowloris, "slowloris", "hostile",
          "answers every HTTP request (upgrade included) one byte per second"},
    Entry{Scenario::silent, "silent", "hostile", "accepts TCP connections and never writes a byte"},
    Entry{Scenario::rst_mid_frame, "rst-mid-frame", "hostile",
          "after the upgrade: half of the challenge frame, then a TCP reset"},
    Entry{Scenario::tls_garbage, "tls-garbage", "hostile",
          "answers the first bytes (a TLS ClientHello) with a malformed TLS record"},
    Entry{Scenario::channel_mention_required, "channel-mention-required", "channel",
          "Discord guild messages dropped because requireMention is set (logs: drop guild message (mention required))"},
    Entry{Scenario::channel_sender_pairing_pending, "channel-sender-pairing-pending", "channel",
          "Telegram DM sender awaiting pairing approval (dmPolicy pairing, pending request in the logs)"},
    Entry{Scenario::channel_filtered_by_policy, "channel-filtered-by-policy", "channel",
          "WhatsApp sender filtered by dmPolicy allowlist (allowFrom does not list it)"},
    Entry{Scenario::channel_missing_permissions, "channel-missing-permissions", "channel",
          "Discord bot lacks channel permissions (audit missing SendMessages/ViewChannel, 50013 Missing Permissions)"},
    Entry{Scenario::channel_not_configured, "channel-not-configured", "channel",
          "Slack enabled but without bot/app tokens: configured false, not running"},
    Entry{Scenario::channel_probe_failed, "channel-probe-failed", "channel",
          "Telegram probe fails (getMe 401 Unauthorized), account disconnected, readyz failing [\"telegram\"]"},
    Entry{Scenario::channel_send_while_disconnected, "channel-send-while-disconnected", "channel",
          "WhatsApp delivery failed while the gateway was down: lastError \"send failed: gateway not connected\""},
    // Intermittent failures, for `clawbook watch`: each repeats every --period-ms.
    Entry{Scenario::idle_close, "idle-close", "intermittent",
          "like a proxy's idle timeout: every connection is cut (no close frame: 1006) --period-ms after hello-ok"},
    Entry{Scenario::flap_readyz, "flap-readyz", "intermittent",
          "/readyz alternates between ready and 503 failing [\"telegram\"] every --period-ms"},
    Entry{Scenario::restart_loop, "restart-loop", "intermittent",
          "restarts every --period-ms: a shutdown event, close 1012 \"service restart\", then a new bootId"},
};

}  // namespace

std::optional<Scenario> scenario_from_name(std::string_view name) {
  for (const Entry& e : kEntries)
    if (e.name == name) return e.scenario;
  return std::nullopt;
}

const std::vector<ScenarioInfo>& scenario_catalogue() {
  static const std::vector<ScenarioInfo> catalogue = [] {
    std::vector<ScenarioInfo> out;
    for (const Entry& e : kEntries)
      out.push_back({std::string(e.name), std::string(e.category), std::string(e.description)});
    return out;
  }();
  return catalogue;
}

bool is_scenario(std::string_view name) { return scenario_from_name(name).has_value(); }

std::string resolve_token(const std::optional<std::string>& explicit_token) {
  if (explicit_token && !explicit_token->empty()) return *explicit_token;
  if (const char* env = std::getenv("OPENCLAW_GATEWAY_TOKEN"); env != nullptr && *env != '\0') return env;
  return std::string(kDefaultToken);
}

namespace {

std::uint16_t parse_port(std::string_view text, std::string_view whole) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() || value == 0 || value > 65535)
    throw std::invalid_argument("invalid port range '" + std::string(whole) + "': expected A-B with ports 1-65535");
  return static_cast<std::uint16_t>(value);
}

}  // namespace

PortRange parse_port_range(std::string_view text) {
  const auto dash = text.find('-');
  PortRange range;
  if (dash == std::string_view::npos) {
    range.first = range.last = parse_port(text, text);
  } else {
    range.first = parse_port(text.substr(0, dash), text);
    range.last = parse_port(text.substr(dash + 1), text);
  }
  if (range.last < range.first)
    throw std::invalid_argument("invalid port range '" + std::string(text) + "': the last port is below the first");
  return range;
}

std::size_t raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  return static_cast<std::size_t>(limit.rlim_cur);
}

}  // namespace clawbook::lab
