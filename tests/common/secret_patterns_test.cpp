// Credential-shaped values in free text: what is replaced (only the value, by its fingerprint), what is left
// alone, and that megabytes of log go through.
#include "clawbook/secret_patterns.hpp"

#include "clawbook/fingerprint.hpp"
#include "redact.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

using clawbook::fingerprint;
using clawbook::redact_secret_patterns;

namespace {

using Table = std::vector<std::pair<std::string, std::string>>;

std::string fp(const std::string& secret) { return fingerprint(secret); }

void check_table(const Table& table) {
  for (const auto& [input, expected] : table) {
    INFO(input);
    CHECK(redact_secret_patterns(input) == expected);
  }
}

}  // namespace

TEST_CASE("secret_patterns: key=value, key: value and quoted forms keep all but the value", "[secret_patterns]") {
  check_table({
      {"token=s3cr3t-value user=bob", "token=" + fp("s3cr3t-value") + " user=bob"},
      {"12:00 openclaw: password: hunter22 retrying", "12:00 openclaw: password: " + fp("hunter22") + " retrying"},
      {"{\"token\": \"abc123xyz\", \"access_token\":\"a-b-c-d\", \"refresh_token\" : \"zzzz9999\", \"n\": 1}",
       "{\"token\": \"" + fp("abc123xyz") + "\", \"access_token\":\"" + fp("a-b-c-d") + "\", \"refresh_token\" : \"" +
           fp("zzzz9999") + "\", \"n\": 1}"},
      {"{\"pwd\": 123456, \"passwd\": \"with \\\"quote\\\"\"}",
       "{\"pwd\": " + fp("123456") + ", \"passwd\": \"" + fp("with \\\"quote\\\"") + "\"}"},
      {"{'api_key': 'k-123456', 'apikey': \"k-654321\"}",
       "{'api_key': '" + fp("k-123456") + "', 'apikey': \"" + fp("k-654321") + "\"}"},
      {"cfg api-key=abcd1234; x-api-key: efgh5678, secret=s3cr3t!!",
       "cfg api-key=" + fp("abcd1234") + "; x-api-key: " + fp("efgh5678") + ", secret=" + fp("s3cr3t!!")},
      {"auth client_secret=cs_12345678 private_key: 'abcdEFGH'",
       "auth client_secret=" + fp("cs_12345678") + " private_key: '" + fp("abcdEFGH") + "'"},
      {"cfg accessToken=xyz12345 clientSecret: abcdefgh privateKey=\"pk-0000\" APIKey=ak-11111",
       "cfg accessToken=" + fp("xyz12345") + " clientSecret: " + fp("abcdefgh") + " privateKey=\"" + fp("pk-0000") +
           "\" APIKey=" + fp("ak-11111")},
      {"gateway.auth.token = tok-1234 and ini_password = p4ss",
       "gateway.auth.token = " + fp("tok-1234") + " and ini_password = " + fp("p4ss")},
      {"ruby token => \"abcdefgh\"", "ruby token => \"" + fp("abcdefgh") + "\""},
      {"(token=abcd1234)", "(token=" + fp("abcd1234") + ")"},
      {"token=${OPENCLAW_TOKEN:-fallback1}", "token=" + fp("${OPENCLAW_TOKEN:-fallback1}")},
  });
}

TEST_CASE("secret_patterns: URL query strings and userinfo", "[secret_patterns]") {
  check_table({
      {"GET /cb?code=1&access_token=AT-999999&state=x#frag",
       "GET /cb?code=1&access_token=" + fp("AT-999999") + "&state=x#frag"},
      {"GET /cb?apikey=ABCDEF#frag", "GET /cb?apikey=" + fp("ABCDEF") + "#frag"},
      {"ws://127.0.0.1:18789/?token=0123456789 closed", "ws://127.0.0.1:18789/?token=" + fp("0123456789") + " closed"},
      {"postgres://app:p4ssw0rd@db:5432/app", "postgres://app:" + fp("p4ssw0rd") + "@db:5432/app"},
      {"redis://:p4ss@cache:6379", "redis://:" + fp("p4ss") + "@cache:6379"},
      {"url \"https://u:p@ss:w0rd@host/x\"", "url \"https://u:" + fp("p@ss:w0rd") + "@host/x\""},
      {"https://user@host/path https://host/a@b https://u:pw@h",
       "https://user@host/path https://host/a@b https://u:pw@h"},
  });
}

