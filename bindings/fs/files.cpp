#include "fs/files.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <glob.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

namespace clawbook::fs {
namespace {

using Json = nlohmann::json;

// Closes a file descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string type_name(mode_t mode) {
  if (S_ISREG(mode)) return "file";
  if (S_ISDIR(mode)) return "directory";
  if (S_ISLNK(mode)) return "symlink";
  if (S_ISFIFO(mode)) return "fifo";
  if (S_ISSOCK(mode)) return "socket";
  if (S_ISCHR(mode)) return "char_device";
  if (S_ISBLK(mode)) return "block_device";
  return "unknown";
}

std::string octal_mode(mode_t mode) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%04o", static_cast<unsigned>(mode & 07777));
  return buffer;
}

double seconds(const timespec& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9; }

std::optional<std::string> user_name(uid_t uid) {
  std::vector<char> buffer(4096);
  passwd entry{};
  passwd* found = nullptr;
  if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr) return std::nullopt;
  return std::string(found->pw_name);
}

std::optional<std::string> group_name(gid_t gid) {
  std::vector<char> buffer(4096);
  group entry{};
  group* found = nullptr;
  if (getgrgid_r(gid, &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr) return std::nullopt;
  return std::string(found->gr_name);
}

std::optional<std::string> link_target(const std::string& path) {
  std::vector<char> buffer(4096);
  const ssize_t length = ::readlink(path.c_str(), buffer.data(), buffer.size());
  if (length < 0) return std::nullopt;
  return std::string(buffer.data(), static_cast<std::size_t>(length));
}

bool accessible(const std::string& path, int how) { return ::faccessat(AT_FDCWD, path.c_str(), how, AT_EACCESS) == 0; }

// Opens a regular file for reading. O_NONBLOCK so that opening a FIFO cannot hang; non-regular files are
// refused after fstat. Returns the fd (>= 0) or a failure result.
std::variant<int, Json> open_regular(const std::string& path, struct stat& info) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return error_result(path, errno);
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    ::close(fd);
    return error_result(path, error);
  }
  if (S_ISDIR(info.st_mode)) {
    ::close(fd);
    return error_result(path, EISDIR);
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    return Json{{"ok", false},
                {"path", path},
                {"error", "not_a_file"},
                {"message", path + ": is a " + type_name(info.st_mode) + ", not a regular file"}};
  }
  return fd;
}

// read(2) that retries on EINTR; returns bytes read, 0 at end, -1 on error.
ssize_t read_some(int fd, char* buffer, std::size_t size) {
  for (;;) {
    const ssize_t got = ::read(fd, buffer, size);
    if (got >= 0 || errno != EINTR) return got;
  }
}

ssize_t pread_some(int fd, char* buffer, std::size_t size, off_t offset) {
  for (;;) {
    const ssize_t got = ::pread(fd, buffer, size, offset);
    if (got >= 0 || errno != EINTR) return got;
  }
}

// Splits the end of a file's content into its last `count` lines. `from_start` says `text` begins at the
// file's start (so its first line is complete).
std::vector<std::string> last_lines(std::string_view text, std::size_t count, bool from_start) {
  std::vector<std::string> lines;
  if (text.empty()) return lines;
  if (text.back() == '\n') text.remove_suffix(1);  // a final newline ends the last line
  std::size_t end = text.size();
  while (lines.size() < count) {
    const std::size_t newline = end == 0 ? std::string_view::npos : text.rfind('\n', end - 1);
    const std::size_t begin = newline == std::string_view::npos ? 0 : newline + 1;
    if (newline == std::string_view::npos && !from_start) break;  // partial first line: not a whole line
    std::string_view line = text.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    if (newline == std::string_view::npos) break;
    end = newline;
  }
  std::reverse(lines.begin(), lines.end());
  return lines;
}

}  // namespace

