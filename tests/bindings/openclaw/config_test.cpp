// OpenClaw config files written by the test: every legacy key, secrets, sources of each effective setting,
// parse errors and backups.
#include "bindings/proc/temp_dir.hpp"
#include "clawbook/fingerprint.hpp"
#include "openclaw/config.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <utime.h>

using clawbook::fingerprint;
using clawbook::testing::TempDir;
namespace oc = clawbook::openclaw;
using Json = nlohmann::json;

namespace {

bool has_legacy(const Json& legacy, const std::string& key) {
  for (const auto& entry : legacy)
    if (entry["key"] == key) return true;
  return false;
}

}  // namespace

TEST_CASE("secret keys are recognised and counts are not", "[openclaw][config]") {
  for (const char* key : {"token", "botToken", "gatewayToken", "password", "apiKey", "api_key", "clientSecret",
                          "privateKeyPem", "Authorization", "key", "credentials", "auth", "tokens"})
    CHECK(oc::is_secret_key(key));
  for (const char* key : {"maxTokens", "contextTokens", "mode", "port", "keyboard", "secrets"})
    CHECK_FALSE(oc::is_secret_key(key));
}

TEST_CASE("redact_secrets replaces every secret with its fingerprint", "[openclaw][config]") {
  const Json tree = Json::parse(R"J({
    "gateway": {"auth": {"mode": "token", "token": "tok-123456789"}, "remote": {"token": "remote-tok"}},
    "models": {"providers": {"local": {"apiKey": "sk-live-abc", "headers": {"Authorization": "Bearer xyz"},
                                       "models": [{"id": "m", "maxTokens": 4096}]}}},
    "channels": {"telegram": {"botToken": {"source": "env", "provider": "default", "id": "TG_TOKEN"}}},
    "identity": {"credentials": {"nested": ["a-secret-value", 42]}}
  })J");
  const Json redacted = oc::redact_secrets(tree);
  const std::string dump = redacted.dump();
  for (const char* secret : {"tok-123456789", "remote-tok", "sk-live-abc", "Bearer xyz", "a-secret-value"})
    CHECK(dump.find(secret) == std::string::npos);
  CHECK(redacted["gateway"]["auth"]["token"] == fingerprint("tok-123456789"));
  CHECK(redacted["gateway"]["auth"]["mode"] == "token");
  CHECK(redacted["models"]["providers"]["local"]["models"][0]["maxTokens"] == 4096);
  CHECK(redacted["models"]["providers"]["local"]["headers"]["Authorization"] == fingerprint("Bearer xyz"));
  // A SecretRef says where the secret is: kept.
  CHECK(redacted["channels"]["telegram"]["botToken"]["id"] == "TG_TOKEN");
  CHECK(redacted["identity"]["credentials"]["nested"][1] == fingerprint("42"));
}

