// The binary as users and CI drive it: formats, exit codes, versions, params, lint, suggest, secrets.
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include "test_paths.hpp"

using clawbook::test::fixture;
using clawbook::test::run_clawbook;

namespace {
const std::string kVersions = fixture("engine/fixtures/runbooks/versions");
}

TEST_CASE("the example runbook runs healthy in every format", "[cli]") {
  auto json = run_clawbook({"run", "example.hello", "--format", "json"});
  REQUIRE(json.code == 0);
  auto report = nlohmann::json::parse(json.out);
  CHECK(report["schema_version"] == 1);
  CHECK(report["verdict"] == "healthy");
  CHECK(report["runbook"]["id"] == "example.hello");
  CHECK(report["steps"].size() == 3);
  CHECK(report["steps"][2]["evidence"]["branches"] == nlohmann::json::array({"a", "b"}));

  auto junit = run_clawbook({"run", "example.hello", "--format", "junit"});
  REQUIRE(junit.code == 0);
  CHECK(junit.out.find("<testsuites") != std::string::npos);
  CHECK(junit.out.find("<testcase classname=\"example.hello\" name=\"Read HOME and SHELL\"") != std::string::npos);

  auto markdown = run_clawbook({"run", "example.hello", "--format", "markdown"});
  REQUIRE(markdown.code == 0);
  CHECK(markdown.out.find("- Verdict: **healthy**") != std::string::npos);

  auto human = run_clawbook({"run", "example.hello"}, {"NO_COLOR=1"});
  REQUIRE(human.code == 0);
  CHECK(human.out.find("Verdict: HEALTHY") != std::string::npos);
  CHECK(human.out.find("\x1b[") == std::string::npos);
}

TEST_CASE("a finding at or above --fail-on exits 1, below it exits 0", "[cli]") {
  auto unset = run_clawbook({"run", "example.hello", "--format", "json"}, {"HOME=relative"});
  REQUIRE(unset.code == 1);
  auto report = nlohmann::json::parse(unset.out);
  CHECK(report["verdict"] == "problems");
  CHECK(report["findings"][0]["id"] == "example.home-unset");
  CHECK(report["findings"][0]["rank"] == 1);
  auto high = run_clawbook({"run", "example.hello", "--fail-on", "high", "--format", "json"}, {"HOME=relative"});
  CHECK(high.code == 0);
}

TEST_CASE("run writes the report to --output FILE", "[cli]") {
  const std::string path = "/tmp/clawbook-cli-test-report.json";
  std::remove(path.c_str());
  auto outcome = run_clawbook({"run", "example.hello", "--format", "json", "--output", path});
  REQUIRE(outcome.code == 0);
  CHECK(outcome.out.empty());
  CHECK(nlohmann::json::parse(clawbook::test::slurp(path))["verdict"] == "healthy");
  std::remove(path.c_str());
}

TEST_CASE("versions: highest compatible wins, pins and ranges select, conflicts name the files", "[cli]") {
  auto latest = run_clawbook({"run", "fixture.greet", "--runbook-path", kVersions, "--format", "json"});
  REQUIRE(latest.code == 0);
  CHECK(nlohmann::json::parse(latest.out)["runbook"]["version"] == "1.2.0");  // 2.0.0 needs engine ^2
  auto pinned = run_clawbook({"run", "fixture.greet@1.0.0", "--runbook-path", kVersions, "--format", "json"});
  CHECK(nlohmann::json::parse(pinned.out)["runbook"]["version"] == "1.0.0");
  auto tilde = run_clawbook({"run", "fixture.greet@~1.0", "--runbook-path", kVersions, "--format", "json"});
  CHECK(nlohmann::json::parse(tilde.out)["runbook"]["version"] == "1.0.0");
  auto caret = run_clawbook({"run", "fixture.greet@^1", "--runbook-path", kVersions, "--format", "json"});
  CHECK(nlohmann::json::parse(caret.out)["runbook"]["version"] == "1.2.0");
  auto future = run_clawbook({"run", "fixture.greet@2.0.0", "--runbook-path", kVersions});
  CHECK(future.code == 2);
  CHECK(future.err.find("needs engine ^2") != std::string::npos);
  auto duplicate = run_clawbook({"run", "fixture.greet", "--runbook-path", fixture("engine/fixtures/runbooks/dup")});
  CHECK(duplicate.code == 2);
  CHECK(duplicate.err.find("dup/a.lua") != std::string::npos);
  CHECK(duplicate.err.find("dup/b.lua") != std::string::npos);
  auto unknown = run_clawbook({"run", "no.such.runbook"});
  CHECK(unknown.code == 64);
  CHECK(unknown.err.find("unknown runbook 'no.such.runbook'") != std::string::npos);
  auto via_env = run_clawbook({"list"}, {"CLAWBOOK_PATH=" + kVersions});
  CHECK(via_env.out.find("fixture.greet") != std::string::npos);
}

