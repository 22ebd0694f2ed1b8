// The shipped triage against real faults on a real OpenClaw gateway (scripts/peers/openclaw.sh): each fault is
// made for real (a wrong token, a config the gateway refuses, a port held by another process, SIGKILL, a stale
// lock) and `clawbook run openclaw.triage`, with no params, must name the right finding first.
#include "../bindings/gateway/real_gateway.hpp"
#include "run_binary.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <fstream>
#include <set>
#include <thread>
#include <filesystem>

using clawbook::test::run_clawbook;
using gateway_test::RealGateway;

namespace {

struct Triage {
  int code = -1;
  std::string verdict;
  std::string first;  // the top finding's id, or empty
  std::vector<std::string> findings;
  std::vector<std::string> fixes;  // every fix line of every finding
  double seconds = 0;
  std::string text;  // the report, for failure messages
};

// Runs triage exactly as a user on the box would: the gateway's environment, no params (plus `extra`).
Triage triage(const RealGateway& gateway, std::vector<std::string> env_overrides = {},
              std::vector<std::string> extra = {}) {
  std::vector<std::string> env = gateway.environment();
  env.insert(env.end(), env_overrides.begin(), env_overrides.end());
  std::vector<std::string> args{"run", "openclaw.triage", "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto started = std::chrono::steady_clock::now();
  auto outcome = run_clawbook(args, env);
  Triage result;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  result.code = outcome.code;
  result.text = outcome.out + outcome.err;
  const auto report = nlohmann::json::parse(outcome.out, nullptr, false);
  if (report.is_discarded()) return result;
  result.verdict = report.value("verdict", "");
  for (const auto& finding : report["findings"]) {
    result.findings.push_back(finding.value("id", ""));
    if (finding.contains("fix") && finding["fix"].is_array())
      for (const auto& line : finding["fix"])
        if (line.is_string()) result.fixes.push_back(line.get<std::string>());
  }
  if (!result.findings.empty()) result.first = result.findings.front();
  return result;
}

void write_config(const RealGateway& gateway, const std::string& text) {
  std::ofstream(gateway.state_dir() / "openclaw.json") << text;
}

std::string base_config(const RealGateway& gateway, const std::string& gateway_fields) {
  return "{ gateway: { " + gateway_fields + " port: " + std::to_string(gateway.port()) +
         " },\n  discovery: { mdns: { mode: 'off' } }, update: { checkOnStart: false },\n  logging: { file: '" +
         (gateway.state_dir() / "gateway.log").string() + "' } }\n";
}

bool one_of(const std::string& id, std::set<std::string> ids) { return ids.count(id) == 1; }

}  // namespace

TEST_CASE("triage on a real gateway: healthy, wrong token, no token, stopped, killed", "[real-gateway][faults]") {
  if (!gateway_test::real_gateway_installed()) {
    WARN("real OpenClaw gateway not installed (scripts/peers/openclaw.sh install): skipped");
    return;
  }
  RealGateway gateway;
  REQUIRE(gateway.start());
  REQUIRE(gateway.wait_ready(90));

  const auto healthy = triage(gateway);
  INFO(healthy.text);
  CHECK(healthy.verdict == "healthy");
  CHECK(healthy.code == 0);
  WARN("healthy triage took " << healthy.seconds << " s");

  // A stale token exported in the client's shell: the client sends it and the gateway refuses it.
  const auto wrong = triage(gateway, {"OPENCLAW_GATEWAY_TOKEN=0123456789abcdef0123456789abcdef"});
  INFO(wrong.text);
  CHECK(one_of(wrong.first, {"auth.token-mismatch", "auth.token-drift"}));
  CHECK(wrong.code == 1);
  CHECK(wrong.text.find("0123456789abcdef0123456789abcdef") == std::string::npos);  // secrets never leak
  CHECK(wrong.text.find(gateway.token()) == std::string::npos);

  // A client with no token at all: its own state dir has no config, and the target is given.
  char pattern[] = "/tmp/clawbook-no-token-XXXXXX";
  const std::string empty_state = mkdtemp(pattern);
  const auto missing = triage(
      gateway, {"OPENCLAW_STATE_DIR=" + empty_state, "OPENCLAW_CONFIG_PATH=" + empty_state + "/openclaw.json"},
      {"--param", "target=" + gateway.http_url()});
  std::filesystem::remove_all(empty_state);
  INFO(missing.text);
  CHECK(one_of(missing.first, {"auth.token-missing", "auth.device-identity-required"}));

  // SIGKILL: nothing listens any more, and the lock the gateway held is left behind.
  gateway.kill_hard();
  const auto killed = triage(gateway);
  INFO(killed.text);
  CHECK(one_of(killed.first, {"gateway.not-running", "gateway.stale-lock", "gateway.crashed"}));
  CHECK(killed.code == 1);
  CHECK(killed.seconds < 2.0);  // a refused port gives the verdict at once
}

TEST_CASE("triage on a real gateway: stopped, stale pid file, probed during startup", "[real-gateway][faults]") {
  if (!gateway_test::real_gateway_installed()) return;
  RealGateway gateway;
  REQUIRE(gateway.start());

  // Straight after the start the gateway is not ready yet (it needs 10 s or more). Known gap: about 0.3 s in,
  // OpenClaw retitles the process to a bare "openclaw" (the title every CLI command takes) until it becomes
  // "openclaw-gateway" some 11 s later, and proc.gateway_processes cannot yet tell that process from, say,
  // `openclaw logs --follow`: a probe in that window says not-running. Strict only when the triage finished
  // before the retitle (always in the release build, rarely under ASan, which is slower).
  const auto starting = triage(gateway);
  INFO(starting.text);
  std::string title = gateway.pid() ? clawbook::test::slurp("/proc/" + std::to_string(*gateway.pid()) + "/cmdline")
                                    : "";
  while (!title.empty() && title.back() == '\0') title.pop_back();  // a new title is padded with NULs
  const bool retitled = title == "openclaw";
  if (retitled) CHECK(one_of(starting.first, {"gateway.starting", "gateway.not-running"}));
  else CHECK(starting.first == "gateway.starting");

  REQUIRE(gateway.wait_ready(90));
  gateway.stop();
  const auto stopped = triage(gateway);
  INFO(stopped.text);
  CHECK(stopped.first == "gateway.not-running");
  CHECK(stopped.verdict == "problems");
  // This machine runs no service manager (PID 1 is not systemd): `openclaw gateway start` cannot work here, so no
  // fix may offer it, and service.no-manager says how to run the gateway instead.
  if (clawbook::test::slurp("/proc/1/comm").rfind("systemd", 0) != 0) {
    CHECK(std::find(stopped.findings.begin(), stopped.findings.end(), "service.no-manager") != stopped.findings.end());
    for (const auto& line : stopped.fixes) {
      INFO(line);
      CHECK(line.rfind("openclaw gateway start", 0) != 0);
    }
  }

  // The seeds' ~/.openclaw/gateway.pid naming a process that is gone.
  std::ofstream(gateway.state_dir() / "gateway.pid") << "999999\n";
  const auto stale = triage(gateway);
  INFO(stale.text);
  CHECK(std::find(stale.findings.begin(), stale.findings.end(), "gateway.stale-lock") != stale.findings.end());
}

TEST_CASE("triage on a real gateway whose start is refused by its config", "[real-gateway][faults]") {
  if (!gateway_test::real_gateway_installed()) return;
  struct Fault {
    const char* name;
    std::string (*config)(const RealGateway&);
    const char* first;
  };
  const Fault faults[] = {
      {"gateway.mode unset",
       [](const RealGateway& g) {
         return base_config(g, "bind: 'loopback', auth: { mode: 'token', token: 'x" + g.token() + "' },");
       },
       "gateway.mode-unset"},
      {"bind lan without auth",
       [](const RealGateway& g) { return base_config(g, "mode: 'local', bind: 'lan', auth: { mode: 'token' },"); },
       "gateway.bind-without-auth"},
      {"JSON5 syntax error",
       [](const RealGateway& g) { return base_config(g, "mode: 'local', bind: 'loopback' auth: { mode: 'token' },"); },
       "config.invalid"},
  };
  for (const auto& fault : faults) {
    SECTION(fault.name) {
      RealGateway gateway;
      write_config(gateway, fault.config(gateway));
      REQUIRE(gateway.start("--keep-config"));
      gateway.wait_exit(60);  // refused at start: it exits (or, if it stays up, triage still reads the config)
      const auto result = triage(gateway);
      INFO(fault.name << "\n" << result.text);
      CHECK(result.first == fault.first);
      CHECK(result.code == 1);
    }
  }
}

TEST_CASE("triage names the process that holds the gateway port", "[real-gateway][faults]") {
  if (!gateway_test::real_gateway_installed()) return;
  RealGateway gateway;  // never started: this test's own socket holds its port
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor holder(
      io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), gateway.port()));
  write_config(gateway, base_config(gateway, "mode: 'local', bind: 'loopback', auth: { mode: 'token', token: '" +
                                                 gateway.token() + "' },"));
  const auto result = triage(gateway);
  INFO(result.text);
  CHECK(result.first == "gateway.port-conflict");
  CHECK(result.text.find(std::to_string(::getpid())) != std::string::npos);  // the owner's pid is evidence
}

