// Credential detection for fs results: the values the binding registers as secrets.
#include "fs/secrets.hpp"

#include <catch2/catch.hpp>

namespace {

using clawbook::fs::looks_secret_name;
using clawbook::fs::secret_values_in_json;
using clawbook::fs::secret_values_in_text;
using Values = std::vector<std::string>;

}  // namespace

TEST_CASE("fs secrets: credential-looking names", "[secrets][fs]") {
  for (const char* name : {"token", "OPENCLAW_GATEWAY_TOKEN", "password", "apiKey", "api_key", "API-KEY",
                           "privateKeyPem", "client_secret", "credentials", "passwd", "auth", "MY_AUTH"})
    CHECK(looks_secret_name(name));
  // The same rule as env, docker and config (clawbook/secret_name.hpp): "auth" is a secret name everywhere.
  for (const char* name : {"mode", "port", "authMode", "bind", "keywords", "publicKeyPem", "OPENCLAW_GATEWAY_PORT"})
    CHECK_FALSE(looks_secret_name(name));
}

TEST_CASE("fs secrets: values in .env files, systemd units and config text", "[secrets][fs]") {
  CHECK(secret_values_in_text("OPENCLAW_GATEWAY_PORT=18789\nOPENCLAW_GATEWAY_TOKEN=tok-123abc\n") ==
        Values{"tok-123abc"});
  CHECK(secret_values_in_text("[Service]\nEnvironment=OPENCLAW_GATEWAY_TOKEN=abc.def-1\nEnvironment=HOME=/root\n") ==
        Values{"abc.def-1"});
  CHECK(secret_values_in_text(R"({"gateway": {"auth": {"mode": "token", "token": "s3cr3t\"q"}}})") ==
        Values{"s3cr3t\\\"q"});
  CHECK(secret_values_in_text("  auth: { mode: 'token', token: 'json5-secret', password: \"pw pw pw\" },") ==
        Values{"json5-secret", "pw pw pw"});
  CHECK(secret_values_in_text("openclaw gateway --token=cli-token-1 --port 18789") == Values{"cli-token-1"});
  CHECK(secret_values_in_text("apiKey: sk-ant-0123") == Values{"sk-ant-0123"});
  // Not values: booleans, numbers, nested objects (SecretRef), short strings, names without a value.
  CHECK(secret_values_in_text("token: true, password: 1234567, apiKey: { source: 'env', id: 'X' }, secret: 'abc'")
            .empty());
  CHECK(secret_values_in_text("the token was rejected").empty());
  CHECK(secret_values_in_text("token: 'unterminated").size() == 1);
}

TEST_CASE("fs secrets: string values under credential keys of a document", "[secrets][fs]") {
  const auto document = nlohmann::json::parse(R"({
    "gateway": {"auth": {"mode": "token", "token": "gw-token"}, "remote": {"password": "pw-remote", "url": "ws://x"}},
    "models": {"providers": {"anthropic": {"apiKey": "sk-ant-1", "baseUrl": "https://api.anthropic.com"}}},
    "tokens": ["list-token-1", "list-token-2"],
    "auth": {"password": {"source": "env", "provider": "default", "id": "OPENCLAW_GATEWAY_PASSWORD"}},
    "secret": "short",
    "port": 18789})");
  auto values = secret_values_in_json(document);
  std::sort(values.begin(), values.end());
  // A SecretRef object only points at a secret; "short" is too short to redact everywhere.
  CHECK(values == Values{"gw-token", "list-token-1", "list-token-2", "pw-remote", "sk-ant-1"});
}
