// The process table, read from /proc directly (never through ps): one directory open per process, its files
// read relative to it, and only the files a filter needs before deciding to keep the process.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <re2/re2.h>

#include <memory>
#include <string>
#include <vector>

namespace clawbook::proc {

using Json = nlohmann::json;

struct Process {
  int pid = 0;
  int ppid = 0;
  unsigned uid = 0;  // effective uid: the owner of /proc/<pid>
  std::string user;  // from getpwuid_r; empty when the uid has no passwd entry
  std::string comm;  // kernel name, at most 15 bytes ("openclaw-gatewa")
  std::optional<std::string> exe;  // absent when unreadable (another user's process without privileges)
  std::optional<std::string> cwd;
  std::vector<std::string> argv;  // empty for kernel threads
  double start_time = 0;          // epoch seconds (boot time + stat field 22)
  unsigned long long start_ticks = 0;  // stat field 22 as is: OpenClaw stores it in lock files as `startTime`
  char state = '?';                    // R, S, D, Z, T, ...
  unsigned long long rss_bytes = 0;
  long threads = 0;
  bool kernel_thread = false;
};

struct ListFilter {
  std::optional<std::string> name;          // comm (or its 15-byte truncation), or basename of argv[0]
  std::optional<std::string> cmdline;       // plain substring of the space-joined argv
  std::shared_ptr<const re2::RE2> cmdline_regex;  // RE2 regex searched in the space-joined argv (linear time)
  std::optional<std::string> user;          // user name or numeric uid
  bool include_kernel_threads = false;
};

std::vector<Process> list(const ListFilter& filter = {});
std::optional<Process> get(int pid);
std::vector<Process> children(int pid);

// kill(pid, 0) succeeding or failing with EPERM means the pid exists; a zombie (state Z with one thread, as
// OpenClaw's own isPidAlive checks) has exited and only waits for its parent, so it is not alive.
enum class Liveness { alive, zombie, dead };
Liveness liveness(int pid);
const char* to_string(Liveness liveness);

std::string joined_cmdline(const Process& process);
Json to_json(const Process& process);

// The environment of a process. Values stay in C++: callers fingerprint them. On failure returns nullopt and
// fills `error` ("permission_denied", "not_found", "io_error") and `message`.
std::optional<std::map<std::string, std::string>> read_environ(int pid, std::string* error = nullptr,
                                                                std::string* message = nullptr);

// {ok=true, pid, vars={NAME={set=bool, fingerprint=?}}} or {ok=false, pid, error, message}.
Json env_fingerprints(int pid, const std::vector<std::string>& names);

}  // namespace clawbook::proc