TEST_CASE("triage names a SIGSTOPped gateway as hung, with its pid, within 3 s", "[real-gateway][faults][timed]") {
  if (!gateway_test::real_gateway_installed()) return;
  RealGateway gateway;
  REQUIRE(gateway.start());
  REQUIRE(gateway.wait_ready(90));
  REQUIRE(gateway.pid());
  const int pid = *gateway.pid();
  // The kernel still accepts TCP on the port (the listen backlog), but nothing answers.
  REQUIRE(::kill(pid, SIGSTOP) == 0);
  const auto hung = triage(gateway);
  ::kill(pid, SIGCONT);
  INFO(hung.text);
  CHECK(hung.first == "gateway.hung");
  CHECK(hung.text.find(std::to_string(pid)) != std::string::npos);
  CHECK(hung.code == 1);
  CHECK(hung.seconds < 3.0);
  WARN("SIGSTOPped gateway: verdict in " << hung.seconds << " s");
}

TEST_CASE("triage in the gateway's title window says starting, not not-running", "[real-gateway][faults]") {
  if (!gateway_test::real_gateway_installed()) return;
  RealGateway gateway;
  REQUIRE(gateway.start());
  REQUIRE(gateway.pid());
  const std::string proc_dir = "/proc/" + std::to_string(*gateway.pid());
  // Wait for the window: titled a bare "openclaw" (as any CLI command) and holding the lifecycle lock.
  auto in_window = [&] {
    std::string title = clawbook::test::slurp(proc_dir + "/cmdline");
    while (!title.empty() && title.back() == '\0') title.pop_back();
    if (title != "openclaw") return false;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(proc_dir + "/fd", ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code link_error;
      if (std::filesystem::read_symlink(it->path(), link_error).filename().string().rfind("gateway-lifecycle.", 0) == 0)
        return true;
    }
    return false;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  bool window = false;
  while (!(window = in_window()) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (!window) {
    WARN("the gateway left its title window before it could be probed: skipped");
    return;
  }
  const auto starting = triage(gateway);
  INFO(starting.text);
  CHECK(starting.first == "gateway.starting");
  CHECK(std::find(starting.findings.begin(), starting.findings.end(), "gateway.not-running") ==
        starting.findings.end());
}

TEST_CASE("a session lock left by a killed process and an unset ${VAR} in the config are named",
          "[real-gateway][faults]") {
  if (!gateway_test::real_gateway_installed()) return;
  RealGateway gateway;
  REQUIRE(gateway.start());
  REQUIRE(gateway.wait_ready(90));

  // A process that held a session lock and was killed: its pid is dead, the lock stays.
  const pid_t holder = ::fork();
  REQUIRE(holder >= 0);
  if (holder == 0) {
    ::pause();
    ::_exit(0);
  }
  ::kill(holder, SIGKILL);
  ::waitpid(holder, nullptr, 0);
  const auto sessions = gateway.state_dir() / "agents" / "main" / "sessions";
  std::filesystem::create_directories(sessions);
  std::ofstream(sessions / "0b9d3c1e-5f1a-4c2e-9a77-3e1f2d4c5b6a.jsonl.lock")
      << "{\"pid\": " << holder << ", \"createdAt\": \"2026-11-22T21:40:00.000Z\"}\n";
  const auto locked = triage(gateway);
  INFO(locked.text);
  CHECK(locked.first == "session.stale-lock");
  CHECK(locked.text.find(std::to_string(holder)) != std::string::npos);
  std::filesystem::remove_all(gateway.state_dir() / "agents");

  // The config now takes its token from a variable the running gateway's environment lacks: named by
  // openclaw.config before any restart, and the real gateway refuses to start with it.
  write_config(gateway, base_config(gateway,
                                    "mode: 'local', bind: 'loopback', auth: { mode: 'token', token: "
                                    "'${CLAWBOOK_TEST_UNSET_TOKEN}' },"));
  std::vector<std::string> env = gateway.environment();
  auto config_run = run_clawbook({"run", "openclaw.config", "--format", "json"}, env);
  const auto report = nlohmann::json::parse(config_run.out, nullptr, false);
  INFO(config_run.out + config_run.err);
  REQUIRE_FALSE(report.is_discarded());
  std::set<std::string> ids;
  for (const auto& finding : report["findings"]) ids.insert(finding.value("id", ""));
  CHECK(ids.count("config.unresolved-env") == 1);

  // The real gateway (2026.9.6) confirms it: it starts, warns that the variable is unset and makes up a token
  // for this start only, which no client has (older releases refused to start: MissingEnvVarError).
  gateway.stop();
  REQUIRE(gateway.start("--keep-config"));
  gateway.wait_ready(90);
  const std::string said = clawbook::test::slurp((gateway.state_dir() / "gateway.err").string()) +
                           clawbook::test::slurp((gateway.state_dir() / "gateway.out").string());
  CHECK(said.find("env var \"CLAWBOOK_TEST_UNSET_TOKEN\"") != std::string::npos);
}

// Two real gateways on one host, each with its own state dir and port (as two OpenClaw profiles run them): triage
// of one judges that one only and names the other as context; with it killed, the other is no duplicate and no
// "wrong port", and its log lines are not this one's.
TEST_CASE("triage with two real gateways of two state dirs judges only its own", "[real-gateway][faults]") {
  if (!gateway_test::real_gateway_installed()) {
    WARN("real OpenClaw gateway not installed (scripts/peers/openclaw.sh install): skipped");
    return;
  }
  RealGateway own;
  RealGateway other;
  REQUIRE(own.start());
  REQUIRE(other.start());
  REQUIRE(own.wait_ready(90));
  REQUIRE(other.wait_ready(90));

  const auto healthy = triage(own);
  INFO(healthy.text);
  CHECK(healthy.verdict == "healthy");
  CHECK(healthy.code == 0);
  CHECK(std::find(healthy.findings.begin(), healthy.findings.end(), "gateway.duplicate-instance") ==
        healthy.findings.end());
  CHECK(healthy.text.find(other.state_dir().string()) != std::string::npos);  // named as context
  CHECK(healthy.text.find(other.token()) == std::string::npos);
  WARN("healthy triage with a second gateway took " << healthy.seconds << " s");

  own.kill_hard();
  const auto down = triage(own);
  INFO(down.text);
  CHECK(one_of(down.first, {"gateway.not-running", "gateway.stale-lock", "gateway.crashed"}));
  for (const char* wrong : {"gateway.duplicate-instance", "gateway.wrong-port", "gateway.port-conflict"})
    CHECK(std::find(down.findings.begin(), down.findings.end(), wrong) == down.findings.end());
  WARN("down triage with another profile's gateway running took " << down.seconds << " s");
}
