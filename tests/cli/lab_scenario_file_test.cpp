// `clawbook lab --scenario-file` through the real binary: the CLI contract the real-case suite relies on (the
// banner names the URL as --scenario does), refusals exit 2 with the field's path and serve nothing, and a
// shipped incident file answers a real client.
#include "lab/lab_client.hpp"
#include "lab_process.hpp"
#include "run_binary.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>

using clawbook::test::run_clawbook;

namespace {

const std::string kScenarios = std::string(CLAWBOOK_SOURCE_DIR) + "/lab/scenarios";

std::string temp_file(const std::string& text) {
  char pattern[] = "/tmp/clawbook-scenario-XXXXXX";
  const int fd = mkstemp(pattern);
  REQUIRE(fd >= 0);
  ::close(fd);
  std::ofstream(pattern) << text;
  return pattern;
}

std::uint16_t port_of(const std::string& url) {
  return static_cast<std::uint16_t>(std::stoi(url.substr(url.rfind(':') + 1)));
}

}  // namespace

TEST_CASE("lab --scenario-file: a refused file exits 2 with the field's path and serves nothing", "[cli][lab]") {
  const std::string bad = temp_file(
      R"({"handshake": {"error": {"code": "X", "message": "m"}, "close": {"code": "x"}}})");
  const auto refused = run_clawbook({"lab", "--scenario-file", bad, "--port", "0"});
  CHECK(refused.code == 2);
  CHECK(refused.out.empty());  // no banner: nothing was served
  CHECK(refused.err ==
        "clawbook lab: " + bad + ": scenario.handshake.close.code: expected integer 1000-4999, got \"x\"\n");

  const auto missing = run_clawbook({"lab", "--scenario-file", "/nonexistent/x.json", "--port", "0"});
  CHECK(missing.code == 2);
  CHECK(missing.err == "clawbook lab: /nonexistent/x.json: cannot read the file\n");

  const auto both = run_clawbook({"lab", "--scenario", "healthy", "--scenario-file", bad, "--port", "0"});
  CHECK(both.code == 2);
  CHECK(both.err.find("--scenario and --scenario-file exclude each other") != std::string::npos);
  std::remove(bad.c_str());

  const auto help = run_clawbook({"lab", "--help"});
  CHECK(help.out.find("--scenario-file") != std::string::npos);
  CHECK(help.out.find("a refused scenario file") != std::string::npos);
}

TEST_CASE("lab --scenario-file: the banner names the URL and the file's scenario answers", "[cli][lab]") {
  clawbook::test::Lab lab(
      {"--scenario-file", kScenarios + "/incident-missing-scope-status.json", "--token", "fake-token-for-tests"});
  const std::uint16_t port = port_of(lab.url());
  const auto startupz = labtest::http_request(port, labtest::http::verb::get, "/startupz");
  CHECK(startupz.status == 200);
  CHECK(startupz.json()["version"] == "2026.3.13");
  labtest::WsClient ws(port);
  const auto hello = ws.handshake(labtest::WsClient::connect_params("fake-token-for-tests"));
  REQUIRE(hello);
  CHECK((*hello)["ok"] == true);
  CHECK((*hello)["payload"]["protocol"] == 3);
  const auto status = ws.call("status");
  REQUIRE(status);
  CHECK((*status)["ok"] == false);
  CHECK((*status)["error"]["message"] == "missing scope: operator.read");
  CHECK((*ws.call("health"))["ok"] == true);
}
