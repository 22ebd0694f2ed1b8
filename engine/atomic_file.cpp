#include "atomic_file.hpp"

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

}  // namespace

void write_atomically(const std::string& path, const std::string& text) {
  struct stat existing {};
  const bool exists = ::stat(path.c_str(), &existing) == 0;
  // /dev/null, /dev/stdout, a FIFO: written in place; replacing the node would break it for everyone.
  if (exists && !S_ISREG(existing.st_mode)) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) throw cannot_write(path, errno);
    const bool ok = write_all(fd, text);
    const int saved = errno;
    ::close(fd);
    if (!ok) throw cannot_write(path, saved);
    return;
  }
  // A symlink stays a symlink: its target is what gets replaced.
  std::error_code ec;
  std::string target = path;
  if (fs::is_symlink(path, ec)) {
    const fs::path resolved = fs::weakly_canonical(path, ec);
    if (!ec) target = resolved.string();
  }
  // A temporary beside the target (same filesystem, so rename is atomic), created exclusively and never through
  // a symlink someone planted under the expected name.
  std::random_device seed;
  std::string temporary;
  int fd = -1;
  for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
    temporary = target + ".tmp" + std::to_string(getpid()) + "-" + std::to_string(seed() % 1000000);
    fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
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
    std::remove(temporary.c_str());
    throw cannot_write(path, saved);
  }
  if (std::rename(temporary.c_str(), target.c_str()) != 0) {
    const int error = errno;
    std::remove(temporary.c_str());
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
