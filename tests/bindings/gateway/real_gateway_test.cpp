// The probes against a real OpenClaw 2026.9.6 gateway (scripts/peers/openclaw.sh). One gateway serves every
// case, in an order that respects its behaviour: startup first (the 503/1013 window), then healthy probes while
// one session stays open, then the rejections (wrong tokens last: each one slows the next), then SIGKILL with
// that session still open, then nothing listening.
#include "gateway/gateway.hpp"
#include "real_gateway.hpp"
#include "servers.hpp"

#include "clawbook/fingerprint.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace clawbook::gateway;
using namespace gateway_test;

namespace {

struct Connected {
  Json result;
  std::shared_ptr<Session> session;
};

Connected connect_now(asio::io_context& io, const std::string& url, const ConnectOptions& options, Duration deadline) {
  auto out = std::make_shared<Connected>();
  bool done = false;
  connect(io, url, options, deadline, [out, &done](Json result, std::shared_ptr<Session> session) {
    out->result = std::move(result);
    out->session = std::move(session);
    done = true;
  });
  pump(io, [&] { return done; }, deadline + 5s);
  return *out;
}

ConnectOptions token_options(const std::string& token) {
  ConnectOptions options;
  options.token = token;
  return options;
}

std::set<std::string> keys_of(const Json& object) {
  std::set<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.insert(key);
  return keys;
}

}  // namespace

