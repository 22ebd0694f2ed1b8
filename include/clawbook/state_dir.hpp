// Where clawbook keeps its own state: the audit log and backups of applied actions, the --mask-hosts mapping.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <string>

namespace clawbook {

// ${XDG_STATE_HOME:-~/.local/state}/clawbook (XDG Base Directory), or /tmp/clawbook-<uid> with no home.
inline std::string state_dir() {
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg != nullptr && xdg[0] == '/') return std::string(xdg) + "/clawbook";
  if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0') return std::string(home) + "/.local/state/clawbook";
  return "/tmp/clawbook-" + std::to_string(getuid());
}

}  // namespace clawbook
