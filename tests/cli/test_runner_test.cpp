// `clawbook new` and `clawbook test`: the authoring round trip, readable failures, broken cases, junit.
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

using clawbook::test::run_clawbook;
using clawbook::test::slurp;

namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    char pattern[] = "/tmp/clawbook-authoring-XXXXXX";
    path = mkdtemp(pattern);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("new writes a runbook whose cases pass out of the box", "[authoring]") {
  TempDir dir;
  auto created = run_clawbook({"new", "acme.check", "--dir", dir.path.string()});
  REQUIRE(created.code == 0);
  CHECK(fs::exists(dir.path / "acme.check.lua"));
  CHECK(run_clawbook({"lint", (dir.path / "acme.check.lua").string()}).code == 0);

  auto tested = run_clawbook({"test", dir.path.string()});
  INFO(tested.out << tested.err);
  CHECK(tested.code == 0);
  CHECK(has_line(tested.out, "2 passed, 0 failed"));
  CHECK(tested.out.find("PASS") != std::string::npos);

  // The runbook also runs for real from the same directory.
  auto ran = run_clawbook({"run", "acme.check", "--runbook-path", dir.path.string(), "--format", "json"});
  CHECK(ran.code == 0);

  // A second `new` refuses to overwrite.
  auto again = run_clawbook({"new", "acme.check", "--dir", dir.path.string()});
  CHECK(again.code == 64);
  CHECK(again.err.find("exists") != std::string::npos);
  CHECK(run_clawbook({"new", "Not An Id", "--dir", dir.path.string()}).code == 64);
}

TEST_CASE("a broken expectation fails with expected vs got, and junit says so", "[authoring]") {
  TempDir dir;
  REQUIRE(run_clawbook({"new", "acme.check", "--dir", dir.path.string()}).code == 0);
  const fs::path healthy = dir.path / "tests" / "acme.check-healthy.json";
  auto document = nlohmann::json::parse(slurp(healthy.string()));
  document["expect"] = {{"verdict", "problems"},
                        {"first", "acme.check.variable-unset"},
                        {"findings", {"acme.other"}},
                        {"steps", {{"Read HOME", "fail"}, {"No such step", "pass"}}}};
  write(healthy, document.dump(2));

  auto tested = run_clawbook({"test", dir.path.string()});
  INFO(tested.out);
  CHECK(tested.code == 1);
  CHECK(has_line(tested.out, "1 passed, 1 failed"));
  CHECK(tested.out.find("FAIL") != std::string::npos);
  CHECK(tested.out.find("verdict: expected problems, got healthy") != std::string::npos);
  CHECK(tested.out.find("first finding: expected acme.check.variable-unset, got no finding") != std::string::npos);
  CHECK(tested.out.find("findings: expected to contain acme.other, got []") != std::string::npos);
  CHECK(tested.out.find("step \"Read HOME\": expected fail, got pass") != std::string::npos);
  CHECK(tested.out.find("step \"No such step\": expected pass, got no such step") != std::string::npos);

  auto junit = run_clawbook({"test", dir.path.string(), "--format", "junit"});
  CHECK(junit.code == 1);
  CHECK(junit.out.find("<testsuite name=\"clawbook test\" tests=\"2\" failures=\"1\"") != std::string::npos);
  CHECK(junit.out.find("<failure message=\"verdict: expected problems, got healthy\"") != std::string::npos);

  auto json = run_clawbook({"test", dir.path.string(), "--format", "json"});
  auto results = nlohmann::json::parse(json.out);
  CHECK(results["passed"] == 1);
  CHECK(results["failed"] == 1);

  // -o: the results go to the file (CI publishes it), the summary line stays on stderr.
  const std::string xml = (dir.path / "results.xml").string();
  auto to_file = run_clawbook({"test", dir.path.string(), "--format", "junit", "-o", xml});
  CHECK(to_file.code == 1);
  CHECK(to_file.out.empty());
  CHECK(to_file.err.find("1 passed, 1 failed") != std::string::npos);
  CHECK(clawbook::test::slurp(xml).find("failures=\"1\"") != std::string::npos);
  CHECK(run_clawbook({"test", dir.path.string(), "-o", xml}).code == 64);  // human output has no file form
}

TEST_CASE("every call must be answered by data, fakes match by subset and count", "[authoring]") {
  TempDir dir;
  REQUIRE(run_clawbook({"new", "acme.check", "--dir", dir.path.string()}).code == 0);
  const fs::path unanswered = dir.path / "tests" / "acme.check-healthy.json";
  write(unanswered, R"({"runbook": "acme.check", "expect": {"verdict": "healthy"}})");
  auto tested = run_clawbook({"test", unanswered.string()});
  CHECK(tested.code == 1);
  CHECK(tested.out.find("no fake for env.get with arguments [\"HOME\"]") != std::string::npos);

  // `times` limits an entry: the second call falls through to the next entry.
  write(unanswered, R"({"runbook": "acme.check@^0.1",
    "calls": [{"call": "env.get", "args": [null], "results": [null], "times": 1}],
    "expect": {"verdict": "problems", "first": "acme.check.variable-unset"}})");
  auto matched = run_clawbook({"test", unanswered.string()});
  INFO(matched.out);
  CHECK(matched.code == 0);
}

