// Lua-level tests of the `fs` module through the clawbook binary, on real files in a temporary directory.
#include "bindings/proc/run_binary.hpp"
#include "clawbook/fingerprint.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <string>

using namespace clawbook::testing;

namespace {

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

// The runbook's capabilities: the fs module plus read access to `dir`.
std::string fs_capabilities(const TempDir& dir) { return "\"fs\", " + quoted("fs:" + dir.path()); }

const nlohmann::json& only_step(const RunResult& run) {
  REQUIRE(run.report.is_object());
  REQUIRE(run.report["steps"].size() == 1);
  return run.report["steps"][0];
}

}  // namespace

TEST_CASE("fs.stat, read, list, glob and tail from Lua", "[lua][fs]") {
  TempDir dir;
  dir.write("openclaw.json", "{ gateway: { port: 18789 } }\n", 0640);
  dir.write("openclaw.json.bak", "{}");
  dir.write("logs/gateway.log", "one\ntwo\nthree\n");
  const auto run = run_runbook(dir, "files", runbook_with(fs_capabilities(dir), "dir = { type = \"string\" }", R"(
      local d = params.dir
      step:evidence("stat", fs.stat(d .. "/openclaw.json"))
      step:evidence("missing", fs.stat(d .. "/nope"))
      step:evidence("read", fs.read(d .. "/openclaw.json", { max = 10 }))
      step:evidence("read_missing", fs.read(d .. "/nope"))
      step:evidence("list", fs.list(d))
      step:evidence("glob", fs.glob(d .. "/openclaw.json*"))
      step:evidence("tail", fs.tail(d .. "/logs/gateway.log", 2))
      step:evidence("proc", fs.read("/proc/self/status", { max = 5 }).text))"),
                               {{"dir", dir.path()}});
  INFO(run.output);
  const auto& evidence = only_step(run)["evidence"];
  CHECK(evidence["stat"]["type"] == "file");
  CHECK(evidence["stat"]["mode"] == "0640");
  CHECK(evidence["stat"]["size"] == 29);
  CHECK(evidence["stat"]["readable"] == true);
  CHECK(evidence["missing"]["exists"] == false);
  CHECK(evidence["read"]["text"] == "{ gateway:");
  CHECK(evidence["read"]["truncated"] == true);
  CHECK(evidence["read_missing"]["ok"] == false);
  CHECK(evidence["read_missing"]["error"] == "not_found");
  // The directory also holds the runbook itself (files.lua); entries come sorted by name.
  REQUIRE(evidence["list"]["entries"].size() == 4);
  CHECK(evidence["list"]["entries"][0]["name"] == "files.lua");
  CHECK(evidence["list"]["entries"][1]["name"] == "logs");
  CHECK(evidence["glob"]["matches"].size() == 2);
  CHECK(evidence["glob"]["denied"] == 0);
  CHECK(evidence["tail"]["lines"] == nlohmann::json({"two", "three"}));
  CHECK(evidence["proc"] == "Name:");
}

TEST_CASE("fs refuses paths outside the policy and names the capability", "[lua][fs]") {
  TempDir dir;
  std::filesystem::create_symlink("/etc/hostname", dir / "escape");
  const auto run = run_runbook(dir, "denied", runbook_with(fs_capabilities(dir), "dir = { type = \"string\" }", R"(
      local ok1, passwd = pcall(fs.read, "/etc/passwd")
      local ok2, dotdot = pcall(fs.stat, "/proc/../etc/shadow")
      local ok3, link = pcall(fs.read, params.dir .. "/escape")
      local ok4, environ = pcall(fs.read, "/proc/self/environ")
      step:evidence("oks", { ok1, ok2, ok3, ok4 })
      step:evidence("passwd", passwd)
      step:evidence("dotdot", dotdot)
      step:evidence("link", link)
      step:evidence("environ", environ)
      step:evidence("glob", fs.glob("/etc/host*")))"),
                               {{"dir", dir.path()}});
  INFO(run.output);
  const auto& evidence = only_step(run)["evidence"];
  CHECK(evidence["oks"] == nlohmann::json({false, false, false, false}));
  CHECK(evidence["passwd"].get<std::string>().ends_with(
      "fs.read: '/etc/passwd' is outside the paths this runbook may read; declare the capability \"fs:/etc/passwd\" "
      "to allow it"));
  CHECK(evidence["dotdot"].get<std::string>().ends_with(
      "fs.stat: '/proc/../etc/shadow' (resolves to '/etc/shadow') is outside the paths this runbook may read; "
      "declare the capability \"fs:/etc/shadow\" to allow it"));
  CHECK(evidence["link"].get<std::string>().find("(resolves to '/etc/hostname')") != std::string::npos);
  CHECK(evidence["environ"].get<std::string>().find("use proc.env_fingerprints") != std::string::npos);
  CHECK(evidence["glob"]["matches"].empty());         // an empty Lua table: [] or {} in JSON
  CHECK(evidence["glob"]["denied"].get<int>() >= 1);  // /etc/hostname (and /etc/hosts) exist but are not allowed
}

