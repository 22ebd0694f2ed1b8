// `clawbook fleet` against a range of simulated gateways served by one `clawbook lab --ports` process.
#include "lab_process.hpp"
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

using clawbook::test::Lab;
using clawbook::test::run_clawbook;

namespace {

std::string targets_file(const std::string& text) {
  char pattern[] = "/tmp/clawbook-fleet-targets-XXXXXX";
  const int fd = mkstemp(pattern);
  REQUIRE(fd >= 0);
  ::close(fd);
  std::ofstream(pattern) << text;
  return pattern;
}

// A block of 20 ports below the ephemeral range (32768 and up), so outgoing connections do not take them.
unsigned base_port() { return 20000 + static_cast<unsigned>(::getpid() % 500) * 20; }

}  // namespace

TEST_CASE("fleet probes every gateway of a range and reports each one", "[fleet]") {
  const unsigned first = base_port();
  const std::string range = std::to_string(first) + "-" + std::to_string(first + 19);
  Lab lab({"--ports", range, "--token", "fleet-token-value"});
  const std::string targets =
      targets_file("# a lab range, one gateway twice by another spelling, and a port nothing listens on\n"
                   "ws://127.0.0.1:" + range + "\nhttp://127.0.0.1:" + std::to_string(first) + "\n");

  auto healthy = run_clawbook({"fleet", "--targets", targets, "--param", "token=fleet-token-value", "--format", "json"});
  INFO(healthy.out << healthy.err);
  CHECK(healthy.code == 0);
  const auto report = nlohmann::json::parse(healthy.out);
  CHECK(report["targets"] == 21);
  CHECK(report["healthy"] == 21);
  for (const auto& result : report["results"]) {
    CHECK(result["ok"] == true);
    CHECK(result["health_ok"] == true);
    CHECK(result["protocol"] == 4);
  }
  CHECK(healthy.out.find("fleet-token-value") == std::string::npos);

  auto rejected = run_clawbook({"fleet", "--targets", targets, "--param", "token=wrong-token-value"});
  CHECK(rejected.code == 1);
  CHECK(rejected.out.find("0 healthy, 21 failed") != std::string::npos);
  CHECK(rejected.out.find("rejected") != std::string::npos);
  CHECK(rejected.out.find("wrong-token-value") == std::string::npos);
  std::remove(targets.c_str());
}

TEST_CASE("fleet: a refused port fails fast, bad target files are usage errors", "[fleet]") {
  const std::string refused = targets_file("127.0.0.1:1\n");
  auto down = run_clawbook({"fleet", "--targets", refused});
  CHECK(down.code == 1);
  CHECK(down.out.find("refused") != std::string::npos);
  const std::string bad = targets_file("ws://127.0.0.1:1\nnot a url\n");
  auto usage = run_clawbook({"fleet", "--targets", bad});
  CHECK(usage.code == 64);
  CHECK(usage.err.find(":2: not a gateway URL") != std::string::npos);
  CHECK(run_clawbook({"fleet", "--targets", "/nonexistent/targets"}).code == 64);
  CHECK(run_clawbook({"fleet", "--targets", refused, "--param", "color=blue"}).code == 64);
  std::remove(refused.c_str());
  std::remove(bad.c_str());
}