std::string error_code(int errno_value) {
  switch (errno_value) {
    case ENOENT: return "not_found";
    case EACCES:
    case EPERM: return "permission_denied";
    case EISDIR: return "is_directory";
    case ENOTDIR: return "not_a_directory";
    case ELOOP: return "symlink_loop";
    case ENAMETOOLONG: return "name_too_long";
    case EMFILE:
    case ENFILE: return "too_many_open_files";
    case EIO: return "io_error";
    default: return "os_error";
  }
}

Json error_result(const std::string& path, int errno_value) {
  return {{"ok", false},
          {"path", path},
          {"error", error_code(errno_value)},
          {"message", path + ": " + std::strerror(errno_value)}};
}

Json stat_path(const std::string& path) {
  struct stat own {};
  if (::lstat(path.c_str(), &own) != 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) return {{"ok", true}, {"path", path}, {"exists", false}};
    return error_result(path, error);
  }
  Json result = {{"ok", true}, {"path", path}, {"exists", true}, {"symlink", S_ISLNK(own.st_mode)}};
  struct stat info = own;
  if (S_ISLNK(own.st_mode)) {
    if (auto target = link_target(path)) result["link_target"] = *target;
    if (::stat(path.c_str(), &info) != 0) {
      const int error = errno;
      if (error != ENOENT && error != ENOTDIR) return error_result(path, error);
      info = own;  // dangling: describe the link itself
      result["exists"] = false;
    }
  }
  result["type"] = type_name(info.st_mode);
  result["mode"] = octal_mode(info.st_mode);
  result["uid"] = info.st_uid;
  result["gid"] = info.st_gid;
  if (auto name = user_name(info.st_uid)) result["user"] = *name;
  if (auto name = group_name(info.st_gid)) result["group"] = *name;
  result["size"] = info.st_size;
  result["mtime"] = seconds(info.st_mtim);
  result["readable"] = accessible(path, R_OK);
  result["writable"] = accessible(path, W_OK);
  return result;
}

Json read_file(const std::string& path, std::size_t max_bytes) {
  struct stat info {};
  auto opened = open_regular(path, info);
  if (auto* failure = std::get_if<Json>(&opened)) return std::move(*failure);
  const Fd fd(std::get<int>(opened));

  // Read one byte past the cap to learn whether the file is longer (st_size is 0 for /proc files).
  const std::size_t want = max_bytes + 1;
  std::string text;
  text.resize(std::min(want, info.st_size > 0 ? static_cast<std::size_t>(info.st_size) + 1 : std::size_t{65536}));
  std::size_t have = 0;
  for (;;) {
    if (have == text.size()) {
      if (have >= want) break;
      text.resize(std::min(want, text.size() * 2));
    }
    const ssize_t got = read_some(fd.get(), text.data() + have, text.size() - have);
    if (got < 0) return error_result(path, errno);
    if (got == 0) break;
    have += static_cast<std::size_t>(got);
  }
  const bool truncated = have > max_bytes;
  text.resize(std::min(have, max_bytes));
  return {{"ok", true},     {"path", path},           {"text", std::move(text)},
          {"bytes", std::min(have, max_bytes)}, {"size", info.st_size}, {"truncated", truncated}};
}

Json glob_paths(const std::string& pattern) {
  glob_t found{};
  const int status = ::glob(pattern.c_str(), GLOB_BRACE | GLOB_TILDE, nullptr, &found);
  const std::unique_ptr<glob_t, void (*)(glob_t*)> release(&found, ::globfree);
  Json matches = Json::array();
  if (status == GLOB_NOSPACE) return error_result(pattern, ENOMEM);
  if (status == GLOB_ABORTED) return error_result(pattern, EIO);
  bool truncated = false;
  if (status == 0) {
    for (std::size_t i = 0; i < found.gl_pathc; ++i) {
      if (matches.size() == listing_limit) {
        truncated = true;
        break;
      }
      matches.push_back(found.gl_pathv[i]);
    }
  }
  return {{"ok", true}, {"pattern", pattern}, {"matches", std::move(matches)}, {"truncated", truncated}};
}

