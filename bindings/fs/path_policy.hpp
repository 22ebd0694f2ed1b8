// Which paths the `fs` module may read.
//
// A path is allowed when it, or one of its ancestor directories, matches an allowed pattern (fnmatch(3) with
// FNM_PATHNAME: `*` stays within one component, so "/tmp/openclaw*" allows /tmp/openclaw-0/gateway.lock but
// not /tmp/other). The path is resolved first: made absolute, then `..` and every symlink resolved (realpath),
// so "/proc/../etc/shadow" and a symlink out of an allowed directory are judged by where they really lead.
// For a path that does not exist yet, its longest existing ancestor is resolved and the rest is normalised
// lexically. A link whose target cannot be resolved (/proc/PID/fd/N of a deleted file or a memfd, a socket, a
// dangling link) resolves to "": it is never allowed.
//
// Default patterns (default_patterns()): the OpenClaw state dirs ($OPENCLAW_STATE_DIR, ~/.openclaw,
// ~/.openclaw-* profiles, legacy ~/.clawdbot; ~ is $HOME and also $OPENCLAW_HOME when set),
// $OPENCLAW_CONFIG_PATH and its siblings (backups: openclaw.json.bak*, .clobbered.*), /tmp/openclaw* (logs,
// lock dirs), $TMPDIR/openclaw*, /proc, /etc/nginx, /etc/apache2, /etc/httpd, /etc/caddy,
// ~/.config/systemd/user, /etc/systemd/system; Traefik's YAML and TOML files under /etc/traefik (not acme.json)
// and cloudflared's config.yml in /etc/cloudflared, /usr/local/etc/cloudflared and ~/.cloudflared (not the
// tunnel credentials beside it). A runbook adds patterns with capabilities "fs:<pattern>"
// (e.g. "fs:/var/log/openclaw", "fs:~/logs/*.log").
//
// Whatever the patterns say, /proc/<pid>/environ is never allowed: it holds other processes' secrets (use
// proc.env_fingerprints).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace clawbook::fs {

// Raised when a path is outside the policy: a misuse (the runbook must declare the capability).
struct PathDenied : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// "~" or "~/x" -> $HOME, "$HOME/x"; anything else unchanged.
std::string expand_home(std::string_view path);

// Absolute, with `.`, `..` and symlinks resolved as far as the path exists (see above); "" for a path through a
// link whose target cannot be resolved.
std::string resolve_path(std::string_view path);

// The default patterns, read from the environment now.
std::vector<std::string> default_patterns();

// Patterns from capabilities: "fs:/x" -> "/x" (with ~ expanded); other capabilities are ignored.
std::vector<std::string> capability_patterns(const std::vector<std::string>& capabilities);

class PathPolicy {
 public:
  // Each pattern is kept as given (normalised) and, when its directory part resolves elsewhere through a
  // symlink, also in its resolved form.
  explicit PathPolicy(const std::vector<std::string>& patterns);

  // Defaults plus the "fs:" capabilities.
  static PathPolicy for_capabilities(const std::vector<std::string>& capabilities);

  // Whether an already resolved absolute path is allowed.
  bool allows_resolved(const std::string& resolved) const;

  // Resolves `path` and returns the resolved form, or throws PathDenied naming the path and the capability
  // that would allow it.
  std::string require(std::string_view path) const;

  const std::vector<std::string>& patterns() const { return patterns_; }

 private:
  std::vector<std::string> patterns_;
};

}  // namespace clawbook::fs
