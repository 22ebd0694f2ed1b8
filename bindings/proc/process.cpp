#include "proc/process.hpp"

#include "clawbook/fingerprint.hpp"
#include "proc/procfs.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <functional>
#include <unordered_map>

namespace clawbook::proc {
namespace {

constexpr size_t kCmdlineCap = 128 * 1024;
constexpr size_t kEnvironCap = 4 * 1024 * 1024;
constexpr unsigned long kKernelThreadFlag = 0x00200000;  // PF_KTHREAD in stat field 9

// An fd closed on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }

 private:
  int fd_;
};

template <typename Number>
bool parse_number(std::string_view text, Number& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// Fields of /proc/<pid>/stat after the comm, which is in parentheses and may itself contain spaces or ')'.
bool parse_stat(std::string_view stat, Process& process, unsigned long& flags) {
  const size_t open = stat.find('(');
  const size_t close = stat.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return false;
  process.comm = std::string(stat.substr(open + 1, close - open - 1));
  std::string_view rest = stat.substr(close + 1);
  // rest = " S ppid pgrp ..." ; index 0 is field 3 (state).
  std::string_view fields[22];
  size_t count = 0;
  size_t pos = 0;
  while (count < 22 && pos < rest.size()) {
    while (pos < rest.size() && rest[pos] == ' ') ++pos;
    const size_t start = pos;
    while (pos < rest.size() && rest[pos] != ' ' && rest[pos] != '\n') ++pos;
    if (pos > start) fields[count++] = rest.substr(start, pos - start);
  }
  if (count < 22) return false;
  process.state = fields[0].empty() ? '?' : fields[0][0];
  long long rss_pages = 0;
  bool ok = parse_number(fields[1], process.ppid) && parse_number(fields[6], flags) &&
            parse_number(fields[17], process.threads) && parse_number(fields[19], process.start_ticks) &&
            parse_number(fields[21], rss_pages);
  static const long page_size = ::sysconf(_SC_PAGESIZE);
  process.rss_bytes = rss_pages > 0 ? static_cast<unsigned long long>(rss_pages) * static_cast<unsigned long long>(page_size) : 0;
  process.start_time = boot_time() + static_cast<double>(process.start_ticks) / static_cast<double>(clock_ticks());
  return ok;
}

std::vector<std::string> parse_cmdline(std::string_view raw) {
  std::vector<std::string> argv = split_nul(raw);
  // Programs that retitle themselves (Node's process.title) leave padding: drop empty trailing strings.
  while (!argv.empty() && argv.back().empty()) argv.pop_back();
  return argv;
}

std::string base_name(std::string_view path) {
  const size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

class UserNames {
 public:
  const std::string& name(unsigned uid) {
    auto it = cache_.find(uid);
    if (it != cache_.end()) return it->second;
    std::string name;
    passwd entry{};
    passwd* result = nullptr;
    char buffer[4096];
    if (::getpwuid_r(uid, &entry, buffer, sizeof buffer, &result) == 0 && result != nullptr)
      name = result->pw_name;
    return cache_.emplace(uid, std::move(name)).first->second;
  }

 private:
  std::unordered_map<unsigned, std::string> cache_;
};

std::optional<unsigned> resolve_user(const std::string& user) {
  unsigned uid = 0;
  if (parse_number(std::string_view(user), uid)) return uid;
  passwd entry{};
  passwd* result = nullptr;
  char buffer[4096];
  if (::getpwnam_r(user.c_str(), &entry, buffer, sizeof buffer, &result) == 0 && result != nullptr)
    return result->pw_uid;
  return std::nullopt;
}

// What a scan needs to know about the filter, prepared once per call.
struct Matcher {
  const ListFilter& filter;
  std::optional<unsigned> uid;
  bool user_unknown = false;
};

enum class Read { kept, skipped, gone };

// Opens, reads and closes one small /proc file; `owner` receives the file's owner (the process's euid).
std::optional<std::string> read_owned(int proc_fd, const char* path, size_t cap, unsigned* owner) {
  const int fd = ::openat(proc_fd, path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string data;
  size_t size = 0;
  for (size_t chunk = 1024;; chunk *= 2) {
    data.resize(std::min(size + chunk, cap));
    const ssize_t got = ::read(fd, data.data() + size, data.size() - size);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    size += static_cast<size_t>(got);
    if (size >= cap) break;
  }
  data.resize(size);
  struct stat info {};
  const bool known = owner == nullptr || ::fstat(fd, &info) == 0;
  ::close(fd);
  if (!known) return std::nullopt;
  if (owner != nullptr) *owner = info.st_uid;
  return data;
}

// Reads one process through paths relative to the open /proc directory ("<pid>/stat"): cheaper here than
// opening /proc/<pid> first. Each file is read only when the filter or the result needs it, and a cmdline
// filter is checked before the stat file is read, since most processes fail it.
Read read_process(int proc_fd, int pid, const Matcher& matcher, UserNames& users, Process& out) {
  char path[48];
  const int prefix = std::snprintf(path, sizeof path, "%d/", pid);
  const auto at = [&](const char* name) {
    std::snprintf(path + prefix, sizeof path - static_cast<size_t>(prefix), "%s", name);
    return path;
  };
  const ListFilter& filter = matcher.filter;
  const bool by_cmdline = filter.cmdline || filter.cmdline_regex;
  bool have_cmdline = false;
  if (by_cmdline && !filter.name) {
    auto raw = read_owned(proc_fd, at("cmdline"), kCmdlineCap, &out.uid);
    if (!raw) return Read::gone;
    out.argv = parse_cmdline(*raw);
    have_cmdline = true;
    const std::string joined = joined_cmdline(out);
    if (filter.cmdline && joined.find(*filter.cmdline) == std::string::npos) return Read::skipped;
    if (filter.cmdline_regex && !re2::RE2::PartialMatch(joined, *filter.cmdline_regex)) return Read::skipped;
  }

  const auto stat = read_owned(proc_fd, at("stat"), 1024, &out.uid);
  if (!stat || stat->empty()) return Read::gone;
  out.pid = pid;
  unsigned long flags = 0;
  if (!parse_stat(*stat, out, flags)) return Read::gone;
  out.kernel_thread = (flags & kKernelThreadFlag) != 0;
  if (out.kernel_thread && !filter.include_kernel_threads) return Read::skipped;
  if (filter.user && (matcher.user_unknown || out.uid != *matcher.uid)) return Read::skipped;

  if (!have_cmdline && !out.kernel_thread) {
    if (auto raw = read_file_at(proc_fd, at("cmdline"), kCmdlineCap)) out.argv = parse_cmdline(*raw);
  }
  // comm is truncated to 15 bytes and a thread may rename it (Node 24's main thread is "MainThread"), so the
  // name also matches a truncated comm or the basename of argv[0].
  if (filter.name && out.comm != *filter.name &&
      !(out.comm.size() == 15 && filter.name->rfind(out.comm, 0) == 0) &&
      (out.argv.empty() || base_name(out.argv[0]) != *filter.name))
    return Read::skipped;
  if (by_cmdline && !have_cmdline) {
    const std::string joined = joined_cmdline(out);
    if (filter.cmdline && joined.find(*filter.cmdline) == std::string::npos) return Read::skipped;
    if (filter.cmdline_regex && !re2::RE2::PartialMatch(joined, *filter.cmdline_regex)) return Read::skipped;
  }

  if (!out.kernel_thread) {
    out.exe = read_link_at(proc_fd, at("exe"));
    out.cwd = read_link_at(proc_fd, at("cwd"));
  }
  out.user = users.name(out.uid);
  return Read::kept;
}

std::vector<Process> scan(const ListFilter& filter, const std::function<bool(const Process&)>& keep) {
  std::vector<Process> result;
  Matcher matcher{filter, std::nullopt, false};
  if (filter.user) {
    matcher.uid = resolve_user(*filter.user);
    matcher.user_unknown = !matcher.uid;
    if (matcher.user_unknown) return result;
  }
  Fd proc_dir(::open(kProcRoot, O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!proc_dir.valid()) return result;
  const std::vector<int> pids = list_pids();
  // The kernel spends ~15 µs opening each /proc file on a small VM, all of it CPU: with a full table, a second
  // core halves the scan.
  return scan_in_halves<Process>(pids.size(), [&](size_t begin, size_t end) {
    std::vector<Process> found;
    UserNames users;
    for (size_t i = begin; i < end; ++i) {
      Process process;
      if (read_process(proc_dir.get(), pids[i], matcher, users, process) == Read::kept && (!keep || keep(process)))
        found.push_back(std::move(process));
    }
    return found;
  });
}

}  // namespace

std::vector<Process> list(const ListFilter& filter) { return scan(filter, nullptr); }

std::optional<Process> get(int pid) {
  if (pid <= 0) return std::nullopt;
  Fd proc_dir(::open(kProcRoot, O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!proc_dir.valid()) return std::nullopt;
  ListFilter everything;
  everything.include_kernel_threads = true;
  Matcher matcher{everything, std::nullopt, false};
  UserNames users;
  Process process;
  if (read_process(proc_dir.get(), pid, matcher, users, process) != Read::kept) return std::nullopt;
  return process;
}

std::vector<Process> children(int pid) {
  ListFilter everything;
  everything.include_kernel_threads = true;
  return scan(everything, [pid](const Process& process) { return process.ppid == pid; });
}

Liveness liveness(int pid) {
  if (pid <= 0) return Liveness::dead;
  if (::kill(pid, 0) != 0 && errno != EPERM) return Liveness::dead;
  const std::string path = std::string(kProcRoot) + "/" + std::to_string(pid) + "/status";
  const auto status = read_file(path, 64 * 1024);
  if (!status) return Liveness::alive;  // exists (kill said so) but /proc hides it: trust kill
  const size_t state = status->find("\nState:");
  const size_t threads = status->find("\nThreads:");
  if (state == std::string::npos) return Liveness::alive;
  size_t at = state + 7;
  while (at < status->size() && ((*status)[at] == ' ' || (*status)[at] == '\t')) ++at;
  if (at < status->size() && (*status)[at] == 'Z') {
    // A zombie leader with live worker threads still runs: only a single-threaded zombie has exited.
    if (threads == std::string::npos) return Liveness::zombie;
    size_t count_at = threads + 9;
    while (count_at < status->size() && ((*status)[count_at] == ' ' || (*status)[count_at] == '\t')) ++count_at;
    long count = 0;
    std::from_chars(status->data() + count_at, status->data() + status->size(), count);
    return count <= 1 ? Liveness::zombie : Liveness::alive;
  }
  return Liveness::alive;
}

const char* to_string(Liveness liveness) {
  switch (liveness) {
    case Liveness::alive:
      return "alive";
    case Liveness::zombie:
      return "zombie";
    case Liveness::dead:
      return "dead";
  }
  return "dead";
}

std::string joined_cmdline(const Process& process) {
  std::string joined;
  for (const auto& arg : process.argv) {
    if (!joined.empty()) joined += ' ';
    joined += arg;
  }
  return joined;
}

Json to_json(const Process& process) {
  Json out = {{"pid", process.pid},
              {"ppid", process.ppid},
              {"uid", process.uid},
              {"comm", process.comm},
              {"argv", process.argv},
              {"cmdline", joined_cmdline(process)},
              {"start_time", process.start_time},
              {"start_ticks", process.start_ticks},
              {"state", std::string(1, process.state)},
              {"rss", process.rss_bytes},
              {"threads", process.threads}};
  if (!process.user.empty()) out["user"] = process.user;
  if (process.exe) out["exe"] = *process.exe;
  if (process.cwd) out["cwd"] = *process.cwd;
  if (process.kernel_thread) out["kernel_thread"] = true;
  return out;
}

std::optional<std::map<std::string, std::string>> read_environ(int pid, std::string* error, std::string* message) {
  const std::string path = std::string(kProcRoot) + "/" + std::to_string(pid) + "/environ";
  int err = 0;
  auto raw = read_file(path, kEnvironCap, &err);
  if (!raw) {
    if (error != nullptr) *error = classify_errno(err);
    if (message != nullptr) *message = path + ": " + std::strerror(err);
    return std::nullopt;
  }
  std::map<std::string, std::string> environment;
  for (const auto& entry : split_nul(*raw)) {
    const size_t equals = entry.find('=');
    if (equals == std::string::npos || equals == 0) continue;
    environment.emplace(entry.substr(0, equals), entry.substr(equals + 1));
  }
  return environment;
}

Json env_fingerprints(int pid, const std::vector<std::string>& names) {
  std::string error;
  std::string message;
  const auto environment = read_environ(pid, &error, &message);
  if (!environment) return {{"ok", false}, {"pid", pid}, {"error", error}, {"message", message}};
  Json vars = Json::object();
  for (const auto& name : names) {
    auto it = environment->find(name);
    if (it == environment->end()) {
      vars[name] = {{"set", false}};
    } else {
      vars[name] = {{"set", true}, {"fingerprint", fingerprint(it->second)}};
    }
  }
  return {{"ok", true}, {"pid", pid}, {"vars", vars}};
}

}  // namespace clawbook::proc
