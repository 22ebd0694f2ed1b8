// Recognising the OpenClaw gateway among real processes shaped as each way it is started: Node processes
// running an entry script laid out as the npm package is, one retitling itself as the real gateway does.
#include "bindings/proc/child_process.hpp"
#include "bindings/proc/temp_dir.hpp"
#include "proc/gateway_process.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <fstream>

using clawbook::testing::ChildProcess;
using clawbook::testing::TempDir;
using clawbook::testing::wait_until;
namespace proc = clawbook::proc;

namespace {

constexpr const char* kKeepAlive = "setInterval(() => {}, 1000);\n";

bool have_node() { return ::access("/usr/bin/node", X_OK) == 0; }

proc::Process wait_for_exec(int pid, const std::string& expected_comm) {
  std::optional<proc::Process> process;
  wait_until([&] {
    process = proc::get(pid);
    return process && process->comm == expected_comm;
  });
  REQUIRE(process);
  return *process;
}

proc::Process fake(std::vector<std::string> argv, std::string comm = "node", std::string cwd = "/") {
  proc::Process process;
  process.argv = std::move(argv);
  process.comm = std::move(comm);
  process.cwd = std::move(cwd);
  return process;
}

}  // namespace

TEST_CASE("a node process running openclaw/dist/index.js gateway is the gateway", "[proc][gateway][spawns-gateway]") {
  if (!have_node()) {
    WARN("node not installed; skipped");
    return;
  }
  TempDir tree;
  const std::string entry = tree.write("lib/node_modules/openclaw/dist/index.js", kKeepAlive);
  // As the systemd unit runs it, Node options included.
  ChildProcess gateway({"node", "--max-old-space-size=512", entry, "gateway", "--port", "18789", "--bind", "loopback"});
  std::optional<proc::Process> process;
  REQUIRE(wait_until([&] {
    process = proc::get(gateway.pid());
    return process && process->argv.size() == 8;
  }));
  const auto identity = proc::openclaw_gateway_identity(*process);
  REQUIRE(identity);
  CHECK(identity->form == "node-entry");
  CHECK(identity->script == entry);
  CHECK(identity->port == 18789);
  CHECK(identity->bind == "loopback");

  const auto all = proc::gateway_processes();
  const auto it = std::find_if(all.begin(), all.end(), [&](const auto& p) { return p["pid"] == gateway.pid(); });
  REQUIRE(it != all.end());
  CHECK((*it)["gateway"]["form"] == "node-entry");
  CHECK((*it)["gateway"]["port"] == 18789);
  CHECK((*it)["listening"].empty());
}

TEST_CASE("a node process that retitles itself openclaw-gateway is the gateway", "[proc][gateway][spawns-gateway]") {
  if (!have_node()) {
    WARN("node not installed; skipped");
    return;
  }
  TempDir tree;
  // What the real gateway does once started through the CLI: process.title -> comm and cmdline change.
  const std::string script = tree.write("retitle.js",
                                        std::string("process.title = 'openclaw-gateway';\n") + kKeepAlive);
  ChildProcess gateway({"node", script});
  const auto process = wait_for_exec(gateway.pid(), "openclaw-gatewa");
  CHECK(process.argv.size() == 1);
  CHECK(process.argv[0].rfind("openclaw-gateway", 0) == 0);
  const auto identity = proc::openclaw_gateway_identity(process);
  REQUIRE(identity);
  CHECK(identity->form == "retitled");
  CHECK_FALSE(identity->port);
}

TEST_CASE("openclaw gateway run is the gateway, openclaw gateway status is not", "[proc][gateway][spawns-gateway]") {
  if (!have_node()) {
    WARN("node not installed; skipped");
    return;
  }
  TempDir tree;
  const std::string bin = tree.write("bin/openclaw", std::string("#!/usr/bin/env node\n") + kKeepAlive, 0755);
  ChildProcess run({bin, "--profile", "work", "gateway", "run", "--port=19001"});
  ChildProcess status({bin, "gateway", "status", "--json"});
  const auto run_process = wait_for_exec(run.pid(), "node");
  const auto status_process = wait_for_exec(status.pid(), "node");
  REQUIRE(run_process.argv.size() >= 2);
  CHECK(run_process.argv[1] == bin);

  const auto identity = proc::openclaw_gateway_identity(run_process);
  REQUIRE(identity);
  CHECK(identity->form == "cli");
  CHECK(identity->profile == "work");
  CHECK(identity->port == 19001);
  CHECK_FALSE(proc::is_openclaw_gateway(status_process));
}