Json list_dir(const std::string& path) {
  const int dir_fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return error_result(path, errno);
  DIR* dir = ::fdopendir(dir_fd);
  if (dir == nullptr) {
    const int error = errno;
    ::close(dir_fd);
    return error_result(path, error);
  }
  const std::unique_ptr<DIR, int (*)(DIR*)> close_dir(dir, ::closedir);
  std::vector<std::string> names;
  bool truncated = false;
  errno = 0;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    if (names.size() == listing_limit) {
      truncated = true;
      break;
    }
    names.emplace_back(name);
  }
  if (errno != 0 && !truncated) return error_result(path, errno);
  std::sort(names.begin(), names.end());
  Json entries = Json::array();
  for (const auto& name : names) {
    Json entry = {{"name", name}};
    struct stat info {};
    if (::fstatat(dir_fd, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0) {
      entry["type"] = type_name(info.st_mode);
      entry["size"] = info.st_size;
      entry["mtime"] = seconds(info.st_mtim);
    } else {
      entry["type"] = "unknown";  // vanished since readdir, or not stat-able
    }
    entries.push_back(std::move(entry));
  }
  return {{"ok", true}, {"path", path}, {"entries", std::move(entries)}, {"truncated", truncated}};
}

Json tail_file(const std::string& path, std::size_t count) {
  struct stat info {};
  auto opened = open_regular(path, info);
  if (auto* failure = std::get_if<Json>(&opened)) return std::move(*failure);
  const Fd fd(std::get<int>(opened));
  auto result = [&](std::vector<std::string> lines, bool truncated) {
    return Json{{"ok", true}, {"path", path}, {"lines", std::move(lines)}, {"truncated", truncated}};
  };
  if (count == 0) return result({}, false);

  std::string window;  // the end of the file read so far
  bool reached_start = false;
  if (info.st_size > 0) {
    // Backwards in blocks until the window holds count+1 newlines (count whole lines plus the break before
    // them), the file's start, or the scan limit.
    constexpr std::size_t block = 64 * 1024;
    auto position = static_cast<std::size_t>(info.st_size);
    std::size_t newlines = 0;
    while (position > 0 && window.size() < tail_scan_limit) {
      const std::size_t size = std::min({block, position, tail_scan_limit - window.size()});
      position -= size;
      std::string chunk(size, '\0');
      const ssize_t got = pread_some(fd.get(), chunk.data(), size, static_cast<off_t>(position));
      if (got < 0) return error_result(path, errno);
      chunk.resize(static_cast<std::size_t>(got));  // the file may have shrunk meanwhile
      // A final newline ends the last line rather than starting an empty one.
      const bool is_end = window.empty();
      newlines += static_cast<std::size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
      if (is_end && !chunk.empty() && chunk.back() == '\n') --newlines;
      window.insert(0, chunk);
      if (newlines > count) break;
    }
    reached_start = position == 0;
  } else {
    // Size unknown (/proc, pipes-like files): read forward, keeping only the last tail_scan_limit bytes.
    std::string buffer(64 * 1024, '\0');
    bool dropped = false;
    for (;;) {
      const ssize_t got = read_some(fd.get(), buffer.data(), buffer.size());
      if (got < 0) return error_result(path, errno);
      if (got == 0) break;
      window.append(buffer.data(), static_cast<std::size_t>(got));
      if (window.size() > 2 * tail_scan_limit) {
        window.erase(0, window.size() - tail_scan_limit);
        dropped = true;
      }
    }
    if (window.size() > tail_scan_limit) {
      window.erase(0, window.size() - tail_scan_limit);
      dropped = true;
    }
    reached_start = !dropped;
  }
  std::vector<std::string> lines = last_lines(window, count, reached_start);
  const bool truncated = lines.size() < count && !reached_start;
  return result(std::move(lines), truncated);
}

}  // namespace clawbook::fs
