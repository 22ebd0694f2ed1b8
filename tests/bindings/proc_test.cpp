// Lua-level tests of the `proc` module, through the clawbook binary, against sockets and processes this test
// starts.
#include "bindings/proc/child_process.hpp"
#include "bindings/proc/run_binary.hpp"
#include "run_binary.hpp"
#include "clawbook/fingerprint.hpp"
#include "proc/process.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace clawbook::testing;

namespace {

int listen_loopback(int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  REQUIRE(fd >= 0);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), length) == 0);
  REQUIRE(::listen(fd, 4) == 0);
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  port = ntohs(address.sin_port);
  return fd;
}

}  // namespace

TEST_CASE("proc.listeners names the process listening on a port", "[lua][proc]") {
  TempDir dir;
  int port = 0;
  const int fd = listen_loopback(port);
  const auto run = run_runbook(dir, "listeners",
                               runbook_with("\"proc\"", "port = { type = \"number\" }",
                                            "step:evidence(\"listeners\", proc.listeners{ port = params.port })\n"
                                            "step:evidence(\"none\", proc.listeners{ port = 1 })"),
                               {{"port", std::to_string(port)}});
  ::close(fd);
  INFO(run.output);
  const auto listeners = evidence(run, "check", "listeners");
  REQUIRE(listeners.is_array());
  REQUIRE(listeners.size() == 1);
  CHECK(listeners[0]["port"] == port);
  CHECK(listeners[0]["address"] == "127.0.0.1");
  CHECK(listeners[0]["loopback"] == true);
  CHECK(listeners[0]["pids"][0] == ::getpid());
  const auto none = evidence(run, "check", "none");
  CHECK((none.is_null() || none.empty()));
}

TEST_CASE("proc.get, alive, list and env_fingerprints from Lua", "[lua][proc]") {
  TempDir dir;
  const std::string secret = "lua-level-secret-value";
  ChildProcess child({"sleep", "3000." + std::to_string(::getpid())}, {{"CLAWBOOK_LUA_TOKEN", secret}});
  REQUIRE(wait_for_exec(child));
  const auto run = run_runbook(
      dir, "process",
      runbook_with("\"proc\"", "pid = { type = \"number\" }, marker = { type = \"string\" }",
                   "local p = proc.get(params.pid)\n"
                   "step:evidence(\"comm\", p.comm)\n"
                   "local alive, state = proc.alive(params.pid)\n"
                   "step:evidence(\"alive\", alive)\n"
                   "step:evidence(\"state\", state)\n"
                   "local missing, message = proc.get(999999999)\n"
                   "step:evidence(\"missing\", message)\n"
                   "step:evidence(\"count\", #proc.list{ name = \"sleep\", cmdline = params.marker })\n"
                   "step:evidence(\"env\", proc.env_fingerprints(params.pid, { \"CLAWBOOK_LUA_TOKEN\", \"NOPE\" }))\n"
                   "step:evidence(\"mem\", proc.meminfo().total > 0)"),
      {{"pid", std::to_string(child.pid())}, {"marker", "3000." + std::to_string(::getpid())}});
  INFO(run.output);
  CHECK(evidence(run, "check", "comm") == "sleep");
  CHECK(evidence(run, "check", "alive") == true);
  CHECK(evidence(run, "check", "state") == "alive");
  CHECK(evidence(run, "check", "missing") == "no such process: 999999999");
  CHECK(evidence(run, "check", "count") == 1);
  const auto env = evidence(run, "check", "env");
  CHECK(env["vars"]["CLAWBOOK_LUA_TOKEN"]["fingerprint"] == clawbook::fingerprint(secret));
  CHECK(env["vars"]["NOPE"]["set"] == false);
  CHECK(evidence(run, "check", "mem") == true);
  CHECK(run.output.find(secret) == std::string::npos);
}

TEST_CASE("proc without the capability, and misuse, raise errors", "[lua][proc]") {
  TempDir dir;
  const auto undeclared = run_runbook(dir, "undeclared", runbook_with("", "", "proc.list{}"));
  CHECK(undeclared.output.find("capability 'proc'") != std::string::npos);
  const auto bad_regex = run_runbook(dir, "regex", runbook_with("\"proc\"", "", "proc.list{ cmdline_regex = \"(\" }"));
  CHECK(bad_regex.output.find("bad cmdline_regex") != std::string::npos);
  const auto bad_pid = run_runbook(dir, "pid", runbook_with("\"proc\"", "", "proc.alive(-3)"));
  CHECK(bad_pid.output.find("positive pid expected") != std::string::npos);
}

