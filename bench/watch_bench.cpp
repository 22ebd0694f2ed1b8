// `clawbook watch` over time: CPU and memory of the whole process for an idle watch and for watches flooded with
// ticks (the lab sends one every millisecond), so that memory can be seen to stay flat as events grow.
//
// A flooded watch runs until it has printed N events (its stderr lines, one per event), then gets Ctrl-C (SIGINT),
// analyses its timeline and writes its report, as a user's watch would. Its resident memory (VmRSS, and the
// high-water mark VmHWM, from /proc/PID/status) is read at the start, once the ring of 1,000 events has filled
// (2,000 events), and at the end (N events, before the Ctrl-C); the peak RSS of the whole run (report included)
// comes from wait4.
// Usage: watch_bench [EVENTS...]   (flooded watches; default 25000 100000). Prints tables, never pass/fail.
#include "lab.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace {

constexpr long long kStartEvents = 2000;  // the ring (1,000) has filled and turned over once

struct Memory {
  long rss_kib = 0;
  long hwm_kib = 0;
};

struct Figures {
  double seconds = 0;
  double cpu_s = 0;
  long peak_kib = 0;
  long long events = 0;
  long long dropped = 0;
  Memory start, end;
};

// VmRSS and VmHWM of `pid` (KiB), from /proc/PID/status.
Memory memory_of(pid_t pid) {
  Memory m;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) m.rss_kib = std::atol(line.c_str() + 6);
    if (line.rfind("VmHWM:", 0) == 0) m.hwm_kib = std::atol(line.c_str() + 6);
  }
  return m;
}

// Runs `clawbook watch` against `url`: for `seconds`, or (events > 0) until it has printed `events` event lines.
Figures watch(const std::string& url, int seconds, long long events) {
  const std::string report = "/tmp/clawbook-watch-bench-" + std::to_string(::getpid()) + ".json";
  std::vector<std::string> args{CLAWBOOK_BINARY,
                                "watch",
                                "--target",
                                url,
                                "--duration",
                                std::to_string(seconds) + "s",
                                "--on-failure",
                                "none",
                                "--param",
                                "token=clawbook-lab-token",
                                "--format",
                                "json",
                                "-o",
                                report};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return {};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  pid_t pid = 0;
  Figures out;
  const auto started = std::chrono::steady_clock::now();
  const int spawned = posix_spawn(&pid, CLAWBOOK_BINARY, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  if (spawned != 0) return out;
  // Count the event lines ("+12.3s tick") as they come; read in large blocks so the bench stays cheap.
  long long lines = 0;
  bool at_line_start = true, interrupted = false;
  std::vector<char> buffer(1 << 16);
  while (true) {
    pollfd fd{pipe_fds[0], POLLIN, 0};
    if (::poll(&fd, 1, 1000) < 0) break;
    const ssize_t n = ::read(pipe_fds[0], buffer.data(), buffer.size());
    if (n <= 0) break;
    for (ssize_t i = 0; i < n; ++i) {
      if (at_line_start && buffer[static_cast<size_t>(i)] == '+') {
        ++lines;
        if (lines == kStartEvents) out.start = memory_of(pid);
        if (events > 0 && lines == events && !interrupted) {
          out.end = memory_of(pid);
          ::kill(pid, SIGINT);
          interrupted = true;
        }
      }
      at_line_start = buffer[static_cast<size_t>(i)] == '\n';
    }
  }
  ::close(pipe_fds[0]);
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  out.cpu_s = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
              static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  out.peak_kib = usage.ru_maxrss;
  std::ifstream in(report);
  const auto parsed = nlohmann::json::parse(in, nullptr, false);
  if (!parsed.is_discarded() && parsed.contains("facts")) {
    const auto& w = parsed["facts"]["watch"];
    out.events = w.value("total", 0LL);
    for (const auto& e : w.value("events", nlohmann::json::array())) out.dropped += e.value("dropped", 0LL);
  }
  std::remove(report.c_str());
  return out;
}

double mb(long kib) { return static_cast<double>(kib) / 1024; }

}  // namespace

int main(int argc, char** argv) {
  std::vector<long long> counts;
  for (int i = 1; i < argc; ++i) counts.push_back(std::atoll(argv[i]));
  if (counts.empty()) counts = {25000, 100000};
  clawbook::lab::Options quiet;
  quiet.token = "clawbook-lab-token";
  clawbook::lab::Lab idle_lab(quiet);
  idle_lab.start();
  clawbook::lab::Options flood = quiet;
  flood.tick_interval = std::chrono::milliseconds(1);
  clawbook::lab::Lab flood_lab(flood);
  flood_lab.start();

  const Figures idle = watch(idle_lab.url(), 30, 0);
  std::printf("| watch | duration | events | CPU | peak RSS |\n|---|---|---|---|---|\n");
  std::printf("| idle (a tick every 30 s) | %.0f s | %lld | %.2f s (%.1f %% of a core) | %.1f MB |\n\n", idle.seconds,
              idle.events, idle.cpu_s, 100 * idle.cpu_s / idle.seconds, mb(idle.peak_kib));

  std::printf(
      "| flooded watch (a tick every 1 ms) | duration | events | CPU | RSS at %lld events | RSS at the end (HWM) | "
      "peak RSS (report included) |\n|---|---|---|---|---|---|---|\n",
      kStartEvents);
  for (long long n : counts) {
    // A generous duration: the watch ends at n events (SIGINT), not at its duration.
    const Figures f = watch(flood_lab.url(), 3600, n);
    std::printf(
        "| until %lld events, then Ctrl-C | %.0f s | %lld | %.1f s (%.2f ms per event) | %.1f MB | %.1f MB "
        "(%.1f MB) | %.1f MB |\n",
        n, f.seconds, f.events, f.cpu_s, f.events > 0 ? 1000 * f.cpu_s / static_cast<double>(f.events) : 0.0,
        mb(f.start.rss_kib), mb(f.end.rss_kib), mb(f.end.hwm_kib), mb(f.peak_kib));
  }
  idle_lab.stop();
  flood_lab.stop();
  return 0;
}
