// The lab's handshake rules without sockets: close-reason truncation, frame and connect-params checks, the auth
// decision order of PROTOCOL.md 2.3, protocol negotiation, scope stripping, the catalogue and the CLI.
#include "lab.hpp"
#include "payloads.hpp"
#include "protocol.hpp"

#include "clawbook/command.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <set>

using namespace clawbook::lab;
using protocol::Json;

namespace {

Json cli_params(std::optional<std::string> token, int min = 3, int max = 4) {
  Json params{{"minProtocol", min},
              {"maxProtocol", max},
              {"client", {{"id", "cli"}, {"version", "t"}, {"platform", "linux"}, {"mode", "cli"}}},
              {"role", "operator"},
              {"scopes", {"operator.read"}}};
  if (token) params["auth"] = {{"token", *token}};
  return params;
}

protocol::Admission admit(const Json& params, Scenario scenario = Scenario::healthy, int proto = 4,
                          protocol::Peer peer = {}) {
  return protocol::admit_connect(params, peer, protocol::GatewayPolicy{scenario, proto, "secret-token", false});
}

}  // namespace

TEST_CASE("close reasons are cut to 120 bytes on a code point boundary", "[lab]") {
  CHECK(protocol::truncate_close_reason("") == "invalid handshake");
  CHECK(protocol::truncate_close_reason("pairing required") == "pairing required");
  const std::string long_ascii(200, 'a');
  CHECK(protocol::truncate_close_reason(long_ascii).size() == 120);
  std::string multibyte(119, 'x');
  multibyte += "\xC3\xA9tail";  // 'é' straddles byte 120
  const std::string cut = protocol::truncate_close_reason(multibyte);
  CHECK(cut.size() == 119);
  CHECK(cut == std::string(119, 'x'));
}

TEST_CASE("first frames are judged as the gateway does", "[lab]") {
  CHECK(protocol::check_first_frame("not json").problem == protocol::FirstFrameProblem::not_json);
  CHECK(protocol::check_first_frame(R"({"type":"event","event":"x"})").problem == protocol::FirstFrameProblem::not_request);
  CHECK(protocol::check_first_frame(R"({"type":"req","id":"","method":"connect"})").problem ==
        protocol::FirstFrameProblem::not_request);
  CHECK(protocol::check_first_frame(R"({"type":"req","id":"1","method":"connect","extra":1})").problem ==
        protocol::FirstFrameProblem::not_request);
  const auto health_first = protocol::check_first_frame(R"({"type":"req","id":"x","method":"health"})");
  CHECK(health_first.problem == protocol::FirstFrameProblem::not_connect);
  CHECK(health_first.message == "invalid handshake: first request must be connect");

  Json bad = cli_params("t");
  bad["client"]["id"] = "my-tool";
  bad["bogus"] = true;
  bad["client"].erase("platform");
  const auto check = protocol::check_first_frame(Json{{"type", "req"}, {"id", "1"}, {"method", "connect"}, {"params", bad}}.dump());
  REQUIRE(check.problem == protocol::FirstFrameProblem::invalid_params);
  CHECK(check.message.rfind("invalid connect params: ", 0) == 0);
  CHECK(check.message.find("at root: unexpected property 'bogus'") != std::string::npos);
  CHECK(check.message.find("at /client: must have required property 'platform'") != std::string::npos);
  CHECK(check.message.find("at /client/id: must be equal to one of the allowed values") != std::string::npos);
  CHECK_FALSE(protocol::validate_connect_params(cli_params("t")).has_value());
}