TEST_CASE("gateway_processes lists the gateway with its listeners", "[proc][gateway][spawns-gateway]") {
  if (!have_node()) {
    WARN("node not installed; skipped");
    return;
  }
  TempDir tree;
  // A real listener on an ephemeral loopback port, reported back through a file.
  const std::string entry = tree.write(
      "lib/node_modules/openclaw/dist/index.js",
      "const net = require('net'); const fs = require('fs');\n"
      "const server = net.createServer(() => {});\n"
      "server.listen(0, '127.0.0.1', () => fs.writeFileSync(process.env.PORT_FILE, String(server.address().port)));\n");
  const std::string port_file = tree / "port";
  ChildProcess gateway({"node", entry, "gateway", "--port", "0"}, {{"PORT_FILE", port_file}});
  REQUIRE(wait_until([&] { return ::access(port_file.c_str(), R_OK) == 0; }));
  int port = 0;
  REQUIRE(wait_until([&] {
    std::ifstream in(port_file);
    return static_cast<bool>(in >> port) && port > 0;
  }));

  const auto all = proc::gateway_processes();
  const auto it = std::find_if(all.begin(), all.end(), [&](const auto& p) { return p["pid"] == gateway.pid(); });
  REQUIRE(it != all.end());
  REQUIRE((*it)["listening"].size() == 1);
  CHECK((*it)["listening"][0]["port"] == port);
  CHECK((*it)["listening"][0]["address"] == "127.0.0.1");
}

TEST_CASE("gateway identity of argv shapes", "[proc][gateway]") {
  using V = std::vector<std::string>;
  CHECK(proc::openclaw_gateway_identity(fake(V{"openclaw-gateway"}, "openclaw-gatewa"))->form == "retitled");
  CHECK(proc::openclaw_gateway_identity(fake(V{"openclaw-gateway      "}, "MainThread"))->form == "retitled");
  CHECK(proc::openclaw_gateway_identity(
            fake(V{"node", "openclaw.mjs", "gateway", "--allow-unconfigured"}, "node", "/app"))
            ->form == "node-entry");
  // docker-compose: `node dist/index.js gateway --bind lan --port 18789` in WORKDIR /app.
  const auto compose = proc::openclaw_gateway_identity(
      fake(V{"node", "dist/index.js", "gateway", "--bind", "lan", "--port", "18789"}, "MainThread", "/app"));
  REQUIRE(compose);
  CHECK(compose->bind == "lan");
  CHECK_FALSE(proc::openclaw_gateway_identity(fake(V{"node", "dist/index.js", "gateway"}, "node", "/srv/other")));
  CHECK(proc::openclaw_gateway_identity(
      fake(V{"/usr/bin/node", "-r", "preload.js", "/usr/lib/node_modules/openclaw/dist/index.js", "gateway"})));
  CHECK(proc::openclaw_gateway_identity(fake(V{"openclaw", "--dev", "gateway"}, "openclaw"))->profile == "dev");
  CHECK(proc::openclaw_gateway_identity(fake(V{"/usr/local/bin/openclaw", "gateway", "run", "--token", "x"})));
  CHECK_FALSE(proc::openclaw_gateway_identity(fake(V{"openclaw", "gateway", "stop"})));
  CHECK_FALSE(proc::openclaw_gateway_identity(fake(V{"openclaw", "status", "--all"})));
  CHECK_FALSE(proc::openclaw_gateway_identity(fake(V{"node", "/srv/app/server.js", "gateway"})));
  CHECK_FALSE(proc::openclaw_gateway_identity(fake(V{"vim", "openclaw/dist/index.js"})));
  CHECK_FALSE(proc::openclaw_gateway_identity(fake(V{}, "kworker/0:1")));
}

TEST_CASE("a bare openclaw title is the gateway only while it holds the gateway lifecycle lock",
          "[proc][gateway][spawns-gateway]") {
  if (!have_node()) {
    WARN("node not installed; skipped");
    return;
  }
  TempDir tree;
  // The real gateway's first seconds: titled a bare "openclaw" (as every CLI command is), the lifecycle lock
  // <tmp>/openclaw-state-locks-<uid>/gateway-lifecycle.<hash>.lock.sqlite held open.
  const std::string lock = tree / "gateway-lifecycle.4f816619.lock.sqlite";
  const std::string starting_script = tree.write(
      "starting.js",
      "process.title = 'openclaw';\nconst fd = require('fs').openSync(process.env.LOCK, 'w');\n"
      "require('fs').writeFileSync(process.env.LOCK + '.ready', '');\n" +
          std::string(kKeepAlive));
  const std::string cli_script = tree.write("cli.js", std::string("process.title = 'openclaw';\n") + kKeepAlive);
  ChildProcess starting({"node", starting_script}, {{"LOCK", lock}});
  ChildProcess cli({"node", cli_script});
  REQUIRE(wait_until([&] { return ::access((lock + ".ready").c_str(), R_OK) == 0; }));
  const auto cli_process = wait_for_exec(cli.pid(), "openclaw");
  CHECK_FALSE(proc::is_openclaw_gateway(cli_process));  // the title alone says nothing
  CHECK_FALSE(proc::title_window_identity(cli_process));

  const auto all = proc::gateway_processes();
  auto find = [&](int pid) {
    return std::find_if(all.begin(), all.end(), [&](const auto& p) { return p["pid"] == pid; });
  };
  const auto it = find(starting.pid());
  REQUIRE(it != all.end());
  CHECK((*it)["gateway"]["form"] == "title-window");
  CHECK(find(cli.pid()) == all.end());
}