TEST_CASE("ctx:run nests, globals stay apart, parallel returns in order and propagates errors", "[cli]") {
  auto outcome = run_clawbook({"run", "fixture.parent", "--runbook-path", kVersions, "--format", "json"});
  INFO(outcome.out << outcome.err);
  REQUIRE(outcome.code == 2);  // the "parallel error" step errors on purpose
  auto report = nlohmann::json::parse(outcome.out);
  const auto& steps = report["steps"];
  CHECK(steps[0]["title"] == "run fixture.child");
  CHECK(steps[0]["runbook"]["id"] == "fixture.child");
  CHECK(steps[0]["status"] == "warn");  // its worst finding is low
  CHECK(steps[0]["steps"][0]["evidence"]["leaked"] == "nil");
  CHECK(steps[0]["steps"][0]["evidence"]["level"] == 3);
  CHECK(steps[1]["evidence"]["verdict"] == "problems");
  CHECK(steps[1]["evidence"]["finding"] == "fixture.child-found");
  CHECK(steps[2]["evidence"]["results"] == nlohmann::json::array({1, 2, 3}));
  CHECK(steps[3]["status"] == "error");
  CHECK(steps[3]["message"].get<std::string>().find("parallel branch 2 failed") != std::string::npos);
  CHECK(steps[3]["message"].get<std::string>().find("branch broke") != std::string::npos);
  CHECK(steps[4]["evidence"]["wrapped"] == "slept");
  CHECK(report["findings"][0]["runbook"] == "fixture.child");
}

TEST_CASE("malformed runbooks and bad invocations give one clear line, never a crash", "[cli]") {
  const std::string bad = fixture("engine/fixtures/runbooks/bad/");
  auto syntax = run_clawbook({"run", bad + "syntax.lua"});
  CHECK(syntax.code == 2);
  CHECK(syntax.err.find("syntax.lua:3:") != std::string::npos);
  auto types = run_clawbook({"run", bad + "types.lua"});
  CHECK(types.code == 2);
  CHECK(types.err.find("types.lua:3: 'version' must be a string") != std::string::npos);
  auto not_table = run_clawbook({"run", bad + "not_a_table.lua"});
  CHECK(not_table.code == 2);
  CHECK(not_table.err.find("must return a table (got number)") != std::string::npos);
  auto missing = run_clawbook({"run", bad + "does-not-exist.lua"});
  CHECK(missing.code == 2);
  CHECK(missing.err.find("does-not-exist.lua:0: cannot read") != std::string::npos);
  auto directory = run_clawbook({"run", bad});
  CHECK(directory.code == 2);
  auto flag = run_clawbook({"run", "example.hello", "--no-such-flag"});
  CHECK(flag.code == 64);
  auto param = run_clawbook({"run", "example.hello", "--param", "nope=1"});
  CHECK(param.code == 64);
  CHECK(param.err.find("unknown param 'nope'") != std::string::npos);
  auto typed = run_clawbook({"run", "example.hello", "--param", "nap=soon"});
  CHECK(typed.code == 64);
  CHECK(typed.err.find("'soon' is not a number") != std::string::npos);
  auto no_command = run_clawbook({});
  CHECK(no_command.code == 64);
  auto help = run_clawbook({"run", "--help"});
  CHECK(help.code == 0);
  CHECK(help.out.find("--fail-on") != std::string::npos);
}

