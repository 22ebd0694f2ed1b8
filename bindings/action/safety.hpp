// The safety net under every action: backups taken before a change, the audit log written after it, the
// unified diff shown in a dry run, and the liveness checks that decide whether a lock is stale.
#pragma once

#include <nlohmann/json.hpp>

#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clawbook::action {

using Json = nlohmann::json;

// "20261123T061502Z": sortable, and safe in a file name.
std::string compact_utc(std::time_t when);
// "2026-11-23T06:15:02.123Z".
std::string iso_utc_now();

// One file to back up: its content as the action checked it, or (content unset) read now from `path`, never
// through a symlink.
struct BackupItem {
  std::string path;
  std::optional<std::string> content;
  unsigned mode = 0600;
};

// Copies `files` (those that exist) into a new folder <backup_dir>/<timestamp>-<label>[-N] (mode 0700), each
// under its own name, keeping its mode. Returns the folder, or nullopt with `error` set. A missing file is not
// an error (there is nothing to lose); an unreadable one is.
std::optional<std::string> back_up(const std::string& backup_dir, const std::string& label,
                                   const std::vector<BackupItem>& files, std::string& error);

// Appends one JSON line to the audit log (created 0600 with its folder 0700, never through a symlink). Returns
// an error message or "".
std::string append_audit_line(const std::string& path, const Json& entry);
// Whether a line could be appended now (the log opens for appending): under --apply, no audit means no action.
std::string audit_log_problem(const std::string& path);

// A unified diff (3 lines of context) from `before` to `after`, with ---/+++ headers naming `path`. Empty when
// they are equal. Files of more than 4,000 lines get a one-line summary instead of a diff.
std::string unified_diff(std::string_view before, std::string_view after, const std::string& path);

// The PID a lock or PID file names: OpenClaw's JSON lock {"pid": N, ...} or a bare number. nullopt when none.
std::optional<int> pid_in_lock(std::string_view content);

// True when a process with this PID exists (a zombie counts as gone: it holds nothing).
bool process_alive(int pid);

// Reads a whole file (at most 16 MiB), never through a symlink; nullopt with `error` set when it cannot.
std::optional<std::string> read_text(const std::string& path, std::string& error);

}  // namespace clawbook::action