TEST_CASE("real gateway: startup, healthy probe, rejections, SIGKILL, nothing listening", "[real-gateway]") {
  if (!real_gateway_installed()) {
    WARN("SKIPPED: no real OpenClaw gateway installed; run scripts/peers/openclaw.sh install (CI does)");
    return;
  }
  asio::io_context io;
  RealGateway gateway;
  REQUIRE(gateway.start());
  INFO("gateway state dir " << gateway.state_dir() << ", port " << gateway.port());

  // ---- startup: poll until ready, catching the 503 readyz and the 1013 connect of the starting window ----
  bool saw_ready_503 = false;
  bool saw_unavailable_1013 = false;
  bool saw_refused = false;
  Json first_hello;
  std::shared_ptr<Session> session;
  auto started = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - started < 180s) {
    auto probe = run(io, [&](Handler done) { health(io, gateway.http_url(), {}, 2s, done); });
    if (!probe.result.value("ok", false)) {
      saw_refused |= probe.result.value("error", "") == "refused";
      pump(io, [] { return false; }, 100ms);
      continue;
    }
    const bool ready = probe.result.value("ready", false);
    if (!ready && probe.result["endpoints"]["readyz"].value("status", 0) == 503) saw_ready_503 = true;
    auto attempt = connect_now(io, gateway.ws_url(), token_options(gateway.token()), 10s);
    if (attempt.result.value("ok", false)) {
      if (ready) {
        first_hello = attempt.result;
        session = attempt.session;
        break;
      }
      run(io, [&](Handler done) { attempt.session->close(2s, done); });
    } else if (attempt.result.value("code", "") == "UNAVAILABLE") {
      INFO(attempt.result.dump());
      CHECK(attempt.result["retryable"] == true);
      // A starting gateway's event loop can stall past our wait for the close frame; one 1013 must be seen.
      if (attempt.result.value("close_by", "") == "server") {
        CHECK(attempt.result["close_code"] == 1013);
        CHECK(attempt.result["close_reason"] == "gateway starting");
        saw_unavailable_1013 = true;
      }
    }
    pump(io, [] { return false; }, 100ms);
  }
  WARN("real gateway ready after " << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()
                                   << " s");
  REQUIRE(session);
  CHECK(saw_refused);  // before it listens
  CHECK(saw_ready_503);
  CHECK(saw_unavailable_1013);

  // ---- healthy: hello-ok has the recorded shape; health RPC; HTTP probes ----
  const Json recorded = capture("ws-hello.json")["payload"];
  CHECK(first_hello["phase"] == "hello");
  CHECK(first_hello["protocol"] == 4);
  CHECK(first_hello["server_version"] == "2026.9.6");
  CHECK(first_hello["role"] == "operator");
  CHECK(first_hello["scopes"] == Json::array({"operator.read"}));
  CHECK(first_hello["auth_method"] == "token");
  CHECK(first_hello["policy"]["tickIntervalMs"] == recorded["policy"]["tickIntervalMs"]);
  CHECK(first_hello["methods"] == recorded["features"]["methods"]);
  CHECK(first_hello["token_fingerprint"] == clawbook::fingerprint(gateway.token()));
  CHECK(first_hello.dump().find(gateway.token()) == std::string::npos);
  for (const auto& attempt : first_hello["tried"]) CHECK(attempt["address"] == "127.0.0.1:" + std::to_string(gateway.port()));

  auto health_call = run(io, [&](Handler done) { session->call("health", Json::object(), 5s, done); });
  REQUIRE(health_call.result["ok"] == true);
  CHECK(health_call.result["payload"]["ok"] == true);
  auto recorded_health = keys_of(capture("ws-health.json")["payload"]);
  auto real_health = keys_of(health_call.result["payload"]);
  for (const auto* key : {"ok", "ts", "durationMs", "channels", "agents", "sessions", "defaultAgentId"}) {
    CHECK(recorded_health.count(key) == 1);
    CHECK(real_health.count(key) == 1);
  }
  // status needs operator.read: granted to a direct-local cli/cli token client on 2026.9.6.
  auto status_call = run(io, [&](Handler done) { session->call("status", Json::object(), 5s, done); });
  CHECK(status_call.result["ok"] == true);
  CHECK(status_call.result["payload"].contains("runtimeVersion"));
  auto unknown = run(io, [&](Handler done) { session->call("no.such.method", Json::object(), 5s, done); });
  INFO(unknown.result.dump());
  CHECK(unknown.result["ok"] == false);
  CHECK(unknown.result["error"]["code"].is_string());
  CHECK_FALSE(unknown.result["error"]["message"].get<std::string>().empty());

  auto probes = run(io, [&](Handler done) { health(io, gateway.http_url(), {}, 3s, done); });
  CHECK(probes.result["live"] == true);
  CHECK(probes.result["ready"] == true);
  CHECK(probes.result["started"] == true);
  CHECK(probes.result["version"] == "2026.9.6");
  CHECK(probes.result["failing"] == Json::array());
  CHECK(probes.result["warnings"].empty());

  // Unknown paths get the Control UI's HTML with 200: the reason health() insists on JSON.
  auto spa = run(io, [&](Handler done) { http(io, gateway.http_url() + "/some/page", {}, 3s, done); });
  CHECK(spa.result["status"] == 200);
  CHECK(spa.result["headers"]["content-type"].get<std::string>().find("text/html") != std::string::npos);

  auto good_check =
      run(io, [&](Handler done) { http_token_check(io, gateway.http_url(), gateway.token(), {}, 3s, done); });
  CHECK(good_check.result["status"] == 400);
  CHECK(good_check.result["token_accepted"] == true);

  auto upgrade = run(io, [&](Handler done) { ws_upgrade(io, gateway.ws_url(), {}, 3s, done); });
  CHECK(upgrade.result["status"] == 101);
  CHECK(upgrade.result["accept_valid"] == true);

  auto tcp_probe = run(io, [&](Handler done) { tcp(io, "::1", gateway.port(), {}, 2s, done); });
  CHECK(tcp_probe.result["ok"] == true);  // loopback bind listens on [::1] too

  // ---- rejections ----
  ConnectOptions old_range = token_options(gateway.token());
  old_range.min_protocol = 3;
  old_range.max_protocol = 3;
  auto mismatch = connect_now(io, gateway.ws_url(), old_range, 5s);
  CHECK(mismatch.result["ok"] == false);
  CHECK(mismatch.result["phase"] == "connect");
  CHECK(mismatch.result["close_code"] == 1002);
  CHECK(mismatch.result["close_reason"] == "protocol mismatch");
  CHECK(mismatch.result["details_code"] == "PROTOCOL_MISMATCH");

  auto anonymous = connect_now(io, gateway.ws_url(), ConnectOptions{}, 5s);
  CHECK(anonymous.result["ok"] == false);
  CHECK(anonymous.result["details_code"] == "DEVICE_IDENTITY_REQUIRED");
  CHECK(anonymous.result["close_code"] == 1008);

  auto wrong = connect_now(io, gateway.ws_url(), token_options("wrong-" + gateway.token()), 10s);
  CHECK(wrong.result["ok"] == false);
  CHECK(wrong.result["error"] == "rejected");
  CHECK(wrong.result["details_code"] == "AUTH_TOKEN_MISMATCH");
  CHECK(wrong.result["close_code"] == 1008);
  CHECK(wrong.result["close_reason"].get<std::string>().rfind("unauthorized", 0) == 0);
  CHECK(wrong.result.contains("recommended_next_step"));
  CHECK(wrong.result.dump().find(gateway.token()) == std::string::npos);

  auto bad_check =
      run(io, [&](Handler done) { http_token_check(io, gateway.http_url(), "wrong-token", {}, 10s, done); });
  CHECK(bad_check.result["status"] == 401);
  CHECK(bad_check.result["token_accepted"] == false);

  // The first session outlived all of that.
  CHECK(run(io, [&](Handler done) { session->call("health", Json::object(), 5s, done); }).result["ok"] == true);

  // ---- SIGKILL mid-session: no close frame, 1006 ----
  bool answered = false;
  Json in_flight;
  session->call("health", Json::object(), 5s, [&](Json result) {
    in_flight = std::move(result);
    answered = true;
  });
  gateway.kill_hard();
  pump(io, [&] { return answered && !session->is_open(); }, 5s);
  CHECK_FALSE(session->is_open());
  CHECK(session->info()["close"]["close_code"] == 1006);
  CHECK(session->info()["close"]["close_by"] == "none");
  CHECK(answered);
  if (!in_flight.value("ok", false)) CHECK(in_flight["close_code"] == 1006);

  // ---- nothing listening ----
  auto refused = connect_now(io, gateway.ws_url(), token_options(gateway.token()), 3s);
  CHECK(refused.result["phase"] == "tcp");
  CHECK(refused.result["error"] == "refused");
  auto down = run(io, [&](Handler done) { health(io, gateway.http_url(), {}, 2s, done); });
  CHECK(down.result["ok"] == false);
  CHECK(down.result["error"] == "refused");
}