TEST_CASE("broken case files and unknown paths give one clear error", "[authoring]") {
  TempDir dir;
  REQUIRE(run_clawbook({"new", "acme.check", "--dir", dir.path.string()}).code == 0);
  const fs::path broken = dir.path / "tests" / "acme.check-unset.json";
  write(broken, R"({"runbook": "acme.check", "calls": [)");
  auto tested = run_clawbook({"test", broken.string()});
  CHECK(tested.code == 2);
  CHECK(tested.out.find("BROKEN") != std::string::npos);
  CHECK(tested.out.find("not valid JSON") != std::string::npos);

  write(broken, R"({"runbook": "acme.nope"})");
  auto unknown = run_clawbook({"test", broken.string()});
  CHECK(unknown.code == 2);
  CHECK(unknown.out.find("acme.nope") != std::string::npos);

  write(broken, R"({"runbook": "acme.check", "calls": [{"call": "env.get"}]})");
  auto no_answer = run_clawbook({"test", broken.string()});
  CHECK(no_answer.code == 2);
  CHECK(no_answer.out.find("needs exactly one of \"result\", \"results\", \"error\"") != std::string::npos);

  write(broken, R"({"runbook": "acme.check", "recording": "missing.json"})");
  auto no_recording = run_clawbook({"test", broken.string()});
  CHECK(no_recording.code == 2);
  CHECK(no_recording.out.find("cannot read recording") != std::string::npos);

  auto missing = run_clawbook({"test", (dir.path / "nowhere").string()});
  CHECK(missing.code == 64);
  CHECK(missing.err.find("no such file or directory") != std::string::npos);
}

TEST_CASE("a case can replay a recording made by clawbook run --record", "[authoring][replay]") {
  TempDir dir;
  REQUIRE(run_clawbook({"new", "acme.check", "--dir", dir.path.string()}).code == 0);
  const fs::path recording = dir.path / "tests" / "recordings" / "live.json";
  fs::create_directories(recording.parent_path());
  auto live = run_clawbook({"run", "acme.check", "--runbook-path", dir.path.string(), "--record", recording.string(),
                            "--param", "variable=CLAWBOOK_SURELY_UNSET"});
  REQUIRE(live.code == 1);
  write(dir.path / "tests" / "acme.check-recorded.json", R"({"runbook": "acme.check",
    "params": {"variable": "CLAWBOOK_SURELY_UNSET"}, "recording": "recordings/live.json",
    "expect": {"verdict": "problems", "first": "acme.check.variable-unset"}})");
  auto tested = run_clawbook({"test", (dir.path / "tests" / "acme.check-recorded.json").string()});
  INFO(tested.out);
  CHECK(tested.code == 0);
}

TEST_CASE("bad recordings give one clear line and exit 2", "[replay]") {
  TempDir dir;
  const fs::path recording = dir.path / "r.json";
  REQUIRE(run_clawbook({"run", "example.hello", "--record", recording.string()}).code == 0);
  auto document = nlohmann::json::parse(slurp(recording.string()));

  auto wrong_version = document;
  wrong_version["version"] = 99;
  write(recording, wrong_version.dump());
  auto version = run_clawbook({"run", "example.hello", "--replay", recording.string()});
  CHECK(version.code == 2);
  CHECK(version.err.find("recording format version 99 is not supported") != std::string::npos);

  auto no_calls = document;
  no_calls["calls"] = nlohmann::json::array();
  write(recording, no_calls.dump());
  auto missing = run_clawbook({"run", "example.hello", "--replay", recording.string(), "--format", "json"});
  CHECK(missing.code == 2);
  CHECK(missing.out.find("replay miss: env.get") != std::string::npos);

  auto other = document;
  other["runbook"]["id"] = "acme.other";
  write(recording, other.dump());
  auto foreign = run_clawbook({"run", "example.hello", "--replay", recording.string()});
  CHECK(foreign.code == 2);
  CHECK(foreign.err.find("recording is of runbook 'acme.other'") != std::string::npos);

  // Fields of the wrong type and absurd nesting (both found by recording_fuzz) are one line too, not a crash.
  for (const std::string& hostile : {std::string(R"({"format": 1})"),
                                     std::string(R"({"format": "clawbook-recording", "version": 1, "calls": [], "runbook": "x"})"),
                                     std::string(200000, '[')}) {
    write(recording, hostile);
    auto outcome = run_clawbook({"run", "example.hello", "--replay", recording.string()});
    CHECK(outcome.code == 2);
    CHECK(outcome.err.find(recording.string()) != std::string::npos);
    CHECK(std::count(outcome.err.begin(), outcome.err.end(), '\n') == 1);
  }
}

