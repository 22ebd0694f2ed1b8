#include "fs/path_policy.hpp"

#include <fnmatch.h>
#include <sys/stat.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <optional>

namespace clawbook::fs {
namespace {

std::optional<std::string> env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::string home_dir() {
  if (auto home = env("HOME")) return *home;
  if (const passwd* entry = ::getpwuid(::geteuid()); entry != nullptr && entry->pw_dir != nullptr) return entry->pw_dir;
  return "/";
}

std::optional<std::string> real_path(const std::string& path) {
  char buffer[PATH_MAX];
  if (::realpath(path.c_str(), buffer) == nullptr) return std::nullopt;
  return std::string(buffer);
}

std::string current_dir() {
  char buffer[PATH_MAX];
  return ::getcwd(buffer, sizeof buffer) != nullptr ? std::string(buffer) : std::string("/");
}

// Path components, without empty ones ("a//b", trailing '/') and without ".".
std::vector<std::string> components_of(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = std::min(path.find('/', start), path.size());
    const std::string_view part = path.substr(start, slash - start);
    if (!part.empty() && part != ".") parts.emplace_back(part);
    start = slash + 1;
  }
  return parts;
}

std::string join(const std::vector<std::string>& parts, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += "/" + parts[i];
  return out.empty() ? "/" : out;
}

// Escapes fnmatch metacharacters, so a literal directory from the environment matches only itself.
std::string escape_glob(std::string_view literal) {
  std::string out;
  for (char c : literal) {
    if (c == '*' || c == '?' || c == '[' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

bool has_glob_meta(std::string_view component) {
  for (std::size_t i = 0; i < component.size(); ++i) {
    if (component[i] == '\\') {
      ++i;
    } else if (component[i] == '*' || component[i] == '?' || component[i] == '[') {
      return true;
    }
  }
  return false;
}

std::string unescape_glob(std::string_view escaped) {
  std::string out;
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] == '\\' && i + 1 < escaped.size()) ++i;
    out.push_back(escaped[i]);
  }
  return out;
}

bool matches(const std::string& pattern, const std::string& path) {
  return ::fnmatch(pattern.c_str(), path.c_str(), FNM_PATHNAME) == 0;
}

// Another process's environment is never fs's business (tokens live there).
bool is_process_environ(const std::string& resolved) {
  return matches("/proc/*/environ", resolved) || matches("/proc/*/task/*/environ", resolved);
}

}  // namespace

std::string expand_home(std::string_view path) {
  if (path == "~" || path.starts_with("~/")) return home_dir() + std::string(path.substr(1));
  return std::string(path);
}

std::string resolve_path(std::string_view path) {
  if (path.empty()) return "";
  const std::string absolute = path.front() == '/' ? std::string(path) : current_dir() + "/" + std::string(path);
  if (auto resolved = real_path(absolute)) return *resolved;
  // Resolve the longest existing ancestor, then append the rest lexically.
  const std::vector<std::string> parts = components_of(absolute);
  std::size_t existing = parts.size();
  std::string base = "/";
  while (existing > 0) {
    --existing;
    if (auto resolved = real_path(join(parts, existing))) {
      base = *resolved;
      break;
    }
  }
  // The first component that did not resolve exists all the same: a link whose target is no path (a deleted
  // file's or a memfd's /proc/PID/fd/N, a socket, a pipe) or a dangling one. Judging it by its lexical name
  // would let /proc/PID/fd/N pass as "/proc": where it leads is unknown, so it leads nowhere allowed.
  if (existing < parts.size()) {
    struct stat entry {};
    if (::lstat(join(parts, existing + 1).c_str(), &entry) == 0 && S_ISLNK(entry.st_mode)) return "";
  }
  std::vector<std::string> result = components_of(base);
  for (std::size_t i = existing; i < parts.size(); ++i) {
    if (parts[i] == "..") {
      if (!result.empty()) result.pop_back();
    } else {
      result.push_back(parts[i]);
    }
  }
  return join(result, result.size());
}

