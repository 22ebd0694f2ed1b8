// gateway::connect and sessions against a WebSocket peer replaying the recorded frames of a real gateway, and
// against hostile peers: every case must end classified, once, within its deadline.
#include "gateway/device.hpp"
#include "gateway/gateway.hpp"
#include "servers.hpp"

#include "clawbook/fingerprint.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

using namespace clawbook::gateway;
using namespace gateway_test;

namespace {

const std::string kToken = "test-token-0123456789";

struct Connected {
  Json result;
  std::shared_ptr<Session> session;
  int completions = 0;
  double seconds = 0;
};

Connected connect_to(asio::io_context& io, const std::string& url, const ConnectOptions& options,
                     Duration deadline = 3s) {
  auto out = std::make_shared<Connected>();
  const auto started = std::chrono::steady_clock::now();
  connect(io, url, options, deadline, [out](Json result, std::shared_ptr<Session> session) {
    ++out->completions;
    out->result = std::move(result);
    out->session = std::move(session);
  });
  pump(io, [&] { return out->completions > 0; }, deadline + 5s);
  io.restart();
  io.poll();
  out->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return *out;
}

ConnectOptions with_token(const std::string& token = kToken) {
  ConnectOptions options;
  options.token = token;
  return options;
}

Outcome call(asio::io_context& io, Session& session, const std::string& method, Json params = Json::object(),
             Duration deadline = 2s) {
  return run(io, [&](Handler done) { session.call(method, std::move(params), deadline, done); });
}

}  // namespace

TEST_CASE("connect: healthy handshake parsed like the recorded hello, then RPC", "[gateway]") {
  asio::io_context io;
  FakeGateway gateway(io, kToken);
  const auto connected = connect_to(io, gateway.url(), with_token());
  REQUIRE(connected.completions == 1);
  const Json& hello = connected.result;
  INFO(hello.dump(2).substr(0, 2000));
  REQUIRE(hello["ok"] == true);
  REQUIRE(connected.session);
  const Json recorded = capture("ws-hello.json")["payload"];
  CHECK(hello["phase"] == "hello");
  CHECK(hello["protocol"] == recorded["protocol"]);
  CHECK(hello["server_version"] == recorded["server"]["version"]);
  CHECK(hello["conn_id"] == recorded["server"]["connId"]);
  CHECK(hello["methods"] == recorded["features"]["methods"]);
  CHECK(hello["role"] == recorded["auth"]["role"]);
  CHECK(hello["scopes"] == recorded["auth"]["scopes"]);
  CHECK(hello["policy"] == recorded["policy"]);
  CHECK(hello["token_fingerprint"] == clawbook::fingerprint(kToken));
  CHECK(hello.dump().find(kToken) == std::string::npos);
  for (const char* key : {"connect_ms", "upgrade_ms", "challenge_ms", "hello_ms", "total_ms"})
    CHECK(hello["timings"].contains(key));

  // What the gateway saw: the upgrade request and the connect frame of PROTOCOL.md 2.2/2.7.
  REQUIRE(gateway.peers.size() == 1);
  const WsPeer& peer = *gateway.peers[0];
  CHECK(peer.upgrade_request[bhttp::field::host] == "127.0.0.1:" + std::to_string(gateway.port()));
  CHECK(peer.upgrade_request.find(bhttp::field::origin) == peer.upgrade_request.end());
  for (const auto& field : peer.upgrade_request) {
    const std::string name(field.name_string());
    CHECK(name.rfind("X-Forwarded", 0) != 0);
    CHECK(name != "Forwarded");
  }
  REQUIRE(peer.received.size() == 1);
  const Json& params = peer.received[0]["params"];
  CHECK(peer.received[0]["method"] == "connect");
  CHECK(params["minProtocol"] == 3);
  CHECK(params["maxProtocol"] == 4);
  CHECK(params["client"]["id"] == "cli");
  CHECK(params["client"]["mode"] == "cli");
  CHECK(params["client"]["platform"] == "linux");
  CHECK(params["role"] == "operator");
  CHECK(params["scopes"] == Json::array({"operator.read"}));
  CHECK(params["auth"]["token"] == kToken);
  CHECK_FALSE(params.contains("device"));

  // RPC with unsolicited events in between: a tick before the answer.
  gateway.on_frame = [&gateway](WsPeer& p, const Json& frame) {
    p.send({{"type", "event"}, {"event", "tick"}, {"payload", {{"ts", 1795331800000LL}}}, {"seq", 7}});
    p.send({{"type", "event"}, {"event", "health"}, {"payload", {{"ok", true}}}});
    gateway.default_frame(p, frame);
  };
  Session& session = *connected.session;
  auto health = call(io, session, "health");
  REQUIRE(health.completions == 1);
  CHECK(health.result["ok"] == true);
  CHECK(health.result["payload"] == capture("ws-health.json")["payload"]);
  auto presence = call(io, session, "system-presence");
  CHECK(presence.result["payload"][0]["mode"] == "gateway");
  const Json info = session.info();
  CHECK(info["open"] == true);
  CHECK(info["events"]["tick"] == 2);
  CHECK(info["events"]["health"] == 2);
  CHECK(info["last_tick_ts"] == 1795331800000LL);

  // Missing scope, the 2026.3.13 way (message) and the documented way (details).
  gateway.on_frame = [](WsPeer& p, const Json& frame) {
    const bool documented = frame["method"] == "config.get";
    Json error = documented ? Json{{"code", "FORBIDDEN"},
                                   {"message", "forbidden"},
                                   {"details", {{"code", "MISSING_SCOPE"}, {"missingScope", "operator.admin"}}}}
                            : Json{{"code", "INVALID_REQUEST"}, {"message", "missing scope: operator.read"}};
    p.send({{"type", "res"}, {"id", frame["id"]}, {"ok", false}, {"error", error}});
  };
  auto status = call(io, session, "status");
  CHECK(status.result["ok"] == false);
  CHECK(status.result["error"]["code"] == "INVALID_REQUEST");
  CHECK(status.result["missing_scope"] == "operator.read");
  auto config = call(io, session, "config.get");
  CHECK(config.result["error"]["code"] == "FORBIDDEN");
  CHECK(config.result["error"]["details"]["code"] == "MISSING_SCOPE");
  CHECK(config.result["missing_scope"] == "operator.admin");

  // A call the gateway never answers times out; the session stays usable.
  gateway.on_frame = [&gateway](WsPeer& p, const Json& frame) {
    if (frame["method"] != "logs.tail") gateway.default_frame(p, frame);
  };
  auto silent = call(io, session, "logs.tail", Json::object(), 200ms);
  CHECK(silent.result["error"]["code"] == "timeout");
  CHECK(silent.seconds < 1.0);
  CHECK(call(io, session, "health").result["ok"] == true);

  auto closed = run(io, [&](Handler done) { session.close(2s, done); });
  REQUIRE(closed.completions == 1);
  CHECK(closed.result["ok"] == true);
  CHECK(closed.result["close_code"] == 1000);
  pump(io, [&] { return peer.client_close.has_value(); }, 1s);
  REQUIRE(peer.client_close);
  CHECK(peer.client_close->code == 1000);
  CHECK_FALSE(session.is_open());
  auto after = call(io, session, "health");
  CHECK(after.result["error"]["code"] == "not_connected");
}