TEST_CASE("secret_patterns: env lines and env-style names", "[secret_patterns]") {
  check_table({
      {"OPENCLAW_GATEWAY_TOKEN=0123456789abcdef", "OPENCLAW_GATEWAY_TOKEN=" + fp("0123456789abcdef")},
      {"export DB_PASSWORD=pa ss word  ", "export DB_PASSWORD=" + fp("pa ss word") + "  "},
      {"OPENAI_API_KEY=sk-proj-abcdefghijklmnop # set by hand",
       "OPENAI_API_KEY=" + fp("sk-proj-abcdefghijklmnop") + " # set by hand"},
      {"AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG\r", "AWS_SECRET_ACCESS_KEY=" + fp("wJalrXUtnFEMI/K7MDENG") + "\r"},
      {"  - OPENCLAW_GATEWAY_TOKEN=abc123def", "  - OPENCLAW_GATEWAY_TOKEN=" + fp("abc123def")},
      {"    OPENCLAW_GATEWAY_TOKEN: \"abc123def\"", "    OPENCLAW_GATEWAY_TOKEN: \"" + fp("abc123def") + "\""},
      {"TOKEN := abcdefgh", "TOKEN := " + fp("abcdefgh")},
      {"\"Env\": [\"PATH=/usr/bin\", \"OPENCLAW_GATEWAY_TOKEN=tok en with space\", \"HOME=/root\"]",
       "\"Env\": [\"PATH=/usr/bin\", \"OPENCLAW_GATEWAY_TOKEN=" + fp("tok en with space") + "\", \"HOME=/root\"]"},
      {"Environment=OPENCLAW_GATEWAY_TOKEN=abcd1234 NODE_ENV=production",
       "Environment=OPENCLAW_GATEWAY_TOKEN=" + fp("abcd1234") + " NODE_ENV=production"},
      {"Environment=\"SLACK_BOT_SECRET=a b c d\" \"X=1\"",
       "Environment=\"SLACK_BOT_SECRET=" + fp("a b c d") + "\" \"X=1\""},
      {"docker run -e GITHUB_KEY=gk-123456 img", "docker run -e GITHUB_KEY=" + fp("gk-123456") + " img"},
      {std::string("A=1\0TOKEN=abcd1234\0B=2", 22),
       std::string("A=1\0TOKEN=", 10) + fp("abcd1234") + std::string("\0B=2", 4)},
  });
}

TEST_CASE("secret_patterns: Authorization headers, command-line flags and token shapes", "[secret_patterns]") {
  const std::string jwt =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
  const std::string github = "ghp_" + std::string(36, 'A');
  check_table({
      {"Authorization: Bearer abcdef123456", "Authorization: Bearer " + fp("abcdef123456")},
      {"authorization: basic dXNlcjpwYXNzd29yZA==", "authorization: basic " + fp("dXNlcjpwYXNzd29yZA==")},
      {"curl -H 'Authorization: Bearer tok_live_12345' https://x",
       "curl -H 'Authorization: Bearer " + fp("tok_live_12345") + "' https://x"},
      {"{\"headers\":{\"Authorization\":\"Bearer abc.def.ghi\"}}",
       "{\"headers\":{\"Authorization\":\"Bearer " + fp("abc.def.ghi") + "\"}}"},
      {"Proxy-Authorization: Token t0k3n-value", "Proxy-Authorization: Token " + fp("t0k3n-value")},
      {"openclaw gateway --token abc123456 --port 18789",
       "openclaw gateway --token " + fp("abc123456") + " --port 18789"},
      {"openclaw --gateway-token=abcd-1234 --verbose", "openclaw --gateway-token=" + fp("abcd-1234") + " --verbose"},
      {"key sk-abcdefghijklmnop1234 end", "key " + fp("sk-abcdefghijklmnop1234") + " end"},
      {"use " + github + ".", "use " + fp(github) + "."},
      {"slack xoxb-1234567890-abcdef ok", "slack " + fp("xoxb-1234567890-abcdef") + " ok"},
      {"aws AKIAIOSFODNN7EXAMPLE,", "aws " + fp("AKIAIOSFODNN7EXAMPLE") + ","},
      {"cookie=" + jwt + ";", "cookie=" + fp(jwt) + ";"},
      {"jwt:" + jwt, "jwt:" + fp(jwt)},
  });
}

