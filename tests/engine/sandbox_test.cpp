// Every sandbox escape attempt and resource bomb ends in a clean `error` step and exit code 2.
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>

using clawbook::test::fixture;
using clawbook::test::run_clawbook;

namespace {

struct Attempt {
  const char* file;
  const char* expected;  // regex the error message must match
};

const Attempt kAttempts[] = {
    {"io_open", "global 'io'"},
    {"os_execute", "field 'execute'"},
    {"os_exit", "field 'exit'"},
    {"os_remove", "field 'remove'"},
    {"os_getenv", "field 'getenv'"},
    {"loadfile", "global 'loadfile'"},
    {"dofile", "global 'dofile'"},
    {"debug_lib", "global 'debug'"},
    {"package_loadlib", "global 'package'"},
    {"require_outside", "invalid module name"},
    {"bytecode_load", "binary chunk"},
    {"string_dump", "field 'dump'"},
    {"string_method_dump", "method 'dump'|field 'dump'"},
    {"string_metatable", "index a boolean value"},
    {"collectgarbage", "only \"count\""},
    {"gc_finalizer", "__gc metamethods are not allowed"},
    {"runaway_loop", "CPU limit exceeded \\(--max-cpu 1 s\\)"},
    {"pcall_loop", "CPU limit exceeded"},
    {"memory_bomb", "memory limit exceeded \\(--max-memory 32 MiB\\)"},
    {"string_rep_bomb", "resulting string too large|memory limit exceeded"},
    {"string_concat_bomb", "memory limit exceeded|string length overflow"},
    {"deep_recursion", "stack overflow|memory limit exceeded"},
    {"coroutine_bomb", "memory limit exceeded"},
    {"coroutine_task", "owned by the engine"},
    {"capability_undeclared", "capability 'env' is not declared by runbook sandbox.capability-undeclared"},
    {"global_escape", "io is nil"},
};

}  // namespace

TEST_CASE("sandbox escapes and bombs end in a clean error", "[sandbox]") {
  for (const auto& attempt : kAttempts) {
    DYNAMIC_SECTION(attempt.file) {
      const std::string path = fixture(std::string("engine/fixtures/sandbox/") + attempt.file + ".lua");
      auto outcome = run_clawbook({"run", path, "--format", "json", "--max-cpu", "1", "--max-memory", "32M", "--timeout", "20"});
      INFO(outcome.err);
      REQUIRE(outcome.code == 2);
      auto report = nlohmann::json::parse(outcome.out);
      CHECK(report["verdict"] == "error");
      REQUIRE(report["steps"].size() >= 1);
      const auto& step = report["steps"][0];
      CHECK(step["title"] == "attempt");
      CHECK(step["status"] == "error");
      const std::string message = step.value("message", "");
      INFO(message);
      CHECK(std::regex_search(message, std::regex(attempt.expected)));
    }
  }
}

TEST_CASE("deny forbids a declared capability for the whole run", "[sandbox]") {
  auto outcome = run_clawbook({"run", "example.hello", "--deny", "env", "--format", "json"});
  REQUIRE(outcome.code == 2);
  auto report = nlohmann::json::parse(outcome.out);
  bool denied = false;
  for (const auto& step : report["steps"])
    if (step.value("message", "").find("capability 'env' is denied for this run (--deny env)") != std::string::npos) denied = true;
  CHECK(denied);
}

TEST_CASE("the wall-clock timeout ends a run parked on I/O and still writes the report", "[sandbox]") {
  const auto started = std::chrono::steady_clock::now();
  auto outcome = run_clawbook({"run", fixture("engine/fixtures/sleepy.lua"), "--timeout", "1", "--format", "json"});
  const auto elapsed = std::chrono::steady_clock::now() - started;
  REQUIRE(outcome.code == 2);
  CHECK(elapsed < std::chrono::seconds(10));
  auto report = nlohmann::json::parse(outcome.out);
  CHECK(report["verdict"] == "error");
  CHECK(report["steps"][0]["status"] == "pass");
  CHECK(report["steps"][1]["status"] == "error");
  CHECK(report["steps"][1]["message"].get<std::string>().find("timeout") != std::string::npos);
}

TEST_CASE("Ctrl-C cancels the run cleanly and still prints the partial report", "[sandbox]") {
  const auto started = std::chrono::steady_clock::now();
  auto outcome = run_clawbook({"run", fixture("engine/fixtures/sleepy.lua"), "--format", "json"}, {}, 500);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
  REQUIRE(outcome.code == 130);
  auto report = nlohmann::json::parse(outcome.out);
  CHECK(report["interrupted"] == true);
  CHECK(report["verdict"] == "error");
  CHECK(report["steps"][0]["status"] == "pass");
  CHECK(report["steps"][1]["message"].get<std::string>().find("interrupted") != std::string::npos);
}

TEST_CASE("Ctrl-C also stops a runbook busy in Lua code", "[sandbox]") {
  auto outcome = run_clawbook({"run", fixture("engine/fixtures/sandbox/runaway_loop.lua"), "--format", "json", "--max-cpu", "60"}, {}, 500);
  REQUIRE(outcome.code == 130);
  auto report = nlohmann::json::parse(outcome.out);
  CHECK(report["steps"][0]["message"].get<std::string>().find("interrupted") != std::string::npos);
}

TEST_CASE("limits hold under load: 10,000 parallel branches and a million binding calls finish in order", "[sandbox]") {
  auto parallel = run_clawbook({"run", fixture("engine/fixtures/load/parallel.lua"), "--format", "json", "--max-memory",
                                "64M", "--timeout", "60"});
  INFO(parallel.err);
  REQUIRE(parallel.code == 0);
  auto report = nlohmann::json::parse(parallel.out);
  CHECK(report["steps"][0]["evidence"]["results"] == 10000);
  CHECK(report["steps"][0]["evidence"]["in_order"] == true);

  // --max-cpu well above the default 10 s: under ASan at -O0 a million calls take about 10 s of CPU, and this test is
  // about order and flat memory, not speed (bench/engine_bench measures that).
  auto flood = run_clawbook(
      {"run", fixture("engine/fixtures/load/flood.lua"), "--format", "json", "--timeout", "120", "--max-cpu", "120"});
  INFO(flood.err);
  REQUIRE(flood.code == 0);
  CHECK(nlohmann::json::parse(flood.out)["steps"][0]["evidence"]["calls"] == 1000000);

  // The same branches under a cap too small for them: a clean memory error, not a crash.
  auto capped = run_clawbook({"run", fixture("engine/fixtures/load/parallel.lua"), "--format", "json", "--max-memory",
                              "4M", "--timeout", "60"});
  CHECK(capped.code == 2);
  CHECK(nlohmann::json::parse(capped.out)["steps"][0]["message"].get<std::string>().find("memory limit exceeded") !=
        std::string::npos);
}