TEST_CASE("connect: rejections carry code, details code, next step and the close frame", "[gateway]") {
  asio::io_context io;
  FakeGateway gateway(io, kToken);

  auto wrong = connect_to(io, gateway.url(), with_token("wrong-token-42"));
  REQUIRE(wrong.completions == 1);
  CHECK(wrong.result["ok"] == false);
  CHECK(wrong.result["phase"] == "connect");
  CHECK(wrong.result["error"] == "rejected");
  CHECK(wrong.result["code"] == "INVALID_REQUEST");
  CHECK(wrong.result["details_code"] == "AUTH_TOKEN_MISMATCH");
  CHECK(wrong.result["recommended_next_step"] == "update_auth_configuration");
  CHECK(wrong.result["close_code"] == 1008);
  CHECK(wrong.result["close_by"] == "server");
  CHECK(wrong.result["close_reason"].get<std::string>().rfind("unauthorized: gateway token mismatch", 0) == 0);
  CHECK(wrong.result["token_fingerprint"] == clawbook::fingerprint("wrong-token-42"));
  CHECK(wrong.result.dump().find("wrong-token-42") == std::string::npos);
  CHECK(wrong.session == nullptr);

  auto anonymous = connect_to(io, gateway.url(), ConnectOptions{});
  CHECK(anonymous.result["details_code"] == "DEVICE_IDENTITY_REQUIRED");
  CHECK(anonymous.result["code"] == "NOT_PAIRED");
  CHECK(anonymous.result["close_code"] == 1008);
  CHECK(anonymous.result["close_reason"] == "device identity required");
  CHECK_FALSE(anonymous.result.contains("token_fingerprint"));

  // Protocol range excluding the server's: res + 1002.
  gateway.on_frame = [](WsPeer& p, const Json& frame) {
    const Json& params = frame["params"];
    if (params["maxProtocol"] < 4 || params["minProtocol"] > 4) {
      FakeGateway::reject(p, frame["id"], "INVALID_REQUEST", "protocol mismatch",
                          {{"code", "PROTOCOL_MISMATCH"}, {"clientMinProtocol", params["minProtocol"]},
                           {"clientMaxProtocol", params["maxProtocol"]}, {"expectedProtocol", 4}},
                          1002, "protocol mismatch");
    }
  };
  ConnectOptions old_client = with_token();
  old_client.max_protocol = 3;
  auto mismatch = connect_to(io, gateway.url(), old_client);
  CHECK(mismatch.result["details_code"] == "PROTOCOL_MISMATCH");
  CHECK(mismatch.result["close_code"] == 1002);
  CHECK(mismatch.result["close_meaning"] == "protocol error");
  CHECK(gateway.peers.back()->received[0]["params"]["maxProtocol"] == 3);

  // Startup: UNAVAILABLE, retryable, then 1013.
  gateway.on_frame = [](WsPeer& p, const Json& frame) {
    p.send({{"type", "res"},
            {"id", frame["id"]},
            {"ok", false},
            {"error",
             {{"code", "UNAVAILABLE"},
              {"message", "gateway starting; retry shortly"},
              {"retryable", true},
              {"retryAfterMs", 500},
              {"details", {{"reason", "startup-sidecars"}}}}}});
    p.close(1013, "gateway starting");
  };
  auto starting = connect_to(io, gateway.url(), with_token());
  CHECK(starting.result["code"] == "UNAVAILABLE");
  CHECK(starting.result["retryable"] == true);
  CHECK(starting.result["retry_after_ms"] == 500);
  CHECK(starting.result["close_code"] == 1013);
  CHECK(starting.result["close_reason"] == "gateway starting");

  // Pairing required, and a rejection with no close frame after it.
  gateway.on_frame = [](WsPeer& p, const Json& frame) {
    p.send({{"type", "res"},
            {"id", frame["id"]},
            {"ok", false},
            {"error",
             {{"code", "NOT_PAIRED"},
              {"message", "pairing required"},
              {"details", {{"code", "PAIRING_REQUIRED"}, {"requestId", "req-1"}, {"reason", "not-paired"}}}}}});
  };
  auto pairing = connect_to(io, gateway.url(), with_token(), 1s);
  CHECK(pairing.result["details_code"] == "PAIRING_REQUIRED");
  CHECK(pairing.result["details"]["requestId"] == "req-1");
  CHECK(pairing.result["close_by"] == "none");
  CHECK(pairing.seconds < 1.5);

  // Silent client side of the handshake timeout: challenge, then 1000 with no reason.
  gateway.on_open = [](WsPeer& p) {
    p.send({{"type", "event"}, {"event", "connect.challenge"}, {"payload", {{"nonce", "n"}, {"ts", 1}}}});
    p.close(1000, "");
  };
  auto timeout_close = connect_to(io, gateway.url(), with_token());
  CHECK(timeout_close.result["error"] == "closed");
  CHECK(timeout_close.result["close_code"] == 1000);
  CHECK(timeout_close.result["close_reason"] == "");
  CHECK(timeout_close.result["phase"] == "connect");
}

