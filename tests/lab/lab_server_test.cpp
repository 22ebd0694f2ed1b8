// The lab over real loopback sockets: HTTP probes, the handshake of every protocol scenario with its frames and
// close codes, RPCs, channel scenarios, and a conformance check of the healthy payloads against the frames
// recorded from a real OpenClaw 2026.9.6 gateway (tests/fixtures/openclaw/captures).
#include "lab.hpp"
#include "lab/lab_client.hpp"
#include "protocol.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <thread>
#include "test_paths.hpp"

using namespace labtest;
using clawbook::lab::Lab;
using clawbook::lab::Options;

namespace {

constexpr const char* kToken = "lab-test-token-4f7c";

Options lab_options(std::string scenario) {
  Options o;
  o.scenario = std::move(scenario);
  o.token = kToken;
  o.hostile_hold = 3000ms;
  return o;
}

struct RunningLab {
  explicit RunningLab(Options options) : lab(std::move(options)) { lab.start(); }
  std::uint16_t port(std::size_t i = 0) const { return lab.ports().at(i); }
  Lab lab;
};

Json load_capture(const std::string& name) {
  std::ifstream in(std::string(CLAWBOOK_TESTS_DIR) + "/fixtures/openclaw/captures/" + name);
  REQUIRE(in.good());
  return Json::parse(in);
}

std::string kind(const Json& j) { return j.is_number() ? "number" : j.type_name(); }

// Every field of `expected` must exist in `actual` with the same JSON type, recursively (arrays: first elements).
void shape_diff(const Json& expected, const Json& actual, const std::string& path, std::vector<std::string>& out) {
  if (kind(expected) != kind(actual)) {
    out.push_back(path + ": capture has " + kind(expected) + ", lab has " + kind(actual));
    return;
  }
  if (expected.is_object()) {
    for (const auto& [key, value] : expected.items()) {
      if (!actual.contains(key))
        out.push_back(path + "." + key + ": missing in the lab");
      else
        shape_diff(value, actual[key], path + "." + key, out);
    }
  } else if (expected.is_array() && !expected.empty() && !actual.empty()) {
    shape_diff(expected[0], actual[0], path + "[0]", out);
  }
}

void check_same_shape(const Json& capture, const Json& lab) {
  std::vector<std::string> diffs;
  shape_diff(capture, lab, "$", diffs);
  for (const auto& d : diffs) UNSCOPED_INFO(d);
  CHECK(diffs.empty());
}

void check_closed(WsClient& ws, unsigned code, const std::string& reason) {
  const auto frame = ws.read_json(3s);
  CHECK_FALSE(frame.has_value());
  REQUIRE(ws.close_code().has_value());
  CHECK(*ws.close_code() == code);
  CHECK(ws.close_reason() == reason);
}

}  // namespace

TEST_CASE("lab HTTP surface answers like the gateway", "[lab]") {
  RunningLab running(lab_options("healthy"));
  const auto port = running.port();

  const auto healthz = http_request(port, http::verb::get, "/healthz");
  CHECK(healthz.status == 200);
  CHECK(healthz.json() == Json{{"ok", true}, {"status", "live"}});
  CHECK(healthz.header("Content-Type") == "application/json; charset=utf-8");
  CHECK(healthz.header("Cache-Control") == "no-store");

  const auto readyz = http_request(port, http::verb::get, "/readyz");
  CHECK(readyz.status == 200);
  CHECK(readyz.json()["ready"] == true);
  CHECK(readyz.json()["failing"] == Json::array());
  CHECK(readyz.json()["uptimeMs"].is_number_integer());
  // A proxied (non-local) caller without the bearer token only learns readiness.
  const auto proxied = http_request(port, http::verb::get, "/readyz", {{"X-Forwarded-For", "203.0.113.7"}});
  CHECK(proxied.json() == Json{{"ready", true}});

  const auto startupz = http_request(port, http::verb::get, "/startupz");
  CHECK(startupz.status == 200);
  CHECK(startupz.json()["status"] == "started");
  CHECK(startupz.json()["version"] == "2026.9.6");

  const auto post_probe = http_request(port, http::verb::post, "/healthz", {}, "{}");
  CHECK(post_probe.status == 405);
  CHECK(post_probe.header("Allow") == "GET, HEAD");
  const auto head = http_request(port, http::verb::head, "/healthz");
  CHECK(head.status == 200);
  CHECK(head.body.empty());

  const auto spa = http_request(port, http::verb::get, "/v1/models");
  CHECK(spa.status == 200);
  CHECK(spa.header("Content-Type").rfind("text/html", 0) == 0);
  CHECK(spa.body.find("<title>OpenClaw Control</title>") != std::string::npos);
  CHECK(spa.json().is_discarded());

  CHECK(http_request(port, http::verb::post, "/tools/invoke", {}, "{}").status == 401);
  CHECK(http_request(port, http::verb::post, "/tools/invoke", {{"Authorization", "Bearer wrong"}}, "{}").status == 401);
  const auto good = http_request(port, http::verb::post, "/tools/invoke", {{"Authorization", std::string("Bearer ") + kToken}}, "{}");
  CHECK(good.status == 400);
  CHECK(good.body.find(kToken) == std::string::npos);
  CHECK(http_request(port, http::verb::put, "/elsewhere", {}, "x").status == 404);
}

