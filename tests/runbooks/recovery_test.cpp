// openclaw.recovery against a real OpenClaw gateway (scripts/peers/openclaw.sh), from three broken states: a
// gateway killed with its lock left behind, a gateway stopped, and a client token that drifted from the
// gateway's. Each run uses --apply --yes (and --allow-destructive for the lock), must end healthy after the
// acceptance test, and must leave an audit line for every step it took. A dry run must change nothing.
#include "../bindings/gateway/real_gateway.hpp"
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>

using clawbook::test::run_clawbook;
using clawbook::test::slurp;
using gateway_test::RealGateway;
using Json = nlohmann::json;

namespace {

struct Recovery {
  int code = -1;
  Json report;
  std::string text;
  std::vector<std::string> findings;
  std::vector<Json> audit;
  std::optional<int> started_pid;  // a gateway the recovery started: the test stops it
};

// The gateway's environment, plus the openclaw CLI on PATH (a user's shell has it) and a private audit log.
std::vector<std::string> recovery_env(const RealGateway& gateway, const std::string& audit_dir) {
  std::vector<std::string> env = gateway.environment();
  const auto [status, bin] = gateway_test::run_command(gateway_test::peer_script() + " bin");
  const std::string bin_dir = std::filesystem::path(bin).parent_path().string();
  for (auto& entry : env)
    if (entry.rfind("PATH=", 0) == 0) entry = "PATH=" + bin_dir + ":" + entry.substr(5);
  env.push_back("CLAWBOOK_AUDIT_LOG=" + audit_dir + "/audit.jsonl");
  env.push_back("CLAWBOOK_BACKUP_DIR=" + audit_dir + "/backups");
  env.push_back("CLAWBOOK_TTY=" + audit_dir + "/no-terminal");
  return env;
}

Recovery recover(const RealGateway& gateway, const std::string& audit_dir, std::vector<std::string> flags) {
  std::vector<std::string> args{"run", "openclaw.recovery", "--format", "json", "--timeout", "150"};
  args.insert(args.end(), flags.begin(), flags.end());
  const auto outcome = run_clawbook(args, recovery_env(gateway, audit_dir));
  Recovery result;
  result.code = outcome.code;
  result.text = outcome.out + outcome.err;
  result.report = Json::parse(outcome.out, nullptr, false);
  if (result.report.is_object()) {
    for (const auto& f : result.report["findings"]) result.findings.push_back(f.value("id", ""));
    for (const auto& a : result.report.value("actions", Json::array()))
      if (a.value("action", "") == "openclaw" && a.value("status", "") == "applied" && a.contains("pid"))
        result.started_pid = a["pid"].get<int>();
  }
  std::ifstream in(audit_dir + "/audit.jsonl");
  for (std::string line; std::getline(in, line);) result.audit.push_back(Json::parse(line));
  return result;
}

bool audited(const Recovery& r, const std::string& action) {
  for (const auto& line : r.audit)
    if (line.value("action", "") == action && line.value("status", "") == "applied" &&
        line.value("runbook", "") == "openclaw.recovery")
      return true;
  return false;
}

// Stops the gateway the recovery started: it leads its own session, so the whole group goes.
void stop_started(const Recovery& r) {
  if (!r.started_pid) return;
  gateway_test::run_command(gateway_test::peer_script() + " stop " + std::to_string(*r.started_pid));
}

std::string temp_dir() {
  char pattern[] = "/tmp/clawbook-recovery-XXXXXX";
  return mkdtemp(pattern);
}

bool port_open(const RealGateway& gateway) {
  return std::system(("curl -fsS -o /dev/null --max-time 1 " + gateway.http_url() + "/healthz 2>/dev/null").c_str()) == 0;
}

}  // namespace