TEST_CASE("secret_patterns: PEM private key blocks become one fingerprint", "[secret_patterns]") {
  const std::string block =
      "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabcdEFGH+/==\n-----END RSA PRIVATE KEY-----";
  CHECK(redact_secret_patterns("key:\n" + block + "\nnext line token=abcd1234\n") ==
        "key:\n" + fp(block) + "\nnext line token=" + fp("abcd1234") + "\n");

  // Inside JSON the newlines are escapes; the string's closing quote and what follows stay.
  const std::string escaped = "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg\\n-----END PRIVATE KEY-----";
  CHECK(redact_secret_patterns("{\"private_key\": \"" + escaped + "\\n\", \"x\": 1}") ==
        "{\"private_key\": \"" + fp(escaped) + "\\n\", \"x\": 1}");

  // A truncated log: no END, the body is still the key.
  CHECK(redact_secret_patterns("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\nAAAA\n") ==
        fp("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\nAAAA") + "\n");

  // Certificates and public keys are not secret.
  const std::string certificate =
      "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n"
      "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYI\n-----END PUBLIC KEY-----\n";
  CHECK(redact_secret_patterns(certificate) == certificate);
}

TEST_CASE("secret_patterns: placeholders, literals, references and short values are left alone", "[secret_patterns]") {
  const std::vector<std::string> untouched = {
      "token=null password: true \"secret\": \"false\" api_key=undefined token=None",
      "token=*** password: ******** token=<redacted> \"token\": \"[REDACTED]\"",
      "TOKEN=${OPENCLAW_TOKEN}",
      "{\"token\": \"${OPENCLAW_GATEWAY_TOKEN}\"}",
      "token=abc pwd=ab secret=",
      "token=sha256:1a2b3c4d \"password\": \"sha256:1a2b3c4d\"",
      "invalid token: missing; token: expired",
      "PWD=/root",
      "OLDPWD=/home/ops",
      "Authorization: Digest username=\"x\"",
  };
  for (const auto& text : untouched) {
    INFO(text);
    CHECK(redact_secret_patterns(text) == text);
  }
}

TEST_CASE("secret_patterns: ordinary log text is not mistaken for a secret", "[secret_patterns]") {
  const std::vector<std::string> untouched = {
      "tokenizer loaded in 12ms",
      "tokenizer: bpe, tokenizers=2",
      "max_tokens: 4096 token_count=512 tokens=100",
      "2026-11-23T05:12:00.123Z INFO [gateway] listening on ws://127.0.0.1:18789",
      "version 1.2.3.4 build v2026.11.23",
      "request id=123e4567-e89b-12d3-a456-426614174000 done",
      "the token is wrong; gateway token mismatch (set gateway.remote.token to match gateway.auth.token)",
      "Token::parse(x) if (token == expected)",
      "open /etc/passwd: permission denied",
      "secret_name=gateway-tls password_hash=x",
      "Bearer token required; basic auth enabled",
      "[gateway] auth: token (loopback) auth=password X-Auth: none",
      "task-abcdefghijklmnopqrstuvwxyz mask-abcdefghijklmnopqrstuvwxyz",
      "https://docs.openclaw.ai/gateway?x=1#troubleshooting",
      "AKIAIOSFODNN7EXAMPLE2 AKIA1234",
      "ghp_short xoxb-short sk-short eyJhbGciOiJIUzI1NiJ9",
      "",
      "\n\n",
  };
  for (const auto& text : untouched) {
    INFO(text);
    CHECK(redact_secret_patterns(text) == text);
  }
}

TEST_CASE("secret_patterns: each replaced value is reported, and redacting twice changes nothing",
          "[secret_patterns]") {
  std::vector<std::string> found;
  const std::string text =
      "token=abcd1234 https://u:p4ssw0rd@h sk-abcdefghijklmnop1234\n"
      "OPENCLAW_GATEWAY_TOKEN=env-value-1\n";
  const std::string once = redact_secret_patterns(text, [&](std::string_view value) { found.emplace_back(value); });
  CHECK(found == std::vector<std::string>{"abcd1234", "p4ssw0rd", "sk-abcdefghijklmnop1234", "env-value-1"});
  CHECK(once == "token=" + fp("abcd1234") + " https://u:" + fp("p4ssw0rd") + "@h " + fp("sk-abcdefghijklmnop1234") +
                    "\nOPENCLAW_GATEWAY_TOKEN=" + fp("env-value-1") + "\n");
  found.clear();
  CHECK(redact_secret_patterns(once, [&](std::string_view value) { found.emplace_back(value); }) == once);
  CHECK(found.empty());
}

