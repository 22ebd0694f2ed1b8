// Loading the search path: every file has a budget of its own, and hostile metadata is refused by name.
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>

using clawbook::test::fixture;
using clawbook::test::run_clawbook;

TEST_CASE("a busy file on the search path uses up only its own load budget", "[loader]") {
  const auto started = std::chrono::steady_clock::now();
  auto outcome = run_clawbook({"list", "--runbook-path", fixture("engine/fixtures/loader/busy"), "--format", "json"});
  const auto elapsed = std::chrono::steady_clock::now() - started;
  INFO(outcome.err);
  REQUIRE(outcome.code == 0);
  // Two busy files at one second of CPU each, not the run's --max-cpu shared by everything after them.
  CHECK(elapsed < std::chrono::seconds(8));
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
