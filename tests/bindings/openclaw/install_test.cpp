// Token sources, lock files and versions with real files, real processes and a temporary HOME.
#include "bindings/proc/child_process.hpp"
#include "bindings/proc/temp_dir.hpp"
#include "clawbook/fingerprint.hpp"
#include "openclaw/install.hpp"
#include "proc/process.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

using clawbook::fingerprint;
using clawbook::testing::ChildProcess;
using clawbook::testing::TempDir;
using clawbook::testing::wait_until;
namespace oc = clawbook::openclaw;
using Json = nlohmann::json;

namespace {

const Json* source_of(const Json& sources, const std::string& kind) {
  for (const auto& source : sources)
    if (source["source"] == kind) return &source;
  return nullptr;
}

bool have_node() { return ::access("/usr/bin/node", X_OK) == 0; }

}  // namespace

TEST_CASE("dotenv and systemd Environment= parsing", "[openclaw][install]") {
  const auto env = oc::parse_dotenv(
      "# comment\nexport A=1\nB = \"two words\"\nC='x#y'\nD=plain # trailing\n\nbad line\n");
  CHECK(env.at("A") == "1");
  CHECK(env.at("B") == "two words");
  CHECK(env.at("C") == "x#y");
  CHECK(env.at("D") == "plain");
  CHECK(env.count("bad line") == 0);

  std::vector<std::string> files;
  const auto unit = oc::parse_unit_environment(
      "[Service]\nEnvironment=HOME=/home/op \"OPENCLAW_GATEWAY_TOKEN=tok en\" PATH=/usr/bin\n"
      "Environment=OPENCLAW_GATEWAY_PORT=18789\nEnvironmentFile=-/etc/openclaw/env\nExecStart=/usr/bin/node x\n",
      &files);
  CHECK(unit.at("OPENCLAW_GATEWAY_TOKEN") == "tok en");
  CHECK(unit.at("OPENCLAW_GATEWAY_PORT") == "18789");
  CHECK(unit.at("HOME") == "/home/op");
  CHECK(files == std::vector<std::string>{"/etc/openclaw/env"});
  CHECK(oc::parse_unit_environment("Environment=A=1\nEnvironment=\nEnvironment=B=2\n").count("A") == 0);
}

TEST_CASE("token_sources: every copy with fingerprints, and the drift between them", "[openclaw][install]") {
  TempDir dir;
  const std::string home = dir.mkdir("home");
  dir.write("home/.openclaw/openclaw.json",
            "{gateway: {mode: 'local', token: 'legacy-value', auth: {token: 'token-A'}, remote: {token: 'token-A'}}}",
            0600);
  dir.write("home/.openclaw/.env", "OPENCLAW_GATEWAY_TOKEN=token-B\n", 0600);
  dir.write("home/.config/systemd/user/openclaw-gateway.service",
            "[Service]\nExecStart=/usr/bin/node /x/openclaw/dist/index.js gateway --port 18789\n"
            "Environment=OPENCLAW_GATEWAY_TOKEN=token-C\nEnvironmentFile=" +
                (dir / "unit.env") + "\n");
  dir.write("unit.env", "OPENCLAW_GATEWAY_TOKEN=token-A\n", 0600);
  const oc::Environment env = {{"HOME", home}, {"OPENCLAW_GATEWAY_TOKEN", "token-A"}};

  const Json result = oc::token_sources(env);
  const std::string dump = result.dump();
  for (const char* secret : {"token-A", "token-B", "token-C", "legacy-value"})
    CHECK(dump.find(secret) == std::string::npos);

  const Json& sources = result["sources"];
  REQUIRE(source_of(sources, "env") != nullptr);
  CHECK((*source_of(sources, "env"))["fingerprint"] == fingerprint("token-A"));
  CHECK((*source_of(sources, "config"))["fingerprint"] == fingerprint("token-A"));
  CHECK((*source_of(sources, "config:remote"))["fingerprint"] == fingerprint("token-A"));
  CHECK((*source_of(sources, "dotenv"))["fingerprint"] == fingerprint("token-B"));
  CHECK((*source_of(sources, "systemd"))["fingerprint"] == fingerprint("token-C"));
  CHECK((*source_of(sources, "systemd:EnvironmentFile"))["fingerprint"] == fingerprint("token-A"));
  const Json* legacy = source_of(sources, "config:legacy gateway.token");
  REQUIRE(legacy != nullptr);
  CHECK((*legacy)["ignored_by_openclaw"] == true);

  const Json& drift = result["drift"];
  CHECK(drift["drift"] == true);
  CHECK(drift["distinct"] == 3);
  CHECK(drift["effective"] == fingerprint("token-A"));  // the config's token is what the gateway uses
  CHECK(drift["effective_source"].get<std::string>().rfind("config:", 0) == 0);
  CHECK(drift["mismatched"].size() == 2);
}

