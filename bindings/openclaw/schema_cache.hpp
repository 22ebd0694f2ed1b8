// The installed OpenClaw release's own config schema (`openclaw config schema`: draft-07, about 2.4 MB, about
// 3 s to print), cached per installed version outside the clone and outside OpenClaw's state dir:
//
//   $XDG_CACHE_HOME/clawbook/openclaw-schema-VERSION.json   when XDG_CACHE_HOME is set
//   /var/cache/clawbook/openclaw-schema-VERSION.json         as root
//   $HOME/.cache/clawbook/openclaw-schema-VERSION.json       otherwise
//
// The CLI prints the schema with the bundled plugins' and channels' own schemas, unless the config it reads is
// invalid (then it leaves the plugins out). So it runs against an empty scratch state dir of its own: the same
// complete schema for every user of one version, whatever their config says.
#pragma once

#include "openclaw/paths.hpp"
#include "systemd/command_runner.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace clawbook::openclaw {

inline constexpr std::size_t kMaxSchemaBytes = 16u << 20;

// The directory above; `root` = running as uid 0.
std::string schema_cache_dir(const Environment& env, bool root);

// <dir>/openclaw-schema-<version>.json; nullopt when the version is not a plain version string.
std::optional<std::string> schema_cache_path(const std::string& dir, const std::string& version);

// `<cli> config schema`, without a shell: a clean environment with the caller's PATH (the CLI is a node script,
// found through it as `openclaw` itself is), HOME and OPENCLAW_STATE_DIR set to `scratch_dir` (no config there),
// and OpenClaw's switches for no network, no update check and no telemetry.
systemd::CommandSpec schema_command(const std::string& cli, const Environment& env, const std::string& scratch_dir,
                                    std::chrono::steady_clock::duration timeout);

// Reads a cached schema file: its text, or nullopt (missing, unreadable, larger than kMaxSchemaBytes).
std::optional<std::string> read_cached_schema(const std::string& path);

}  // namespace clawbook::openclaw
