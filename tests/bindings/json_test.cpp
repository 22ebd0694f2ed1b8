// Lua-level tests of the `json` module and of openclaw.config_schema / openclaw.validate_config, through the
// clawbook binary: a runbook's own schema, the OpenClaw schema from the per-version cache (offline), from an
// `openclaw` CLI that prints one (a stand-in script), and from the real installed CLI ([real-gateway]).
#include "bindings/gateway/real_gateway.hpp"
#include "bindings/proc/run_binary.hpp"
#include "openclaw_schema_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <fstream>
#include <sstream>

using namespace clawbook::testing;

namespace {

constexpr const char* kVersion = clawbook::test::kOpenclawSchemaVersion;

const std::string& fixture_schema() { return clawbook::test::openclaw_schema_fixture(); }

// An OpenClaw install whose CLI is `script` (package.json beside it says `version`).
std::string fake_install(const TempDir& dir, const std::string& version, const std::string& script) {
  dir.write("install/package.json", R"({"name": "openclaw", "version": ")" + version + "\"}");
  return dir.write("install/openclaw", script, 0755);
}

}  // namespace

TEST_CASE("json.validate: violations of a runbook's own schema", "[lua][json]") {
  TempDir dir;
  const auto run = run_runbook(
      dir, "schema",
      runbook_with("", "",
                   "local schema = { type = 'object', additionalProperties = false, required = { 'port' },\n"
                   "  properties = { port = { type = 'integer', maximum = 65535 }, mode = { enum = { 'a', 'b' } } } }\n"
                   "step:evidence('good', json.validate({ port = 80, mode = 'a' }, schema))\n"
                   "step:evidence('bad', json.validate({ port = '80', mode = 'c', extra = true }, schema))\n"
                   "step:evidence('missing', json.validate({ mode = 'a' }, schema))\n"
                   "step:evidence('remote', json.validate(1, { ['$ref'] = 'https://example.invalid/s.json' }))"));
  INFO(run.output);
  const auto good = evidence(run, "check", "good");
  CHECK(good["ok"] == true);
  CHECK(good["valid"] == true);
  const auto bad = evidence(run, "check", "bad");
  CHECK(bad["valid"] == false);
  CHECK(bad["count"] == 3);
  std::map<std::string, std::string> messages;
  for (const auto& v : bad["violations"]) messages[v["path"]] = v["message"];
  CHECK(messages["port"] == "expected integer, received string");
  CHECK(messages["mode"] == R"(invalid value "c": expected one of "a", "b")");
  CHECK(messages["extra"] == R"(unrecognized key "extra")");
  const auto missing = evidence(run, "check", "missing");
  CHECK(missing["violations"][0]["path"] == "port");
  CHECK(missing["violations"][0]["message"] == "required key missing");
  const auto remote = evidence(run, "check", "remote");
  CHECK(remote["ok"] == false);
  CHECK(remote["error"] == "remote_ref");
}

TEST_CASE("json.validate: a schema that is not a table is misuse", "[lua][json]") {
  TempDir dir;
  const auto run = run_runbook(dir, "schema", runbook_with("", "", "json.validate({}, 'not a schema')"));
  CHECK(run.output.find("bad argument #2 to 'json.validate' (schema table expected)") != std::string::npos);
}

