#include "clawbook/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <random>
#include <stdexcept>

namespace clawbook {
namespace {

namespace fs = std::filesystem;

std::runtime_error cannot_write(const std::string& path, int error) {
  return std::runtime_error("cannot write " + path + ": " + std::strerror(error));
}

// Where a report may not go: another user's file, or any link, in a sticky world-writable directory such as /tmp
// (the kernel's protected_symlinks/protected_regular rules, applied whatever the sysctls say); a link to a
// regular file or a block device anywhere (a link is never followed to replace a file).
void refuse_unsafe_target(const std::string& path, int dir_fd, const std::string& name) {
  struct stat dir {};
  struct stat entry {};
  if (::fstat(dir_fd, &dir) != 0) throw cannot_write(path, errno);
  if (::fstatat(dir_fd, name.c_str(), &entry, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return;
    throw cannot_write(path, errno);
  }
  const bool sticky_shared = (dir.st_mode & S_ISVTX) != 0 && (dir.st_mode & S_IWOTH) != 0;
  if (sticky_shared && S_ISLNK(entry.st_mode))
    throw std::runtime_error("refusing to write " + path + ": a symbolic link in a shared sticky directory");
  if (sticky_shared && entry.st_uid != ::geteuid() && entry.st_uid != dir.st_uid)
    throw std::runtime_error("refusing to write " + path + ": it belongs to another user (uid " +
                             std::to_string(entry.st_uid) + ") in a shared sticky directory");
  if (S_ISLNK(entry.st_mode)) {
    struct stat target {};
    if (::fstatat(dir_fd, name.c_str(), &target, 0) != 0 || S_ISREG(target.st_mode) || S_ISBLK(target.st_mode) ||
        S_ISDIR(target.st_mode))
      throw std::runtime_error("refusing to write " + path + ": a symbolic link (give the file's own path)");
  } else if (S_ISBLK(entry.st_mode)) {
    throw std::runtime_error("refusing to write " + path + ": a block device");
  }
}

// The directory of `path`, opened, and the name in it.
struct Target {
  int dir_fd = -1;
  std::string name;
  explicit Target(const std::string& path) {
    const fs::path as_given(path);
    name = as_given.filename().string();
    if (name.empty() || name == "." || name == "..") throw std::runtime_error("cannot write " + path + ": not a file name");
    const std::string dir = as_given.has_parent_path() ? as_given.parent_path().string() : ".";
    dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0) throw cannot_write(path, errno);
  }
  ~Target() { ::close(dir_fd); }
  Target(const Target&) = delete;
  Target& operator=(const Target&) = delete;
};

}  // namespace

bool write_all(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

void check_output_target(const std::string& path) {
  Target target(path);
  refuse_unsafe_target(path, target.dir_fd, target.name);
}

void write_atomically(const std::string& path, const std::string& text) {
  Target target(path);
  const int dir_fd = target.dir_fd;
  const std::string& name = target.name;
  refuse_unsafe_target(path, dir_fd, name);

  struct stat existing {};
  const bool exists = ::fstatat(dir_fd, name.c_str(), &existing, 0) == 0;
  // /dev/null, /dev/stdout, a FIFO: written in place; replacing the node would break it for everyone. Opened
  // without truncating, then checked again through the descriptor, so a swap in between writes nothing.
  if (exists && !S_ISREG(existing.st_mode)) {
    const int fd = ::openat(dir_fd, name.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) throw cannot_write(path, errno);
    struct stat opened {};
    if (::fstat(fd, &opened) != 0 || !(S_ISCHR(opened.st_mode) || S_ISFIFO(opened.st_mode) || S_ISSOCK(opened.st_mode))) {
      ::close(fd);
      throw std::runtime_error("refusing to write " + path + ": it changed while it was being opened");
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    const bool ok = write_all(fd, text);
    const int saved = errno;
    ::close(fd);
    if (!ok) throw cannot_write(path, saved);
    return;
  }
  // A temporary beside it (same filesystem, so the rename is atomic), created exclusively and never through a
  // symlink someone planted under the expected name; the rename replaces the directory entry itself.
  std::random_device seed;
  std::string temporary;
  int fd = -1;
  for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
    temporary = "." + name + ".tmp" + std::to_string(getpid()) + "-" + std::to_string(seed() % 1000000);
    fd = ::openat(dir_fd, temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) throw cannot_write(path, errno);
  }
  if (fd < 0) throw cannot_write(path, EEXIST);
  // Keep the mode of the file being replaced (a collector reading as another user relies on it).
  if (exists && ::fchmod(fd, existing.st_mode & 07777) != 0) {
    // the default mode is still a readable file
  }
  const bool ok = write_all(fd, text);
  const int saved = errno;
  ::close(fd);
  if (!ok) {
    ::unlinkat(dir_fd, temporary.c_str(), 0);
    throw cannot_write(path, saved);
  }
  if (::renameat(dir_fd, temporary.c_str(), dir_fd, name.c_str()) != 0) {
    const int error = errno;
    ::unlinkat(dir_fd, temporary.c_str(), 0);
    throw cannot_write(path, error);
  }
}

bool write_file_or_report(const std::string& path, const std::string& text) {
  try {
    write_atomically(path, text);
    return true;
  } catch (const std::exception& e) {
    std::cerr << "clawbook: " << e.what() << "\n";
    return false;
  }
}

}  // namespace clawbook