TEST_CASE("fs reads the OpenClaw state dir by default, and needs the fs capability", "[lua][fs]") {
  TempDir dir;
  dir.write("home/.openclaw/openclaw.json", "// config\n{ gateway: { mode: 'local', port: 18790, }, }\n");
  const auto run = run_runbook(dir, "default", runbook_with("\"fs\"", "", R"(
      local config = assert(fs.json5("~/.openclaw/openclaw.json"))
      step:evidence("port", config.gateway.port)
      step:evidence("mode", config.gateway.mode))"),
                               {}, {{"HOME", dir / "home"}});
  INFO(run.output);
  const auto& evidence = only_step(run)["evidence"];
  CHECK(evidence["port"] == 18790);
  CHECK(evidence["mode"] == "local");

  const auto undeclared = run_runbook(dir, "undeclared", runbook_with("", "", "fs.stat(\"/proc/self/status\")"));
  INFO(undeclared.output);
  CHECK(only_step(undeclared)["status"] == "error");
  CHECK(undeclared.output.find("capability 'fs' is not declared") != std::string::npos);
}

TEST_CASE("fs.json5 and fs.json parse files and text, errors as nil, where:line:col", "[lua][fs]") {
  TempDir dir;
  dir.write("good.json5", "{\n  // comment\n  hex: 0x10, half: .5, list: ['a', \"b\",], inf: Infinity,\n}\n");
  dir.write("bad.json5", "{\n  a: 1,\n  b: 'unterminated\n}\n");
  dir.write("strict.json", "{\"a\": [1, 2, 3]}");
  const auto run = run_runbook(dir, "json", runbook_with(fs_capabilities(dir), "dir = { type = \"string\" }", R"(
      local d = params.dir
      local function failure(value, message, code) return { is_nil = value == nil, message = message, code = code } end
      local good = fs.json5(d .. "/good.json5")
      step:evidence("good", { hex = good.hex, half = good.half, list = good.list, inf = good.inf > 1e308 })
      step:evidence("bad", failure(fs.json5(d .. "/bad.json5")))
      step:evidence("missing", failure(fs.json5(d .. "/missing.json5")))
      step:evidence("text", fs.json5("{ a: 1 }"))
      step:evidence("text_table", fs.json5({ text = "42" }))
      step:evidence("text_error", failure(fs.json5({ text = "[1,,]" })))
      step:evidence("strict", fs.json(d .. "/strict.json"))
      step:evidence("strict_error", failure(fs.json("{\n  a: 1 }")))
      local ok, misuse = pcall(fs.json5, { text = "1", path = "x" })
      step:evidence("misuse", misuse))"),
                               {{"dir", dir.path()}});
  INFO(run.output);
  const auto& evidence = only_step(run)["evidence"];
  CHECK(evidence["good"] == nlohmann::json::parse(R"({"hex":16,"half":0.5,"list":["a","b"],"inf":true})"));
  const auto failure = [](const std::string& message, const std::string& code) {
    return nlohmann::json{{"is_nil", true}, {"message", message}, {"code", code}};
  };
  CHECK(evidence["bad"] ==
        failure(dir / "bad.json5" + ":3:19: line break in string (end the line with a backslash to continue the "
                                    "string)",
                "parse_error"));
  CHECK(evidence["missing"] == failure(dir / "missing.json5" + ": No such file or directory", "not_found"));
  CHECK(evidence["text"] == nlohmann::json({{"a", 1}}));
  CHECK(evidence["text_table"] == 42);
  CHECK(evidence["text_error"] == failure("(text):1:4: unexpected ',', expected a value", "parse_error"));
  CHECK(evidence["strict"] == nlohmann::json::parse(R"({"a":[1,2,3]})"));
  CHECK(evidence["strict_error"]["message"].get<std::string>().starts_with(
      "(text):2:3: syntax error while parsing object key"));
  CHECK(evidence["misuse"].get<std::string>().find("exactly one of 'text' or 'path'") != std::string::npos);
}