TEST_CASE("secret_patterns: a found value given to the Redactor gets the same placeholder in other files",
          "[secret_patterns]") {
  clawbook::Redactor redactor;
  const std::string env = redact_secret_patterns("OPENCLAW_GATEWAY_TOKEN=0123456789abcdef\n",
                                                 [&](std::string_view value) { redactor.add(value); });
  CHECK(env == "OPENCLAW_GATEWAY_TOKEN=" + fp("0123456789abcdef") + "\n");
  CHECK(redactor.apply("gateway started with 0123456789abcdef") == "gateway started with " + fp("0123456789abcdef"));
}

TEST_CASE("secret_patterns: 5 MB of ordinary log lines and one long line go through", "[secret_patterns]") {
  const std::vector<std::string> lines = {
      "2026-11-23T05:12:00.123Z INFO [gateway] ws connected from 10.0.0.5:51234 "
      "id=123e4567-e89b-12d3-a456-426614174000\n",
      "Nov 23 05:12:01 gw-01 openclaw[812]: tokenizer loaded, max_tokens=4096, took 12ms (v1.2.3.4)\n",
      "{\"level\":\"info\",\"msg\":\"health ok\",\"uptime_s\":86400,\"url\":\"https://docs.openclaw.ai/a?b=c\"}\n",
      "    at Object.<anonymous> (/usr/lib/node_modules/openclaw/dist/index.js:12:30)\n",
  };
  std::string text;
  text.reserve(5 * 1024 * 1024 + 256);
  for (size_t k = 0; text.size() < 5 * 1024 * 1024; ++k) text += lines[k % lines.size()];
  CHECK(redact_secret_patterns(text) == text);

  // One line of 3 MB (a base64 blob) with a secret after it: scanned in windows, found all the same.
  std::string blob(3 * 1024 * 1024, 'A');
  for (size_t k = 0; k < blob.size(); k += 77) blob[k] = '+';
  const std::string line = blob + " token=abcd1234\n";
  CHECK(redact_secret_patterns(line) == blob + " token=" + fp("abcd1234") + "\n");
}

// Found by bundle_text_fuzz: a quoted password that runs into a private key block is redacted as two
// fingerprints back to back; a second pass must leave that alone (and digests such as image ids too).
TEST_CASE("secret_patterns: fingerprints run together and sha256 digests are left alone", "[secret_patterns]") {
  const std::string text = "password: 'hunter2hunter2-----BEGIN PRIVATE KEY-----\nMIIBVAIBADANBgkqhkiG9w0BAQEFAASC\n";
  const std::string once = redact_secret_patterns(text);
  CHECK(once.find("hunter2hunter2") == std::string::npos);
  CHECK(once.find("MIIBVAIBADANBgkqhkiG9w0BAQEFAASC") == std::string::npos);
  CHECK(redact_secret_patterns(once) == once);
  const std::string digest = "image: sha256:4f1d2e3c4b5a69788796a5b4c3d2e1f04f1d2e3c4b5a69788796a5b4c3d2e1f0";
  CHECK(redact_secret_patterns("token=sha256:3a662060sha256:25a89dfc") == "token=sha256:3a662060sha256:25a89dfc");
  CHECK(redact_secret_patterns(digest) == digest);
}

TEST_CASE("secret_patterns: what the bundle missed (webhook URLs, accessKey, X-Auth, MY_AUTH, ?auth=)",
          "[secret_patterns][secrets]") {
  const std::string hook = "hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";
  const std::string discord = "discord.com/api/webhooks/123456789012345678/abcdefghijklmnop-qrstuvwxyz";
  check_table({
      {"notify via https://" + hook + " failed", "notify via https://" + fp(hook) + " failed"},
      {"POST https://" + discord, "POST https://" + fp(discord)},
      {"webhookUrl: https://example.com/hook/abc123def456",
       "webhookUrl: " + fp("https://example.com/hook/abc123def456")},
      {"SLACK_WEBHOOK_URL=https://example.com/h/1234567", "SLACK_WEBHOOK_URL=" + fp("https://example.com/h/1234567")},
      {R"({"accessKey": "AKfake-access-123"})", R"({"accessKey": ")" + fp("AKfake-access-123") + "\"}"},
      {"X-Auth: custom-auth-value-1", "X-Auth: " + fp("custom-auth-value-1")},
      {"MY_AUTH=dotenv-auth-value", "MY_AUTH=" + fp("dotenv-auth-value")},
      {"GET /api?auth=query-auth-value&x=1", "GET /api?auth=" + fp("query-auth-value") + "&x=1"},
  });
}
