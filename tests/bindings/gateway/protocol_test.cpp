// URLs, connect frames, hello-ok and error parsing against the frames recorded from a real gateway, and the
// device identity signature checked with OpenSSL.
#include "gateway/device.hpp"
#include "gateway/net.hpp"
#include "gateway/protocol.hpp"
#include "gateway/url.hpp"
#include "servers.hpp"

#include <catch2/catch.hpp>

#include <openssl/evp.h>

#include <filesystem>

using namespace clawbook::gateway;
using gateway_test::capture;

TEST_CASE("gateway URLs: schemes, default ports, IPv6 literals, Host header", "[gateway]") {
  std::string error;
  auto url = parse_url("ws://127.0.0.1:18789", error);
  REQUIRE(url);
  CHECK(url->scheme == "ws");
  CHECK(url->port == 18789);
  CHECK(url->target == "/");
  CHECK(url->host_header() == "127.0.0.1:18789");

  url = parse_url("WSS://[::1]/gw?x=1#frag", error);
  REQUIRE(url);
  CHECK(url->scheme == "wss");
  CHECK(url->host == "::1");
  CHECK(url->port == 443);
  CHECK(url->target == "/gw?x=1");
  CHECK(url->host_header() == "[::1]:443");
  CHECK(url->tls());

  // User info is refused, not dropped (it would be printed in clear wherever the URL is shown).
  CHECK_FALSE(parse_url("http://user:pw@localhost:8080/healthz", error));
  CHECK(error.find("user info") != std::string::npos);
  CHECK(error.find("pw") == std::string::npos);
  CHECK(url_for_display("http://user:pw@localhost:8080/x\r\n") == "http://***@localhost:8080/x??");
  // CR/LF would inject headers into the request line; a NUL would cut the host short ("localhost\0.evil").
  CHECK_FALSE(parse_url("http://localhost:8080/x\r\nX-Injected: 1", error));
  CHECK(error.find("control character") != std::string::npos);
  CHECK_FALSE(parse_url(std::string("http://localhost\0.example.com/", 30), error));
  CHECK_FALSE(parse_url("http://localhost/a b", error));

  CHECK_FALSE(parse_url("127.0.0.1:18789", error));
  CHECK(error.find("scheme") != std::string::npos);
  CHECK_FALSE(parse_url("ftp://x", error));
  CHECK_FALSE(parse_url("http://:80/", error));
  CHECK_FALSE(parse_url("http://h:99999/", error));
  CHECK_FALSE(parse_url("http://[::1/", error));
  CHECK(join_url("http://h:1/", "/healthz") == "http://h:1/healthz");
  CHECK(join_url("http://h:1/base", "readyz") == "http://h:1/base/readyz");
}

TEST_CASE("connect request is the minimal read-only probe of PROTOCOL.md 2.7", "[gateway]") {
  ConnectOptions options;
  options.token = "tok";
  const Json frame = make_connect_request(options, "1", nullptr);
  CHECK(frame == Json::parse(R"J({"type":"req","id":"1","method":"connect","params":{"minProtocol":3,"maxProtocol":4,
     "client":{"id":"cli","version":"clawbook","platform":"linux","mode":"cli"},
     "role":"operator","scopes":["operator.read"],"auth":{"token":"tok"}}})J"));

  ConnectOptions password;
  password.password = "pw";
  password.scopes = {};
  const Json with_password = make_connect_request(password, "c", nullptr);
  CHECK(with_password["params"]["auth"] == Json{{"password", "pw"}});
  CHECK(with_password["params"]["scopes"] == Json::array());
  CHECK_FALSE(make_connect_request(ConnectOptions{}, "c", nullptr)["params"].contains("auth"));
}