TEST_CASE("load_config: effective gateway settings and their sources", "[openclaw][config]") {
  TempDir dir;
  const std::string home = dir.mkdir("home");
  dir.write("home/.openclaw/openclaw.json", R"J(// JSON5, as OpenClaw writes and users edit it
  {
    gateway: {
      mode: 'local', port: 19999, bind: 'lan',
      auth: { token: '${MY_GATEWAY_TOKEN}', },
      remote: { url: 'ws://10.0.0.2:18789', token: 'remote-token-value' },
      controlUi: { allowedOrigins: ['https://claw.example'], },
      trustedProxies: ['127.0.0.1'],
    },
    agents: { defaults: { workspace: '~/work' } },
  })J", 0600);
  const std::string token = "the-real-gateway-token";
  oc::Environment env = {{"HOME", home}, {"MY_GATEWAY_TOKEN", token}};

  auto result = oc::load_config(env);
  REQUIRE(result["ok"] == true);
  CHECK(result["path"] == home + "/.openclaw/openclaw.json");
  const Json& gateway = result["gateway"];
  CHECK(gateway["port"]["value"] == 19999);
  CHECK(gateway["port"]["source"] == "config");
  CHECK(gateway["mode"]["value"] == "local");
  CHECK(gateway["bind"]["value"] == "lan");
  CHECK(gateway["bind"]["host"] == "0.0.0.0");
  CHECK(gateway["bind"]["loopback_only"] == false);
  CHECK(gateway["auth"]["mode"]["value"] == "token");
  CHECK(gateway["auth"]["mode"]["source"] == "default");
  CHECK(gateway["auth"]["secret"]["source"] == "config:env-substitution");
  CHECK(gateway["auth"]["secret"]["env"] == "MY_GATEWAY_TOKEN");
  CHECK(gateway["auth"]["secret"]["fingerprint"] == fingerprint(token));
  CHECK(gateway["remote"]["url"] == "ws://10.0.0.2:18789");
  CHECK(gateway["remote"]["token"]["fingerprint"] == fingerprint("remote-token-value"));
  CHECK(gateway["control_ui"]["allowed_origins"][0] == "https://claw.example");
  CHECK(gateway["trusted_proxies"][0] == "127.0.0.1");
  CHECK(gateway["workspace"]["value"] == home + "/work");
  CHECK(result["legacy"].empty());
  CHECK(result.dump().find("remote-token-value") == std::string::npos);
  CHECK(result.dump().find(token) == std::string::npos);

  SECTION("OPENCLAW_GATEWAY_PORT wins, in each accepted form") {
    env["OPENCLAW_GATEWAY_PORT"] = "[::1]:18790";
    result = oc::load_config(env);
    CHECK(result["gateway"]["port"]["value"] == 18790);
    CHECK(result["gateway"]["port"]["source"] == "env:OPENCLAW_GATEWAY_PORT");
    CHECK(result["gateway"]["port"]["config_value"] == 19999);
    env["OPENCLAW_GATEWAY_PORT"] = "127.0.0.1:18791";
    CHECK(oc::load_config(env)["gateway"]["port"]["value"] == 18791);
    env["OPENCLAW_GATEWAY_PORT"] = "not-a-port";
    result = oc::load_config(env);
    CHECK(result["gateway"]["port"]["value"] == 19999);
    CHECK(result["gateway"]["port"]["ignored_env"] == "not-a-port");
  }
  SECTION("an unresolved ${VAR} is a missing token that the gateway will generate") {
    env.erase("MY_GATEWAY_TOKEN");
    result = oc::load_config(env);
    CHECK(result["gateway"]["auth"]["secret"]["set"] == false);
  }
}

TEST_CASE("load_config: auth secret from env, SecretRef and password inference", "[openclaw][config]") {
  TempDir dir;
  const std::string home = dir.mkdir("home");
  const std::string path = dir.write("home/.openclaw/openclaw.json", R"J({"gateway": {"mode": "local"}})J");
  oc::Environment env = {{"HOME", home}};

  auto gateway = oc::load_config(env)["gateway"];
  CHECK(gateway["auth"]["secret"]["source"] == "none");
  CHECK(gateway["auth"]["secret"]["generated_on_start"] == true);
  CHECK(gateway["bind"]["value"].is_string());
  CHECK(gateway["port"]["value"] == 18789);
  CHECK(gateway["port"]["source"] == "default");

  env["OPENCLAW_GATEWAY_TOKEN"] = "env-token";
  gateway = oc::load_config(env)["gateway"];
  CHECK(gateway["auth"]["secret"]["source"] == "env:OPENCLAW_GATEWAY_TOKEN");
  CHECK(gateway["auth"]["secret"]["fingerprint"] == fingerprint("env-token"));

  dir.write("home/.openclaw/openclaw.json",
            R"J({"gateway": {"mode": "local", "auth": {"token": {"source": "env", "provider": "default", "id": "TOK"}}}})J");
  env["TOK"] = "ref-token";
  gateway = oc::load_config(env)["gateway"];
  CHECK(gateway["auth"]["secret"]["source"] == "config:secretref");
  CHECK(gateway["auth"]["secret"]["fingerprint"] == fingerprint("ref-token"));
  // The config wins; the environment's token is shadowed and reported as such.
  CHECK(gateway["auth"]["secret"]["shadowed_env"]["fingerprint"] == fingerprint("env-token"));

  dir.write("home/.openclaw/openclaw.json", R"J({"gateway": {"mode": "local", "auth": {"password": "pw"}}})J");
  gateway = oc::load_config(env)["gateway"];
  CHECK(gateway["auth"]["mode"]["value"] == "password");
  CHECK(gateway["auth"]["mode"]["source"] == "inferred");
  CHECK(gateway["auth"]["secret"]["kind"] == "password");
  (void)path;
}

