// `clawbook watch` against `clawbook lab`'s intermittent scenarios: each pattern is named from the timeline, a
// recorded watch replays to the same timeline and findings, Ctrl-C still writes the report, and the HTML report
// is one file with the timeline drawn and nothing fetched from elsewhere. Short periods keep each under a minute.
#include "lab_process.hpp"
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using clawbook::test::Lab;
using clawbook::test::Outcome;
using clawbook::test::run_clawbook;
using clawbook::test::Running;
using clawbook::test::slurp;
using Json = nlohmann::json;

namespace {

const std::vector<std::string> kEnv{"OPENCLAW_GATEWAY_TOKEN=", "OPENCLAW_STATE_DIR=/nonexistent/clawbook-watch-state",
                                    "CI=1"};

std::string temp_path(const char* name) {
  std::string pattern = std::string("/tmp/clawbook-watch-") + name + "-XXXXXX";
  const int fd = mkstemp(pattern.data());
  REQUIRE(fd >= 0);
  ::close(fd);
  return pattern;
}

Outcome watch(const Lab& lab, const std::string& duration, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{
      "watch",    "--target", lab.url(), "--duration", duration, "--param", "token=clawbook-lab-token",
      "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_clawbook(args, kEnv);
}

Json parsed(const Outcome& run) {
  INFO(run.out.substr(0, 4000) << run.err.substr(0, 4000));
  Json report = Json::parse(run.out, nullptr, false);
  REQUIRE_FALSE(report.is_discarded());
  REQUIRE(report["facts"].contains("watch"));
  return report;
}

const Json* finding(const Json& report, const std::string& id) {
  for (const auto& f : report["findings"])
    if (f.value("id", "") == id) return &f;
  return nullptr;
}

size_t count_kind(const Json& watch, const std::string& kind) {
  size_t n = 0;
  for (const auto& e : watch["events"]) n += e.value("kind", "") == kind ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("watch names a proxy's idle timeout with the measured period", "[lab][watch]") {
  Lab lab({"--scenario", "idle-close", "--period-ms", "1500", "--tick-ms", "300", "--token", "clawbook-lab-token"});
  const auto run = watch(lab, "7s", {"--on-failure", "none"});
  const Json report = parsed(run);
  INFO(run.err);
  CHECK(run.code == 1);
  const Json* idle = finding(report, "proxy.idle-timeout");
  REQUIRE(idle != nullptr);
  CHECK((*idle)["evidence"]["period_s"].get<double>() == Approx(1.5).margin(0.3));
  CHECK((*idle)["evidence"]["close_codes"].contains("1006"));
  const auto& w = report["facts"]["watch"];
  CHECK(count_kind(w, "disconnect") >= 3);
  CHECK(count_kind(w, "tick") >= 5);
  CHECK(count_kind(w, "hello_ok") >= 3);
  // JSON carries every event (none evicted in a short watch), numbered in order.
  CHECK(w["total"] == w["events"].size());
  for (size_t i = 0; i < w["events"].size(); ++i) CHECK(w["events"][i]["n"] == i + 1);
  // Each disconnect line on stderr names its close code and how long the connection lived.
  CHECK(run.err.find("disconnect 1006 after 1.") != std::string::npos);
  CHECK(run.out.find("clawbook-lab-token") == std::string::npos);
}

TEST_CASE("watch names flapping readiness", "[lab][watch]") {
  Lab lab({"--scenario", "flap-readyz", "--period-ms", "800", "--token", "clawbook-lab-token"});
  const auto run = watch(lab, "5s", {"--on-failure", "none", "--param", "probe_every=0.25"});
  const Json report = parsed(run);
  const Json* flapping = finding(report, "gateway.readiness-flapping");
  REQUIRE(flapping != nullptr);
  CHECK((*flapping)["evidence"]["flips"].get<int>() >= 3);
  CHECK(count_kind(report["facts"]["watch"], "ready") >= 4);
}

TEST_CASE("watch sees a restart loop through new bootIds and triages at the failure", "[lab][watch]") {
  Lab lab({"--scenario", "restart-loop", "--period-ms", "1500", "--token", "clawbook-lab-token"});
  const auto run = watch(lab, "6s", {"--param", "triage_every=0"});
  const Json report = parsed(run);
  const auto& w = report["facts"]["watch"];
  const Json* loop = finding(report, "gateway.restart-loop");
  REQUIRE(loop != nullptr);
  CHECK((*loop)["evidence"]["restarts"].get<int>() >= 2);
  std::vector<std::string> boots;
  for (const auto& e : w["events"]) {
    if (e["kind"] == "restart") {
      CHECK(e["via"] == "bootId");
      CHECK(e["from"] != e["to"]);
      CHECK(e.value("reason", "") == "gateway restarting");  // from the shutdown event before the close
    }
    if (e["kind"] == "disconnect") CHECK(e["close_code"] == 1012);
    if (e["kind"] == "hello_ok") boots.push_back(e.value("boot_id", ""));
  }
  REQUIRE(boots.size() >= 3);
  CHECK(boots[0] != boots[1]);
  // The triage ran at the failures, and its summary is attached to the failing event.
  CHECK(count_kind(w, "triage") >= 2);
  bool attached = false;
  for (const auto& e : w["events"])
    attached = attached || (e.contains("triage") && e["triage"]["runbook"] == "openclaw.triage");
  CHECK(attached);
}

TEST_CASE("watch names a reconnect storm", "[lab][watch]") {
  Lab lab({"--scenario", "closed-1000-after-hello", "--token", "clawbook-lab-token"});
  const auto run = watch(lab, "9s", {"--on-failure", "none"});
  const Json report = parsed(run);
  CHECK(finding(report, "gateway.reconnect-storm") != nullptr);
  CHECK(finding(report, "proxy.idle-timeout") == nullptr);  // dropped at once: not an idle timeout
}

TEST_CASE("a recorded watch replays to the same timeline and findings", "[lab][watch][replay]") {
  const std::string recording = temp_path("recording");
  Json live;
  std::string target;
  {
    Lab lab({"--scenario", "idle-close", "--period-ms", "1200", "--tick-ms", "250", "--token", "clawbook-lab-token"});
    target = lab.url();
    live = parsed(watch(lab, "5.5s", {"--on-failure", "none", "--record", recording}));
  }
  CHECK(slurp(recording).find("clawbook-lab-token") == std::string::npos);
  const auto replay = run_clawbook(
      {"watch", "--target", target, "--duration", "5.5s", "--param", "token=clawbook-lab-token", "--format", "json",
       "--on-failure", "none", "--replay", recording},
      kEnv);
  const Json replayed = parsed(replay);
  CHECK(replayed["facts"]["watch"]["events"] == live["facts"]["watch"]["events"]);
  CHECK(replayed["facts"]["watch"]["patterns"] == live["facts"]["watch"]["patterns"]);
  CHECK(replayed["findings"] == live["findings"]);
  CHECK(finding(replayed, "proxy.idle-timeout") != nullptr);
  std::remove(recording.c_str());
}

TEST_CASE("Ctrl-C ends a watch cleanly and still writes the report", "[lab][watch]") {
  Lab lab({"--scenario", "healthy", "--tick-ms", "200", "--token", "clawbook-lab-token"});
  const std::string out = temp_path("report");
  const auto started = std::chrono::steady_clock::now();
  Running running({"watch", "--target", lab.url(), "--duration", "10m", "--param", "token=clawbook-lab-token",
                   "--format", "json", "-o", out},
                  kEnv);
  usleep(2500 * 1000);
  running.signal(SIGINT);
  const auto run = running.finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  INFO(run.err);
  CHECK(run.code == 0);
  CHECK(seconds < 10);
  const Json report = Json::parse(slurp(out), nullptr, false);
  REQUIRE_FALSE(report.is_discarded());
  const auto& w = report["facts"]["watch"];
  CHECK(w["stopped"] == true);
  CHECK(count_kind(w, "tick") >= 5);
  CHECK(report["verdict"] == "healthy");
  std::remove(out.c_str());
}

TEST_CASE("the HTML report is one file with the timeline drawn and no external reference", "[lab][watch][html]") {
  Lab lab({"--scenario", "idle-close", "--period-ms", "1200", "--tick-ms", "250", "--token", "clawbook-lab-token"});
  const auto run = run_clawbook({"watch", "--target", lab.url(), "--duration", "5.5s", "--param",
                                 "token=clawbook-lab-token", "--format", "html", "--on-failure", "none"},
                                kEnv);
  const std::string& html = run.out;
  INFO(run.err);
  REQUIRE(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("class=\"ev-disconnect\"") != std::string::npos);
  CHECK(html.find("proxy.idle-timeout") != std::string::npos);
  for (const char* external : {"src=", "href=", "url(", "@import", "<link", "<script", "https://", "http://"})
    CHECK(html.find(external) == std::string::npos);
  CHECK(html.find("clawbook-lab-token") == std::string::npos);
}

TEST_CASE("openclaw.watch as a runbook: its duration bounds the run, not --timeout", "[lab][watch]") {
  Lab lab({"--scenario", "healthy", "--tick-ms", "200", "--token", "clawbook-lab-token"});
  const auto run = run_clawbook(
      {"run", "openclaw.watch", "--param", "target=" + lab.url(), "--param", "token=clawbook-lab-token", "--param",
       "duration=3s", "--timeout", "1", "--format", "json"},
      kEnv);
  const Json report = parsed(run);
  CHECK(run.code == 0);
  CHECK_FALSE(report.contains("error"));
  CHECK(report["facts"]["watch"]["duration_s"].get<double>() >= 3);
  CHECK(count_kind(report["facts"]["watch"], "tick") >= 10);
}

TEST_CASE("watch names disconnects after a token change as auth.token-drift", "[lab][watch]") {
  Lab lab({"--scenario", "idle-close", "--period-ms", "2000", "--token", "clawbook-lab-token"});
  char dir_pattern[] = "/tmp/clawbook-watch-state-XXXXXX";
  REQUIRE(mkdtemp(dir_pattern) != nullptr);
  const std::string state = dir_pattern;
  // Written whole and renamed into place, as editors and `openclaw config set` do: a probe never reads half a file.
  const auto write_token = [&](const std::string& token) {
    std::ofstream(state + "/openclaw.json.tmp") << R"({"gateway":{"auth":{"token":")" << token << R"("}}})";
    std::filesystem::rename(state + "/openclaw.json.tmp", state + "/openclaw.json");
  };
  write_token("fake-token-before-1111");
  Running running({"watch", "--target", lab.url(), "--duration", "5s", "--param", "token=clawbook-lab-token", "--param",
                   "probe_every=0.5", "--on-failure", "none", "--format", "json"},
                  {"OPENCLAW_GATEWAY_TOKEN=", "OPENCLAW_STATE_DIR=" + state, "HOME=" + state, "CI=1"});
  usleep(1200 * 1000);
  write_token("fake-token-after-2222");  // rotated on one side only
  const auto run = running.finish();
  const Json report = parsed(run);
  const Json* drift = finding(report, "auth.token-drift");
  REQUIRE(drift != nullptr);
  CHECK((*drift)["evidence"]["token_changes"] == 1);
  CHECK(count_kind(report["facts"]["watch"], "token_change") == 1);
  CHECK(finding(report, "proxy.idle-timeout") == nullptr);  // the disconnects are explained by the change
  CHECK(run.out.find("fake-token-after-2222") == std::string::npos);
  std::filesystem::remove_all(state);
}

TEST_CASE("watch follows a log and records the lines that match a signature", "[lab][watch]") {
  Lab lab({"--scenario", "healthy", "--token", "clawbook-lab-token"});
  const std::string log = temp_path("log");
  std::ofstream(log) << "2026-12-07T10:00:00.000Z [gateway] an old line, before the watch\n";
  Running running({"watch", "--target", lab.url(), "--duration", "3s", "--param", "token=clawbook-lab-token", "--param",
                   "probe_every=0.3", "--on-failure", "none", "--log", log, "--format", "json"},
                  kEnv);
  usleep(1000 * 1000);
  {
    std::ofstream append(log, std::ios::app);
    append << "2026-12-07T10:00:01.000Z [gateway] refusing to bind gateway to 0.0.0.0:18789 without auth\n";
    append << "2026-12-07T10:00:01.100Z [gateway] an unrelated line\n";
  }
  const auto run = running.finish();
  const Json report = parsed(run);
  const auto& w = report["facts"]["watch"];
  REQUIRE(count_kind(w, "log_match") == 1);  // the old line and the unrelated one are not matches
  for (const auto& e : w["events"])
    if (e["kind"] == "log_match") CHECK(e["signature"] == "start.refusing-to-bind");
  std::remove(log.c_str());
}

TEST_CASE("watch names an event loop that stalled: health unanswered on an open connection", "[lab][watch]") {
  // The lab's process stopped (SIGSTOP) is a stalled event loop: the kernel keeps the connection open and accepts
  // new ones, nothing answers. When it runs again, the watch's next health call is answered.
  Lab lab({"--scenario", "healthy", "--tick-ms", "300", "--token", "clawbook-lab-token"});
  Running running({"watch", "--target", lab.url(), "--duration", "9s", "--param", "token=clawbook-lab-token", "--param",
                   "probe_every=0.5", "--on-failure", "none", "--format", "json"},
                  kEnv);
  usleep(2500 * 1000);
  REQUIRE(::kill(lab.pid(), SIGSTOP) == 0);
  usleep(4000 * 1000);
  ::kill(lab.pid(), SIGCONT);
  const auto run = running.finish();
  const Json report = parsed(run);
  const auto& w = report["facts"]["watch"];
  CHECK(count_kind(w, "hang") == 1);  // recorded once, not at every unanswered probe
  const Json* stall = finding(report, "gateway.event-loop-stall");
  REQUIRE(stall != nullptr);
  CHECK((*stall)["severity"] == "high");
  CHECK((*stall)["evidence"]["hangs"] == 1);
  CHECK((*stall)["evidence"]["recovered"] == true);
  CHECK((*stall)["evidence"]["hang_s"].get<double>() > 0);
  // The lab's delay is flat (1.2 ms p99): no rise to name, and the samples before the hang are in the evidence.
  CHECK((*stall)["cause"].get<std::string>().find("risen") == std::string::npos);
  CHECK_FALSE((*stall)["evidence"]["delay_before"].empty());
  // Answering again shows as a loop_delay event with how long it did not answer.
  bool answered = false;
  for (const auto& e : w["events"]) answered = answered || (e["kind"] == "loop_delay" && e.contains("hung_s"));
  CHECK(answered);
  CHECK(run.err.find("no answer to health") != std::string::npos);
}

TEST_CASE("watch reads the event loop delay from health and stays quiet when it is low", "[lab][watch]") {
  Lab lab({"--scenario", "healthy", "--tick-ms", "300", "--token", "clawbook-lab-token"});
  const auto run = watch(lab, "3s", {"--on-failure", "none", "--param", "probe_every=0.5"});
  const Json report = parsed(run);
  const auto& w = report["facts"]["watch"];
  // One loop_delay event at the first sample (the level, "normal"), none while it stays there.
  REQUIRE(count_kind(w, "loop_delay") == 1);
  for (const auto& e : w["events"]) {
    if (e["kind"] != "loop_delay") continue;
    CHECK(e["level"] == "normal");
    CHECK(e["p99_ms"].get<double>() == Approx(1.2));  // the lab's eventLoop block, as the real 2026.9.6 sends it
  }
  CHECK(finding(report, "gateway.event-loop-stall") == nullptr);
  CHECK(run.code == 0);
}