TEST_CASE("hello-ok summary from the recorded 2026.9.6 hello", "[gateway]") {
  const Json res = capture("ws-hello.json");
  const auto hello = summarize_hello(res["payload"]);
  REQUIRE(hello);
  CHECK((*hello)["protocol"] == 4);
  CHECK((*hello)["server_version"] == "2026.9.6");
  CHECK((*hello)["conn_id"] == res["payload"]["server"]["connId"]);
  CHECK((*hello)["methods"].size() == res["payload"]["features"]["methods"].size());
  CHECK((*hello)["methods"][0] == "health");
  CHECK((*hello)["role"] == "operator");
  CHECK((*hello)["scopes"] == Json::array({"operator.read"}));
  CHECK((*hello)["auth_method"] == "token");
  CHECK((*hello)["device_token_issued"] == false);
  CHECK((*hello)["policy"]["tickIntervalMs"] == 30000);
  CHECK((*hello)["policy"]["maxPayload"] == 26214400);
  CHECK((*hello)["snapshot_health_ok"] == true);

  CHECK_FALSE(summarize_hello(Json::parse(R"J({"type":"hello"})J")));
  CHECK_FALSE(summarize_hello(Json("hello-ok")));
  CHECK_FALSE(summarize_hello(Json()));
}

TEST_CASE("connect errors flatten to code, details code and next step", "[gateway]") {
  const Json mismatch = Json::parse(R"J({"code":"INVALID_REQUEST",
    "message":"unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)",
    "details":{"code":"AUTH_TOKEN_MISMATCH","authReason":"token_mismatch","canRetryWithDeviceToken":false,
               "recommendedNextStep":"update_auth_configuration"}})J");
  const Json flat = flatten_error(mismatch);
  CHECK(flat["code"] == "INVALID_REQUEST");
  CHECK(flat["details_code"] == "AUTH_TOKEN_MISMATCH");
  CHECK(flat["recommended_next_step"] == "update_auth_configuration");

  const Json starting = flatten_error(Json::parse(R"J({"code":"UNAVAILABLE","message":"gateway starting; retry shortly",
    "retryable":true,"retryAfterMs":500,"details":{"reason":"startup-sidecars"}})J"));
  CHECK(starting["retryable"] == true);
  CHECK(starting["retry_after_ms"] == 500);
  CHECK_FALSE(starting.contains("details_code"));
  CHECK(flatten_error(Json("boom"))["message"] == "boom");
}

TEST_CASE("missing scope from details or from the message", "[gateway]") {
  CHECK(missing_scope(Json::parse(R"J({"code":"INVALID_REQUEST","message":"missing scope: operator.read"})J")) ==
        "operator.read");
  CHECK(missing_scope(Json::parse(
            R"J({"code":"FORBIDDEN","message":"forbidden","details":{"code":"MISSING_SCOPE","missingScope":"operator.admin"}})J")) ==
        "operator.admin");
  CHECK(missing_scope(Json::parse(R"J({"message":"unauthorized role: node"})J")) == std::nullopt);
  CHECK(missing_scope(Json::parse(R"J({"message":"read limited (missing scope:operator.read)"})J")) == "operator.read");
  CHECK(missing_scope(Json::parse(R"J({"message":"missing scope:   "})J")) == std::nullopt);
  CHECK(missing_scope(Json()) == std::nullopt);
}

TEST_CASE("missing scope: a message with no scope name after the marker", "[gateway]") {
  // A delimiter right after "missing scope:" (spaces skipped) names nothing: no scope, not "".
  for (const char* message : {"missing scope: ,", "missing scope:,operator.read", "(missing scope: )",
                              "missing scope:;", "missing scope: \t)"}) {
    INFO(message);
    CHECK(missing_scope(Json{{"code", "INVALID_REQUEST"}, {"message", message}}) == std::nullopt);
  }
  CHECK(missing_scope(Json{{"message", "missing scope: operator.write, operator.read"}}) == "operator.write");
  CHECK(missing_scope(Json{{"message", "(missing scope: operator.admin)"}}) == "operator.admin");
}

