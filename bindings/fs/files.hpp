// File access for the `fs` Lua module: stat, size-capped read, glob, directory listing, tail.
//
// Convention: every function returns a plain Json object, never throws for a failure of the environment.
//   success: {ok=true, path=..., <data>}
//   failure: {ok=false, path=..., error=<code>, message="<path>: <strerror text>"}
// Error codes (from errno): not_found (ENOENT), permission_denied (EACCES, EPERM), is_directory (EISDIR),
// not_a_directory (ENOTDIR), not_a_file (a FIFO, socket or device where a regular file is needed),
// symlink_loop (ELOOP), name_too_long (ENAMETOOLONG), too_many_open_files (EMFILE, ENFILE), io_error (EIO),
// os_error (anything else; the message has the details).
// stat() of a missing path is not a failure: it returns ok=true, exists=false.
//
// These functions read whatever path they get: the caller applies the path policy first (path_policy.hpp).
// Reads are synchronous and bounded by size caps, so a huge file or a /proc file never stalls a run for long;
// FIFOs and devices are refused rather than read (they could block or never end).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

namespace clawbook::fs {

inline constexpr std::size_t default_read_max = 1024 * 1024;        // fs.read without {max=}
inline constexpr std::size_t read_max_limit = 64 * 1024 * 1024;     // largest {max=} accepted
inline constexpr std::size_t default_tail_lines = 10;
inline constexpr std::size_t tail_lines_limit = 100000;
inline constexpr std::size_t tail_scan_limit = 16 * 1024 * 1024;    // bytes tail() reads from the end at most
inline constexpr std::size_t listing_limit = 10000;                 // entries of list() and glob()

// The stable error code for an errno value (see the table above).
std::string error_code(int errno_value);
// {ok=false, path, error, message} for an errno value.
nlohmann::json error_result(const std::string& path, int errno_value);

// {ok, path, exists, type, mode="0644", uid, user, gid, group, size, mtime, readable, writable,
//  symlink, link_target}. type: file, directory, symlink (dangling), fifo, socket, char_device, block_device.
// Follows symlinks; symlink/link_target describe `path` itself. readable/writable are for the effective user
// (access(2) with AT_EACCESS). user/group are absent when the id has no name.
nlohmann::json stat_path(const std::string& path);

// {ok, path, text, bytes, size, truncated}: at most max_bytes of the file's start. size is what stat says
// (0 for most /proc files); truncated says the file has more than max_bytes.
nlohmann::json read_file(const std::string& path, std::size_t max_bytes = default_read_max);

// {ok, pattern, matches=[paths, sorted], truncated}: glob(3) with brace and tilde expansion. No match is
// ok=true with an empty list; unreadable directories are skipped.
nlohmann::json glob_paths(const std::string& pattern);

// {ok, path, entries=[{name, type, size, mtime}], truncated}: sorted by name, without "." and "..".
// type is the entry's own (a symlink is "symlink").
nlohmann::json list_dir(const std::string& path);

// {ok, path, lines=[...], truncated}: the last `count` lines, read backwards from the end in blocks, so a
// large log costs only what is returned. Line ends (LF or CRLF) are removed. truncated says fewer lines
// came back than asked because tail_scan_limit bytes were read before the file's start was reached.
nlohmann::json tail_file(const std::string& path, std::size_t count = default_tail_lines);

}  // namespace clawbook::fs