TEST_CASE("connect: refused upgrades report the HTTP status", "[gateway]") {
  asio::io_context io;
  for (const auto& [status, reason] : std::vector<std::pair<int, std::string>>{
           {200, "OK"}, {400, "Bad Request"}, {404, "Not Found"}, {426, "Upgrade Required"},
           {502, "Bad Gateway"}, {503, "Service Unavailable"}}) {
    Listener proxy(io, [status = status, reason = reason](std::shared_ptr<tcp_socket> socket) {
      serve_http_once(socket, [&](const std::string&) {
        return http_response(status, reason, "text/html", "<html>proxy says " + reason + "</html>");
      });
    });
    auto refused = connect_to(io, proxy.url("ws"), with_token());
    INFO(status);
    CHECK(refused.result["ok"] == false);
    CHECK(refused.result["phase"] == "upgrade");
    CHECK(refused.result["error"] == "upgrade_refused");
    CHECK(refused.result["http_status"] == status);
    CHECK(refused.result["body_preview"].get<std::string>().find(reason) != std::string::npos);
  }

  auto nothing = connect_to(io, "ws://127.0.0.1:1/", with_token());
  CHECK(nothing.result["phase"] == "tcp");
  CHECK(nothing.result["error"] == "refused");
  CHECK(nothing.result["tried"][0]["error"] == "refused");
}

