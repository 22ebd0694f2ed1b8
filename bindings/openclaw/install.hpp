// The OpenClaw installation as the host shows it: where a gateway token can come from (with fingerprints, so
// drift shows without the token), lock files and whether their owner still lives, and installed versions.
#pragma once

#include "openclaw/paths.hpp"

#include <string>

namespace clawbook::openclaw {

// Environment assignments from a dotenv file (NAME=VALUE, optional `export`, quotes, # comments).
Environment parse_dotenv(const std::string& text);
// Environment= assignments of a systemd unit (later lines win; an empty Environment= resets) and the files named
// by EnvironmentFile=, which are read too.
Environment parse_unit_environment(const std::string& unit_text, std::vector<std::string>* environment_files = nullptr);

// Every place the gateway token can come from:
//   this process's OPENCLAW_GATEWAY_TOKEN, gateway.auth.token (literal, ${VAR} or SecretRef),
//   gateway.remote.token (what the CLI sends in remote mode), <state>/.env, each running gateway's environment,
//   systemd unit files (user and system, with drop-ins and EnvironmentFile=).
// {sources={{source, set, fingerprint?, path?, pid?, error?}}, drift={distinct, drift, effective?,
//  effective_source?, mismatched={labels}}}. Values never leave this function: only fingerprints.
Json token_sources(const Environment& env, const PathOptions& options = {});

// Gateway lock files in the lock dirs (and the seeds' ~/.openclaw/gateway.pid): {path, pid, status=
// "alive"|"dead"|"zombie"|"reused", stale, matches_config, created_at?, port?, owner?} or {path, error}.
Json locks(const Environment& env, const PathOptions& options = {});

// The OpenClaw CLI clawbook would run: $CLAWBOOK_OPENCLAW_CLI when the user set it (an absolute path to an
// executable), else the first executable `openclaw` on PATH. nullopt when there is none.
std::optional<std::string> cli_path(const Environment& env);

// The version installed where `openclaw` is found on PATH (package.json next to the resolved CLI; node is not
// run) and, with `include_running`, the versions the running gateways were started from.
Json version(const Environment& env, bool include_running = true);

// Walks up from `path` (a file or directory) to the package.json of the `openclaw` package: its directory.
std::optional<std::string> openclaw_package_dir(const std::string& path);

}  // namespace clawbook::openclaw
