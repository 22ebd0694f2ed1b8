// Engine figures: cold start of the binary (--version, list, a trivial run) as median wall time and peak RSS,
// no-op binding calls per second from Lua, report size and rendering time per format, `clawbook test` over the
// shipped cases, a support bundle and the speed of its redaction and host masking, and memory under load. Prints tables; targets are in docs/performance.md.
#include "clawbook/binding.hpp"
#include "engine.hpp"
#include "host_mask.hpp"
#include "clawbook/secret_patterns.hpp"
#include "render.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
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

  // Report size and rendering time: a triage-sized report (40 steps with evidence, 12 findings) in every format.
  {
    const std::string big = "/tmp/clawbook-bench-report.lua";
    std::ofstream(big) << "return { id='bench.report', version='1.0.0', engine='^1', title='t', summary='s',\n"
                          "  run=function(ctx)\n"
                          "    for i = 1, 40 do ctx:step('probe ' .. i, function(step)\n"
                          "      step:evidence('listeners', { { port = 18789, pid = 1000 + i, comm = 'openclaw-gatewa' } })\n"
                          "      step:evidence('connect', { ok = false, phase = 'connect', close_code = 1008, message = 'unauthorized' })\n"
                          "      if i % 10 == 0 then step:fail('failed') end end) end\n"
                          "    for i = 1, 12 do ctx:finding({ id = 'bench.finding-' .. i, severity = 'high', title = 'title ' .. i,\n"
                          "      cause = string.rep('cause ', 30), evidence = { n = i }, fix = { 'openclaw gateway restart' } }) end\n"
                          "  end }\n";
    clawbook::Engine report_engine(options);
    std::vector<clawbook::Problem> report_problems;
    const auto* report_file = report_engine.load_file(big, report_problems);
    if (report_file != nullptr) {
      const auto made = report_engine.run(*report_file, {});
      std::printf("\n%-34s %13s %13s\n", "render a 40-step, 12-finding report", "size", "time (median)");
      for (const auto& [name, format] : std::vector<std::pair<const char*, clawbook::Format>>{
               {"json", clawbook::Format::json}, {"human", clawbook::Format::human}, {"junit", clawbook::Format::junit},
               {"markdown", clawbook::Format::markdown}, {"tap", clawbook::Format::tap},
               {"prometheus", clawbook::Format::prometheus}}) {
        std::vector<double> times;
        size_t size = 0;
        for (int i = 0; i < 200; ++i) {
          const auto start = std::chrono::steady_clock::now();
          const auto json = clawbook::to_json(made);
          size = clawbook::render(format, json, {}).size();
          times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        }
        std::sort(times.begin(), times.end());
        std::printf("%-34s %10.1f KiB %10.3f ms\n", name, static_cast<double>(size) / 1024, times[times.size() / 2]);
      }
    }
    std::remove(big.c_str());
  }

  std::printf("\n%-34s %13s %13s %12s\n", "clawbook test (3 runs)", "median", "min", "peak RSS");
  cold_start("clawbook test <shipped cases>", {"test", source + "/runbooks"}, 3);

  // A support bundle where nothing listens (the triage answers at once), and its text passes over 10 MB of log.
  std::printf("\n%-34s %13s %13s %12s\n", "clawbook bundle (5 runs)", "median", "min", "peak RSS");
  cold_start("bundle, gateway down", {"bundle", "-o", "/tmp/clawbook-bench-bundle.tar.gz", "-p", "target=http://127.0.0.1:1"}, 5);
  std::remove("/tmp/clawbook-bench-bundle.tar.gz");
  {
    std::string log;
    for (int i = 0; log.size() < (10u << 20); ++i)
      log += "2026-11-23T05:00:00.000Z [ws] closed before connect conn=" + std::to_string(i) +
             " remote=10.0.0." + std::to_string(i % 250) + " token=abcdef" + std::to_string(100000 + i) +
             " ua=node host=gw.example.com\n";
    const auto timed = [&](const char* label, const std::function<size_t()>& pass) {
      const auto start = std::chrono::steady_clock::now();
      const size_t out = pass();
      const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::printf("%-34s %10.1f MB/s  (%.1f MB in %.3f s, %zu bytes out)\n", label, static_cast<double>(log.size()) / 1e6 / took,
                  static_cast<double>(log.size()) / 1e6, took, out);
    };
    timed("bundle: credential patterns", [&] { return clawbook::redact_secret_patterns(log).size(); });
    timed("bundle: host masking", [&] {
      clawbook::HostMasker masker;
      masker.add_host("gw.example.com");
      return masker.apply(log).size();
    });
  }

  // Resource limits under load: the engine's own memory (peak RSS of the whole process) stays bounded.
  std::printf("\n%-34s %13s %13s %12s\n", "under load (5 runs)", "median", "min", "peak RSS");
  cold_start("ctx:parallel, 10,000 branches", {"run", source + "/tests/engine/fixtures/load/parallel.lua", "--format", "json"}, 5);
  cold_start("1,000,000 binding calls", {"run", source + "/tests/engine/fixtures/load/flood.lua", "--format", "json"}, 5);
  cold_start("allocate until --max-memory 64M",
             {"run", source + "/tests/engine/fixtures/sandbox/memory_bomb.lua", "--format", "json", "--max-memory", "64M"}, 5);
  return 0;
}
