// One CLI: every subcommand's --help states its own options and its own exit codes, and every command that
// writes a result takes -o/--output and -f/--format with the same meaning.
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>
#include "test_paths.hpp"

using clawbook::test::run_clawbook;
using clawbook::test::slurp;

namespace {

const std::string kRunbooks = std::string(CLAWBOOK_SOURCE_DIR) + "/runbooks";

bool mentions(const std::string& text, const std::string& word) { return text.find(word) != std::string::npos; }

std::string temp_path(const std::string& stem) {
  char pattern[] = "/tmp/clawbook-help-XXXXXX";
  const int fd = mkstemp(pattern);
  REQUIRE(fd >= 0);
  ::close(fd);
  std::remove(pattern);
  return std::string(pattern) + "-" + stem;
}

}  // namespace

TEST_CASE("every subcommand's --help lists its exit codes", "[cli][help]") {
  for (const std::string command :
       {"run", "list", "show", "lint", "suggest", "test", "new", "docs", "report", "bundle", "lab", "fleet"}) {
    INFO(command);
    const auto help = run_clawbook({command, "--help"});
    CHECK(help.code == 0);
    CHECK(mentions(help.out, "Exit codes:"));
    CHECK(mentions(help.out, "  0  "));
  }
  const auto merge = run_clawbook({"report", "merge", "--help"});
  CHECK(mentions(merge.out, "Exit codes:"));
}

TEST_CASE("a subcommand's --help promises only the options it has", "[cli][help]") {
  const auto fleet = run_clawbook({"fleet", "--help"});
  CHECK_FALSE(mentions(fleet.out, "--fail-on"));
  CHECK_FALSE(mentions(fleet.out, "--runbook-path"));
  CHECK(mentions(fleet.out, "--max-targets"));
  CHECK(mentions(fleet.out, "--param-file"));
  const auto lab = run_clawbook({"lab", "--help"});
  CHECK_FALSE(mentions(lab.out, "--fail-on"));
  CHECK(mentions(lab.out, "--scenario-file"));
  CHECK(mentions(lab.out, "a refused scenario file"));
  const auto run = run_clawbook({"run", "--help"});
  CHECK(mentions(run.out, "--fail-on"));
  CHECK(mentions(run.out, "--runbook-path"));
}

TEST_CASE("every command that writes a result takes -o and -f with one meaning", "[cli][help]") {
  for (const auto& command : std::vector<std::vector<std::string>>{
           {"run"}, {"test"}, {"report", "merge"}, {"fleet"}, {"list"}, {"show"}, {"lint"}, {"suggest"}}) {
    std::vector<std::string> args = command;
    args.push_back("--help");
    const auto help = run_clawbook(args);
    INFO(command.front());
    CHECK(mentions(help.out, "-o,--output"));
    CHECK(mentions(help.out, "-f,--format"));
  }

  const std::string listed = temp_path("list.json");
  const auto list = run_clawbook({"list", "-f", "json", "-o", listed});
  CHECK(list.code == 0);
  CHECK(list.out.empty());
  CHECK(nlohmann::json::parse(slurp(listed)).is_array());
  std::remove(listed.c_str());

  const std::string shown = temp_path("show.txt");
  CHECK(run_clawbook({"show", "example.hello", "-o", shown}).code == 0);
  CHECK(mentions(slurp(shown), "example.hello"));
  std::remove(shown.c_str());

  const std::string linted = temp_path("lint.json");
  CHECK(run_clawbook({"lint", kRunbooks + "/examples/hello.lua", "-f", "json", "-o", linted}).code == 0);
  CHECK_NOTHROW(nlohmann::json::parse(slurp(linted)));
  std::remove(linted.c_str());
}

TEST_CASE("fleet writes its table or JSON to -o and refuses more targets than --max-targets", "[cli][fleet]") {
  const std::string targets = temp_path("targets");
  std::ofstream(targets) << "# nothing listens on port 1\n127.0.0.1:1\n";
  const std::string written = temp_path("fleet.json");
  const auto fleet = run_clawbook({"fleet", "--targets", targets, "-f", "json", "-o", written});
  CHECK(fleet.code == 1);
  CHECK(fleet.out.empty());
  const auto report = nlohmann::json::parse(slurp(written));
  CHECK(report["targets"] == 1);
  CHECK(report["failed"] == 1);

  std::ofstream(targets) << "ws://127.0.0.1:1-65535\n";
  const auto capped = run_clawbook({"fleet", "--targets", targets});
  CHECK(capped.code == 64);
  CHECK(mentions(capped.err, "more than 10000 targets"));
  CHECK(mentions(capped.err, "--max-targets"));

  // A very long line is a usage error, quickly, not a regex running out of stack.
  std::ofstream(targets) << std::string(100000, 'a') << ":1\n";
  const auto long_line = run_clawbook({"fleet", "--targets", targets});
  CHECK(long_line.code == 64);
  CHECK(mentions(long_line.err, "longer than"));
  std::remove(targets.c_str());
  std::remove(written.c_str());
}