TEST_CASE("lint reports file:line problems and exits 1, clean files exit 0", "[cli]") {
  auto bad = run_clawbook({"lint", fixture("engine/fixtures/runbooks/bad")});
  CHECK(bad.code == 1);
  CHECK(bad.out.find("lint.lua:6: unknown metadata field 'capabilites'") != std::string::npos);
  CHECK(bad.out.find("lint.lua:7: unknown capability 'teleport'") != std::string::npos);
  CHECK(bad.out.find("param 'x' has no description") != std::string::npos);
  CHECK(bad.out.find("syntax.lua:3:") != std::string::npos);
  auto good = run_clawbook({"lint", std::string(CLAWBOOK_SOURCE_DIR) + "/runbooks"});
  INFO(good.out);
  CHECK(good.code == 0);
}

TEST_CASE("suggest ranks runbooks by their symptoms", "[cli]") {
  auto outcome = run_clawbook({"suggest", "error: HOME is not set in this shell", "--format", "json"});
  REQUIRE(outcome.code == 0);
  auto ranked = nlohmann::json::parse(outcome.out);
  REQUIRE(!ranked.empty());
  CHECK(ranked[0]["id"] == "example.hello");
  auto none = run_clawbook({"suggest", "zzzz qqqq"});
  CHECK(none.code == 1);
}

TEST_CASE("secrets appear only as fingerprints in every format, log and recording", "[cli][secrets]") {
  const std::string token = "tok-4f1c9e2b7a";
  const std::string api = "api-77e0d1c3b5";
  const std::vector<std::string> env{"FIXTURE_TOKEN=" + token, "FIXTURE_API_KEY=" + api};
  const std::string recording = "/tmp/clawbook-secret-recording.json";
  for (const char* format : {"human", "json", "junit", "markdown"}) {
    auto outcome = run_clawbook({"run", fixture("engine/fixtures/secrets.lua"), "--format", format, "-v", "--record", recording}, env);
    INFO(format);
    CHECK(outcome.code == 2);
    for (const auto& text : {outcome.out, outcome.err, clawbook::test::slurp(recording)}) {
      CHECK(text.find(token) == std::string::npos);
      CHECK(text.find(api) == std::string::npos);
    }
    CHECK(outcome.out.find("sha256:") != std::string::npos);
  }
  std::remove(recording.c_str());
}

TEST_CASE("a recording replays to the identical report without touching the system", "[cli][replay]") {
  const std::string recording = "/tmp/clawbook-replay-test.json";
  auto live = run_clawbook({"run", "example.hello", "--format", "json", "--record", recording});
  REQUIRE(live.code == 0);
  // Replaying in another environment: the recorded HOME wins, because env.get is served from the file.
  auto replayed = run_clawbook({"run", "example.hello", "--format", "json", "--replay", recording}, {"HOME=relative"});
  REQUIRE(replayed.code == 0);
  auto a = nlohmann::json::parse(live.out), b = nlohmann::json::parse(replayed.out);
  CHECK(a["verdict"] == b["verdict"]);
  CHECK(a["findings"] == b["findings"]);
  REQUIRE(a["steps"].size() == b["steps"].size());
  for (size_t i = 0; i < a["steps"].size(); ++i) {
    CHECK(a["steps"][i]["title"] == b["steps"][i]["title"]);
    CHECK(a["steps"][i]["status"] == b["steps"][i]["status"]);
    CHECK(a["steps"][i].value("evidence", nlohmann::json()) == b["steps"][i].value("evidence", nlohmann::json()));
  }
  // A call the recording lacks is a replay miss: exit 2 naming the call.
  auto miss = run_clawbook({"run", "example.hello", "--format", "json", "--replay", recording, "--param", "name=other"});
  CHECK(miss.code == 0);  // the name param reaches no binding, so the replay still matches
  std::remove(recording.c_str());
  const std::string broken = "/tmp/clawbook-replay-broken.json";
  {
    std::ofstream out(broken);
    out << "{\"format\": \"clawbook-recording\", \"version\": 1, \"calls\": [";
  }
  auto truncated = run_clawbook({"run", "example.hello", "--replay", broken});
  CHECK(truncated.code == 2);
  CHECK(truncated.err.find("not a valid recording") != std::string::npos);
  std::remove(broken.c_str());
}

