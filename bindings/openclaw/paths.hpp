// Where OpenClaw keeps its files, resolved exactly as OpenClaw does (src/config/paths.ts, src/infra/home-dir.ts,
// src/cli/profile.ts, src/logging/log-file-path.ts, src/infra/gateway-lock.ts), from an environment that may be
// this process's or the running gateway's (read from /proc/<pid>/environ).
//
//   home        OPENCLAW_HOME (a leading ~ expands to HOME) > HOME > the passwd entry
//   profile     --profile <p> (the `profile` argument) switches the state dir to ~/.openclaw-<p> unless
//               OPENCLAW_STATE_DIR is set; OPENCLAW_PROFILE alone only names the profile (log file names,
//               service names); "default" is no profile; `dev` also defaults the port to 19001
//   state dir   OPENCLAW_STATE_DIR > profile dir > ~/.openclaw, or legacy ~/.clawdbot when only that exists
//   config      OPENCLAW_CONFIG_PATH > first existing of <state>/openclaw.json, <state>/clawdbot.json (and the
//               default dirs' files when the state dir is the default) > <state>/openclaw.json
//   logs        logging.file > /tmp/openclaw/openclaw[-<profile>]-YYYY-MM-DD.log (local date) > fallback
//               <tmpdir>/openclaw-<uid>/...; launchd-style ~/.openclaw/logs/gateway.log, gateway.err.log
//   locks       <tmpdir>/openclaw-<uid>/gateway.<sha256(configPath)[0:8]>.lock (releases up to 2026.4) and
//               <state>/tmp/openclaw-<uid>/ (later releases, with gateway.state.lock)
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clawbook::openclaw {

using Json = nlohmann::json;
using Environment = std::map<std::string, std::string>;

Environment process_environment();

struct PathOptions {
  std::optional<std::string> profile;  // as --profile would give it
  std::optional<double> now;           // the date of the rolling log file (tests); default: now
  unsigned uid = 0;                    // whose lock dir; default: the effective uid (set by resolve_paths)
  bool uid_given = false;
};

struct Paths {
  std::string home;
  std::string home_source;
  std::optional<std::string> profile;
  std::string profile_source;  // "arg", "env", "none"
  std::string state_dir;
  std::string state_dir_source;  // "OPENCLAW_STATE_DIR", "profile", "legacy", "default"
  std::string config_path;
  std::string config_source;  // "OPENCLAW_CONFIG_PATH", "state_dir", "legacy_name", "default_dir", "canonical"
  std::vector<std::string> config_candidates;
  std::string env_file;  // <state>/.env, the global dotenv
  std::string tmpdir;
  unsigned uid = 0;
  std::vector<std::string> lock_dirs;
  std::string lock_name;  // gateway.<hash>.lock for this config path
  std::optional<int> default_port;  // 19001 for the dev profile when OPENCLAW_GATEWAY_PORT is unset
  std::vector<Json> log_files;      // {path, kind, exists}
  std::string workspace;            // agents.defaults.workspace default
};

// `logging_file` is the config's logging.file when known.
Paths resolve_paths(const Environment& env, PathOptions options = {},
                    const std::optional<std::string>& logging_file = std::nullopt);
Json to_json(const Paths& paths);

// Helpers shared with the config and lock readers.
std::string expand_home(const std::string& path, const std::string& home);
std::string sha256_hex(const std::string& text);
bool path_exists(const std::string& path);
std::string local_date(double epoch);  // YYYY-MM-DD in local time

// Field readers that avoid nlohmann's value<T>(), which trips -Wnull-dereference in GCC 12.
inline bool json_flag(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return false;
  auto it = object.find(key);
  return it != object.end() && *it == true;
}
inline std::string json_text(const nlohmann::json& object, const char* key, const std::string& fallback = {}) {
  if (!object.is_object()) return fallback;
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get_ref<const std::string&>() : fallback;
}

}  // namespace clawbook::openclaw
