// What the scheduler does with a finished coroutine's values runs no runbook code outside a protected call:
// hostile error objects end in a report, never in a Lua panic or a secret on stderr.
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using clawbook::test::fixture;
using clawbook::test::Running;

namespace {
const std::string kToken = "fake-token-Zq8xW3vB1nM5kL0p";  // an obviously fake secret
}

TEST_CASE("an error object with metamethods thrown from run or a branch ends in a redacted report", "[scheduler]") {
  for (const char* where : {"run", "parallel", "step"}) {
    for (const char* meta : {"index", "tostring", "eq", "len", "concat"}) {
      DYNAMIC_SECTION(where << " " << meta) {
        Running running(
            {"run", fixture("engine/fixtures/protected/error_object.lua"), "--format", "json", "-p",
             std::string("where=") + where, "-p", std::string("meta=") + meta, "--param-stdin", "--timeout", "20"},
            {}, "token=" + kToken + "\n");
        auto outcome = running.finish();
        INFO(outcome.err);
        CHECK(outcome.err.find("panic") == std::string::npos);
        CHECK(outcome.err.find(kToken) == std::string::npos);
        CHECK(outcome.out.find(kToken) == std::string::npos);
        REQUIRE(outcome.code == 2);
        auto report = nlohmann::json::parse(outcome.out);
        CHECK(report["verdict"] == "error");
        CHECK(report.contains("error"));
      }
    }
  }
}