TEST_CASE("show prints a runbook's metadata, params and how to run it", "[cli]") {
  auto human = run_clawbook({"show", "example.hello"});
  REQUIRE(human.code == 0);
  CHECK(human.out.find("example.hello 1.0.0") != std::string::npos);
  CHECK(human.out.find("nap (number) default 0.01") != std::string::npos);
  CHECK(human.out.find("Run: clawbook run example.hello") != std::string::npos);
  auto json = run_clawbook({"show", "example.hello", "--format", "json"});
  REQUIRE(json.code == 0);
  auto meta = nlohmann::json::parse(json.out);
  CHECK(meta["capabilities"] == nlohmann::json::array({"env"}));
  CHECK(meta["params"]["name"]["default"] == "world");
  auto unknown = run_clawbook({"show", "no.such"});
  CHECK(unknown.code == 64);
}

TEST_CASE("hostile metadata: regex characters in keys and bytes that are not UTF-8 are problems, not crashes",
          "[cli]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("clawbook-hostile-meta-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "hostile.lua";
  std::ofstream(file) << "return { id = 'acme.hostile', version = '1.0.0', engine = '^1', title = 't\\255x',\n"
                         "  summary = 's', ['x('] = 1,\n"
                         "  params = { ['a('] = { type = 'string', description = 'd' } },\n"
                         "  run = function(ctx) end }\n";
  auto lint = run_clawbook({"lint", file.string()});
  CHECK(lint.code == 1);
  CHECK(lint.out.find("unknown metadata field 'x('") != std::string::npos);
  auto show = run_clawbook({"show", file.string(), "--format", "json"});
  CHECK((show.code == 0 || show.code == 2));
  if (show.code == 0) CHECK(nlohmann::json::parse(show.out)["title"] == "t\xEF\xBF\xBDx");  // U+FFFD
  fs::remove_all(dir);
}

