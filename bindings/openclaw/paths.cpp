#include "openclaw/paths.hpp"

#include <openssl/evp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <filesystem>

extern char** environ;

namespace clawbook::openclaw {
namespace {

std::string trimmed(const Environment& env, const char* name) {
  auto it = env.find(name);
  if (it == env.end()) return {};
  std::string value = it->second;
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  value.erase(value.begin(), std::find_if(value.begin(), value.end(), not_space));
  value.erase(std::find_if(value.rbegin(), value.rend(), not_space).base(), value.end());
  return value;
}

// Node's path.resolve: absolute against the working directory, normalised, no trailing slash.
std::string resolve(const std::string& path) {
  std::filesystem::path p(path);
  if (p.is_relative()) {
    std::error_code ignored;
    p = std::filesystem::current_path(ignored) / p;
  }
  std::string out = p.lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

std::string passwd_home(unsigned uid) {
  passwd entry{};
  passwd* result = nullptr;
  char buffer[4096];
  if (::getpwuid_r(uid, &entry, buffer, sizeof buffer, &result) == 0 && result != nullptr && result->pw_dir != nullptr)
    return result->pw_dir;
  return {};
}

bool valid_profile_name(const std::string& name) {
  if (name.empty() || name.size() > 64 || !std::isalnum(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; });
}

bool is_default_profile(const std::string& name) {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower == "default";
}

// src/logging/log-file-path.ts encodeLogProfileSegment: lowercase alphanumerics kept, '-' doubled, '_' -> "-0",
// capitals -> "-1<lower>", anything else -> "-2<hex code point>-".
std::string encode_log_profile(const std::string& profile) {
  std::string out;
  for (unsigned char c : profile) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += static_cast<char>(c);
    else if (c == '-') out += "--";
    else if (c == '_') out += "-0";
    else if (c >= 'A' && c <= 'Z') out += "-1" + std::string(1, static_cast<char>(std::tolower(c)));
    else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "%x", c);
      out += "-2" + std::string(hex) + "-";
    }
  }
  if (out.size() > 220) out = "-3" + sha256_hex(profile);
  return out;
}

}  // namespace

Environment process_environment() {
  Environment env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string text = *entry;
    const size_t equals = text.find('=');
    if (equals != std::string::npos && equals > 0) env.emplace(text.substr(0, equals), text.substr(equals + 1));
  }
  return env;
}

std::string expand_home(const std::string& path, const std::string& home) {
  if (path == "~") return home;
  if (path.rfind("~/", 0) == 0) return home + path.substr(1);
  return path;
}

std::string sha256_hex(const std::string& text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xf];
  }
  return out;
}

bool path_exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

std::string local_date(double epoch) {
  const std::time_t seconds = static_cast<std::time_t>(epoch);
  std::tm local{};
  ::localtime_r(&seconds, &local);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &local);
  return text;
}