TEST_CASE("recovery on a real gateway: stopped (dry run first), then killed with its lock left", "[real-gateway][recovery]") {
  if (!gateway_test::real_gateway_installed()) {
    WARN("real OpenClaw gateway not installed (scripts/peers/openclaw.sh install): skipped");
    return;
  }
  RealGateway gateway;
  REQUIRE(gateway.start());
  REQUIRE(gateway.wait_ready(90));
  gateway.stop();

  const std::string audit_dir = temp_dir();
  // A dry run says what it would do and changes nothing.
  const auto dry = recover(gateway, audit_dir, {});
  INFO(dry.text);
  CHECK(dry.code == 1);
  CHECK(std::find(dry.findings.begin(), dry.findings.end(), "recovery.planned") != dry.findings.end());
  CHECK(dry.report["action_mode"] == "dry-run");
  CHECK_FALSE(dry.started_pid.has_value());
  CHECK(dry.audit.empty());
  CHECK_FALSE(port_open(gateway));

  // Stopped: started again as a plain process, verified, accepted.
  const auto stopped = recover(gateway, audit_dir, {"--apply", "--yes"});
  INFO(stopped.text);
  stop_started(stopped);
  CHECK(stopped.code == 0);
  CHECK(stopped.findings == std::vector<std::string>{"recovery.healthy"});
  CHECK(stopped.report["verdict"] == "healthy");
  CHECK(audited(stopped, "snapshot"));
  CHECK(audited(stopped, "openclaw"));
  CHECK(stopped.text.find(gateway.token()) == std::string::npos);

  // Killed: nothing listens and the lock names a dead pid. Removing it is destructive: backed up, then gone.
  REQUIRE(gateway.start());
  REQUIRE(gateway.wait_ready(90));
  gateway.kill_hard();
  const auto killed = recover(gateway, audit_dir, {"--apply", "--yes", "--allow-destructive"});
  INFO(killed.text);
  stop_started(killed);
  CHECK(killed.code == 0);
  CHECK(killed.findings == std::vector<std::string>{"recovery.healthy"});
  CHECK(audited(killed, "remove_stale_lock"));
  CHECK(audited(killed, "openclaw"));
  std::filesystem::remove_all(audit_dir);
}

TEST_CASE("recovery on a real gateway: a client token that drifted is pinned to the gateway's", "[real-gateway][recovery]") {
  if (!gateway_test::real_gateway_installed()) return;
  RealGateway gateway;
  // The gateway takes its token from its environment (as a service unit's Environment= gives it); the config
  // names none, and the client's dotenv holds an old one.
  std::ofstream(gateway.state_dir() / "openclaw.json")
      << "{ gateway: { mode: 'local', bind: 'loopback', port: " << gateway.port() << ", auth: { mode: 'token' } },\n"
      << "  discovery: { mdns: { mode: 'off' } }, models: { catalogRefresh: { enabled: false } },\n"
      << "  update: { checkOnStart: false }, logging: { file: '" << (gateway.state_dir() / "gateway.log").string() << "' } }\n";
  ::setenv("OPENCLAW_GATEWAY_TOKEN", gateway.token().c_str(), 1);
  const bool started = gateway.start("--keep-config");
  ::unsetenv("OPENCLAW_GATEWAY_TOKEN");
  REQUIRE(started);
  REQUIRE(gateway.wait_ready(90));
  const std::string stale = "0123456789abcdef0123456789abcdef";
  std::ofstream(gateway.state_dir() / ".env") << "# pinned long ago\nOPENCLAW_GATEWAY_TOKEN=" << stale << "\n";

  const std::string audit_dir = temp_dir();
  const auto drift = recover(gateway, audit_dir, {"--apply", "--yes"});
  INFO(drift.text);
  CHECK(drift.code == 0);
  CHECK(drift.findings == std::vector<std::string>{"recovery.healthy"});
  CHECK(audited(drift, "pin_token"));
  CHECK_FALSE(drift.started_pid.has_value());  // no restart was needed
  CHECK(slurp((gateway.state_dir() / ".env").string()).find("OPENCLAW_GATEWAY_TOKEN=" + gateway.token()) != std::string::npos);
  CHECK(drift.text.find(gateway.token()) == std::string::npos);
  CHECK(drift.text.find(stale) == std::string::npos);
  CHECK(slurp(audit_dir + "/audit.jsonl").find(gateway.token()) == std::string::npos);
  std::filesystem::remove_all(audit_dir);
}