TEST_CASE("openclaw.validate_config: the cached schema of the installed version, offline", "[lua][openclaw][json]") {
  TempDir dir;
  const std::string home = dir.mkdir("home");
  dir.write("home/.openclaw/openclaw.json",
            "// P6 and P7 together\n{ gateway: { mode: 'local' }, aliases: { fast: 'x' },\n"
            "  models: { providers: { openrouter: { baseUrl: 'https://openrouter.ai/api/v1', models: ['a/b'] } } } }\n",
            0600);
  // A CLI that fails if run: the cache must answer.
  const std::string cli = fake_install(dir, kVersion, "#!/bin/sh\necho 'must not run' >&2\nexit 3\n");
  dir.write(std::string("cache/clawbook/openclaw-schema-") + kVersion + ".json", fixture_schema());
  const auto run = run_runbook(dir, "validate",
                               runbook_with("\"fs\", \"exec:openclaw\"", "",
                                            "step:evidence('schema', openclaw.config_schema())\n"
                                            "step:evidence('result', openclaw.validate_config())"),
                               {}, {{"HOME", home}, {"XDG_CACHE_HOME", dir / "cache"}, {"CLAWBOOK_OPENCLAW_CLI", cli}});
  INFO(run.output);
  const auto schema = evidence(run, "check", "schema");
  CHECK(schema["ok"] == true);
  CHECK(schema["source"] == "cache");
  CHECK(schema["version"] == kVersion);
  CHECK(schema["path"] == dir / "cache/clawbook/openclaw-schema-2026.9.6.json");
  const auto result = evidence(run, "check", "result");
  CHECK(result["ok"] == true);
  CHECK(result["valid"] == false);
  CHECK(result["config_path"] == home + "/.openclaw/openclaw.json");
  std::map<std::string, std::string> messages;
  for (const auto& v : result["violations"]) messages[v["path"]] = v["message"];
  CHECK(messages.size() == 2);
  CHECK(messages["aliases"] == R"(unrecognized key "aliases")");
  CHECK(messages["models.providers.openrouter.models.0"] == "expected object, received string");
  CHECK_FALSE(result.contains("cached"));

  // Unchanged config and schema: the verdict is reused without parsing the schema; an edit invalidates it.
  const std::map<std::string, std::string> env = {
      {"HOME", home}, {"XDG_CACHE_HOME", dir / "cache"}, {"CLAWBOOK_OPENCLAW_CLI", cli}};
  const auto again = run_runbook(
      dir, "again", runbook_with("\"fs\"", "", "step:evidence('result', openclaw.validate_config())"), {}, env);
  const auto reused = evidence(again, "check", "result");
  CHECK(reused["cached"] == true);
  CHECK(reused["violations"] == result["violations"]);
  CHECK(std::filesystem::status(dir / "cache/clawbook/verdicts").permissions() == std::filesystem::perms::owner_all);
  dir.write("home/.openclaw/openclaw.json", "{ gateway: { mode: 'local' } }\n", 0600);
  const auto edited = run_runbook(
      dir, "edited", runbook_with("\"fs\"", "", "step:evidence('result', openclaw.validate_config())"), {}, env);
  CHECK(evidence(edited, "check", "result")["valid"] == true);
  CHECK_FALSE(evidence(edited, "check", "result").contains("cached"));
}

TEST_CASE("openclaw.config_schema: a cache miss runs the CLI only with exec:openclaw, then caches",
          "[lua][openclaw][json]") {
  TempDir dir;
  const std::string home = dir.mkdir("home");
  // A stand-in CLI that prints a small schema, and records its arguments and environment.
  const std::string cli = fake_install(
      dir, "2026.1.2",
      "#!/bin/sh\necho \"$@\" > \"" + (dir / "args") + "\"\nenv > \"" + (dir / "env") +
          "\"\necho '{\"type\": \"object\", \"properties\": {\"gateway\": {\"type\": \"object\"}}, "
          "\"additionalProperties\": false}'\n");
  const std::map<std::string, std::string> env = {
      {"HOME", home}, {"XDG_CACHE_HOME", dir / "cache"}, {"CLAWBOOK_OPENCLAW_CLI", cli}};
  const auto refused = run_runbook(dir, "refused",
                                   runbook_with("\"fs\"", "", "step:evidence('r', openclaw.config_schema())"), {}, env);
  INFO(refused.output);
  CHECK(evidence(refused, "check", "r")["error"] == "not_cached");
  CHECK_FALSE(std::filesystem::exists(dir / "args"));

  const auto made = run_runbook(
      dir, "made", runbook_with("\"fs\", \"exec:openclaw\"", "", "step:evidence('r', openclaw.config_schema())"), {},
      env);
  INFO(made.output);
  const auto result = evidence(made, "check", "r");
  CHECK(result["ok"] == true);
  CHECK(result["source"] == "cli");
  CHECK(std::filesystem::exists(dir / "cache/clawbook/openclaw-schema-2026.1.2.json"));
  std::ifstream args(dir / "args");
  std::string line;
  std::getline(args, line);
  CHECK(line == "config schema");
  // The CLI ran in a scratch state dir of its own (removed since), never the user's.
  std::ifstream environment(dir / "env");
  std::stringstream seen;
  seen << environment.rdbuf();
  CHECK(seen.str().find("OPENCLAW_STATE_DIR=" + (dir / "cache/clawbook/scratch-")) != std::string::npos);
  CHECK(seen.str().find("HOME=" + home + "\n") == std::string::npos);
  CHECK(seen.str().find("OPENCLAW_OFFLINE=1") != std::string::npos);

  const auto again = run_runbook(dir, "again",
                                 runbook_with("\"fs\"", "", "step:evidence('r', openclaw.config_schema())"), {}, env);
  CHECK(evidence(again, "check", "r")["source"] == "cache");
}

