// Recognising the OpenClaw gateway in the process table, however it was started:
//   - through the `openclaw` CLI, the gateway retitles itself: comm "openclaw-gatewa", cmdline "openclaw-gateway";
//   - as its systemd unit and Docker image run it: `node [node options] .../openclaw/dist/index.js gateway ...`
//     (comm "MainThread"), or `node openclaw.mjs gateway ...`;
//   - `openclaw [--profile p] gateway [run] ...` before it retitles itself;
//   - in its first seconds (the title window) a bare "openclaw", the title every CLI command takes, until it
//     becomes "openclaw-gateway": told apart by the gateway lifecycle lock it holds open
//     (<tmp>/openclaw-state-locks-<uid>/gateway-lifecycle.<hash>.lock.sqlite). Form "title-window".
// `openclaw gateway status|stop|probe|...` are CLI calls, not the gateway, and are not recognised.
#pragma once

#include "proc/process.hpp"

#include <optional>
#include <string>

namespace clawbook::proc {

struct GatewayIdentity {
  std::string form;  // "retitled", "node-entry", "cli", "title-window"
  std::optional<std::string> script;   // the entry script for node-entry / cli forms
  std::optional<int> port;             // --port
  std::optional<std::string> bind;     // --bind
  std::optional<std::string> profile;  // --profile, or "dev" for --dev
};

std::optional<GatewayIdentity> openclaw_gateway_identity(const Process& process);
// A Node process titled a bare "openclaw" that holds the gateway lifecycle lock open: a gateway in its title
// window. openclaw_gateway_identity does not look at open files; gateway_processes asks this too.
std::optional<GatewayIdentity> title_window_identity(const Process& process);
bool holds_gateway_lifecycle_lock(int pid);

inline bool is_openclaw_gateway(const Process& process) { return openclaw_gateway_identity(process).has_value(); }

// Every gateway process: the process table entry plus `gateway={form, script?, port?, bind?, profile?}`,
// `listening={{address, port}}` (its TCP listeners) and `parent_gateway` when its parent is a gateway too
// (a child of a gateway, not a second instance). Zombies are left out: they are gateways that died.
Json gateway_processes();

}  // namespace clawbook::proc