TEST_CASE("peer strings are made valid UTF-8", "[gateway]") {
  std::string text = "caf\xc3\xa9 ok";
  CHECK_FALSE(sanitize_utf8(text));
  CHECK(text == "caf\xc3\xa9 ok");
  for (const std::string& bad : {std::string("\xc0\xaf"), std::string("\xed\xa0\x80"), std::string("\xf5\x80\x80\x80"),
                                std::string("\xe2\x82"), std::string("\x80")}) {
    std::string copy = "a" + bad + "b";
    CHECK(sanitize_utf8(copy));
    CHECK(copy.front() == 'a');
    CHECK(copy.back() == 'b');
    CHECK_NOTHROW(Json(copy).dump());
  }
  CHECK(clean_utf8("\xf0\x9f\x98\x80") == "\xf0\x9f\x98\x80");
  CHECK(text_at(Json::parse(R"J({"a":1})J"), "a", "x") == "x");
  CHECK(flag_at(Json::parse(R"J({"a":"true"})J"), "a") == false);
  CHECK(integer_at(Json::parse(R"J({"a":"4"})J"), "a", -1) == -1);
  CHECK(integer_at(Json("x"), "a", -1) == -1);
}

TEST_CASE("close code meanings", "[gateway]") {
  CHECK(close_code_meaning(1006) == "abnormal closure (no close frame)");
  CHECK(close_code_meaning(1013) == "try again later");
  CHECK(close_code_meaning(4001) == "gateway auth changed");
  CHECK(close_code_meaning(4999) == "application-defined");
}

TEST_CASE("device identity signs the v3 payload with Ed25519", "[gateway]") {
  const auto dir = std::filesystem::temp_directory_path() / ("clawbook-device-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  REQUIRE(key);
  const std::string pem = gateway_test::pem_of_key(key);
  std::ofstream(dir / "key.pem") << pem;
  // OpenClaw's own identity file holds the PEM inside JSON.
  std::ofstream(dir / "device.json") << Json{{"version", 1}, {"deviceId", "x"}, {"privateKeyPem", pem}}.dump();
  std::ofstream(dir / "not-a-key.pem") << "hello";

  std::string error;
  const auto identity = DeviceIdentity::load((dir / "key.pem").string(), error);
  REQUIRE(identity);
  const auto from_json = DeviceIdentity::load((dir / "device.json").string(), error);
  REQUIRE(from_json);
  CHECK(from_json->id() == identity->id());
  CHECK(identity->id().size() == 64);
  CHECK(identity->public_key().size() == 43);  // 32 bytes, base64url without padding

  ConnectOptions options;
  options.token = "tok";
  options.platform = " Linux ";
  const Json device = identity->sign_connect(options, "nonce-1", 1795331774000LL);
  CHECK(device["id"] == identity->id());
  CHECK(device["nonce"] == "nonce-1");
  CHECK(device["signedAt"] == 1795331774000LL);
  const std::string payload = DeviceIdentity::v3_payload(identity->id(), options, 1795331774000LL, "nonce-1");
  CHECK(payload == "v3|" + identity->id() + "|cli|cli|operator|operator.read|1795331774000|tok|nonce-1|linux|");

  // Verify with the public key alone, as the gateway does.
  std::string signature = device["signature"];
  std::replace(signature.begin(), signature.end(), '-', '+');
  std::replace(signature.begin(), signature.end(), '_', '/');
  while (signature.size() % 4) signature += '=';
  unsigned char raw_signature[80];
  const int signature_size = EVP_DecodeBlock(raw_signature, reinterpret_cast<const unsigned char*>(signature.data()),
                                             static_cast<int>(signature.size()));
  REQUIRE(signature_size >= 64);
  unsigned char raw_public[32];
  std::size_t public_size = sizeof raw_public;
  EVP_PKEY_get_raw_public_key(key, raw_public, &public_size);
  EVP_PKEY* verifier_key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, raw_public, public_size);
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  REQUIRE(EVP_DigestVerifyInit(context, nullptr, nullptr, nullptr, verifier_key) == 1);
  CHECK(EVP_DigestVerify(context, raw_signature, 64, reinterpret_cast<const unsigned char*>(payload.data()),
                         payload.size()) == 1);
  EVP_MD_CTX_free(context);
  EVP_PKEY_free(verifier_key);
  EVP_PKEY_free(key);

  CHECK_FALSE(DeviceIdentity::load((dir / "not-a-key.pem").string(), error));
  CHECK(error.find("PEM") != std::string::npos);
  CHECK_FALSE(DeviceIdentity::load((dir / "missing.pem").string(), error));
  std::filesystem::remove_all(dir);
}
