// `clawbook watch` against a real OpenClaw gateway (scripts/peers/openclaw.sh) restarted twice during the watch: both
// restarts appear with their bootIds (the previous one and the new one, as hello-ok gave them), each disconnect
// carries its close code, and the triage ran at each restart with its summary attached to the restart's event.
// Short periods keep it under a minute: the gateway needs 10-14 s to be ready after each start; the watch probes
// every second, the test waits on its event lines (not fixed sleeps) and ends it with SIGINT (Ctrl-C) once the
// second restart's triage has run.
#include "../bindings/gateway/real_gateway.hpp"
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <csignal>
#include <set>

using clawbook::test::Running;
using gateway_test::real_gateway_installed;
using gateway_test::RealGateway;
using Json = nlohmann::json;

TEST_CASE("watch sees a real gateway restart twice through its new bootIds", "[real-gateway][watch][timed]") {
  if (!real_gateway_installed()) {
    WARN("SKIPPED: no real OpenClaw gateway installed; run scripts/peers/openclaw.sh install (CI does)");
    return;
  }
  RealGateway gateway;
  REQUIRE(gateway.start());
  REQUIRE(gateway.wait_ready(60));
  Running watch({"watch", "--target", gateway.http_url(), "--duration", "90s", "--param", "token=" + gateway.token(),
                 "--param", "probe_every=1", "--format", "json"},
                {"CI=1"});
  // Waits (at most `seconds`) until the watch's event lines satisfy `done`: no fixed sleep has to cover the
  // gateway's start, the watch's reconnect backoff (up to 5 s) and a triage running meanwhile.
  const auto wait_for = [&](const auto& done, int seconds) {
    for (int i = 0; i < seconds * 10; ++i) {
      if (done(watch.err_so_far())) return true;
      ::usleep(100 * 1000);
    }
    return false;
  };
  const auto boots_seen = [](const std::string& err) {
    std::set<std::string> boots;
    for (size_t at = err.find("bootId "); at != std::string::npos; at = err.find("bootId ", at + 1)) {
      const size_t line_start = err.rfind('\n', at) == std::string::npos ? 0 : err.rfind('\n', at) + 1;
      const size_t line_end = err.find('\n', at);
      const size_t hello = err.find("hello-ok", line_start);
      if (line_end != std::string::npos && hello < at) boots.insert(err.substr(at + 7, line_end - at - 7));
    }
    return boots.size();
  };
  REQUIRE(wait_for([&](const std::string& err) { return boots_seen(err) == 1; }, 15));
  for (size_t restart = 1; restart <= 2; ++restart) {
    gateway.stop();
    REQUIRE(gateway.start("--keep-config"));
    // The watch's hello-ok from the new gateway (it accepts handshakes about when /readyz turns 200).
    REQUIRE(wait_for([&](const std::string& err) { return boots_seen(err) == restart + 1; }, 45));
  }
  // The second restart's triage has run (a line after its restart line), and a pid probe has paired it.
  REQUIRE(wait_for(
      [](const std::string& err) {
        const auto first = err.find("restart seen");
        const auto second = first == std::string::npos ? first : err.find("restart seen", first + 1);
        return second != std::string::npos && err.find("openclaw.triage ran", second) != std::string::npos;
      },
      30));
  ::sleep(2);
  watch.signal(SIGINT);
  const auto run = watch.finish();
  INFO(run.err.substr(0, 6000));
  const Json report = Json::parse(run.out, nullptr, false);
  REQUIRE_FALSE(report.is_discarded());
  const auto& events = report["facts"]["watch"]["events"];
  std::vector<std::string> boots;
  std::vector<Json> restarts;
  size_t disconnects = 0;
  for (const auto& e : events) {
    if (e["kind"] == "hello_ok" && e.contains("boot_id") &&
        (boots.empty() || boots.back() != e["boot_id"].get<std::string>()))
      boots.push_back(e["boot_id"]);
    if (e["kind"] == "restart") restarts.push_back(e);
    if (e["kind"] == "disconnect") {
      ++disconnects;
      CHECK(e.contains("close_code"));
    }
  }
  // Three gateways, one after the other: three bootIds, two restarts between them.
  REQUIRE(boots.size() == 3);
  CHECK(std::set<std::string>(boots.begin(), boots.end()).size() == 3);
  REQUIRE(restarts.size() == 2);
  CHECK(disconnects >= 2);
  for (size_t i = 0; i < restarts.size(); ++i) {
    INFO("restart " << i << ": " << restarts[i].dump());
    CHECK(restarts[i].value("previous_boot_id", "") == boots[i]);
    CHECK(restarts[i].value("boot_id", "") == boots[i + 1]);
    // Seen both ways on a local gateway: the new pid on the port too.
    CHECK(restarts[i].contains("pid"));
    REQUIRE(restarts[i].contains("triage"));
    CHECK(restarts[i]["triage"]["runbook"] == "openclaw.triage");
    CHECK(restarts[i]["triage"].contains("verdict"));
  }
  bool loop = false;
  for (const auto& f : report["findings"]) loop = loop || f["id"] == "gateway.restart-loop";
  CHECK(loop);
  CHECK(run.out.find(gateway.token()) == std::string::npos);
}
