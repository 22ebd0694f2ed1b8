// `clawbook watch` over time: CPU and peak RSS of the whole process for an idle watch and for watches flooded
// with ticks (the lab sends one every millisecond), so that memory can be seen to stay flat as events grow.
// Usage: watch_bench [SECONDS...]   (flooded durations; default 30 120). Prints a table, never pass/fail.
#include "lab.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace {

struct Figures {
  double cpu_s = 0;
  long peak_kib = 0;
  long long events = 0;
};

Figures watch(const std::string& url, int seconds) {
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
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  Figures out;
  if (posix_spawn(&pid, CLAWBOOK_BINARY, &actions, nullptr, argv.data(), environ) != 0) return out;
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  out.cpu_s = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
              static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  out.peak_kib = usage.ru_maxrss;
  std::ifstream in(report);
  const auto parsed = nlohmann::json::parse(in, nullptr, false);
  if (!parsed.is_discarded() && parsed.contains("facts")) out.events = parsed["facts"]["watch"].value("total", 0LL);
  std::remove(report.c_str());
  return out;
}

void row(const char* what, int seconds, const Figures& f) {
  std::printf("| %-34s | %5d s | %8lld | %6.2f s (%4.1f %% of a core) | %6.1f MB |\n", what, seconds, f.events, f.cpu_s,
              100 * f.cpu_s / seconds, static_cast<double>(f.peak_kib) / 1024);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> durations;
  for (int i = 1; i < argc; ++i) durations.push_back(std::atoi(argv[i]));
  if (durations.empty()) durations = {30, 120};
  clawbook::lab::Options quiet;
  quiet.token = "clawbook-lab-token";
  clawbook::lab::Lab idle_lab(quiet);
  idle_lab.start();
  clawbook::lab::Options flood = quiet;
  flood.tick_interval = std::chrono::milliseconds(1);
  clawbook::lab::Lab flood_lab(flood);
  flood_lab.start();
  std::printf("| watch | duration | events | CPU | peak RSS |\n|---|---|---|---|---|\n");
  row("idle (a tick every 30 s)", 30, watch(idle_lab.url(), 30));
  for (int seconds : durations) row("flooded (a tick every 1 ms)", seconds, watch(flood_lab.url(), seconds));
  idle_lab.stop();
  flood_lab.stop();
  return 0;
}