TEST_CASE("fs.yaml parses files and text: documents, errors and an alias bomb", "[lua][fs][yaml]") {
  TempDir dir;
  const std::string fixtures = std::string(CLAWBOOK_TESTS_DIR) + "/fixtures/yaml/";
  for (const char* name : {"traefik-dynamic.yml", "k8s-ingress.yaml", "billion-laughs.yaml", "broken.yaml"}) {
    std::filesystem::copy_file(fixtures + name, dir / name);
  }
  dir.write("deep.yaml", std::string(5000, '[') + std::string(5000, ']'));
  dir.write("secret.yaml", "gateway:\n  auth:\n    token: fake-token-for-tests\n");
  const auto run = run_runbook(dir, "yaml", runbook_with(fs_capabilities(dir), "dir = { type = \"string\" }", R"(
      local d = params.dir
      local function failure(value, message, code) return { is_nil = value == nil, message = message, code = code } end
      local traefik, count = fs.yaml(d .. "/traefik-dynamic.yml")
      step:evidence("traefik", { url = traefik.http.services.openclaw.loadBalancer.servers[1].url, count = count })
      local manifests, documents = fs.yaml({ path = d .. "/k8s-ingress.yaml" })
      step:evidence("manifests", { first = manifests[1].kind, second = manifests[2].kind, documents = documents })
      step:evidence("bomb", failure(fs.yaml(d .. "/billion-laughs.yaml")))
      step:evidence("deep", failure(fs.yaml(d .. "/deep.yaml")))
      step:evidence("broken", failure(fs.yaml(d .. "/broken.yaml")))
      step:evidence("missing", failure(fs.yaml(d .. "/missing.yaml")))
      local empty, none = fs.yaml({ text = "" })
      step:evidence("empty", { size = #empty, documents = none })
      step:evidence("secret", fs.yaml(d .. "/secret.yaml"))
      local ok, misuse = pcall(fs.yaml, { text = "a: 1", path = "x" })
      step:evidence("misuse", misuse))"),
                               {{"dir", dir.path()}});
  INFO(run.output);
  const auto& evidence = only_step(run)["evidence"];
  CHECK(evidence["traefik"] == nlohmann::json::parse(R"({"url": "http://127.0.0.1:18789", "count": 1})"));
  CHECK(evidence["manifests"] == nlohmann::json::parse(R"({"first": "Service", "second": "Ingress", "documents": 2})"));
  CHECK(evidence["bomb"]["is_nil"] == true);
  CHECK(evidence["bomb"]["code"] == "too_large");
  CHECK(evidence["bomb"]["message"].get<std::string>().find("more than 250000 values") != std::string::npos);
  CHECK(evidence["deep"]["code"] == "too_large");
  CHECK(evidence["broken"]["code"] == "parse_error");
  CHECK(evidence["broken"]["message"] == dir / "broken.yaml" + ":4:3: end of map flow not found");
  CHECK(evidence["missing"]["code"] == "not_found");
  CHECK(evidence["empty"] == nlohmann::json::parse(R"({"size": 0, "documents": 0})"));
  // A token in YAML is a secret like one in JSON: only its fingerprint leaves the run.
  CHECK(run.output.find("fake-token-for-tests") == std::string::npos);
  CHECK(evidence["secret"]["gateway"]["auth"]["token"] == clawbook::fingerprint("fake-token-for-tests"));
  CHECK(evidence["misuse"].get<std::string>().find("exactly one of 'text' or 'path'") != std::string::npos);
}

TEST_CASE("fs.toml parses Traefik's TOML files and text: errors, limits and secrets", "[lua][fs][toml]") {
  TempDir dir;
  const std::string fixtures = std::string(CLAWBOOK_TESTS_DIR) + "/fixtures/toml/";
  for (const char* name : {"traefik-static.toml", "traefik-dynamic.toml"}) {
    std::filesystem::copy_file(fixtures + name, dir / name);
  }
  dir.write(
      "deep.toml", "a" + [] {
        std::string parts;
        for (int i = 0; i < 100'000; ++i) parts += ".a";
        return parts;
      }() + " = 1\n");
  dir.write("broken.toml", "[http.routers.openclaw]\nrule = \"Host(`x`)\"\nrule = \"again\"\n");
  dir.write("big.toml", std::string(1024 * 1024 + 10, '#'));
  dir.write("secret.toml", "[gateway.auth]\ntoken = \"fake-token-for-tests\"\n");
  const auto run = run_runbook(dir, "toml", runbook_with(fs_capabilities(dir), "dir = { type = \"string\" }", R"(
      local d = params.dir
      local function failure(value, message, code) return { is_nil = value == nil, message = message, code = code } end
      local static = fs.toml(d .. "/traefik-static.toml")
      local dynamic = fs.toml({ path = d .. "/traefik-dynamic.toml" })
      step:evidence("traefik", {
        timeout = static.entryPoints.websecure.transport.respondingTimeouts.readTimeout,
        url = dynamic.http.services.openclaw.loadBalancer.servers[1].url,
      })
      step:evidence("text", fs.toml({ text = "port = 18789" }))
      step:evidence("deep", failure(fs.toml(d .. "/deep.toml")))
      step:evidence("broken", failure(fs.toml(d .. "/broken.toml")))
      step:evidence("big", failure(fs.toml(d .. "/big.toml")))
      step:evidence("missing", failure(fs.toml(d .. "/missing.toml")))
      step:evidence("secret", fs.toml(d .. "/secret.toml"))
      local ok, misuse = pcall(fs.toml, { text = "a = 1", path = "x" })
      step:evidence("misuse", misuse))"),
                               {{"dir", dir.path()}});
  INFO(run.output);
  const auto& evidence = only_step(run)["evidence"];
  CHECK(evidence["traefik"] == nlohmann::json::parse(R"({"timeout": "30s", "url": "http://127.0.0.1:18789"})"));
  CHECK(evidence["text"] == nlohmann::json::parse(R"({"port": 18789})"));
  CHECK(evidence["deep"]["is_nil"] == true);
  CHECK(evidence["deep"]["code"] == "too_large");
  CHECK(evidence["deep"]["message"].get<std::string>().find("nested deeper than 64 levels") != std::string::npos);
  CHECK(evidence["broken"]["code"] == "parse_error");
  CHECK(evidence["broken"]["message"].get<std::string>().starts_with(dir / "broken.toml" + ":3:"));
  CHECK(evidence["big"]["code"] == "too_large");
  CHECK(evidence["missing"]["code"] == "not_found");
  CHECK(run.output.find("fake-token-for-tests") == std::string::npos);
  CHECK(evidence["secret"]["gateway"]["auth"]["token"] == clawbook::fingerprint("fake-token-for-tests"));
  CHECK(evidence["misuse"].get<std::string>().find("exactly one of 'text' or 'path'") != std::string::npos);
}

TEST_CASE("fs registers credentials it returns as secrets", "[lua][fs]") {
  TempDir dir;
  const std::string token = "fs-lua-token-0123456789";
  const std::string api_key = "sk-fs-lua-key-abcdef";
  dir.write("openclaw.json", "{ gateway: { auth: { mode: 'token', token: '" + token + "' } } }");
  dir.write(".env", "OPENCLAW_GATEWAY_PORT=18789\nANTHROPIC_API_KEY=" + api_key + "\n");
  const auto run = run_runbook(dir, "secrets", runbook_with(fs_capabilities(dir), "dir = { type = \"string\" }", R"(
      local d = params.dir
      local config = fs.json5(d .. "/openclaw.json")
      step:evidence("token", config.gateway.auth.token)
      step:evidence("env", fs.read(d .. "/.env").text)
      step:evidence("tail", fs.tail(d .. "/.env", 1).lines[1]))"),
                               {{"dir", dir.path()}});
  INFO(run.output);
  CHECK(run.output.find(token) == std::string::npos);
  CHECK(run.output.find(api_key) == std::string::npos);
  CHECK(run.output.find(clawbook::fingerprint(token)) != std::string::npos);
  CHECK(run.output.find(clawbook::fingerprint(api_key)) != std::string::npos);
  CHECK(run.output.find("OPENCLAW_GATEWAY_PORT=18789") != std::string::npos);  // the rest stays readable
}
