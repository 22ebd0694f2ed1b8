#include "net/certificate.hpp"

#include "bindings/gateway/servers.hpp"

#include <catch2/catch.hpp>

#include <ctime>
#include <filesystem>

using clawbook::net::parse_certificates;

TEST_CASE("parse_certificates reads PEM bundles, skips keys, and reports garbage", "[net][certificate]") {
  const auto dir = std::filesystem::temp_directory_path() / ("clawbook-cert-" + std::to_string(::getpid()));
  const auto certs = gateway_test::make_certificates(dir);
  std::filesystem::remove_all(dir);
  const std::time_t now = std::time(nullptr);

  const auto bundle = parse_certificates(certs.leaf_pem + certs.leaf_key_pem + certs.ca_pem, now);
  REQUIRE(bundle["ok"] == true);
  REQUIRE(bundle["certificates"].size() == 2);
  const auto& leaf = bundle["certificates"][0];
  CHECK(leaf["subject"] == "CN=localhost");
  CHECK(leaf["issuer"] == "CN=clawbook test CA");
  CHECK(leaf["sans"] == nlohmann::json::array({"DNS:localhost", "IP:127.0.0.1"}));
  CHECK(leaf["key_type"] == "EC");
  CHECK(leaf["key_bits"] == 256);
  CHECK(leaf["days_left"].get<long long>() >= 0);  // valid for 24 h from when it was made
  CHECK(leaf["days_left"].get<long long>() <= 1);
  CHECK(leaf["expired"] == false);
  CHECK(leaf["is_ca"] == false);
  CHECK(bundle["certificates"][1]["is_ca"] == true);
  CHECK(bundle["certificates"][1]["self_signed"] == true);
  CHECK(bundle.dump().find("PRIVATE KEY") == std::string::npos);

  // Two days on, the leaf has expired: days_left goes negative.
  const auto later = parse_certificates(certs.leaf_pem, now + 2 * 86400);
  CHECK(later["certificates"][0]["expired"] == true);
  CHECK(later["certificates"][0]["days_left"].get<long long>() < 0);

  CHECK(parse_certificates("not a certificate at all", now)["error"] == "parse_error");
  CHECK(parse_certificates("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", now)["error"] ==
        "parse_error");
  CHECK(parse_certificates(" \n", now)["error"] == "empty");
  CHECK(parse_certificates(std::string("\x30\x82\xff\xff", 4), now)["error"] == "parse_error");
}