TEST_CASE("proc.list cmdline_regex on a 100 kB command line: RE2, no recursion, no crash", "[lua][proc]") {
  TempDir dir;
  const std::string marker = "3001." + std::to_string(::getpid());
  // sleep adds up its arguments: 3001.PID + 000...001 (100 kB of zeros) seconds.
  ChildProcess child({"sleep", marker, std::string(100000, '0') + "1"});
  REQUIRE(wait_for_exec(child));
  // std::regex recursed once per repetition of the group and overflowed the stack on this line.
  const auto run = run_runbook(dir, "long-cmdline",
                               runbook_with("\"proc\"", "marker = { type = \"string\" }",
                                            "step:evidence(\"count\", #proc.list{ name = \"sleep\", cmdline_regex = "
                                            "\"sleep \" .. params.marker:gsub('%.', '\\\\.') .. \" (0)*1$\" })"),
                               {{"marker", marker}});
  INFO(run.output);
  CHECK(evidence(run, "check", "count") == 1);
}

TEST_CASE("proc registers credentials on a command line: argv secrets show only as fingerprints",
          "[lua][proc][secrets]") {
  TempDir dir;
  const std::string token = "argv-token-5f0c2d9e8b7a";
  const std::string api_key = "argv-apikey-1c2d3e4f5a";
  const std::string marker = "clawbook-argv-" + std::to_string(::getpid());
  // sh's own argv keeps the flags; it waits on a FIFO nobody writes (no child process to leave behind).
  const std::string fifo = dir.path() + "/wait.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  ChildProcess child({"sh", "-c", "read x < \"$1\"", marker, fifo, "--token", token, "--api-key=" + api_key});
  REQUIRE(wait_for_exec(child));
  const auto run = run_runbook(dir, "argv",
                               runbook_with("\"proc\"", "pid = { type = \"integer\" }",
                                            "local ps = { proc.get(params.pid) }\n"
                                            "step:evidence('argv', ps[1].argv)\n"
                                            "step:evidence('cmdline', ps[1].cmdline)\n"
                                            "step:evidence('got_value', ps[1].argv[7] == '" +
                                                token +
                                                "')\n"
                                                "step:evidence(ps[1].argv[7], 'as a key')\n"
                                                "step:evidence('fix', 'openclaw gateway --token ' .. ps[1].argv[7])"),
                               {{"pid", std::to_string(child.pid())}});
  INFO(run.output);
  CHECK(evidence(run, "check", "got_value") == true);  // the runbook itself sees the real value
  CHECK(run.output.find(token) == std::string::npos);
  CHECK(run.output.find(api_key) == std::string::npos);
  CHECK(run.output.find(clawbook::fingerprint(token)) != std::string::npos);
}

TEST_CASE("proc.list by cmdline never lists clawbook's own process", "[lua][proc]") {
  TempDir dir;
  const std::string marker = "3002." + std::to_string(::getpid());
  ChildProcess child({"sleep", marker});
  REQUIRE(wait_for_exec(child));
  const std::string file = dir.write(
      "self.lua", runbook_with("\"proc\"", "marker = { type = \"string\" }",
                               "local pids, comms = {}, {}\n"
                               "for _, p in ipairs(proc.list{ cmdline = params.marker }) do\n"
                               "  pids[#pids + 1] = p.pid; comms[#comms + 1] = p.comm\n"
                               "end\n"
                               "step:evidence(\"pids\", pids)\n"
                               "step:evidence(\"comms\", comms)\n"
                               "step:evidence(\"regex\", #proc.list{ cmdline_regex = params.marker })"));
  // Spawned without a shell, so the only processes whose command line holds the marker are the sleep and
  // clawbook itself (its `-p marker=...`).
  const auto outcome = clawbook::test::run_clawbook({"run", file, "-p", "marker=" + marker, "--format", "json"});
  INFO(outcome.out << outcome.err);
  REQUIRE(outcome.code == 0);
  const auto report = nlohmann::json::parse(outcome.out);
  const auto& evidence = report["steps"][0]["evidence"];
  CHECK(evidence["pids"] == nlohmann::json::array({child.pid()}));
  CHECK(evidence["comms"] == nlohmann::json::array({"sleep"}));
  CHECK(evidence["regex"] == 1);
}