TEST_CASE("token_sources reads a running gateway's environment", "[openclaw][install][spawns-gateway]") {
  if (!have_node()) {
    WARN("node not installed; skipped");
    return;
  }
  TempDir dir;
  const std::string home = dir.mkdir("home");
  const std::string entry = dir.write("lib/node_modules/openclaw/dist/index.js", "setInterval(() => {}, 1000);\n");
  ChildProcess gateway({"node", entry, "gateway", "--port", "18999"}, {{"OPENCLAW_GATEWAY_TOKEN", "token-in-process"}});
  REQUIRE(wait_until([&] {
    auto p = clawbook::proc::get(gateway.pid());
    return p && p->argv.size() == 5;
  }));
  const Json result = oc::token_sources({{"HOME", home}});
  bool found = false;
  for (const auto& source : result["sources"]) {
    if (source["source"] != "process" || source["pid"] != gateway.pid()) continue;
    found = true;
    CHECK(source["fingerprint"] == fingerprint("token-in-process"));
  }
  CHECK(found);
  CHECK(result.dump().find("token-in-process") == std::string::npos);
}

TEST_CASE("locks: live, dead, reused pids and malformed lock files", "[openclaw][install]") {
  TempDir dir;
  const std::string home = dir.mkdir("home");
  const oc::Environment env = {{"HOME", home}, {"TMPDIR", dir / "tmp"}};
  const auto paths = oc::resolve_paths(env);
  const std::string lock_dir = paths.lock_dirs[0];

  // A pid that existed and is gone: a child started and reaped.
  int dead_pid = 0;
  {
    ChildProcess child({"true"});
    dead_pid = child.pid();
  }
  const auto self = clawbook::proc::get(::getpid());
  REQUIRE(self);
  dir.write(
      lock_dir.substr(dir.path().size() + 1) + "/" + paths.lock_name,
      Json({{"pid", dead_pid}, {"createdAt", "2026-11-22T07:14:18.000Z"}, {"configPath", paths.config_path}}).dump());
  dir.write(lock_dir.substr(dir.path().size() + 1) + "/gateway.aaaaaaaa.lock", Json({{"pid", ::getpid()},
                                                                                     {"createdAt", "x"},
                                                                                     {"configPath", "/other"},
                                                                                     {"startTime", self->start_ticks},
                                                                                     {"port", 18789}})
                                                                                   .dump());
  dir.write(
      lock_dir.substr(dir.path().size() + 1) + "/gateway.bbbbbbbb.lock",
      Json({{"pid", ::getpid()}, {"createdAt", "x"}, {"configPath", "/other"}, {"startTime", self->start_ticks + 7}})
          .dump());
  dir.write(lock_dir.substr(dir.path().size() + 1) + "/gateway.cccccccc.lock", "not json");
  dir.write("home/.openclaw/gateway.pid", std::to_string(dead_pid) + "\n");

  const Json found = oc::locks(env);
  REQUIRE(found.size() == 5);
  std::map<std::string, Json> by_name;
  for (const auto& lock : found) by_name[std::filesystem::path(lock["path"].get<std::string>()).filename()] = lock;
  const Json& ours = by_name.at(paths.lock_name);
  CHECK(ours["matches_config"] == true);
  CHECK(ours["status"] == "dead");
  CHECK(ours["stale"] == true);
  CHECK(ours["pid"] == dead_pid);
  const Json& alive = by_name.at("gateway.aaaaaaaa.lock");
  CHECK(alive["status"] == "alive");
  CHECK(alive["stale"] == false);
  CHECK(alive["port"] == 18789);
  CHECK(alive["owner"]["is_gateway"] == false);
  CHECK(by_name.at("gateway.bbbbbbbb.lock")["status"] == "reused");
  CHECK(by_name.at("gateway.cccccccc.lock")["error"] == "invalid");
  CHECK(by_name.at("gateway.pid")["kind"] == "pidfile");
  CHECK(by_name.at("gateway.pid")["status"] == "dead");
}

TEST_CASE("version: package.json next to the openclaw CLI on PATH", "[openclaw][install][spawns-gateway]") {
  TempDir dir;
  dir.write("lib/node_modules/openclaw/package.json", R"J({"name": "openclaw", "version": "2026.9.6"})J");
  const std::string mjs = dir.write("lib/node_modules/openclaw/openclaw.mjs", "#!/usr/bin/env node\n", 0755);
  dir.mkdir("bin");
  std::filesystem::create_symlink("../lib/node_modules/openclaw/openclaw.mjs", dir / "bin/openclaw");
  const Json result = oc::version({{"PATH", dir / "empty-dir" + ":" + dir / "bin"}});
  REQUIRE(result["ok"] == true);
  CHECK(result["version"] == "2026.9.6");
  CHECK(result["cli"] == dir / "bin/openclaw");
  CHECK(result["resolved"] == mjs);
  CHECK(result["package_dir"] == dir / "lib/node_modules/openclaw");

  const Json missing = oc::version({{"PATH", dir / "nothing"}});
  CHECK(missing["ok"] == false);
  CHECK(missing["error"] == "not_found");

  if (have_node()) {
    // A gateway started from that package reports the same version.
    const std::string entry = dir.write("lib/node_modules/openclaw/dist/index.js", "setInterval(() => {}, 1000);\n");
    ChildProcess gateway({"node", entry, "gateway"});
    REQUIRE(wait_until([&] {
      auto p = clawbook::proc::get(gateway.pid());
      return p && p->argv.size() == 3;
    }));
    const Json with_running = oc::version({{"PATH", dir / "bin"}});
    bool found = false;
    for (const auto& running : with_running["running"]) {
      if (running["pid"] != gateway.pid()) continue;
      found = true;
      CHECK(running["version"] == "2026.9.6");
      CHECK(running["matches_installed"] == true);
    }
    CHECK(found);
  }
}
