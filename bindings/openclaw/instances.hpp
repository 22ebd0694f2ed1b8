// Which OpenClaw install a running gateway belongs to. OpenClaw profiles (`--profile NAME`, OPENCLAW_PROFILE,
// OPENCLAW_STATE_DIR, OPENCLAW_CONFIG_PATH) run several gateways on one host, each with its own state dir, config
// and port; the gateway resolves them from its own environment, which `openclaw --profile` fills in before it
// starts the gateway. So a gateway process is attributed from /proc/<pid>/environ (values stay here: only paths
// come out) and its arguments (`--profile`, `--dev`), as paths.hpp resolves them for clawbook's own environment.
//
//   from = "environ"          its environment was read: the attribution is the gateway's own
//          "argv"             the environment is unreadable (another user's process): the home comes from the
//                             passwd entry of its uid and the profile from its arguments, a guess
//   namespace = "other"       it runs in another mount namespace (a container): its paths are the container's,
//                             not comparable with this host's
#pragma once

#include "openclaw/paths.hpp"

#include <optional>
#include <string>

namespace clawbook::openclaw {

struct GatewayHome {
  Paths paths;
  std::string from;   // "environ" or "argv"
  std::string error;  // why the environment could not be read (from = "argv")
  bool other_namespace = false;
};

// `argv_profile` is the profile its arguments name (proc::GatewayIdentity::profile).
GatewayHome gateway_home(int pid, const std::optional<std::string>& argv_profile);

// {from, state_dir, state_dir_source, config_path, config_source, profile?, config_exists, error?, namespace?}
Json to_json(const GatewayHome& home);

// True when two resolved installs are one: the same state dir or the same config file.
bool same_install(const Paths& a, const Paths& b);

}  // namespace clawbook::openclaw
