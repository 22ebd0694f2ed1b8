// Payloads of the simulated gateway, shaped after the frames recorded from OpenClaw 2026.9.6
// (tests/fixtures/openclaw/captures/ws-*.json): hello-ok, health, status, system-presence, config.get,
// channels.status, logs.tail, the HTTP probe bodies and the Control UI page.
#pragma once

#include "scenario.hpp"
#include "scenario_file.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clawbook::lab::payloads {

using Json = nlohmann::json;

// What stays fixed for the lifetime of a Lab (one process "boot").
struct GatewayFacts {
  Scenario scenario = Scenario::healthy;
  int protocol = 4;
  std::string version;  // "2026.9.6" (protocol 4) or "2026.4.12" (protocol 3)
  std::string build_id;
  std::string boot_id;
  std::string instance_id;
  std::string hostname = "clawbook-lab";
  std::string platform;  // "linux <release>"
  std::int64_t started_at_ms = 0;
  const ScenarioSpec* spec = nullptr;  // a scenario file's data (owned by the Lab's Options), or none
};

GatewayFacts make_facts(Scenario scenario, int protocol, std::int64_t now_ms);

std::int64_t now_ms();

// `events` and `methods` a connected client may use on this lab.
const std::vector<std::string>& implemented_methods();

Json hello_ok(const GatewayFacts& facts, const std::string& conn_id, int protocol, const std::string& role,
              const std::vector<std::string>& scopes, std::uint16_t port, std::int64_t now);
Json health(const GatewayFacts& facts, std::int64_t now, bool probe);
Json status(const GatewayFacts& facts, std::int64_t now);
Json system_presence(const GatewayFacts& facts, std::int64_t now);
Json config_get(const GatewayFacts& facts, std::uint16_t port);
// nullopt channel = all; returns null Json when the channel is unknown.
Json channels_status(const GatewayFacts& facts, std::int64_t now, bool probe,
                     const std::optional<std::string>& channel);
Json logs_tail(const GatewayFacts& facts, std::int64_t now, const Json& params);

// Channels whose accounts make /readyz fail (readiness.ts): not-running/disconnected managed accounts.
std::vector<std::string> failing_channels(const GatewayFacts& facts);

std::string control_ui_html();

}  // namespace clawbook::lab::payloads
