#include "action/safety.hpp"

#include "clawbook/lines.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace clawbook::action {
namespace {

namespace fs = std::filesystem;

}  // namespace

std::string compact_utc(std::time_t when) {
  std::tm parts{};
  gmtime_r(&when, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &parts);
  return buffer;
}

std::string iso_utc_now() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t seconds = system_clock::to_time_t(now);
  const auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char buffer[40];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &parts);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buffer, static_cast<int>(millis));
  return out;
}

std::optional<std::string> read_text(const std::string& path, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    error = path + ": " + (errno == ELOOP ? std::string("a symbolic link, not followed") : std::strerror(errno));
    return std::nullopt;
  }
  std::string text;
  char buffer[65536];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n < 0) error = path + ": " + std::strerror(errno);
      ::close(fd);
      if (n < 0) return std::nullopt;
      return text;
    }
    text.append(buffer, static_cast<size_t>(n));
    if (text.size() > (16u << 20)) {
      ::close(fd);
      error = path + ": larger than 16 MiB";
      return std::nullopt;
    }
  }
}

std::optional<std::string> back_up(const std::string& backup_dir, const std::string& label,
                                   const std::vector<BackupItem>& files, std::string& error) {
  std::error_code ec;
  fs::create_directories(backup_dir, ec);
  if (ec) {
    error = "cannot create the backup folder " + backup_dir + ": " + ec.message();
    return std::nullopt;
  }
  ::chmod(backup_dir.c_str(), 0700);
  const std::string stem = backup_dir + "/" + compact_utc(std::time(nullptr)) + "-" + label;
  std::string folder = stem;
  for (int n = 2; ::mkdir(folder.c_str(), 0700) != 0; ++n) {
    if (errno != EEXIST || n > 1000) {
      error = "cannot create " + folder + ": " + std::strerror(errno);
      return std::nullopt;
    }
    folder = stem + "-" + std::to_string(n);
  }
  for (const auto& item : files) {
    std::optional<std::string> content = item.content;
    mode_t mode = item.mode & 0777;
    if (!content) {
      struct stat info {};
      if (::lstat(item.path.c_str(), &info) != 0 && errno == ENOENT) continue;
      std::string read_error;
      content = read_text(item.path, read_error);
      if (!content) {
        error = "cannot back up " + read_error;
        return std::nullopt;
      }
      mode = info.st_mode & 0777;
    }
    const std::string target = folder + "/" + fs::path(item.path).filename().string();
    const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0) {
      error = "cannot write the backup " + target + ": " + std::strerror(errno);
      return std::nullopt;
    }
    size_t written = 0;
    while (written < content->size()) {
      const ssize_t n = ::write(fd, content->data() + written, content->size() - written);
      if (n <= 0) break;
      written += static_cast<size_t>(n);
    }
    const bool complete = written == content->size() && ::fsync(fd) == 0;
    ::close(fd);
    if (!complete) {
      error = "cannot write the backup " + target;
      return std::nullopt;
    }
  }
  return folder;
}

std::string append_audit_line(const std::string& path, const Json& entry) {
  std::error_code ec;
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::exists(parent, ec)) {
    fs::create_directories(parent, ec);
    if (ec) return "cannot create " + parent.string() + ": " + ec.message();
    ::chmod(parent.c_str(), 0700);
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return "cannot open the audit log " + path + ": " + std::strerror(errno);
  // One write per line: O_APPEND keeps concurrent runs' lines whole.
  const std::string line = entry.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
  const ssize_t n = ::write(fd, line.data(), line.size());
  ::close(fd);
  if (n != static_cast<ssize_t>(line.size())) return "cannot write the audit log " + path;
  return "";
}

std::string audit_log_problem(const std::string& path) {
  std::error_code ec;
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::exists(parent, ec)) {
    fs::create_directories(parent, ec);
    if (ec) return "cannot create " + parent.string() + ": " + ec.message();
    ::chmod(parent.c_str(), 0700);
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return "cannot open the audit log " + path + ": " + std::strerror(errno);
  ::close(fd);
  return "";
}

std::string unified_diff(std::string_view before, std::string_view after, const std::string& path) {
  if (before == after) return "";
  const auto a = split_lines(before);
  const auto b = split_lines(after);
  std::ostringstream out;
  out << "--- " << path << "\n+++ " << path << " (after)\n";
  if (a.size() > 4000 || b.size() > 4000) {
    out << "@@ " << a.size() << " lines -> " << b.size() << " lines (too long to show) @@\n";
    return out.str();
  }
  // Longest common subsequence over lines; config files are small.
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<unsigned>> lcs(n + 1, std::vector<unsigned>(m + 1, 0));
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;) lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  struct Line {
    char mark;
    std::string_view text;
    size_t a_line, b_line;  // 1-based positions reached
  };
  std::vector<Line> script;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      script.push_back({' ', a[i], ++i, ++j});
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      script.push_back({'-', a[i], ++i, j});  // removals first, as diff(1) shows them
    } else {
      script.push_back({'+', b[j], i, ++j});
    }
  }
  constexpr size_t kContext = 3;
  size_t k = 0;
  while (k < script.size()) {
    if (script[k].mark == ' ') {
      ++k;
      continue;
    }
    size_t start = k >= kContext ? k - kContext : 0;
    size_t end = k;
    // Extend the hunk while changes are within 2*context of each other.
    for (size_t scan = k; scan < script.size(); ++scan) {
      if (script[scan].mark != ' ') end = scan;
      else if (scan - end > 2 * kContext) break;
    }
    const size_t stop = std::min(script.size(), end + kContext + 1);
    size_t a_start = 0, a_count = 0, b_start = 0, b_count = 0;
    for (size_t s = start; s < stop; ++s) {
      if (script[s].mark != '+') {
        if (a_count++ == 0) a_start = script[s].a_line;
      }
      if (script[s].mark != '-') {
        if (b_count++ == 0) b_start = script[s].b_line;
      }
    }
    out << "@@ -" << a_start << "," << a_count << " +" << b_start << "," << b_count << " @@\n";
    for (size_t s = start; s < stop; ++s) out << script[s].mark << script[s].text << "\n";
    k = stop;
  }
  return out.str();
}

std::optional<int> pid_in_lock(std::string_view content) {
  const auto parsed = Json::parse(content, nullptr, false);
  if (parsed.is_object() && parsed.contains("pid") && parsed["pid"].is_number_integer()) {
    const auto pid = parsed["pid"].get<long long>();
    if (pid > 0 && pid < (1LL << 22)) return static_cast<int>(pid);
    return std::nullopt;
  }
  // A PID file: digits and whitespace only.
  size_t start = content.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return std::nullopt;
  size_t end = content.find_last_not_of(" \t\r\n");
  const std::string_view digits = content.substr(start, end - start + 1);
  if (digits.empty() || digits.size() > 8 || digits.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  const int pid = std::stoi(std::string(digits));
  return pid > 0 ? std::optional<int>(pid) : std::nullopt;
}

bool process_alive(int pid) {
  if (pid <= 0) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const auto close = line.rfind(')');
  return close == std::string::npos || close + 2 >= line.size() || line[close + 2] != 'Z';
}

}  // namespace clawbook::action
