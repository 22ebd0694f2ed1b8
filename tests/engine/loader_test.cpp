// Loading the search path: every file has a budget of its own, and hostile metadata is refused by name.
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sys/resource.h>

using clawbook::test::fixture;
using clawbook::test::run_clawbook;

namespace {
double children_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}
}  // namespace

TEST_CASE("a busy file on the search path uses up only its own load budget", "[loader]") {
  const double cpu_before = children_cpu_seconds();
  auto outcome = run_clawbook({"list", "--runbook-path", fixture("engine/fixtures/loader/busy"), "--format", "json"});
  INFO(outcome.err);
  REQUIRE(outcome.code == 0);
  // Two busy files at one second of CPU each (CPU time, so a loaded machine does not matter), not the 10 s
  // --max-cpu that the first one used up for everything after it.
  CHECK(children_cpu_seconds() - cpu_before < 5);
  CHECK(outcome.err.find("a_busy.lua:") != std::string::npos);
  CHECK(outcome.err.find("b_busy.lua:") != std::string::npos);
  CHECK(outcome.err.find("load budget") != std::string::npos);
  // Only the busy files are named: the files loaded after them, shipped ones included, are all listed.
  size_t warnings = 0;
  for (size_t at = outcome.err.find("CPU limit"); at != std::string::npos; at = outcome.err.find("CPU limit", at + 1))
    ++warnings;
  CHECK(warnings == 2);
  std::set<std::string> ids;
  for (const auto& entry : nlohmann::json::parse(outcome.out)) ids.insert(entry["id"].get<std::string>());
  CHECK(ids.contains("fixture.after-busy"));
  CHECK(ids.contains("openclaw.false-green"));
  CHECK(ids.contains("example.hello"));
}

TEST_CASE("a 30 kB runbook id is refused by name in list, lint and run", "[loader]") {
  const auto dir = std::filesystem::temp_directory_path() / ("clawbook-long-id-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "long.lua").string();
  {
    std::ofstream out(path);
    out << "return { id = \"a" << std::string(30000, 'b') << "\", version = \"1.0.0\", engine = \"^1\", title = \"t\", "
        << "summary = \"s\", capabilities = {}, run = function() end }\n";
  }
  auto list = run_clawbook({"list", "--runbook-path", dir.string(), "--format", "json"});
  INFO(list.err);
  CHECK(list.code == 0);
  CHECK(list.err.find("long.lua:1: id 'abbb") != std::string::npos);
  CHECK(list.err.size() < 2000);  // the id is shown cut short
  auto lint = run_clawbook({"lint", path});
  CHECK(lint.code != 0);
  CHECK(lint.code < 128);  // a verdict, not a crash
  auto run = run_clawbook({"run", path});
  CHECK(run.code != 0);
  CHECK(run.code < 128);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a runbook that does not compile exits 2 whether named by id or by path", "[loader]") {
  const std::string dir = fixture("engine/fixtures/broken-compile");
  const auto by_path = run_clawbook({"run", dir + "/broken.lua"}, {"CLAWBOOK_PATH="});
  const auto by_id = run_clawbook({"run", "fixture.broken-compile", "--runbook-path", dir}, {"CLAWBOOK_PATH="});
  for (const auto* outcome : {&by_path, &by_id}) {
    INFO(outcome->out + outcome->err);
    CHECK(outcome->code == 2);                                       // by id it was 64, "unknown runbook"
    CHECK(outcome->err.find("broken.lua:5:") != std::string::npos);  // the syntax error and its line
    CHECK(outcome->err.find("unknown runbook") == std::string::npos);
  }
  // An id nothing declares is still a usage error.
  const auto unknown = run_clawbook({"run", "fixture.no-such-id", "--runbook-path", dir}, {"CLAWBOOK_PATH="});
  CHECK(unknown.code == 64);
  CHECK(unknown.err.find("unknown runbook 'fixture.no-such-id'") != std::string::npos);
}
