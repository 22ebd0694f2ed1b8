#include "openclaw/instances.hpp"

#include "proc/process.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <filesystem>

namespace clawbook::openclaw {
namespace {

std::string link_target(const std::string& path) {
  char buffer[PATH_MAX];
  const ssize_t length = ::readlink(path.c_str(), buffer, sizeof buffer - 1);
  return length > 0 ? std::string(buffer, static_cast<std::size_t>(length)) : std::string();
}

// The gateway resolves a relative OPENCLAW_STATE_DIR / OPENCLAW_CONFIG_PATH / OPENCLAW_HOME against its own
// working directory, not clawbook's.
void anchor_relative(Environment& env, const std::optional<std::string>& cwd) {
  if (!cwd || cwd->empty()) return;
  for (const char* name : {"OPENCLAW_STATE_DIR", "OPENCLAW_CONFIG_PATH", "OPENCLAW_HOME"}) {
    auto it = env.find(name);
    if (it == env.end() || it->second.empty() || it->second[0] == '/' || it->second[0] == '~') continue;
    it->second = (std::filesystem::path(*cwd) / it->second).lexically_normal().string();
  }
}

std::string passwd_home_of(unsigned uid) {
  passwd entry{};
  passwd* result = nullptr;
  char buffer[4096];
  if (::getpwuid_r(uid, &entry, buffer, sizeof buffer, &result) == 0 && result != nullptr && result->pw_dir != nullptr)
    return result->pw_dir;
  return {};
}

}  // namespace

GatewayHome gateway_home(int pid, const std::optional<std::string>& argv_profile) {
  GatewayHome home;
  const auto process = proc::get(pid);
  PathOptions options;
  options.profile = argv_profile;
  if (process) {
    options.uid = process->uid;
    options.uid_given = true;
  }
  const std::string own_ns = link_target("/proc/self/ns/mnt");
  const std::string its_ns = link_target("/proc/" + std::to_string(pid) + "/ns/mnt");
  home.other_namespace = !own_ns.empty() && !its_ns.empty() && own_ns != its_ns;

  std::string error;
  std::string message;
  if (auto env = proc::read_environ(pid, &error, &message)) {
    anchor_relative(*env, process ? process->cwd : std::nullopt);
    home.from = "environ";
    home.paths = resolve_paths(*env, options);
    return home;
  }
  // Another user's process: its uid's home and the profile its arguments name, nothing else.
  home.from = "argv";
  home.error = error + (message.empty() ? "" : ": " + message);
  Environment guess;
  if (process) {
    const std::string passwd_home = passwd_home_of(process->uid);
    if (!passwd_home.empty()) guess["HOME"] = passwd_home;
  }
  home.paths = resolve_paths(guess, options);
  return home;
}

Json to_json(const GatewayHome& home) {
  Json out = {{"from", home.from},
              {"state_dir", home.paths.state_dir},
              {"state_dir_source", home.paths.state_dir_source},
              {"config_path", home.paths.config_path},
              {"config_source", home.paths.config_source},
              {"config_exists", path_exists(home.paths.config_path)},
              {"profile_source", home.paths.profile_source}};
  if (home.paths.profile) out["profile"] = *home.paths.profile;
  if (!home.error.empty()) out["error"] = home.error;
  if (home.other_namespace) out["namespace"] = "other";
  return out;
}

bool same_install(const Paths& a, const Paths& b) {
  const auto canonical = [](const std::string& path) {
    std::error_code ignored;
    const auto real = std::filesystem::weakly_canonical(path, ignored);
    return real.empty() ? path : real.string();
  };
  return canonical(a.state_dir) == canonical(b.state_dir) || canonical(a.config_path) == canonical(b.config_path);
}

}  // namespace clawbook::openclaw
