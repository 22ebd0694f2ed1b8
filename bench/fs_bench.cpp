// Figures for the fs support code: JSON5 parse throughput (against nlohmann/json on the same data as strict
// JSON), the strict JSON helper, and fs.tail on a large log. Prints a table; never pass/fail.
#include "fs/files.hpp"
#include "fs/json5.hpp"
#include "fs/strict_json.hpp"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;

// A config-like JSON5 document of about `target_bytes`: comments, unquoted keys, single quotes, hex numbers,
// trailing commas, escapes, nesting.
std::string make_json5(std::size_t target_bytes) {
  std::string text = "// generated for fs_bench\n{\n  agents: [\n";
  for (int i = 0; text.size() < target_bytes; ++i) {
    text += "    { /* agent " + std::to_string(i) + " */\n";
    text += "      id: 'agent-" + std::to_string(i) + "', enabled: true, weight: " + std::to_string(i % 97) + ".25,\n";
    text += "      mask: 0x" + std::to_string(1000 + i % 9000) + "FF, ratio: ." + std::to_string(i % 10) + ",\n";
    text += "      description: 'An agent with a \\'quoted\\' word and a unicode \\u00e9 escape',\n";
    text += "      tags: ['alpha', \"beta\", 'gamma',], limits: { rpm: 60, tpm: 100000, },  // trailing commas\n";
    text += "    },\n";
  }
  text += "  ],\n}\n";
  return text;
}

// The same document as strict JSON (what nlohmann/json parses).
std::string as_strict_json(const std::string& json5_text) { return clawbook::json5::parse(json5_text).dump(); }

// Best of `runs` timings of `work`, in seconds.
double best_seconds(int runs, const std::function<void()>& work) {
  double best = 1e9;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    work();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
  }
  return best;
}

void row(const char* what, std::size_t bytes, double seconds) {
  std::printf("%-44s %10.1f KiB %10.2f ms %10.1f MB/s\n", what, static_cast<double>(bytes) / 1024.0,
              seconds * 1e3, static_cast<double>(bytes) / seconds / 1e6);
}

}  // namespace

int main() {
  std::size_t sink = 0;  // results feed this, so the work cannot be optimised away
  std::printf("%-44s %14s %13s %15s\n", "operation", "input", "time (best)", "throughput");

  for (const std::size_t size : {std::size_t{16} * 1024, std::size_t{8} * 1024 * 1024}) {
    const std::string json5_text = make_json5(size);
    const std::string json_text = as_strict_json(json5_text);
    const int runs = size < 1024 * 1024 ? 200 : 5;
    const std::string label = size < 1024 * 1024 ? " (16 KiB, config-sized)" : " (8 MiB)";
    row(("json5::parse" + label).c_str(), json5_text.size(),
        best_seconds(runs, [&] { sink += clawbook::json5::parse(json5_text).size(); }));
    row(("json5::parse, same data as JSON" + label).c_str(), json_text.size(),
        best_seconds(runs, [&] { sink += clawbook::json5::parse(json_text).size(); }));
    row(("nlohmann::json::parse, same JSON" + label).c_str(), json_text.size(),
        best_seconds(runs, [&] { sink += nlohmann::json::parse(json_text).size(); }));
    row(("fs::parse_strict_json" + label).c_str(), json_text.size(),
        best_seconds(runs, [&] { sink += clawbook::fs::parse_strict_json(json_text).size(); }));
  }

  // tail of a 100 MB log: reads blocks from the end, so it should cost about as much as a small file.
  char dir_template[] = "/tmp/clawbook-fs-bench-XXXXXX";
  if (::mkdtemp(dir_template) == nullptr) return 1;
  const std::string log = std::string(dir_template) + "/big.log";
  {
    std::ofstream out(log, std::ios::binary);
    const std::string line = std::string(120, 'x') + "\n";
    for (std::size_t written = 0; written < 100u * 1000 * 1000; written += line.size()) out << line;
  }
  const double tail_seconds = best_seconds(20, [&] { sink += clawbook::fs::tail_file(log, 100).size(); });
  std::printf("%-44s %14s %10.3f ms\n", "fs::tail_file(100 lines of a 100 MB log)", "", tail_seconds * 1e3);
  const double read_seconds = best_seconds(20, [&] { sink += clawbook::fs::read_file(log).size(); });
  std::printf("%-44s %14s %10.3f ms\n", "fs::read_file(default 1 MiB cap, 100 MB log)", "", read_seconds * 1e3);
  std::remove(log.c_str());
  ::rmdir(dir_template);
  return sink == 0 ? 1 : 0;
}
