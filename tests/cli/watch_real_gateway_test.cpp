// `clawbook watch` against a real OpenClaw gateway (scripts/peers/openclaw.sh) restarted twice during the watch: both
// restarts appear with their bootIds (the previous one and the new one, as hello-ok gave them), each disconnect
// carries its close code, and the triage ran at each restart with its summary attached to the restart's event.
// Short periods keep it under a minute: the gateway needs 10-14 s to be ready after each start, the watch probes
// every second and is ended with SIGINT (Ctrl-C) once the second restart is seen.
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

TEST_CASE("watch sees a real gateway restart twice through its new bootIds", "[real-gateway][watch]") {
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
  for (int restart = 0; restart < 2; ++restart) {
    ::sleep(3);
    gateway.stop();
    REQUIRE(gateway.start("--keep-config"));
    REQUIRE(gateway.wait_ready(60));
  }
  ::sleep(7);  // the reconnect (backoff at most 5 s) and the restart's triage
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