TEST_CASE("openclaw.config_schema from the real installed CLI equals the committed copy", "[real-gateway][json]") {
  if (!gateway_test::real_gateway_installed()) {
    WARN("the real OpenClaw peer is not installed (scripts/test-peers.sh): skipped");
    return;
  }
  TempDir dir;
  const std::string home = dir.mkdir("home");
  const auto [status, cli] = gateway_test::run_command(gateway_test::peer_script() + " bin");
  REQUIRE(status == 0);
  // PATH as the peer's own environment sets it: its Node 24 first (the CLI is a node script).
  std::string path;
  const auto [env_status,
              env_text] = gateway_test::run_command(gateway_test::peer_script() + " env " + (dir / "state"));
  REQUIRE(env_status == 0);
  std::istringstream lines(env_text);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("PATH=", 0) == 0) path = line.substr(5);
  dir.write("home/.openclaw/openclaw.json", "{ gateway: { mode: 'local', bind: '0.0.0.0' }, aliases: {} }\n", 0600);
  const auto run = run_runbook(
      dir, "real",
      runbook_with("\"fs\", \"exec:openclaw\"", "",
                   "step:evidence('schema', openclaw.config_schema({ refresh = true }))\n"
                   "step:evidence('result', openclaw.validate_config())"),
      {}, {{"HOME", home}, {"XDG_CACHE_HOME", dir / "cache"}, {"CLAWBOOK_OPENCLAW_CLI", cli}, {"PATH", path}});
  INFO(run.output);
  const auto schema = evidence(run, "check", "schema");
  REQUIRE(schema["ok"] == true);
  CHECK(schema["source"] == "cli");
  CHECK(schema["version"] == kVersion);  // scripts/peers/openclaw.sh pins it; a new pin needs a new fixture
  std::ifstream cached(schema["path"].get<std::string>());
  std::stringstream text;
  text << cached.rdbuf();
  CHECK(text.str() == fixture_schema());
  const auto result = evidence(run, "check", "result");
  std::map<std::string, std::string> messages;
  for (const auto& v : result["violations"]) messages[v["path"]] = v["message"];
  CHECK(messages["aliases"] == R"(unrecognized key "aliases")");
  CHECK(messages["gateway.bind"] ==
        R"(invalid value "0.0.0.0": expected one of "auto", "lan", "loopback", "custom", "tailnet")");

  // The real CLI refuses the same config for the same two reasons (it reports the unknown key at <root>).
  dir.write("state/openclaw.json", "{ gateway: { mode: 'local', bind: '0.0.0.0' }, aliases: {} }\n", 0600);
  dir.mkdir("state/home");
  const auto [cli_status, cli_out] = gateway_test::run_command(gateway_test::peer_script() + " cli " + (dir / "state") +
                                                               " config validate --json");
  INFO(cli_out);
  CHECK(cli_status != 0);
  const auto verdict = nlohmann::json::parse(cli_out, nullptr, false);
  REQUIRE(verdict.is_object());
  CHECK(verdict["valid"] == false);
  std::set<std::string> issues;
  for (const auto& issue : verdict["issues"])
    issues.insert(issue.value("path", "") + ": " + issue.value("message", ""));
  CHECK(issues.count("<root>: Unrecognized key: \"aliases\"") == 1);
  CHECK(std::any_of(issues.begin(), issues.end(),
                    [](const std::string& i) { return i.rfind("gateway.bind: ", 0) == 0; }));
  CHECK(issues.size() == messages.size());
}