TEST_CASE("connect: hostile peers end classified within the deadline", "[gateway]") {
  asio::io_context io;

  SECTION("garbage instead of an HTTP answer") {
    Listener garbage(io, [](std::shared_ptr<tcp_socket> socket) {
      serve_http_once(socket, [](const std::string&) { return std::string("\x16\x03garbage\xff\xfe\r\n\r\n", 15); },
                      false);
    });
    auto r = connect_to(io, garbage.url("ws"), with_token());
    CHECK(r.result["phase"] == "upgrade");
    CHECK(r.result["error"] == "bad_http_response");
  }
  SECTION("a server that accepts and never writes") {
    Listener silent(io, [](std::shared_ptr<tcp_socket>) {});
    auto r = connect_to(io, silent.url("ws"), with_token(), 300ms);
    CHECK(r.completions == 1);
    CHECK(r.result["phase"] == "upgrade");
    CHECK(r.result["error"] == "timeout");
    CHECK(r.seconds < 1.0);
  }
  SECTION("upgrade, then silence: no challenge") {
    FakeGateway gateway(io, kToken);
    gateway.on_open = [](WsPeer&) {};
    auto r = connect_to(io, gateway.url(), with_token(), 300ms);
    CHECK(r.result["phase"] == "challenge");
    CHECK(r.result["error"] == "timeout");
    CHECK(r.seconds < 1.0);
  }
  SECTION("challenge, then no answer to connect") {
    FakeGateway gateway(io, kToken);
    gateway.on_frame = [](WsPeer&, const Json&) {};
    auto r = connect_to(io, gateway.url(), with_token(), 300ms);
    CHECK(r.result["phase"] == "connect");
    CHECK(r.result["error"] == "timeout");
    CHECK(r.result["challenge_received"] == true);
  }
  SECTION("a frame header announcing 1 TiB") {
    FakeGateway gateway(io, kToken);
    gateway.on_open = [](WsPeer& p) {
      p.write_raw(std::string("\x81\x7f\x00\x00\x01\x00\x00\x00\x00\x00", 10) + "{\"type\":");
    };
    auto r = connect_to(io, gateway.url(), with_token());
    CHECK(r.result["phase"] == "challenge");
    CHECK(r.result["error"] == "message_too_big");
    CHECK(r.result["close_code"] == 1009);
    CHECK(r.result["close_by"] == "client");
    CHECK(r.seconds < 2.0);
  }
  SECTION("a reset in the middle of a frame") {
    FakeGateway gateway(io, kToken);
    gateway.on_open = [](WsPeer& p) {
      auto peer = p.shared_from_this();
      p.write_raw(std::string("\x81\x7e\x01\x00", 4) + "{\"type\":\"event\",\"ev", [peer] { peer->reset(); });
    };
    auto r = connect_to(io, gateway.url(), with_token());
    CHECK(r.result["phase"] == "challenge");
    CHECK(r.result["error"] == "connection_lost");
    CHECK(r.result["close_code"] == 1006);
    CHECK(r.result["close_by"] == "none");
  }
  SECTION("invalid UTF-8 in a text frame") {
    FakeGateway gateway(io, kToken);
    gateway.on_open = [](WsPeer& p) { p.write_raw(std::string("\x81\x04\xc3\x28\xa0\xa1", 6)); };
    auto r = connect_to(io, gateway.url(), with_token());
    CHECK(r.result["error"] == "bad_frame");
    CHECK(r.result["close_code"] == 1007);
  }
  SECTION("a text frame that is not JSON") {
    FakeGateway gateway(io, kToken);
    gateway.on_open = [](WsPeer& p) { p.send_text("hello, not json"); };
    auto r = connect_to(io, gateway.url(), with_token());
    CHECK(r.result["phase"] == "challenge");
    CHECK(r.result["error"] == "not_json");
    CHECK(r.result["received"] == "hello, not json");
  }
  SECTION("a first frame that is not the challenge") {
    FakeGateway gateway(io, kToken);
    gateway.on_open = [](WsPeer& p) { p.send({{"type", "event"}, {"event", "tick"}, {"payload", {{"ts", 1}}}}); };
    auto r = connect_to(io, gateway.url(), with_token());
    CHECK(r.result["error"] == "unexpected_frame");
  }
  SECTION("frames with fields of the wrong types") {
    FakeGateway gateway(io, kToken);
    gateway.on_open = [](WsPeer& p) { p.send_text(R"J({"type":"event","event":42,"payload":"x"})J"); };
    auto r = connect_to(io, gateway.url(), with_token());
    CHECK(r.result["error"] == "unexpected_frame");

    FakeGateway typed(io, kToken);
    typed.on_frame = [](WsPeer& p, const Json& frame) {
      if (frame["method"] == "connect") {
        p.send_text(R"J({"type":"res","id":5,"ok":"yes"})J");
        p.send_text(R"J({"type":["res"],"event":null})J");
        p.send_text(R"J({"type":"event","event":{"x":1},"payload":[1]})J");
        p.send_text(R"J({"type":"res","id":"connect","ok":true,"payload":{"type":"hello-ok","protocol":"4",
                      "server":{"version":7},"auth":{"role":"operator","scopes":["operator.read"]}}})J");
        return;
      }
      p.send_text(R"J({"type":"res","id":")J" + frame["id"].get<std::string>() +
                  R"J(","ok":false,"error":{"code":9,"message":["x"],"details":"d"}})J");
    };
    auto odd = connect_to(io, typed.url(), with_token());
    REQUIRE(odd.result["ok"] == true);
    CHECK(odd.result["protocol"] == 0);
    CHECK(odd.result["server_version"] == "");
    auto answer = call(io, *odd.session, "status");
    CHECK(answer.result["ok"] == false);
    CHECK(answer.result["error"]["code"] == "UNKNOWN");
    CHECK_FALSE(answer.result.contains("missing_scope"));
    run(io, [&](Handler done) { odd.session->close(1s, done); });
  }
  SECTION("a hello that is not hello-ok") {
    FakeGateway gateway(io, kToken);
    gateway.on_frame = [](WsPeer& p, const Json& frame) {
      p.send({{"type", "res"}, {"id", frame["id"]}, {"ok", true}, {"payload", {{"type", "welcome"}}}});
    };
    auto r = connect_to(io, gateway.url(), with_token());
    CHECK(r.result["phase"] == "hello");
    CHECK(r.result["error"] == "bad_hello");
  }
  SECTION("wss:// to a plain HTTP port, ws:// to a TLS port") {
    const auto certs = make_certificates(std::filesystem::temp_directory_path() /
                                         ("clawbook-gw-ws-" + std::to_string(::getpid())));
    // Like Node's HTTP server: the first bytes of a ClientHello are not HTTP, so 400 at once.
    Listener plain(io, [](std::shared_ptr<tcp_socket> socket) {
      auto buffer = std::make_shared<std::array<char, 512>>();
      socket->async_read_some(asio::buffer(*buffer), [socket, buffer](const boost::system::error_code&, std::size_t) {
        auto answer = std::make_shared<std::string>(http_response(400, "Bad Request", "text/plain", "no"));
        asio::async_write(*socket, asio::buffer(*answer),
                          [socket, answer](const boost::system::error_code&, std::size_t) {});
      });
    });
    ConnectOptions options = with_token();
    options.tls.ca_file = certs.ca_file.string();
    auto tls_on_plain = connect_to(io, plain.url("wss"), options);
    CHECK(tls_on_plain.result["phase"] == "tls");
    CHECK(tls_on_plain.result["error"] == "tls_on_plain_port");

    TlsHttpServer tls_server(io, server_tls_context(certs), [](const std::string&) { return std::string("x"); });
    auto plain_on_tls = connect_to(io, tls_server.url("ws"), with_token());
    CHECK(plain_on_tls.result["phase"] == "upgrade");
    CHECK(plain_on_tls.result["error"] == "plain_on_tls_port");
  }
}