TEST_CASE("case files are validated: unknown keys, fakes of no function, fakes no call used", "[authoring][harness]") {
  TempDir dir;
  REQUIRE(run_clawbook({"new", "acme.check", "--dir", dir.path.string()}).code == 0);
  const fs::path file = dir.path / "tests" / "acme.check-healthy.json";
  const auto broken_with = [&](const std::string& text, const std::string& message) {
    write(file, text);
    auto tested = run_clawbook({"test", file.string()});
    INFO(tested.out << tested.err);
    CHECK(tested.code == 2);
    CHECK(tested.out.find("BROKEN") != std::string::npos);
    CHECK(tested.out.find(file.string()) != std::string::npos);  // the case, by path
    CHECK(tested.out.find(message) != std::string::npos);
  };
  const std::string call = R"({"call": "env.get", "args": ["HOME"], "result": "/home/someone"})";

  // A misspelt expectation used to check nothing and pass.
  broken_with(R"({"runbook": "acme.check", "calls": [)" + call + R"(], "expect": {"verdikt": "problems"}})",
              "acme.check-healthy.json: expect: unknown key \"verdikt\" (known: verdict, first, findings, absent, steps)");
  broken_with(R"({"runbook": "acme.check", "cals": [)" + call + R"(], "expect": {"verdict": "healthy"}})",
              "acme.check-healthy.json: unknown key \"cals\"");
  broken_with(R"({"runbook": "acme.check", "calls": [)" + call +
                  R"(, {"call": "env.get", "args": ["X"], "reslut": "x"}], "expect": {"verdict": "healthy"}})",
              "acme.check-healthy.json: calls[2]: unknown key \"reslut\"");
  broken_with(R"({"runbook": "acme.check", "calls": [)" + call +
                  R"(, {"call": "env.gett", "result": "x"}], "expect": {"verdict": "healthy"}})",
              "acme.check-healthy.json: calls[2]: \"call\": module env has no function gett (it has: get, fingerprint)");
  broken_with(R"({"runbook": "acme.check", "calls": [)" + call +
                  R"(, {"call": "nope.get", "result": "x"}], "expect": {"verdict": "healthy"}})",
              "calls[2]: \"call\": no module nope");
  // A fake no call used: the run itself passes, the case does not.
  broken_with(R"({"runbook": "acme.check", "calls": [)" + call +
                  R"(, {"call": "env.get", "args": ["HOEM"], "result": "x"}], "expect": {"verdict": "healthy"}})",
              "acme.check-healthy.json: calls[2]: no call used this fake of env.get with args [\"HOEM\"]");
  broken_with(R"({"runbook": "acme.check", "calls": [)" + call +
                  R"(, {"call": "env.get", "result": "x", "optional": "yes"}], "expect": {"verdict": "healthy"}})",
              "calls[2]: \"optional\" must be true or false");

  // A fake a path may skip says so.
  write(file, R"({"runbook": "acme.check", "calls": [)" + call +
                  R"(, {"call": "env.get", "args": ["HOEM"], "result": "x", "optional": true}],
      "expect": {"verdict": "healthy"}})");
  auto optional = run_clawbook({"test", file.string()});
  INFO(optional.out);
  CHECK(optional.code == 0);
}

TEST_CASE("a fake's args match by position, trailing options optional", "[authoring][harness]") {
  TempDir dir;
  write(dir.path / "acme.opts.lua", R"(return { id = "acme.opts", version = "1.0.0", engine = "^1", title = "t",
  summary = "s", capabilities = { "env" },
  run = function(ctx)
    ctx:step("read", function(step)
      step:evidence("with_options", env.get("HOME", { secret = false }))
      step:evidence("without", env.get("USER"))
      if env.get("HOME", { secret = false }) ~= "/home/fake" or env.get("USER") ~= "fake" then
        step:fail("not the fakes")
      end
    end)
  end }
)");
  const fs::path file = dir.path / "tests" / "acme.opts-case.json";
  // ["HOME"] matches env.get("HOME", {secret = false}): the options are not named, so they match anything.
  // ["USER", null] matches env.get("USER"): a null position matches an argument left out.
  write(file, R"({"runbook": "acme.opts", "calls": [
      {"call": "env.get", "args": ["HOME"], "result": "/home/fake"},
      {"call": "env.get", "args": ["USER", null], "result": "fake"}],
    "expect": {"verdict": "healthy", "steps": {"read": "pass"}}})");
  auto tested = run_clawbook({"test", file.string()});
  INFO(tested.out);
  CHECK(tested.code == 0);

  // A position that is named must match: {"secret": true} is not what the runbook passed.
  write(file, R"({"runbook": "acme.opts", "calls": [
      {"call": "env.get", "args": ["HOME", {"secret": true}], "result": "/home/fake"},
      {"call": "env.get", "args": ["HOME"], "result": "/home/other"},
      {"call": "env.get", "args": ["USER", {"secret": false}], "result": "fake"}],
    "expect": {"verdict": "healthy"}})");
  auto named = run_clawbook({"test", file.string()});
  INFO(named.out);
  CHECK(named.code == 2);  // the {"secret": true} and the USER-with-options fakes answered nothing
  CHECK(named.out.find("calls[1]: no call used this fake") != std::string::npos);
  CHECK(named.out.find("calls[3]: no call used this fake") != std::string::npos);
  CHECK(named.out.find("calls[2]: no call used") == std::string::npos);  // ["HOME"] answered
}
