// Engine figures: cold start of the binary (--version, list, a trivial run) as median wall time and peak RSS,
// and no-op binding calls per second from Lua. Prints a table; targets are in docs/performance.md.
#include "clawbook/binding.hpp"
#include "engine.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

extern char** environ;

namespace {

int noop(clawbook::Call&) { return 0; }

clawbook::ModuleSpec bench_module() {
  return {.name = "bench", .capability = "", .summary = "Benchmark helpers.", .functions = {{"noop", noop}}, .prelude = ""};
}
CLAWBOOK_MODULE(bench_module());

struct Sample {
  double ms;
  long rss_kb;
};

Sample spawn_once(const std::vector<std::string>& args) {
  std::vector<std::string> storage{CLAWBOOK_BINARY};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  posix_spawn(&pid, CLAWBOOK_BINARY, &actions, nullptr, argv.data(), environ);
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  posix_spawn_file_actions_destroy(&actions);
  return {ms, usage.ru_maxrss};
}

void cold_start(const char* label, const std::vector<std::string>& args, int runs) {
  std::vector<double> times;
  long rss = 0;
  for (int i = 0; i < runs; ++i) {
    auto s = spawn_once(args);
    times.push_back(s.ms);
    rss = std::max(rss, s.rss_kb);
  }
  std::sort(times.begin(), times.end());
  std::printf("%-34s %10.2f ms %10.2f ms %9.1f MB\n", label, times[times.size() / 2], times.front(), static_cast<double>(rss) / 1024);
}

}  // namespace

int main() {
  const std::string source = CLAWBOOK_SOURCE_DIR;
  std::printf("%-34s %13s %13s %12s\n", "command (cold start, 50 runs)", "median", "min", "peak RSS");
  cold_start("clawbook --version", {"--version"}, 50);
  cold_start("clawbook list", {"list"}, 50);
  cold_start("clawbook run <trivial runbook>", {"run", source + "/bench/trivial.lua", "--format", "json"}, 50);

  // No-op binding calls from Lua, in process: the dispatch cost every probe pays.
  const std::string path = "/tmp/clawbook-bench-noop.lua";
  std::ofstream(path) << "return { id='bench.noop', version='1.0.0', engine='^1', title='t', summary='s',\n"
                         "  run=function(ctx) local noop = bench.noop\n"
                         "    ctx:step('calls', function(step) local t0 = os.clock()\n"
                         "      for i = 1, 5000000 do noop() end\n"
                         "      step:evidence('seconds', os.clock() - t0) end) end }\n";
  clawbook::EngineOptions options;
  options.limits.max_cpu_seconds = 60;
  clawbook::Engine engine(options);
  std::vector<clawbook::Problem> problems;
  const auto* file = engine.load_file(path, problems);
  if (file == nullptr) {
    std::printf("bench runbook failed to load\n");
    return 1;
  }
  auto report = engine.run(*file, {});
  const double seconds = report.root.steps.at(0)->evidence["seconds"].get<double>();
  std::printf("%-34s %10.2f M/s  (5,000,000 calls in %.3f s)\n", "no-op binding calls from Lua", 5.0 / seconds, seconds);
  std::remove(path.c_str());

  // Resource limits under load: the engine's own memory (peak RSS of the whole process) stays bounded.
  std::printf("\n%-34s %13s %13s %12s\n", "under load (5 runs)", "median", "min", "peak RSS");
  cold_start("ctx:parallel, 10,000 branches", {"run", source + "/tests/engine/fixtures/load/parallel.lua", "--format", "json"}, 5);
  cold_start("1,000,000 binding calls", {"run", source + "/tests/engine/fixtures/load/flood.lua", "--format", "json"}, 5);
  cold_start("allocate until --max-memory 64M",
             {"run", source + "/tests/engine/fixtures/sandbox/memory_bomb.lua", "--format", "json", "--max-memory", "64M"}, 5);
  return 0;
}