TEST_CASE("auth decision order: device identity before token failures", "[lab]") {
  SECTION("no credentials at all: device identity required") {
    const auto a = admit(cli_params(std::nullopt));
    REQUIRE(a.rejection);
    CHECK(a.rejection->code == "NOT_PAIRED");
    CHECK(a.rejection->message == "device identity required");
    CHECK(a.rejection->details["code"] == "DEVICE_IDENTITY_REQUIRED");
    CHECK(a.rejection->close_code == 1008);
    CHECK(a.rejection->close_reason == "device identity required");
  }
  SECTION("wrong token: INVALID_REQUEST + AUTH_TOKEN_MISMATCH, local cli hint") {
    const auto a = admit(cli_params("wrong"));
    REQUIRE(a.rejection);
    CHECK(a.rejection->code == "INVALID_REQUEST");
    CHECK(a.rejection->message ==
          "unauthorized: gateway token mismatch (use this gateway's gateway.auth.token or pair the device)");
    CHECK(a.rejection->details["code"] == "AUTH_TOKEN_MISMATCH");
    CHECK(a.rejection->details["authReason"] == "token_mismatch");
    CHECK(a.rejection->details["canRetryWithDeviceToken"] == false);
    CHECK(a.rejection->details["recommendedNextStep"] == "update_auth_credentials");
    CHECK(a.rejection->close_code == 1008);
    CHECK(a.rejection->close_reason == a.rejection->message);
  }
  SECTION("wrong token from a remote peer gets the remote hint") {
    const auto a = admit(cli_params("wrong"), Scenario::healthy, 4, protocol::Peer{false, std::nullopt});
    REQUIRE(a.rejection);
    CHECK(a.rejection->message == "unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)");
  }
  SECTION("a device without a token: AUTH_TOKEN_MISSING") {
    Json params = cli_params(std::nullopt);
    params["device"] = {{"id", "d"}, {"publicKey", "k"}, {"signature", "s"}, {"signedAt", 1}, {"nonce", "n"}};
    const auto a = admit(params);
    REQUIRE(a.rejection);
    CHECK(a.rejection->details["code"] == "AUTH_TOKEN_MISSING");
    CHECK(a.rejection->details["recommendedNextStep"] == "update_auth_configuration");
  }
  SECTION("good token: cli/cli keeps its scopes on protocol 4, loses them on 3 and in missing-scope") {
    const auto ok = admit(cli_params("secret-token"));
    REQUIRE_FALSE(ok.rejection);
    CHECK(ok.protocol == 4);
    CHECK(ok.role == "operator");
    CHECK(ok.scopes == std::vector<std::string>{"operator.read"});
    const auto v3 = admit(cli_params("secret-token"), Scenario::healthy, 3);
    REQUIRE_FALSE(v3.rejection);
    CHECK(v3.protocol == 3);
    CHECK(v3.scopes.empty());
    const auto stripped = admit(cli_params("secret-token"), Scenario::missing_scope);
    REQUIRE_FALSE(stripped.rejection);
    CHECK(stripped.scopes.empty());
    CHECK(protocol::authorize_method("health", "operator", stripped.scopes) == std::nullopt);
    const auto refused = protocol::authorize_method("status", "operator", stripped.scopes);
    REQUIRE(refused);
    CHECK(refused->code == "INVALID_REQUEST");
    CHECK(refused->message == "missing scope: operator.read");
  }
}

TEST_CASE("protocol negotiation matches the v4 admission rules", "[lab]") {
  const auto mismatch = admit(cli_params("secret-token", 99, 99));
  REQUIRE(mismatch.rejection);
  CHECK(mismatch.rejection->message == "protocol mismatch");
  CHECK(mismatch.rejection->close_code == 1002);
  CHECK(mismatch.rejection->close_reason == "protocol mismatch");
  CHECK(mismatch.rejection->details ==
        Json{{"code", "PROTOCOL_MISMATCH"}, {"clientMinProtocol", 99}, {"clientMaxProtocol", 99},
             {"expectedProtocol", 4}, {"minimumProbeProtocol", 3}});
  CHECK(admit(cli_params("secret-token", 3, 3)).rejection);  // v4 server, operator cli stuck on 3
  Json probe = cli_params("secret-token", 3, 3);
  probe["client"]["mode"] = "probe";
  CHECK_FALSE(admit(probe).rejection);  // probe mode may use 3
  const auto v3 = admit(cli_params("secret-token", 4, 4), Scenario::healthy, 3);
  REQUIRE(v3.rejection);
  CHECK(v3.rejection->details == Json{{"expectedProtocol", 3}});
  const auto future = admit(cli_params("secret-token"), Scenario::protocol_mismatch);
  REQUIRE(future.rejection);
  CHECK(future.rejection->details["expectedProtocol"] == 5);
}

TEST_CASE("origin, startup and scenario refusals", "[lab]") {
  const auto foreign = admit(cli_params("secret-token"), Scenario::healthy, 4, protocol::Peer{true, "https://evil.example"});
  REQUIRE(foreign.rejection);
  CHECK(foreign.rejection->details["code"] == "CONTROL_UI_ORIGIN_NOT_ALLOWED");
  CHECK(foreign.rejection->close_code == 1008);
  CHECK_FALSE(admit(cli_params("secret-token"), Scenario::healthy, 4, protocol::Peer{true, "http://127.0.0.1:18789"}).rejection);

  const auto starting = protocol::admit_connect(cli_params("secret-token"), {},
                                                protocol::GatewayPolicy{Scenario::starting, 4, "secret-token", true});
  REQUIRE(starting.rejection);
  CHECK(starting.rejection->code == "UNAVAILABLE");
  CHECK(starting.rejection->message == "gateway starting; retry shortly");
  CHECK(starting.rejection->retryable == true);
  CHECK(starting.rejection->retry_after_ms == 500);
  CHECK(starting.rejection->details == Json{{"reason", "startup-sidecars"}});
  CHECK(starting.rejection->close_code == 1013);
  CHECK(starting.rejection->close_reason == "gateway starting");

  const auto pairing = admit(cli_params("secret-token"), Scenario::pairing_required);
  REQUIRE(pairing.rejection);
  CHECK(pairing.rejection->details["code"] == "PAIRING_REQUIRED");
  CHECK(pairing.rejection->details["requestId"].get<std::string>().size() == 36);
  CHECK(pairing.rejection->close_reason == "pairing required");

  const auto limited = admit(cli_params("secret-token"), Scenario::rate_limited);
  REQUIRE(limited.rejection);
  CHECK(limited.rejection->details["code"] == "AUTH_RATE_LIMITED");
  CHECK(limited.rejection->retryable == true);
  CHECK(limited.rejection->retry_after_ms.value_or(0) > 0);

  CHECK(admit(cli_params("secret-token"), Scenario::token_mismatch).rejection->details["code"] == "AUTH_TOKEN_MISMATCH");
  CHECK(admit(cli_params("secret-token"), Scenario::token_missing).rejection->details["code"] == "AUTH_TOKEN_MISSING");
  CHECK(admit(cli_params("secret-token"), Scenario::device_token_mismatch).rejection->details["code"] ==
        "AUTH_DEVICE_TOKEN_MISMATCH");
  CHECK(admit(cli_params("secret-token"), Scenario::device_identity_required).rejection->details["code"] ==
        "DEVICE_IDENTITY_REQUIRED");
}