TEST_CASE("output files: a regular file is replaced atomically, a link is never followed, a device is written in place",
          "[cli]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("clawbook-output-" + std::to_string(getpid()));
  fs::create_directories(dir);
  // A regular file is replaced, keeping its mode.
  const fs::path target = dir / "target.json";
  std::ofstream(target) << "old";
  fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  REQUIRE(run_clawbook({"run", "example.hello", "--format", "json", "-o", target.string()}).code == 0);
  CHECK(nlohmann::json::parse(clawbook::test::slurp(target.string()))["verdict"] == "healthy");
  CHECK(fs::status(target).permissions() == (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
  // A link to a file is refused before anything runs, for the report and for a recording; the file is untouched.
  std::ofstream(target) << "old";
  fs::create_symlink(target, dir / "link.json");
  for (const char* flag : {"-o", "--record"}) {
    const auto refused = run_clawbook({"run", "example.hello", "--format", "json", flag, (dir / "link.json").string()});
    INFO(flag << ": " << refused.err);
    CHECK(refused.code == 64);
    CHECK(refused.err.find("symbolic link") != std::string::npos);
    CHECK(clawbook::test::slurp(target.string()) == "old");
    CHECK(fs::is_symlink(dir / "link.json"));
  }
  // /dev/null is written, not replaced by a regular file.
  REQUIRE(run_clawbook({"run", "example.hello", "--format", "json", "-o", "/dev/null"}).code == 0);
  CHECK(fs::is_character_file("/dev/null"));
  // No temporary is left anywhere.
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 2);
  fs::remove_all(dir);
}

TEST_CASE("output files in a shared sticky directory: a planted link or another user's file is refused", "[cli]") {
  namespace fs = std::filesystem;
  const fs::path base = fs::temp_directory_path() / ("clawbook-sticky-" + std::to_string(getpid()));
  const fs::path shared = base / "shared";  // like /tmp: world-writable and sticky
  const fs::path precious = base / "precious.conf";
  fs::create_directories(shared);
  fs::permissions(shared, fs::perms::all | fs::perms::sticky_bit);
  std::ofstream(precious) << "keep";
  // Another user planted a link where the report will go.
  fs::create_symlink(precious, shared / "report.json");
  auto refused = run_clawbook({"run", "example.hello", "--format", "json", "-o", (shared / "report.json").string()});
  INFO(refused.err);
  CHECK(refused.code == 64);
  CHECK(refused.err.find("sticky") != std::string::npos);
  CHECK(clawbook::test::slurp(precious.string()) == "keep");
  // A link to a device is refused there too.
  fs::create_symlink("/dev/null", shared / "null.json");
  CHECK(run_clawbook({"run", "example.hello", "-o", (shared / "null.json").string()}).code == 64);
  if (geteuid() == 0) {  // a file of another user (nobody) in the shared directory
    std::ofstream(shared / "theirs.json") << "theirs";
    REQUIRE(chown((shared / "theirs.json").c_str(), 65534, 65534) == 0);
    refused = run_clawbook({"run", "example.hello", "--format", "json", "-o", (shared / "theirs.json").string()});
    CHECK(refused.code == 64);
    CHECK(refused.err.find("another user") != std::string::npos);
    CHECK(clawbook::test::slurp((shared / "theirs.json").string()) == "theirs");
  }
  // Our own new file there is fine.
  CHECK(run_clawbook({"run", "example.hello", "--format", "json", "-o", (shared / "mine.json").string()}).code == 0);
  fs::remove_all(base);
}

TEST_CASE("terminal escapes from probed data are neutralised in every text format", "[cli][escapes]") {
  namespace fs = std::filesystem;
  const fs::path file = fs::temp_directory_path() / ("clawbook-escapes-" + std::to_string(getpid()) + ".lua");
  // ESC sequences (CSI, OSC 52 clipboard, hidden text), BEL, CR, a C1 CSI (U+009B) and a bidi override (U+202E),
  // in evidence values and keys, titles, finding text and facts.
  const std::string hostile = R"(\27[2J\27]52;c;ZXZpbA==\7\27[8mhidden\27[0m\r\194\155\226\128\174)";
  std::ofstream(file) << "return { id = \"fixture.escapes\", version = \"1.0.0\", engine = \"^1\", title = \"t\",\n"
                         "  summary = \"s\", capabilities = {},\n  run = function(ctx)\n"
                         "    local bad = \"" << hostile << "\"\n"
                         "    ctx:fact(\"fact\" .. bad, bad)\n"
                         "    ctx:step(\"step \" .. bad, function(step)\n"
                         "      step:evidence(\"key\" .. bad, { nested = bad })\n"
                         "      step:fail(\"failed \" .. bad)\n    end)\n"
                         "    ctx:finding({ id = \"fixture.escapes\", severity = \"low\", title = \"title \" .. bad,\n"
                         "      cause = bad, evidence = { [\"k\" .. bad] = bad }, fix = { bad } })\n  end }\n";
  for (const char* format : {"human", "markdown", "tap", "junit", "prometheus"}) {
    INFO(format);
    const auto outcome = run_clawbook({"run", file.string(), "--format", format});
    CHECK(outcome.out.find("hidden") != std::string::npos);  // the text is there, made visible
    CHECK(outcome.out.find('\x1b') == std::string::npos);
    CHECK(outcome.out.find('\x07') == std::string::npos);
    CHECK(outcome.out.find('\r') == std::string::npos);
    CHECK(outcome.out.find("\xC2\x9B") == std::string::npos);
    CHECK(outcome.out.find("\xE2\x80\xAE") == std::string::npos);
  }
  // JSON keeps the data, escaped.
  const auto json = run_clawbook({"run", file.string(), "--format", "json"});
  CHECK(json.out.find('\x1b') == std::string::npos);
  CHECK(json.out.find("\\u001b") != std::string::npos);
  fs::remove(file);
}