TEST_CASE("load_config flags every legacy key from the seeds", "[openclaw][config]") {
  TempDir dir;
  const std::string home = dir.mkdir("home");
  dir.write("home/.openclaw/openclaw.json", R"J({
    gateway: {
      mode: 'hybrid',
      token: 'legacy-token-value',
      password: 'legacy-password',
      host: '0.0.0.0',
      bind: '0.0.0.0:18790',
      port: 3001,
      websocket: { keepAlive: 30 },
      auth: { mode: 'open' },
    },
  })J");
  const oc::Environment env = {{"HOME", home}, {"OPENCLAW_GATEWAY_MODE", "local"}, {"OPENCLAW_GATEWAY_AUTH_TOKEN", "x"}};
  const auto result = oc::load_config(env);
  REQUIRE(result["ok"] == true);
  const Json& legacy = result["legacy"];
  for (const char* key : {"gateway.token", "gateway.password", "gateway.host", "gateway.bind", "gateway.port",
                          "gateway.websocket", "gateway.mode", "gateway.auth.mode", "env:OPENCLAW_GATEWAY_MODE",
                          "env:OPENCLAW_GATEWAY_AUTH_TOKEN"})
    CHECK(has_legacy(legacy, key));
  CHECK(result.dump().find("legacy-token-value") == std::string::npos);
  CHECK(result.dump().find("legacy-password") == std::string::npos);
  CHECK(result["gateway"]["bind"]["valid"] == false);
  CHECK(result["gateway"]["mode"]["valid"] == false);

  // gateway.mode=remote without a remote URL blocks a local start.
  dir.write("home/.openclaw/openclaw.json", R"J({gateway: {mode: 'remote'}})J");
  CHECK(has_legacy(oc::load_config({{"HOME", home}})["legacy"], "gateway.mode"));
}

TEST_CASE("load_config: missing and malformed configs are results with positions", "[openclaw][config]") {
  TempDir dir;
  const std::string home = dir.mkdir("home");
  auto result = oc::load_config({{"HOME", home}});
  CHECK(result["ok"] == false);
  CHECK(result["error"] == "not_found");
  CHECK(result["path"] == home + "/.openclaw/openclaw.json");

  dir.write("home/.openclaw/openclaw.json", "{\n  gateway: {\n    mode: 'local'\n    port: 18789,\n  },\n}\n");
  result = oc::load_config({{"HOME", home}});
  CHECK(result["ok"] == false);
  CHECK(result["error"] == "invalid");
  CHECK(result["line"] == 4);
  CHECK(result["column"].get<int>() >= 1);
  CHECK_FALSE(result["message"].get<std::string>().empty());
  CHECK(result["message"].get<std::string>().rfind("4:", 0) != 0);  // position is in its own fields

  dir.write("home/.openclaw/openclaw.json", "[1, 2]");
  CHECK(oc::load_config({{"HOME", home}})["error"] == "invalid");
}

TEST_CASE("config_backups lists backups, rejected, clobbered and last-good copies", "[openclaw][config]") {
  TempDir dir;
  const std::string config = dir.write("openclaw.json", "{}");
  const char* names[] = {"openclaw.json.bak", "openclaw.json.bak.1", "openclaw.json.rejected.2026-11-22T07-00-00Z",
                         "openclaw.json.clobbered.1795331717", "openclaw.json.last-good", "openclaw.json.tmp",
                         "other.json.bak"};
  long mtime = 1795300000;
  for (const char* name : names) {
    const std::string path = dir.write(name, "{}");
    const utimbuf times{mtime, mtime};
    ::utime(path.c_str(), &times);
    mtime += 100;
  }
  const Json backups = oc::config_backups(config);
  REQUIRE(backups.size() == 5);
  CHECK(backups[0]["kind"] == "last_good");  // newest first
  CHECK(backups[0]["mtime"] == Approx(1795300400));
  CHECK(backups[1]["kind"] == "clobbered");
  CHECK(backups[2]["kind"] == "rejected");
  CHECK(backups[3]["kind"] == "backup");
  CHECK(backups[4]["path"] == dir / "openclaw.json.bak");
  CHECK(oc::config_backups(dir / "missing/openclaw.json").empty());
}
