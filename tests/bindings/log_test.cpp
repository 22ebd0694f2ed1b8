// Lua-level tests of the `log` module, through the clawbook binary, with the real gateway log recorded in the
// fixtures and the shipped signature catalog.
#include "bindings/proc/run_binary.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include "test_paths.hpp"

using namespace clawbook::testing;
using Json = nlohmann::json;

TEST_CASE("log.scan with the signature catalog on the recorded gateway log", "[lua][log]") {
  TempDir dir;
  std::ifstream in(std::string(CLAWBOOK_TESTS_DIR) + "/fixtures/openclaw/captures/ws-logs.tail.json");
  std::string text;
  const Json capture = Json::parse(in);  // kept alive: a range-for over a temporary's member would dangle
  for (const auto& line : capture["payload"]["lines"]) text += line.get<std::string>() + "\n";
  const std::string log = dir.write("openclaw.log", text);
  const auto run = run_runbook(
      dir, "scan",
      runbook_with("\"fs\", \"fs:" + dir.path() + "\"", "path = { type = \"string\" }",
                   "local result = log.scan(params.path, require(\"lib.signatures\"), { level = \"warn\" })\n"
                   "step:evidence(\"ok\", result.ok)\n"
                   "step:evidence(\"counts\", result.counts)\n"
                   "step:evidence(\"first\", result.matches[1].finding)\n"
                   "local lines = log.scan({ \"07:14:18 [ws] handshake timeout conn=1\", \"noise\" }, \"handshake\")\n"
                   "step:evidence(\"from_lines\", lines.matches[1].subsystem)\n"
                   "step:evidence(\"missing\", log.scan(params.path .. \".gone\", {}).error)"),
      {{"path", log}});
  INFO(run.output);
  CHECK(evidence(run, "check", "ok") == true);
  const auto counts = evidence(run, "check", "counts");
  REQUIRE(counts.is_object());
  CHECK(counts["auth.token-mismatch"] == 1);
  CHECK(counts["ws.handshake-timeout"].get<int>() >= 1);
  CHECK(evidence(run, "check", "first") == "ws.handshake-timeout");
  CHECK(evidence(run, "check", "from_lines") == "ws");
  CHECK(evidence(run, "check", "missing") == "not_found");
}

TEST_CASE("log.scan misuse raises", "[lua][log]") {
  TempDir dir;
  const auto bad = run_runbook(dir, "bad", runbook_with("\"fs\"", "", "log.scan({ \"x\" }, { { regex = \"(\" } })"));
  CHECK(bad.output.find("bad regex") != std::string::npos);
  const auto undeclared = run_runbook(dir, "undeclared", runbook_with("", "", "log.scan({ \"x\" }, \"x\")"));
  CHECK(undeclared.output.find("capability 'fs'") != std::string::npos);
}