TEST_CASE("session: a gateway that dies mid-call ends the call with 1006", "[gateway]") {
  asio::io_context io;
  FakeGateway gateway(io, kToken);
  auto connected = connect_to(io, gateway.url(), with_token());
  REQUIRE(connected.session);
  gateway.on_frame = [](WsPeer& p, const Json&) { p.reset(); };
  auto pending = call(io, *connected.session, "health");
  CHECK(pending.result["ok"] == false);
  CHECK(pending.result["error"]["code"] == "closed");
  CHECK(pending.result["close_code"] == 1006);
  CHECK(pending.seconds < 1.0);
  CHECK(connected.session->info()["close"]["error"] == "connection_lost");

  // A restart announced properly: shutdown event, then 1012.
  gateway.on_frame = [&gateway](WsPeer& p, const Json& frame) { gateway.default_frame(p, frame); };
  auto second = connect_to(io, gateway.url(), with_token());
  REQUIRE(second.session);
  gateway.on_frame = [](WsPeer& p, const Json&) {
    p.send({{"type", "event"}, {"event", "shutdown"}, {"payload", {{"reason", "restart"}, {"restartExpectedMs", 1500}}}});
    p.close(1012, "service restart");
  };
  auto restarted = call(io, *second.session, "status");
  CHECK(restarted.result["close_code"] == 1012);
  CHECK(restarted.result["close_reason"] == "service restart");
  CHECK(second.session->info()["shutdown"]["reason"] == "restart");
}

