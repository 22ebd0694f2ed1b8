// A file an action plans to change, pinned when it is checked so that the change lands on that same file.
//
// An action is planned, shown, confirmed at a prompt, and only then carried out: time enough for someone to
// swap the file (or a directory above it) for a symlink to somewhere else. So the check opens the parent
// directory once (its real path, judged by the path policy) and keeps that descriptor; the file itself is only
// ever reached relative to it with O_NOFOLLOW, its identity (device, inode) and content are recorded, and before
// the change both are checked again. Anything different: the action is refused and nothing is written.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace clawbook::action {

class CheckedFile {
 public:
  // Pins `resolved_path` (absolute, symlinks in its directories already resolved by the path policy). The last
  // component may be missing (a file the action creates); a symlink there is an error.
  static CheckedFile open(const std::string& resolved_path);

  CheckedFile(CheckedFile&& other) noexcept;
  CheckedFile& operator=(CheckedFile&&) = delete;
  CheckedFile(const CheckedFile&) = delete;
  ~CheckedFile();

  // Why it cannot be used at all (no directory, a symlink, not a regular file, unreadable); nullopt when fine.
  const std::optional<std::string>& problem() const { return problem_; }
  const std::string& path() const { return path_; }
  bool exists() const { return exists_; }
  // Its content when checked (empty when it does not exist).
  const std::string& content() const { return content_; }
  mode_t mode() const { return mode_; }

  // Checks again, just before the change: the same directory entry, the same inode, the same content (or
  // still absent). nullopt when nothing changed, else why the action must not go ahead.
  std::optional<std::string> changed_since_check() const;

  // Replaces the file's content atomically (a temporary in the pinned directory, then renameat); the owner and
  // mode of the old file are kept (a new file gets `new_mode`). Returns an error message, or nullopt.
  std::optional<std::string> replace(const std::string& text, mode_t new_mode) const;
  // Removes the directory entry (unlinkat in the pinned directory). Returns an error message, or nullopt.
  std::optional<std::string> remove() const;

 private:
  CheckedFile() = default;
  std::string path_;
  std::string name_;
  int dir_fd_ = -1;
  bool exists_ = false;
  dev_t dev_ = 0;
  ino_t ino_ = 0;
  mode_t mode_ = 0;
  uid_t uid_ = 0;
  gid_t gid_ = 0;
  std::string content_;
  std::optional<std::string> problem_;
};

}  // namespace clawbook::action
