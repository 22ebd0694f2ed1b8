// The one secret-name rule: every kind of name (env var, config key, container env, HTTP header, dotenv key,
// query param, command-line flag) in one table, so the modules that ask cannot drift apart again.
#include "clawbook/secret_name.hpp"

#include <catch2/catch.hpp>

namespace {

using clawbook::SecretName;

struct Row {
  const char* name;
  SecretName expected;
  const char* where;
};

constexpr SecretName S = SecretName::secret;
constexpr SecretName N = SecretName::none;

}  // namespace

TEST_CASE("secret names: one rule for env, config, containers, headers, dotenv, queries and flags",
          "[secrets][secret-name]") {
  const Row rows[] = {
      // environment variables and dotenv keys
      {"OPENCLAW_GATEWAY_TOKEN", S, "env"},
      {"OPENCLAW_GATEWAY_PASSWORD", S, "env"},
      {"AUTH", S, "env"},
      {"MY_AUTH", S, "dotenv"},
      {"DB_PWD", S, "env"},
      {"AWS_SECRET_ACCESS_KEY", S, "env"},
      {"ANTHROPIC_API_KEY", S, "env"},
      {"STRIPE_KEY", S, "env"},
      {"SLACK_WEBHOOK_URL", S, "env"},
      {"GITHUB_CREDENTIALS", S, "env"},
      {"PWD", N, "env: a directory"},
      {"OLDPWD", N, "env: a directory"},
      {"pwd", S, "config: a password"},
      {"OPENCLAW_GATEWAY_PORT", N, "env"},
      {"AUTHOR", N, "env"},
      {"TOKEN_FILE", N, "env: a path to a secret"},
      {"HOME", N, "env"},
      // config keys
      {"token", S, "config"},
      {"botToken", S, "config"},
      {"gatewayToken", S, "config"},
      {"password", S, "config"},
      {"apiKey", S, "config"},
      {"api_key", S, "config"},
      {"APIKey", S, "config"},
      {"accessKey", S, "config"},
      {"clientSecret", S, "config"},
      {"client_secret", S, "config"},
      {"privateKeyPem", S, "config"},
      {"credentials", S, "config"},
      {"passwd", S, "config"},
      {"key", S, "config"},
      {"auth", S, "config"},
      {"webhookUrl", S, "config"},
      {"webhook", S, "config"},
      {"maxTokens", N, "config: a count"},
      {"contextTokens", N, "config: a count"},
      {"tokens", S, "config: a list of tokens"},
      {"passwords", S, "config: a list of passwords"},
      {"secrets", N, "config: the SecretRef providers"},
      {"mode", N, "config"},
      {"port", N, "config"},
      {"keyboard", N, "config"},
      {"keywords", N, "config"},
      {"publicKeyPem", N, "config"},
      {"passwordFile", N, "config: a path"},
      {"authMode", N, "config"},
      // container env (docker inspect) and HTTP headers
      {"POSTGRES_PASSWORD", S, "container env"},
      {"Authorization", SecretName::authorization, "header"},
      {"Proxy-Authorization", SecretName::authorization, "header"},
      {"X-Auth", S, "header"},
      {"X-Auth-Token", S, "header"},
      {"X-API-Key", S, "header"},
      {"Cookie", S, "header"},
      {"Content-Type", N, "header"},
      {"X-Request-Id", N, "header"},
      // query params and flags
      {"auth", S, "query"},
      {"access_token", S, "query"},
      {"sig", N, "query"},
      {"--token", S, "flag"},
      {"--api-key", S, "flag"},
      {"--port", N, "flag"},
      {"", N, "empty"},
  };
  for (const Row& row : rows) {
    INFO(row.name << " (" << row.where << ")");
    CHECK(clawbook::classify_secret_name(row.name) == row.expected);
  }
}