Paths resolve_paths(const Environment& env, PathOptions options, const std::optional<std::string>& logging_file) {
  Paths paths;
  paths.uid = options.uid_given ? options.uid : ::geteuid();

  // Home: OPENCLAW_HOME (with ~ expanded against HOME), HOME, the passwd entry.
  const std::string env_home = trimmed(env, "HOME");
  const std::string fallback_home = !env_home.empty() ? env_home : passwd_home(paths.uid);
  const std::string explicit_home = trimmed(env, "OPENCLAW_HOME");
  if (!explicit_home.empty()) {
    paths.home = resolve(expand_home(explicit_home, fallback_home));
    paths.home_source = "OPENCLAW_HOME";
  } else if (!env_home.empty()) {
    paths.home = resolve(env_home);
    paths.home_source = "HOME";
  } else {
    paths.home = resolve(fallback_home.empty() ? "." : fallback_home);
    paths.home_source = fallback_home.empty() ? "cwd" : "passwd";
  }
  const auto user_path = [&](const std::string& input) { return resolve(expand_home(input, paths.home)); };

  // Profile: the --profile argument acts on paths; OPENCLAW_PROFILE alone only names it.
  std::string state_override = trimmed(env, "OPENCLAW_STATE_DIR");
  std::string config_override = trimmed(env, "OPENCLAW_CONFIG_PATH");
  std::string port_override = trimmed(env, "OPENCLAW_GATEWAY_PORT");
  if (options.profile && !options.profile->empty()) {
    paths.profile_source = "arg";
    if (!is_default_profile(*options.profile)) paths.profile = *options.profile;
    // applyCliProfileEnv: fill OPENCLAW_STATE_DIR / OPENCLAW_CONFIG_PATH unless set explicitly.
    const std::string profile_dir =
        paths.home + "/" + (is_default_profile(*options.profile) ? ".openclaw" : ".openclaw-" + *options.profile);
    if (state_override.empty()) {
      state_override = profile_dir;
      paths.state_dir_source = "profile";
    }
    if (config_override.empty()) config_override = resolve(expand_home(state_override, paths.home)) + "/openclaw.json";
    if (*options.profile == "dev" && port_override.empty()) paths.default_port = 19001;
  } else if (const std::string env_profile = trimmed(env, "OPENCLAW_PROFILE"); !env_profile.empty()) {
    paths.profile_source = "env";
    if (!is_default_profile(env_profile)) paths.profile = env_profile;
  } else {
    paths.profile_source = "none";
  }
  if (paths.profile && !valid_profile_name(*paths.profile)) paths.profile_source += ":invalid";

  // State dir.
  const std::string new_dir = paths.home + "/.openclaw";
  const std::string legacy_dir = paths.home + "/.clawdbot";
  if (!state_override.empty()) {
    paths.state_dir = user_path(state_override);
    if (paths.state_dir_source.empty()) paths.state_dir_source = "OPENCLAW_STATE_DIR";
  } else if (path_exists(new_dir) || !path_exists(legacy_dir)) {
    paths.state_dir = new_dir;
    paths.state_dir_source = "default";
  } else {
    paths.state_dir = legacy_dir;
    paths.state_dir_source = "legacy";
  }

  // Config: explicit path, else the first existing candidate, else <state>/openclaw.json.
  if (!config_override.empty()) {
    paths.config_path = user_path(config_override);
    paths.config_source = paths.state_dir_source == "profile" ? "profile" : "OPENCLAW_CONFIG_PATH";
    paths.config_candidates = {paths.config_path};
  } else {
    if (paths.state_dir_source == "OPENCLAW_STATE_DIR") {
      paths.config_candidates.push_back(paths.state_dir + "/openclaw.json");
      paths.config_candidates.push_back(paths.state_dir + "/clawdbot.json");
    }
    for (const auto& dir : {new_dir, legacy_dir}) {
      paths.config_candidates.push_back(dir + "/openclaw.json");
      paths.config_candidates.push_back(dir + "/clawdbot.json");
    }
    const auto existing = std::find_if(paths.config_candidates.begin(), paths.config_candidates.end(), path_exists);
    if (existing != paths.config_candidates.end()) {
      paths.config_path = *existing;
      const bool in_state = existing->rfind(paths.state_dir + "/", 0) == 0;
      const bool legacy_name = existing->size() >= 13 && existing->compare(existing->size() - 13, 13, "clawdbot.json") == 0;
      paths.config_source = legacy_name ? "legacy_name" : in_state ? "state_dir" : "default_dir";
    } else {
      paths.config_path = paths.state_dir + "/openclaw.json";
      paths.config_source = "canonical";
    }
  }
  paths.env_file = paths.state_dir + "/.env";

  // Node's os.tmpdir().
  std::string tmpdir = trimmed(env, "TMPDIR");
  if (tmpdir.empty()) tmpdir = trimmed(env, "TMP");
  if (tmpdir.empty()) tmpdir = trimmed(env, "TEMP");
  if (tmpdir.empty()) tmpdir = "/tmp";
  while (tmpdir.size() > 1 && tmpdir.back() == '/') tmpdir.pop_back();
  paths.tmpdir = tmpdir;

  const std::string user_suffix = "openclaw-" + std::to_string(paths.uid);
  std::error_code ignored;
  const auto real_state = std::filesystem::weakly_canonical(paths.state_dir, ignored);
  paths.lock_dirs = {tmpdir + "/" + user_suffix,
                     (real_state.empty() ? paths.state_dir : real_state.string()) + "/tmp/" + user_suffix};
  paths.lock_name = "gateway." + sha256_hex(paths.config_path).substr(0, 8) + ".lock";

  // Log files, most specific first.
  const double now = options.now ? *options.now : static_cast<double>(std::time(nullptr));
  const std::optional<std::string> log_profile = [&]() -> std::optional<std::string> {
    if (paths.profile_source == "arg") return paths.profile;
    const std::string env_profile = trimmed(env, "OPENCLAW_PROFILE");
    if (env_profile.empty() || is_default_profile(env_profile)) return std::nullopt;
    return env_profile;
  }();
  const std::string prefix = "openclaw" + (log_profile ? "-" + encode_log_profile(*log_profile) : std::string());
  const auto add_log = [&](const std::string& path, const char* kind) {
    paths.log_files.push_back({{"path", path}, {"kind", kind}, {"exists", path_exists(path)}});
  };
  if (logging_file && !logging_file->empty()) add_log(user_path(*logging_file), "configured");
  add_log("/tmp/openclaw/" + prefix + "-" + local_date(now) + ".log", "rolling");
  add_log("/tmp/openclaw/" + prefix + "-" + local_date(now - 86400) + ".log", "rolling_previous");
  add_log(tmpdir + "/" + user_suffix + "/" + prefix + "-" + local_date(now) + ".log", "rolling_fallback");
  add_log(paths.state_dir + "/logs/gateway.log", "service_stdout");
  add_log(paths.state_dir + "/logs/gateway.err.log", "service_stderr");

  paths.workspace = paths.state_dir + (paths.profile ? "/workspace-" + *paths.profile : "/workspace");
  return paths;
}

Json to_json(const Paths& paths) {
  Json out = {{"home", paths.home},
              {"home_source", paths.home_source},
              {"profile_source", paths.profile_source},
              {"state_dir", paths.state_dir},
              {"state_dir_source", paths.state_dir_source},
              {"state_dir_exists", path_exists(paths.state_dir)},
              {"config_path", paths.config_path},
              {"config_source", paths.config_source},
              {"config_exists", path_exists(paths.config_path)},
              {"config_candidates", paths.config_candidates},
              {"env_file", paths.env_file},
              {"tmpdir", paths.tmpdir},
              {"uid", paths.uid},
              {"lock_dirs", paths.lock_dirs},
              {"lock_name", paths.lock_name},
              {"log_files", paths.log_files},
              {"workspace", paths.workspace}};
  if (paths.profile) out["profile"] = *paths.profile;
  if (paths.default_port) out["default_port"] = *paths.default_port;
  return out;
}

}  // namespace clawbook::openclaw
