// For every `clawbook lab` scenario, `clawbook run openclaw.triage` against it names the expected finding
// first (tests/runbooks/lab_triage_expectations.json): the shipped runbooks end to end over the real protocol.
#include "lab_process.hpp"
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include "test_paths.hpp"

using clawbook::test::Lab;
using clawbook::test::run_clawbook;
using clawbook::test::slurp;

TEST_CASE("triage names the right finding first for every lab scenario", "[lab][triage]") {
  const auto expectations =
      nlohmann::json::parse(slurp(std::string(CLAWBOOK_TESTS_DIR) + "/runbooks/lab_triage_expectations.json"));
  REQUIRE(expectations.size() >= 30);
  for (const auto& expected : expectations) {
    const std::string scenario = expected["scenario"];
    SECTION(scenario) {
      std::vector<std::string> args{"--scenario", scenario, "--token", "clawbook-lab-token"};
      for (const auto& extra : expected["extra_args"]) args.push_back(extra);
      Lab lab(args);
      const auto started = std::chrono::steady_clock::now();
      auto run = run_clawbook({"run", "openclaw.triage", "--format", "json", "--param", "target=" + lab.url(), "--param",
                               "token=clawbook-lab-token"},
                              {"OPENCLAW_GATEWAY_TOKEN=", "OPENCLAW_STATE_DIR=/nonexistent/clawbook-lab-state"});
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      INFO(scenario << " (" << seconds << " s)\n" << run.out << run.err);
      const auto report = nlohmann::json::parse(run.out, nullptr, false);
      REQUIRE_FALSE(report.is_discarded());
      CHECK(report["verdict"] == expected["verdict"]);
      const std::string first = report["findings"].empty() ? "" : report["findings"][0].value("id", "");
      CHECK(first == (expected["first"].is_null() ? std::string() : expected["first"].get<std::string>()));
      CHECK(run.out.find("clawbook-lab-token") == std::string::npos);  // the token shows only as a fingerprint
      CHECK(seconds < 15);  // hostile peers end in a classified result, never a hang
    }
  }
}

TEST_CASE("triage recorded against a live lab gateway replays to the identical report", "[lab][triage][replay]") {
  for (const std::string scenario : {"healthy", "token-mismatch", "channel-mention-required"}) {
    SECTION(scenario) {
      char pattern[] = "/tmp/clawbook-triage-recording-XXXXXX";
      const int fd = mkstemp(pattern);
      REQUIRE(fd >= 0);
      ::close(fd);
      const std::string recording = pattern;
      const std::vector<std::string> env{"OPENCLAW_GATEWAY_TOKEN=", "OPENCLAW_STATE_DIR=/nonexistent/clawbook-lab-state"};
      nlohmann::json live;
      {
        Lab lab({"--scenario", scenario, "--token", "clawbook-lab-token"});
        auto run = run_clawbook({"run", "openclaw.triage", "--format", "json", "--param", "target=" + lab.url(),
                                 "--param", "token=clawbook-lab-token", "--record", recording},
                                env);
        live = nlohmann::json::parse(run.out);
      }
      // The lab is gone: every answer now comes from the recording, which holds no token.
      CHECK(slurp(recording).find("clawbook-lab-token") == std::string::npos);
      const std::string target = live["params"].value("target", "");
      auto replay = run_clawbook({"run", "openclaw.triage", "--format", "json", "--param", "target=" + target, "--param",
                                  "token=clawbook-lab-token", "--replay", recording},
                                 env);
      INFO(replay.out << replay.err);
      const auto replayed = nlohmann::json::parse(replay.out);
      CHECK(replayed["verdict"] == live["verdict"]);
      CHECK(replayed["findings"] == live["findings"]);
      // Same steps with the same statuses and messages, at every depth (timings aside).
      std::function<void(const nlohmann::json&, const nlohmann::json&)> same_steps = [&](const nlohmann::json& a,
                                                                                          const nlohmann::json& b) {
        REQUIRE(a.size() == b.size());
        for (size_t i = 0; i < a.size(); ++i) {
          CHECK(a[i]["title"] == b[i]["title"]);
          CHECK(a[i]["status"] == b[i]["status"]);
          CHECK(a[i].value("message", "") == b[i].value("message", ""));
          if (a[i].contains("steps")) same_steps(a[i]["steps"], b[i]["steps"]);
        }
      };
      same_steps(live["steps"], replayed["steps"]);
      std::remove(recording.c_str());
    }
  }
}