TEST_CASE("healthy handshake, RPCs and conformance with the recorded frames", "[lab][conformance]") {
  RunningLab running(lab_options("healthy"));
  WsClient ws(running.port(), {}, "/any/path/upgrades");
  REQUIRE(ws.upgraded());
  CHECK(ws.status() == 101);

  const auto hello = ws.handshake(WsClient::connect_params(kToken));
  REQUIRE(ws.challenge());
  const Json& challenge = *ws.challenge();
  CHECK(challenge["type"] == "event");
  CHECK(challenge["event"] == "connect.challenge");
  CHECK(challenge["payload"]["nonce"].get<std::string>().size() == 36);
  CHECK(challenge["payload"]["ts"].is_number_integer());

  REQUIRE(hello);
  const Json hello_capture = load_capture("ws-hello.json");
  CHECK((*hello)["ok"] == true);
  CHECK((*hello)["id"] == "c1");
  check_same_shape(hello_capture, *hello);
  const Json& payload = (*hello)["payload"];
  CHECK(payload["protocol"] == 4);
  CHECK(payload["server"]["version"] == "2026.9.6");
  CHECK(payload["auth"]["scopes"] == Json{"operator.read"});
  CHECK(payload["policy"] == Json(hello_capture["payload"]["policy"]));
  // Per-connection fields of the (cached) hello-ok are filled in for each connection.
  const std::string conn_id = payload["server"]["connId"];
  CHECK(conn_id.size() == 36);
  CHECK(payload["snapshot"]["uptimeMs"].get<std::int64_t>() < 60'000);
  CHECK(payload["pluginSurfaceUrls"]["canvas"].get<std::string>().find(":" + std::to_string(running.port()) + "/") !=
        std::string::npos);
  WsClient second(running.port());
  const auto second_hello = second.handshake(WsClient::connect_params(kToken));
  REQUIRE(second_hello);
  CHECK((*second_hello)["payload"]["server"]["connId"] != conn_id);
  CHECK((*second_hello)["payload"]["server"]["bootId"] == payload["server"]["bootId"]);

  const auto health = ws.call("health");
  REQUIRE(health);
  CHECK((*health)["ok"] == true);
  check_same_shape(load_capture("ws-health.json")["payload"], (*health)["payload"]);
  const auto status = ws.call("status");
  REQUIRE(status);
  check_same_shape(load_capture("ws-status.json")["payload"], (*status)["payload"]);
  const auto presence = ws.call("system-presence");
  REQUIRE(presence);
  check_same_shape(load_capture("ws-system-presence.json")["payload"], (*presence)["payload"]);
  const auto logs = ws.call("logs.tail");
  REQUIRE(logs);
  check_same_shape(load_capture("ws-logs.tail.json")["payload"], (*logs)["payload"]);
  const auto config = ws.call("config.get");
  REQUIRE(config);
  CHECK((*config)["payload"]["config"]["gateway"]["auth"]["token"] == "__OPENCLAW_REDACTED__");
  const auto channels = ws.call("channels.status", {{"probe", true}});
  REQUIRE(channels);
  CHECK((*channels)["payload"]["channelAccounts"] == Json::object());
  const auto unknown = ws.call("sessions.nope");
  REQUIRE(unknown);
  CHECK((*unknown)["ok"] == false);
  CHECK((*unknown)["error"]["message"] == "unknown method: sessions.nope");

  for (const std::string& frame : ws.received()) CHECK(frame.find(kToken) == std::string::npos);
  ws.close();
}

TEST_CASE("handshake refusals carry the real codes, details and close frames", "[lab]") {
  struct Case {
    std::string scenario;
    std::string code;
    std::string detail;
    unsigned close;
  };
  const std::vector<Case> cases{
      {"token-mismatch", "INVALID_REQUEST", "AUTH_TOKEN_MISMATCH", 1008},
      {"token-missing", "INVALID_REQUEST", "AUTH_TOKEN_MISSING", 1008},
      {"device-identity-required", "NOT_PAIRED", "DEVICE_IDENTITY_REQUIRED", 1008},
      {"pairing-required", "NOT_PAIRED", "PAIRING_REQUIRED", 1008},
      {"device-token-mismatch", "INVALID_REQUEST", "AUTH_DEVICE_TOKEN_MISMATCH", 1008},
      {"protocol-mismatch", "INVALID_REQUEST", "PROTOCOL_MISMATCH", 1002},
      {"origin-not-allowed", "INVALID_REQUEST", "CONTROL_UI_ORIGIN_NOT_ALLOWED", 1008},
      {"rate-limited", "INVALID_REQUEST", "AUTH_RATE_LIMITED", 1008},
  };
  for (const Case& c : cases) {
    SECTION(c.scenario) {
      RunningLab running(lab_options(c.scenario));
      WsClient ws(running.port());
      REQUIRE(ws.upgraded());
      const auto res = ws.handshake(WsClient::connect_params(kToken));
      REQUIRE(res);
      CHECK((*res)["type"] == "res");
      CHECK((*res)["ok"] == false);
      const Json& error = (*res)["error"];
      CHECK(error["code"] == c.code);
      CHECK(error["details"]["code"] == c.detail);
      const std::string expected_reason = c.scenario == "protocol-mismatch" ? "protocol mismatch"
                                          : c.detail == "PAIRING_REQUIRED" ? "pairing required"
                                          : c.detail == "DEVICE_IDENTITY_REQUIRED"
                                              ? "device identity required"
                                              : clawbook::lab::protocol::truncate_close_reason(error["message"].get<std::string>());
      check_closed(ws, c.close, expected_reason);
      if (c.scenario == "rate-limited") {
        CHECK(error["retryable"] == true);
        CHECK(error["retryAfterMs"].get<std::int64_t>() > 0);
        const auto invoke = http_request(running.port(), http::verb::post, "/tools/invoke", {{"Authorization", std::string("Bearer ") + kToken}}, "{}");
        CHECK(invoke.status == 429);
        CHECK_FALSE(invoke.header("Retry-After").empty());
      }
    }
  }
}

TEST_CASE("the healthy gateway applies the real decision order and frame rules", "[lab]") {
  RunningLab running(lab_options("healthy"));
  const auto port = running.port();
  auto refused = [&](const Json& params, Headers headers = {}) {
    WsClient ws(port, std::move(headers));
    REQUIRE(ws.upgraded());
    auto res = ws.handshake(params);
    REQUIRE(res);
    ws.read_json(3s);
    return std::tuple{*res, ws.close_code().value_or(0), ws.close_reason()};
  };
  SECTION("no token: device identity required") {
    auto [res, code, reason] = refused(WsClient::connect_params(std::nullopt));
    CHECK(res["error"]["details"]["code"] == "DEVICE_IDENTITY_REQUIRED");
    CHECK(code == 1008);
    CHECK(reason == "device identity required");
  }
  SECTION("wrong token: mismatch with the local or remote hint") {
    auto [res, code, reason] = refused(WsClient::connect_params("wrong"));
    CHECK(res["error"]["details"]["code"] == "AUTH_TOKEN_MISMATCH");
    CHECK(code == 1008);
    CHECK(reason == res["error"]["message"]);
    auto [remote, rcode, rreason] = refused(WsClient::connect_params("wrong"), {{"X-Forwarded-For", "203.0.113.9"}});
    CHECK(remote["error"]["message"] == "unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)");
  }
  SECTION("protocol out of range: 1002") {
    Json params = WsClient::connect_params(kToken);
    params["minProtocol"] = 99;
    params["maxProtocol"] = 99;
    auto [res, code, reason] = refused(params);
    CHECK(res["error"]["message"] == "protocol mismatch");
    CHECK(res["error"]["details"]["expectedProtocol"] == 4);
    CHECK(code == 1002);
    CHECK(reason == "protocol mismatch");
  }
  SECTION("foreign Origin: refused; loopback Origin: accepted") {
    auto [res, code, reason] = refused(WsClient::connect_params(kToken), {{"Origin", "https://evil.example"}});
    CHECK(res["error"]["details"]["code"] == "CONTROL_UI_ORIGIN_NOT_ALLOWED");
    CHECK(code == 1008);
    WsClient local(port, {{"Origin", "http://127.0.0.1:" + std::to_string(port)}});
    const auto hello = local.handshake(WsClient::connect_params(kToken));
    REQUIRE(hello);
    CHECK((*hello)["ok"] == true);
  }
  SECTION("bad first frames") {
    WsClient not_json(port);
    REQUIRE(not_json.read_json());
    not_json.send_text("hello?");
    check_closed(not_json, 1000, "");

    WsClient event(port);
    REQUIRE(event.read_json());
    event.send_json({{"type", "event"}, {"event", "x"}});
    check_closed(event, 1008, "invalid request frame");

    WsClient health_first(port);
    REQUIRE(health_first.read_json());
    health_first.send_json({{"type", "req"}, {"id", "x"}, {"method", "health"}});
    const auto res = health_first.read_json();
    REQUIRE(res);
    CHECK((*res)["error"]["message"] == "invalid handshake: first request must be connect");
    check_closed(health_first, 1008, "invalid handshake: first request must be connect");

    Json params = WsClient::connect_params(kToken);
    params["client"]["id"] = "a-client-id-that-openclaw-does-not-know-about";
    params["client"]["mode"] = "sidecar";
    params["extra"] = "field";
    auto [bad, code, reason] = refused(params);
    const std::string message = bad["error"]["message"];
    CHECK(message.rfind("invalid connect params: ", 0) == 0);
    CHECK(message.size() > 120);
    CHECK(code == 1008);
    CHECK(reason.size() <= 120);
    CHECK(message.rfind(reason, 0) == 0);

    WsClient big(port);
    REQUIRE(big.read_json());
    big.send_text(std::string(70 * 1024, ' '));
    check_closed(big, 1009, "preauth payload too large");
  }
}

TEST_CASE("handshake timeouts close 1000 with an empty reason", "[lab]") {
  SECTION("healthy gateway, silent client") {
    Options o = lab_options("healthy");
    o.handshake_timeout = 300ms;
    RunningLab running(o);
    WsClient ws(running.port());
    REQUIRE(ws.read_json());
    const auto before = std::chrono::steady_clock::now();
    check_closed(ws, 1000, "");
    CHECK(std::chrono::steady_clock::now() - before >= 250ms);
  }
  SECTION("handshake-timeout scenario ignores the connect") {
    Options o = lab_options("handshake-timeout");
    o.silence_close_after = 400ms;
    RunningLab running(o);
    WsClient ws(running.port());
    const auto res = ws.handshake(WsClient::connect_params(kToken));
    CHECK_FALSE(res);
    REQUIRE(ws.close_code());
    CHECK(*ws.close_code() == 1000);
    CHECK(ws.close_reason().empty());
  }
}

TEST_CASE("missing-scope: hello without scopes, read methods refused", "[lab]") {
  RunningLab running(lab_options("missing-scope"));
  WsClient ws(running.port());
  const auto hello = ws.handshake(WsClient::connect_params(kToken));
  REQUIRE(hello);
  CHECK((*hello)["payload"]["auth"]["scopes"] == Json::array());
  const auto health = ws.call("health");
  REQUIRE(health);
  CHECK((*health)["ok"] == true);
  for (const char* method : {"status", "config.get", "system-presence", "channels.status"}) {
    const auto res = ws.call(method);
    REQUIRE(res);
    CHECK((*res)["ok"] == false);
    CHECK((*res)["error"]["code"] == "INVALID_REQUEST");
    CHECK((*res)["error"]["message"] == "missing scope: operator.read");
  }
  CHECK((*ws.call("health"))["ok"] == true);  // the connection survives refusals
}

TEST_CASE("closed-1000-after-hello and abrupt-drop", "[lab]") {
  SECTION("closed-1000-after-hello") {
    RunningLab running(lab_options("closed-1000-after-hello"));
    WsClient ws(running.port());
    const auto hello = ws.handshake(WsClient::connect_params(kToken));
    REQUIRE(hello);
    CHECK((*hello)["ok"] == true);
    check_closed(ws, 1000, "");
  }
  SECTION("abrupt-drop: reset, no close frame") {
    RunningLab running(lab_options("abrupt-drop"));
    WsClient ws(running.port());
    const auto hello = ws.handshake(WsClient::connect_params(kToken));
    REQUIRE(hello);
    CHECK((*hello)["ok"] == true);
    CHECK_FALSE(ws.call("health", {}, 3s));
    CHECK(ws.abnormal_closure());
    CHECK_FALSE(ws.close_code());
  }
}

TEST_CASE("starting: 503 and 1013 until ready, then healthy", "[lab]") {
  Options o = lab_options("starting");
  o.ready_after = 1200ms;
  RunningLab running(o);
  const auto port = running.port();
  const auto readyz = http_request(port, http::verb::get, "/readyz");
  CHECK(readyz.status == 503);
  CHECK(readyz.json()["ready"] == false);
  CHECK(readyz.json()["failing"] == Json{"startup-sidecars"});
  const auto startupz = http_request(port, http::verb::get, "/startupz");
  CHECK(startupz.status == 503);
  CHECK(startupz.json()["status"] == "starting");
  CHECK(startupz.json()["pendingReason"] == "startup-sidecars");
  CHECK(http_request(port, http::verb::get, "/healthz").status == 200);
  {
    WsClient ws(port);
    const auto res = ws.handshake(WsClient::connect_params(kToken));
    REQUIRE(res);
    CHECK((*res)["error"]["code"] == "UNAVAILABLE");
    CHECK((*res)["error"]["retryable"] == true);
    CHECK((*res)["error"]["retryAfterMs"] == 500);
    CHECK((*res)["error"]["details"]["reason"] == "startup-sidecars");
    check_closed(ws, 1013, "gateway starting");
  }
  std::this_thread::sleep_for(1300ms);
  CHECK(http_request(port, http::verb::get, "/readyz").status == 200);
  WsClient ws(port);
  const auto hello = ws.handshake(WsClient::connect_params(kToken));
  REQUIRE(hello);
  CHECK((*hello)["ok"] == true);
}

TEST_CASE("no-upgrade answers the upgrade with the Control UI page, slow adds latency", "[lab]") {
  {
    RunningLab running(lab_options("no-upgrade"));
    WsClient ws(running.port());
    CHECK_FALSE(ws.upgraded());
    CHECK(ws.status() == 200);
    CHECK(ws.error() == websocket::error::upgrade_declined);
    CHECK(std::string(ws.upgrade_response()[http::field::content_type]).rfind("text/html", 0) == 0);
  }
  Options o = lab_options("slow");
  o.latency = 400ms;
  RunningLab running(o);
  const auto before = std::chrono::steady_clock::now();
  CHECK(http_request(running.port(), http::verb::get, "/healthz").status == 200);
  CHECK(std::chrono::steady_clock::now() - before >= 350ms);
  WsClient ws(running.port());
  const auto hello = ws.handshake(WsClient::connect_params(kToken));
  REQUIRE(hello);
  CHECK((*hello)["ok"] == true);
  CHECK(std::chrono::steady_clock::now() - before >= 1100ms);  // http + challenge + hello
}

TEST_CASE("protocol 3 lab speaks the pre-2026.5 gateway", "[lab]") {
  Options o = lab_options("healthy");
  o.protocol = 3;
  RunningLab running(o);
  WsClient ws(running.port());
  const auto hello = ws.handshake(WsClient::connect_params(kToken));
  REQUIRE(hello);
  const Json& payload = (*hello)["payload"];
  CHECK(payload["protocol"] == 3);
  CHECK(payload["server"]["version"] == "2026.4.12");
  CHECK_FALSE(payload.contains("auth"));
  CHECK((*ws.call("status"))["error"]["message"] == "missing scope: operator.read");

  WsClient v4_only(running.port());
  Json params = WsClient::connect_params(kToken);
  params["minProtocol"] = 4;
  const auto res = v4_only.handshake(params);
  REQUIRE(res);
  CHECK((*res)["error"]["details"] == Json{{"expectedProtocol", 3}});
  check_closed(v4_only, 1002, "protocol mismatch");
}

TEST_CASE("channel scenarios answer channels.status, health, readyz and logs with the channel's state", "[lab][channels]") {
  struct Case {
    std::string scenario;
    std::string channel;
    std::string field;  // a field of the account snapshot that shows the state
    Json value;
    std::string log_signature;
    bool failing;
  };
  const std::vector<Case> cases{
      {"channel-mention-required", "discord", "allowUnmentionedGroups", false, "drop guild message (mention required)", false},
      {"channel-sender-pairing-pending", "telegram", "dmPolicy", "pairing", "pairing request", false},
      {"channel-filtered-by-policy", "whatsapp", "dmPolicy", "allowlist", "not in allowFrom", false},
      {"channel-missing-permissions", "discord", "lastError", "Missing Permissions", "Missing Permissions", false},
      {"channel-not-configured", "slack", "configured", false, "not configured", false},
      {"channel-probe-failed", "telegram", "connected", false, "401: Unauthorized", true},
      {"channel-send-while-disconnected", "whatsapp", "lastError", "send failed: gateway not connected",
       "send failed: gateway not connected", false},
  };
  for (const Case& c : cases) {
    SECTION(c.scenario) {
      RunningLab running(lab_options(c.scenario));
      WsClient ws(running.port());
      const auto hello = ws.handshake(WsClient::connect_params(kToken));
      REQUIRE(hello);
      CHECK((*hello)["payload"]["snapshot"]["health"]["channelOrder"] == Json{c.channel});

      const auto status = ws.call("channels.status");
      REQUIRE(status);
      const Json& payload = (*status)["payload"];
      CHECK(payload["channelOrder"] == Json{c.channel});
      CHECK(payload["channelDefaultAccountId"][c.channel] == "default");
      const Json account = payload["channelAccounts"][c.channel][0];
      CHECK(account["accountId"] == "default");
      CHECK(account[c.field] == c.value);
      CHECK_FALSE(account.contains("probe"));

      const auto probed = ws.call("channels.status", {{"probe", true}, {"channel", c.channel}});
      REQUIRE(probed);
      const Json probed_account = (*probed)["payload"]["channelAccounts"][c.channel][0];
      if (c.scenario == "channel-probe-failed") {
        CHECK(probed_account["probe"]["ok"] == false);
        CHECK(probed_account["probe"]["status"] == 401);
      }
      if (c.scenario == "channel-missing-permissions")
        CHECK(probed_account["audit"]["channels"][0]["missing"] == Json{"ViewChannel", "SendMessages"});
      const auto other = ws.call("channels.status", {{"channel", "irc"}});
      REQUIRE(other);
      CHECK((*other)["error"]["message"] == "unknown channel: irc");

      const auto health = ws.call("health");
      REQUIRE(health);
      CHECK((*health)["payload"]["channels"][c.channel][c.field] == c.value);
      CHECK((*health)["payload"]["channelLabels"][c.channel].is_string());

      const auto logs = ws.call("logs.tail");
      REQUIRE(logs);
      bool signature_found = false;
      for (const Json& line : (*logs)["payload"]["lines"])
        signature_found = signature_found || line.get<std::string>().find(c.log_signature) != std::string::npos;
      CHECK(signature_found);
      CHECK_FALSE((*ws.call("status"))["payload"]["channelSummary"].empty());
      const auto config = ws.call("config.get");
      REQUIRE(config);
      CHECK((*config)["payload"]["config"]["channels"].contains(c.channel));
      for (const std::string& frame : ws.received()) CHECK(frame.find(kToken) == std::string::npos);

      const auto readyz = http_request(running.port(), http::verb::get, "/readyz");
      CHECK(readyz.status == (c.failing ? 503 : 200));
      CHECK(readyz.json()["failing"] == (c.failing ? Json{c.channel} : Json::array()));
    }
  }
}
