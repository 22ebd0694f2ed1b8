// Recognising the OpenClaw gateway in the process table, however it was started:
//   - through the `openclaw` CLI, the gateway retitles itself: comm "openclaw-gatewa", cmdline "openclaw-gateway";
//   - as its systemd unit and Docker image run it: `node [node options] .../openclaw/dist/index.js gateway ...`
//     (comm "MainThread"), or `node openclaw.mjs gateway ...`;
//   - `openclaw [--profile p] gateway [run] ...` before it retitles itself.
// `openclaw gateway status|stop|probe|...` are CLI calls, not the gateway, and are not recognised.
#pragma once

#include "proc/process.hpp"

#include <optional>
#include <string>

namespace clawbook::proc {

struct GatewayIdentity {
  std::string form;  // "retitled", "node-entry", "cli"
  std::optional<std::string> script;   // the entry script for node-entry / cli forms
  std::optional<int> port;             // --port
  std::optional<std::string> bind;     // --bind
  std::optional<std::string> profile;  // --profile, or "dev" for --dev
};

std::optional<GatewayIdentity> openclaw_gateway_identity(const Process& process);
inline bool is_openclaw_gateway(const Process& process) { return openclaw_gateway_identity(process).has_value(); }

// Every gateway process: the process table entry plus `gateway={form, script?, port?, bind?, profile?}`,
// `listening={{address, port}}` (its TCP listeners) and `parent_gateway` when its parent is a gateway too
// (a child of a gateway, not a second instance). Zombies are left out: they are gateways that died.
Json gateway_processes();

}  // namespace clawbook::proc
