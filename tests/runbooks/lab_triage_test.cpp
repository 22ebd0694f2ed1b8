// For every `clawbook lab` scenario, `clawbook run openclaw.triage` against it names the expected finding
// first (tests/runbooks/lab_triage_expectations.json): the shipped runbooks end to end over the real protocol.
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <csignal>

using clawbook::test::run_clawbook;
using clawbook::test::slurp;

namespace {

// A `clawbook lab` child on an ephemeral port; killed by its pid when the object goes away.
class Lab {
 public:
  explicit Lab(const std::vector<std::string>& args) {
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    std::vector<std::string> storage{CLAWBOOK_BINARY, "lab", "--port", "0"};
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : storage) argv.push_back(arg.data());
    argv.push_back(nullptr);
    const int spawned = posix_spawn(&pid_, CLAWBOOK_BINARY, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    REQUIRE(spawned == 0);
    // The first line names the URL: "clawbook lab: scenario=X url=ws://127.0.0.1:PORT ..." (wss:// for tls)
    std::string output;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (output.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd fd{pipe_fds[0], POLLIN, 0};
      if (::poll(&fd, 1, 100) <= 0) continue;
      char buffer[512];
      const ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
      if (n <= 0) break;
      output.append(buffer, static_cast<size_t>(n));
    }
    ::close(pipe_fds[0]);
    // The target is always http://host:port, as a user who does not know the gateway speaks TLS would give it.
    const auto url = output.find("url=");
    const auto at = url == std::string::npos ? url : output.find("://", url);
    INFO(output);
    REQUIRE(at != std::string::npos);
    url_ = "http://" + output.substr(at + 3, output.find_first_of(" \n", at + 3) - (at + 3));
  }
  ~Lab() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  const std::string& url() const { return url_; }

 private:
  pid_t pid_ = 0;
  std::string url_;
};

}  // namespace

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