std::vector<std::string> default_patterns() {
  std::vector<std::string> patterns;
  std::vector<std::string> homes{home_dir()};
  if (auto openclaw_home = env("OPENCLAW_HOME"); openclaw_home && *openclaw_home != homes.front())
    homes.push_back(*openclaw_home);
  if (auto state = env("OPENCLAW_STATE_DIR")) patterns.push_back(escape_glob(*state));
  for (const auto& home : homes) {
    const std::string base = escape_glob(home);
    patterns.push_back(base + "/.openclaw");
    patterns.push_back(base + "/.openclaw-*");
    patterns.push_back(base + "/.clawdbot");  // the state dirs of the old names (clawdbot, then moltbot)
    patterns.push_back(base + "/.moltbot");
    patterns.push_back(base + "/.config/systemd/user");
  }
  if (auto config = env("OPENCLAW_CONFIG_PATH")) {
    patterns.push_back(escape_glob(*config));
    patterns.push_back(escape_glob(*config) + "*");  // backups: .bak, .bak.1, .clobbered.<ts>, .rejected.<ts>
  }
  patterns.push_back("/tmp/openclaw*");
  if (auto tmp = env("TMPDIR")) patterns.push_back(escape_glob(*tmp) + "/openclaw*");
  for (const char* dir : {"/proc", "/etc/nginx", "/etc/apache2", "/etc/httpd", "/etc/caddy", "/etc/systemd/system"})
    patterns.emplace_back(dir);
  // Traefik's and cloudflared's configs, not their neighbours (acme.json and the tunnel credentials hold keys).
  for (const char* file :
       {"/etc/traefik/*.y*ml", "/etc/traefik/*.toml", "/etc/traefik/*/*.y*ml", "/etc/traefik/*/*.toml",
        "/etc/cloudflared/config.y*ml", "/usr/local/etc/cloudflared/config.y*ml"})
    patterns.emplace_back(file);
  for (const auto& home : homes) patterns.push_back(escape_glob(home) + "/.cloudflared/config.y*ml");
  return patterns;
}

std::vector<std::string> capability_patterns(const std::vector<std::string>& capabilities) {
  std::vector<std::string> patterns;
  for (const auto& capability : capabilities) {
    if (capability.starts_with("fs:") && capability.size() > 3) patterns.push_back(expand_home(capability.substr(3)));
  }
  return patterns;
}

PathPolicy::PathPolicy(const std::vector<std::string>& patterns) {
  auto add = [this](std::string pattern) {
    if (std::find(patterns_.begin(), patterns_.end(), pattern) == patterns_.end())
      patterns_.push_back(std::move(pattern));
  };
  for (const auto& given : patterns) {
    std::string pattern = expand_home(given);
    if (pattern.empty()) continue;
    if (pattern.front() != '/') pattern = escape_glob(current_dir()) + "/" + pattern;
    const std::vector<std::string> parts = components_of(pattern);
    add(join(parts, parts.size()));
    // The same pattern with its literal leading directories resolved (a symlinked ~/.openclaw, /tmp).
    const auto literal_end = static_cast<std::size_t>(
        std::find_if(parts.begin(), parts.end(), [](const std::string& part) { return has_glob_meta(part); }) -
        parts.begin());
    if (auto resolved = real_path(unescape_glob(join(parts, literal_end)))) {
      std::string alias = escape_glob(*resolved);
      for (std::size_t i = literal_end; i < parts.size(); ++i) alias += (alias == "/" ? "" : "/") + parts[i];
      add(alias);
    }
  }
}

PathPolicy PathPolicy::for_capabilities(const std::vector<std::string>& capabilities) {
  std::vector<std::string> patterns = default_patterns();
  for (auto& pattern : capability_patterns(capabilities)) patterns.push_back(std::move(pattern));
  return PathPolicy(patterns);
}

bool PathPolicy::allows_resolved(const std::string& resolved) const {
  if (resolved.empty() || resolved.front() != '/' || is_process_environ(resolved)) return false;
  // The path itself, then each ancestor directory: "/a/b/c", "/a/b", "/a", "/".
  std::string candidate = resolved;
  for (;;) {
    for (const auto& pattern : patterns_) {
      if (matches(pattern, candidate)) return true;
    }
    if (candidate == "/") return false;
    const std::size_t slash = candidate.rfind('/');
    candidate.resize(slash == 0 ? 1 : slash);
  }
}

std::string PathPolicy::require(std::string_view path) const {
  const std::string resolved = resolve_path(expand_home(path));
  if (allows_resolved(resolved)) return resolved;
  if (resolved.empty())
    throw PathDenied("'" + std::string(path) +
                     "' goes through a link whose target cannot be resolved (a deleted "
                     "file, a memfd, a socket or a pipe): it cannot be checked against the path policy");
  std::string shown = "'" + std::string(path) + "'";
  if (resolved != path) shown += " (resolves to '" + resolved + "')";
  if (is_process_environ(resolved))
    throw PathDenied(shown +
                     " is never readable through fs: it holds another process's secrets; use "
                     "proc.env_fingerprints");
  throw PathDenied(shown + " is outside the paths this runbook may read; declare the capability \"fs:" +
                   escape_glob(resolved) + "\" to allow it");
}

}  // namespace clawbook::fs
