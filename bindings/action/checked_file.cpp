#include "action/checked_file.hpp"

#include "clawbook/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

namespace clawbook::action {
namespace {

constexpr size_t kMaxFile = 16u << 20;  // configs, dotenv files and locks are small

std::string error_text(const std::string& what, int error) { return what + ": " + std::strerror(error); }

// Reads all of `fd` (at most kMaxFile); nullopt with `error` set on failure.
std::optional<std::string> read_all(int fd, const std::string& path, std::string& error) {
  std::string text;
  char buffer[65536];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = error_text(path, errno);
      return std::nullopt;
    }
    if (n == 0) return text;
    text.append(buffer, static_cast<size_t>(n));
    if (text.size() > kMaxFile) {
      error = path + ": larger than 16 MiB";
      return std::nullopt;
    }
  }
}

}  // namespace

CheckedFile CheckedFile::open(const std::string& resolved_path) {
  CheckedFile file;
  file.path_ = resolved_path;
  const auto slash = resolved_path.find_last_of('/');
  if (resolved_path.empty() || resolved_path.front() != '/' || slash == std::string::npos ||
      slash + 1 == resolved_path.size()) {
    file.problem_ = resolved_path + ": not an absolute file path";
    return file;
  }
  const std::string dir = slash == 0 ? "/" : resolved_path.substr(0, slash);
  file.name_ = resolved_path.substr(slash + 1);
  if (file.name_ == "." || file.name_ == "..") {
    file.problem_ = resolved_path + ": not a file";
    return file;
  }
  // O_NOFOLLOW on the directory too: the policy resolved it, so a symlink there now is a swap.
  file.dir_fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (file.dir_fd_ < 0) {
    file.problem_ = error_text(dir, errno);
    return file;
  }
  // ... and no directory above it was swapped between the policy's check and this open.
  char held[4096];
  const std::string link = "/proc/self/fd/" + std::to_string(file.dir_fd_);
  const ssize_t length = ::readlink(link.c_str(), held, sizeof held - 1);
  if (length <= 0 || std::string(held, static_cast<size_t>(length)) != dir) {
    file.problem_ = dir + " changed while it was being checked (a directory above it was replaced)";
    return file;
  }
  struct stat info {};
  if (::fstatat(file.dir_fd_, file.name_.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno != ENOENT) file.problem_ = error_text(resolved_path, errno);
    return file;  // absent: the action may create it
  }
  if (S_ISLNK(info.st_mode)) {
    file.problem_ = resolved_path + " is a symbolic link: name the file it points to";
    return file;
  }
  if (!S_ISREG(info.st_mode)) {
    file.problem_ = resolved_path + " is not a regular file";
    return file;
  }
  const int fd = ::openat(file.dir_fd_, file.name_.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    file.problem_ = error_text(resolved_path, errno);
    return file;
  }
  struct stat opened {};
  std::string error;
  std::optional<std::string> content;
  if (::fstat(fd, &opened) != 0 || opened.st_dev != info.st_dev || opened.st_ino != info.st_ino) {
    error = resolved_path + " changed while it was being read";
  } else {
    content = read_all(fd, resolved_path, error);
  }
  ::close(fd);
  if (!content) {
    file.problem_ = error;
    return file;
  }
  file.exists_ = true;
  file.dev_ = opened.st_dev;
  file.ino_ = opened.st_ino;
  file.mode_ = opened.st_mode & 07777;
  file.uid_ = opened.st_uid;
  file.gid_ = opened.st_gid;
  file.content_ = std::move(*content);
  return file;
}

CheckedFile::CheckedFile(CheckedFile&& other) noexcept
    : path_(std::move(other.path_)),
      name_(std::move(other.name_)),
      dir_fd_(other.dir_fd_),
      exists_(other.exists_),
      dev_(other.dev_),
      ino_(other.ino_),
      mode_(other.mode_),
      uid_(other.uid_),
      gid_(other.gid_),
      content_(std::move(other.content_)),
      problem_(std::move(other.problem_)) {
  other.dir_fd_ = -1;
}

CheckedFile::~CheckedFile() {
  if (dir_fd_ >= 0) ::close(dir_fd_);
}

std::optional<std::string> CheckedFile::changed_since_check() const {
  if (problem_) return problem_;
  struct stat info {};
  if (::fstatat(dir_fd_, name_.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT && !exists_) return std::nullopt;
    return errno == ENOENT ? path_ + " was removed after it was checked" : error_text(path_, errno);
  }
  if (!exists_) return path_ + " was created after it was checked";
  if (S_ISLNK(info.st_mode)) return path_ + " was replaced by a symbolic link after it was checked";
  if (info.st_dev != dev_ || info.st_ino != ino_) return path_ + " was replaced by another file after it was checked";
  const int fd = ::openat(dir_fd_, name_.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return error_text(path_, errno);
  struct stat opened {};
  std::string error;
  std::optional<std::string> now;
  if (::fstat(fd, &opened) != 0 || opened.st_dev != dev_ || opened.st_ino != ino_)
    error = path_ + " was replaced by another file after it was checked";
  else
    now = read_all(fd, path_, error);
  ::close(fd);
  if (!now) return error;
  if (*now != content_) return path_ + " was edited after it was checked: run again to see the new plan";
  return std::nullopt;
}

std::optional<std::string> CheckedFile::replace(const std::string& text, mode_t new_mode) const {
  if (problem_) return problem_;
  static thread_local std::mt19937_64 random{std::random_device{}()};
  std::string temporary;
  int fd = -1;
  for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
    temporary = "." + name_ + ".clawbook-" + std::to_string(random() % 100000000);
    fd = ::openat(dir_fd_, temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) return error_text(path_, errno);
  }
  if (fd < 0) return error_text(path_, EEXIST);
  const mode_t mode = exists_ ? mode_ : new_mode;
  bool ok = write_all(fd, text);
  int saved = errno;
  // Keep the owner too: as root, a config that belongs to the gateway's user must stay readable by it.
  if (ok && exists_ && ::geteuid() == 0 && ::fchown(fd, uid_, gid_) != 0) ok = false, saved = errno;
  if (ok && ::fchmod(fd, mode) != 0) ok = false, saved = errno;
  if (ok && ::fsync(fd) != 0) ok = false, saved = errno;
  ::close(fd);
  if (ok) {
    // A new file must not replace one that appeared meanwhile; an existing one was re-checked just before.
    const unsigned flags = exists_ ? 0u : RENAME_NOREPLACE;
    if (::renameat2(dir_fd_, temporary.c_str(), dir_fd_, name_.c_str(), flags) == 0) return std::nullopt;
    saved = errno;
  }
  ::unlinkat(dir_fd_, temporary.c_str(), 0);
  return error_text(path_, saved);
}

std::optional<std::string> CheckedFile::remove() const {
  if (problem_) return problem_;
  if (::unlinkat(dir_fd_, name_.c_str(), 0) != 0 && errno != ENOENT) return error_text(path_, errno);
  return std::nullopt;
}

}  // namespace clawbook::action
