#include "openclaw/schema_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

namespace clawbook::openclaw {

std::string schema_cache_dir(const Environment& env, bool root) {
  const auto get = [&](const char* name) -> std::string {
    auto it = env.find(name);
    return it == env.end() ? std::string() : it->second;
  };
  if (const auto xdg = get("XDG_CACHE_HOME"); !xdg.empty() && xdg.front() == '/') return xdg + "/clawbook";
  if (root) return "/var/cache/clawbook";
  if (const auto home = get("HOME"); !home.empty() && home.front() == '/') return home + "/.cache/clawbook";
  return "/tmp/clawbook-cache-" + std::to_string(::geteuid());
}

std::optional<std::string> schema_cache_path(const std::string& dir, const std::string& version) {
  const bool plain = !version.empty() && version.size() <= 64 && version.front() != '.' &&
                     std::all_of(version.begin(), version.end(), [](char c) {
                       return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
                              c == '-' || c == '_' || c == '+';
                     });
  if (!plain) return std::nullopt;
  return dir + "/openclaw-schema-" + version + ".json";
}

systemd::CommandSpec schema_command(const std::string& cli, const Environment& env, const std::string& scratch_dir,
                                    std::chrono::steady_clock::duration timeout) {
  const auto path = env.find("PATH");
  return {.program = cli,
          .args = {"config", "schema"},
          .env = {"PATH=" + (path != env.end() ? path->second : std::string("/usr/local/bin:/usr/bin:/bin")),
                  "HOME=" + scratch_dir, "OPENCLAW_STATE_DIR=" + scratch_dir,
                  "OPENCLAW_CONFIG_PATH=" + scratch_dir + "/openclaw.json", "LC_ALL=C", "NO_COLOR=1",
                  "OPENCLAW_OFFLINE=1", "OPENCLAW_NO_AUTO_UPDATE=1", "DO_NOT_TRACK=1"},
          .inherit_environment = false,
          .timeout = timeout,
          .max_output = kMaxSchemaBytes,
          .max_error_output = 65536};
}

std::optional<std::string> read_cached_schema(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return std::nullopt;
  struct stat info {};
  std::optional<std::string> text;
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && static_cast<std::size_t>(info.st_size) <= kMaxSchemaBytes) {
    std::string buffer(static_cast<std::size_t>(info.st_size), '\0');
    std::size_t done = 0;
    while (done < buffer.size()) {
      const ssize_t n = ::read(fd, buffer.data() + done, buffer.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    if (done == buffer.size()) text = std::move(buffer);
  }
  ::close(fd);
  return text;
}

}  // namespace clawbook::openclaw
