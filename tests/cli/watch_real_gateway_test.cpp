// `clawbook watch` against a real OpenClaw gateway (scripts/peers/openclaw.sh) restarted during the watch: the
// restart shows as a new bootId, the disconnect carries its close code, and the triage ran at the failure.
#include "../bindings/gateway/real_gateway.hpp"
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

using clawbook::test::Running;
using gateway_test::real_gateway_installed;
using gateway_test::RealGateway;
using Json = nlohmann::json;

TEST_CASE("watch sees a real gateway restart through its new bootId", "[real-gateway][watch]") {
  if (!real_gateway_installed()) {
    WARN("SKIPPED: no real OpenClaw gateway installed; run scripts/peers/openclaw.sh install (CI does)");
    return;
  }
  RealGateway gateway;
  REQUIRE(gateway.start());
  REQUIRE(gateway.wait_ready(60));
  Running watch({"watch", "--target", gateway.http_url(), "--duration", "35s", "--param", "token=" + gateway.token(),
                 "--param", "triage_every=0", "--param", "probe_every=1", "--format", "json"},
                {"CI=1"});
  ::sleep(4);
  gateway.stop();
  REQUIRE(gateway.start("--keep-config"));
  REQUIRE(gateway.wait_ready(60));
  const auto run = watch.finish();
  INFO(run.err);
  const Json report = Json::parse(run.out, nullptr, false);
  REQUIRE_FALSE(report.is_discarded());
  const auto& events = report["facts"]["watch"]["events"];
  std::vector<std::string> boots;
  bool restart = false, disconnect = false, triage = false;
  for (const auto& e : events) {
    if (e["kind"] == "hello_ok" && e.contains("boot_id")) boots.push_back(e["boot_id"]);
    if (e["kind"] == "restart") restart = true;
    if (e["kind"] == "disconnect") disconnect = true;
    if (e["kind"] == "triage") triage = true;
  }
  REQUIRE(boots.size() >= 2);
  CHECK(boots.front() != boots.back());
  CHECK(restart);
  CHECK(disconnect);
  CHECK(triage);
  CHECK(run.out.find(gateway.token()) == std::string::npos);
}