TEST_CASE("connect: a device identity signs the gateway's nonce", "[gateway]") {
  asio::io_context io;
  const auto dir = std::filesystem::temp_directory_path() / ("clawbook-gw-dev-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  std::ofstream(dir / "device.pem") << pem_of_key(key);
  EVP_PKEY_free(key);

  FakeGateway gateway(io, kToken);
  bool verified = false;
  gateway.on_frame = [&](WsPeer& p, const Json& frame) {
    const Json& params = frame["params"];
    const Json& device = params["device"];
    ConnectOptions as_sent = with_token();
    const std::string payload = DeviceIdentity::v3_payload(device["id"], as_sent, device["signedAt"], device["nonce"]);
    // Decode the base64url key and signature and verify, as the gateway does.
    const auto decode = [](std::string text) {
      std::replace(text.begin(), text.end(), '-', '+');
      std::replace(text.begin(), text.end(), '_', '/');
      while (text.size() % 4) text += '=';
      std::string out(text.size(), '\0');
      const int size = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                       reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
      out.resize(static_cast<std::size_t>(size));
      return out;
    };
    const std::string public_key = decode(device["publicKey"]).substr(0, 32);
    const std::string signature = decode(device["signature"]).substr(0, 64);
    EVP_PKEY* verifier = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                                     reinterpret_cast<const unsigned char*>(public_key.data()), 32);
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    EVP_DigestVerifyInit(context, nullptr, nullptr, nullptr, verifier);
    verified = device["nonce"] == "5f0c2c9e-2b7a-4c55-9a57-8d1f3c0f9e11" &&
               EVP_DigestVerify(context, reinterpret_cast<const unsigned char*>(signature.data()), 64,
                                reinterpret_cast<const unsigned char*>(payload.data()), payload.size()) == 1;
    EVP_MD_CTX_free(context);
    EVP_PKEY_free(verifier);
    gateway.default_frame(p, frame);
  };
  ConnectOptions options = with_token();
  options.device_key_file = (dir / "device.pem").string();
  auto connected = connect_to(io, gateway.url(), options);
  CHECK(connected.result["ok"] == true);
  CHECK(verified);
  CHECK(connected.result["device_id"].get<std::string>().size() == 64);
  if (connected.session) run(io, [&](Handler done) { connected.session->close(1s, done); });

  options.device_key_file = (dir / "missing.pem").string();
  auto missing = connect_to(io, gateway.url(), options);
  CHECK(missing.result["phase"] == "setup");
  CHECK(missing.result["error"] == "device_key");
  std::filesystem::remove_all(dir);
}

TEST_CASE("connect: 300 concurrent handshakes on one thread", "[gateway]") {
  asio::io_context io;
  FakeGateway gateway(io, kToken);
  constexpr int kProbes = 300;
  int completed = 0;
  int healthy = 0;
  std::vector<std::shared_ptr<Session>> sessions;
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < kProbes; ++i) {
    // Deadlines far above the work: this checks that every handshake completes on one thread, not how fast
    // (bench/ measures that); a sanitizer build on a busy 2-core machine needs tens of seconds.
    connect(io, gateway.url(), with_token(), 120s, [&](Json result, std::shared_ptr<Session> session) {
      ++completed;
      if (result["ok"] == true) ++healthy;
      if (session) sessions.push_back(std::move(session));
    });
  }
  pump(io, [&] { return completed == kProbes; }, 150s);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  WARN("300 concurrent handshakes against the in-test peer: " << seconds << " s");
  CHECK(completed == kProbes);
  CHECK(healthy == kProbes);
  int closed = 0;
  for (auto& session : sessions) session->close(30s, [&](Json) { ++closed; });
  pump(io, [&] { return closed == kProbes; }, 60s);
  CHECK(closed == kProbes);
}
