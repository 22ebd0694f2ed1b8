#include "proc/procfs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace clawbook::proc {

std::optional<std::string> read_file_at(int dirfd, const char* path, size_t cap, int* error) {
  const int fd = ::openat(dirfd, path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (error != nullptr) *error = errno;
    return std::nullopt;
  }
  std::string data;
  // /proc files report size 0, so read in chunks until EOF or the cap.
  size_t chunk = std::min<size_t>(cap, 4096);
  for (;;) {
    const size_t old_size = data.size();
    if (old_size >= cap) break;
    const size_t want = std::min(chunk, cap - old_size);
    data.resize(old_size + want);
    const ssize_t got = ::read(fd, data.data() + old_size, want);
    if (got < 0) {
      if (errno == EINTR) {
        data.resize(old_size);
        continue;
      }
      const int saved = errno;
      ::close(fd);
      if (error != nullptr) *error = saved;
      return std::nullopt;
    }
    data.resize(old_size + static_cast<size_t>(got));
    if (got == 0) break;
    chunk = std::min<size_t>(chunk * 2, 1 << 20);
  }
  ::close(fd);
  return data;
}

std::optional<std::string> read_link_at(int dirfd, const char* path, int* error) {
  char buffer[4096];
  const ssize_t length = ::readlinkat(dirfd, path, buffer, sizeof buffer);
  if (length < 0) {
    if (error != nullptr) *error = errno;
    return std::nullopt;
  }
  return std::string(buffer, static_cast<size_t>(length));
}

std::vector<int> list_pids() {
  std::vector<int> pids;
  DIR* dir = ::opendir(kProcRoot);
  if (dir == nullptr) return pids;
  while (const dirent* entry = ::readdir(dir)) {
    const char* name = entry->d_name;
    if (name[0] < '0' || name[0] > '9') continue;
    int pid = 0;
    const auto [end, ec] = std::from_chars(name, name + std::strlen(name), pid);
    if (ec == std::errc() && *end == '\0') pids.push_back(pid);
  }
  ::closedir(dir);
  return pids;
}

long clock_ticks() {
  static const long ticks = [] {
    const long value = ::sysconf(_SC_CLK_TCK);
    return value > 0 ? value : 100;
  }();
  return ticks;
}

double boot_time() {
  // btime never changes while the system runs: read it once.
  static const double value = [] {
    const auto stat = read_file("/proc/stat", 1 << 20);
    if (!stat) return 0.0;
    const size_t at = stat->find("\nbtime ");
    if (at == std::string::npos) return 0.0;
    long long seconds = 0;
    const char* begin = stat->data() + at + 7;
    std::from_chars(begin, stat->data() + stat->size(), seconds);
    return static_cast<double>(seconds);
  }();
  return value;
}

std::string classify_errno(int error) {
  switch (error) {
    case EACCES:
    case EPERM:
      return "permission_denied";
    case ENOENT:
    case ESRCH:
    case ENOTDIR:
      return "not_found";
    default:
      return "io_error";
  }
}

std::vector<std::string> split_nul(std::string_view data) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start < data.size()) {
    size_t end = data.find('\0', start);
    if (end == std::string_view::npos) end = data.size();
    parts.emplace_back(data.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

}  // namespace clawbook::proc