TEST_CASE("scenario catalogue covers every required scenario with a description", "[lab]") {
  const std::set<std::string> required{
      "healthy", "token-mismatch", "token-missing", "device-identity-required", "pairing-required",
      "device-token-mismatch", "missing-scope", "handshake-timeout", "closed-1000-after-hello", "abrupt-drop",
      "protocol-mismatch", "origin-not-allowed", "starting", "rate-limited", "no-upgrade", "tls", "slow", "garbage",
      "oversize-frame", "invalid-utf8", "deep-json", "slowloris", "silent", "rst-mid-frame", "tls-garbage",
      "channel-mention-required", "channel-sender-pairing-pending", "channel-filtered-by-policy",
      "channel-missing-permissions", "channel-not-configured", "channel-probe-failed",
      "channel-send-while-disconnected", "idle-close", "flap-readyz", "restart-loop"};
  std::set<std::string> names;
  for (const ScenarioInfo& s : scenario_catalogue()) {
    CHECK_FALSE(s.description.empty());
    CHECK(s.description.find('\n') == std::string::npos);
    CHECK(names.insert(s.name).second);
    CHECK(is_scenario(s.name));
  }
  CHECK(names == required);
  CHECK_FALSE(is_scenario("nope"));
}

TEST_CASE("port ranges, token resolution and the lab subcommand", "[lab]") {
  CHECK(parse_port_range("20000-20199").size() == 200);
  CHECK(parse_port_range("18789").first == 18789);
  CHECK_THROWS_AS(parse_port_range("20-10"), std::invalid_argument);
  CHECK_THROWS_AS(parse_port_range("0-10"), std::invalid_argument);
  CHECK_THROWS_AS(parse_port_range("a-b"), std::invalid_argument);
  CHECK_THROWS_AS(parse_port_range("1-70000"), std::invalid_argument);

  ::setenv("OPENCLAW_GATEWAY_TOKEN", "from-env", 1);
  CHECK(resolve_token(std::string("explicit")) == "explicit");
  CHECK(resolve_token(std::nullopt) == "from-env");
  ::unsetenv("OPENCLAW_GATEWAY_TOKEN");
  CHECK(resolve_token(std::nullopt) == kDefaultToken);

  CHECK(raise_open_file_limit() >= 1024);

  const auto& commands = clawbook::registered_commands();
  const auto lab = std::find_if(commands.begin(), commands.end(), [](const auto& c) { return c.name == "lab"; });
  REQUIRE(lab != commands.end());
  CLI::App app;
  lab->setup(*app.add_subcommand("lab"));
  // CLI11 takes argv as a reversed vector: this is `lab --protocol 5`.
  CHECK_THROWS(app.parse(std::vector<std::string>{"5", "--protocol", "lab"}));
  CLI::App app2;
  auto run = lab->setup(*app2.add_subcommand("lab"));
  app2.parse(std::vector<std::string>{"no-such-scenario", "--scenario", "lab"});
  CHECK(run() == 2);
}

TEST_CASE("payloads never carry the gateway token and log lines are tslog JSON", "[lab]") {
  const auto facts = payloads::make_facts(Scenario::channel_probe_failed, 4, payloads::now_ms());
  const Json config = payloads::config_get(facts, 18789);
  CHECK(config["config"]["gateway"]["auth"]["token"] == "__OPENCLAW_REDACTED__");
  CHECK(config["config"]["channels"]["telegram"]["botToken"] == "__OPENCLAW_REDACTED__");
  const Json logs = payloads::logs_tail(facts, payloads::now_ms(), Json::object());
  REQUIRE(logs["lines"].size() >= 4);
  for (const Json& line : logs["lines"]) {
    const Json parsed = Json::parse(line.get<std::string>(), nullptr, false);
    REQUIRE(parsed.is_object());
    CHECK(parsed.contains("_meta"));
    CHECK(parsed["message"].is_string());
  }
  const Json tail = payloads::logs_tail(facts, payloads::now_ms(), Json{{"cursor", logs["cursor"]}});
  CHECK(tail["lines"].empty());
  CHECK(payloads::failing_channels(facts) == std::vector<std::string>{"telegram"});
}
