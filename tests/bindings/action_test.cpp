// The `action` module through the real binary, against real targets: lock files, a real process, a real JSON5
// config, an env file; systemd through a systemctl that replays a recorded session; prompts answered on a real
// pseudo-terminal. Dry runs must change nothing; --apply must change exactly what was shown, after a backup,
// with an audit line per action.
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include "test_paths.hpp"

using clawbook::test::run_clawbook;
using clawbook::test::slurp;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Sandbox {
  fs::path dir;
  Sandbox() {
    char pattern[] = "/tmp/clawbook-action-XXXXXX";
    dir = mkdtemp(pattern);
  }
  ~Sandbox() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
  std::string path(const std::string& name) const { return (dir / name).string(); }
  std::vector<std::string> env() const {
    return {"CLAWBOOK_AUDIT_LOG=" + path("state/audit.jsonl"), "CLAWBOOK_BACKUP_DIR=" + path("state/backups"),
            "CLAWBOOK_TTY=" + path("no-terminal")};
  }
};

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

struct Acted {
  int code = -1;
  Json report;
  Json result;
  std::string text;
};

Acted act(const Sandbox& box, const std::string& fn, const Json& opts, std::vector<std::string> flags = {},
          std::vector<std::string> extra_env = {}, std::vector<std::string> params = {}) {
  std::vector<std::string> args{"run", std::string(CLAWBOOK_TESTS_DIR) + "/bindings/action/fixtures/act.lua", "--format", "json",
                                "-p", "fn=" + fn, "-p", "opts=" + opts.dump()};
  for (const auto& p : params) {
    args.push_back("-p");
    args.push_back(p);
  }
  args.insert(args.end(), flags.begin(), flags.end());
  auto env = box.env();
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  const auto outcome = run_clawbook(args, env);
  Acted acted;
  acted.code = outcome.code;
  acted.text = outcome.out + outcome.err;
  acted.report = Json::parse(outcome.out, nullptr, false);
  if (acted.report.is_object() && acted.report.contains("facts")) acted.result = acted.report["facts"].value("result", Json());
  return acted;
}

std::vector<Json> audit_lines(const Sandbox& box) {
  std::vector<Json> lines;
  std::ifstream in(box.path("state/audit.jsonl"));
  for (std::string line; std::getline(in, line);) lines.push_back(Json::parse(line));
  return lines;
}

int dead_pid() {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);
  return child;  // reaped: no process has this pid now (pids are not reused this fast)
}

// A real process to stop: `sleep 60`, our child.
pid_t spawn_sleep() {
  pid_t pid = 0;
  char sleep_path[] = "/bin/sleep";
  char seconds[] = "60";
  char* argv[] = {sleep_path, seconds, nullptr};
  posix_spawn(&pid, "/bin/sleep", nullptr, nullptr, argv, environ);
  return pid;
}

// A pseudo-terminal whose master side the test holds: answers are typed into it before the run.
struct Terminal {
  int master = -1;
  std::string slave;
  Terminal() {
    master = posix_openpt(O_RDWR | O_NOCTTY);
    grantpt(master);
    unlockpt(master);
    slave = ptsname(master);
  }
  ~Terminal() { ::close(master); }
  void type(const std::string& text) const { REQUIRE(::write(master, text.data(), text.size()) == static_cast<ssize_t>(text.size())); }
  // Reads what the run prints on the terminal until `text` appears (a prompt), or `seconds` pass.
  std::string wait_for(const std::string& text, double seconds = 20) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (seen.find(text) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd ready{master, POLLIN, 0};
      if (::poll(&ready, 1, 50) > 0) {
        char buffer[4096];
        const ssize_t n = ::read(master, buffer, sizeof buffer);
        if (n > 0) seen.append(buffer, static_cast<size_t>(n));
      }
    }
    return seen;
  }
  std::string seen;
  std::string screen() const {  // what the run printed on it (prompts, and the echo of what was typed)
    std::string out;
    char buffer[4096];
    const int flags = fcntl(master, F_GETFL);
    fcntl(master, F_SETFL, flags | O_NONBLOCK);
    ssize_t n = 0;
    while ((n = ::read(master, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<size_t>(n));
    return out;
  }
};

}  // namespace

TEST_CASE("action.remove_stale_lock: dry run, destructive gate, applied with backup and audit, refusals", "[action]") {
  Sandbox box;
  const std::string lock = box.path("gateway.deadbeef.lock");
  const int pid = dead_pid();
  const std::string content = "{\"pid\":" + std::to_string(pid) + ",\"createdAt\":\"2026-11-23T05:00:00Z\"}";
  write(lock, content);
  const Json opts = {{"path", lock}};

  SECTION("a dry run only says what it would do") {
    const auto dry = act(box, "remove_stale_lock", opts, {}, {}, {"check_path=" + lock});
    INFO(dry.text);
    CHECK(dry.result["status"] == "planned");
    CHECK(dry.result["applied"] == false);
    CHECK(dry.result["command"] == "rm -- " + lock);
    CHECK(dry.report["action_mode"] == "dry-run");
    CHECK(dry.report["actions"][0]["destructive"] == true);
    CHECK(fs::exists(lock));
    CHECK(slurp(lock) == content);
    CHECK_FALSE(fs::exists(box.path("state/audit.jsonl")));  // nothing applied, nothing audited
    CHECK_FALSE(fs::exists(box.path("state/backups")));
  }

  SECTION("--apply alone does not run a destructive action") {
    const auto skipped = act(box, "remove_stale_lock", opts, {"--apply", "--yes"});
    INFO(skipped.text);
    CHECK(skipped.result["status"] == "skipped");
    CHECK(skipped.result["reason"].get<std::string>().find("--allow-destructive") != std::string::npos);
    CHECK(fs::exists(lock));
  }

  SECTION("--apply --yes --allow-destructive: backed up, removed, audited, re-probed") {
    const auto done = act(box, "remove_stale_lock", opts, {"--apply", "--yes", "--allow-destructive"}, {},
                          {"check_path=" + lock});
    INFO(done.text);
    CHECK(done.result["status"] == "applied");
    CHECK(done.report["facts"]["exists_after"] == false);
    CHECK_FALSE(fs::exists(lock));
    const std::string backup = done.result["backup"];
    CHECK(slurp(backup + "/gateway.deadbeef.lock") == content);
    const auto audit = audit_lines(box);
    REQUIRE(audit.size() == 1);
    CHECK(audit[0]["runbook"] == "fixture.act");
    CHECK(audit[0]["runbook_version"] == "1.2.3");
    CHECK(audit[0]["action"] == "remove_stale_lock");
    CHECK(audit[0]["status"] == "applied");
    CHECK(audit[0]["backup"] == backup);
    CHECK(audit[0]["args"]["path"] == lock);
    CHECK(audit[0]["result"]["ok"] == true);
    CHECK(audit[0]["result"]["pid"] == pid);
    CHECK(audit[0].contains("time"));
    CHECK((fs::status(box.path("state/audit.jsonl")).permissions() & fs::perms::others_read) == fs::perms::none);
  }

  SECTION("a lock whose owner lives is refused, whatever the flags") {
    write(lock, "{\"pid\":" + std::to_string(getpid()) + "}");
    const auto refused = act(box, "remove_stale_lock", opts, {"--apply", "--yes", "--allow-destructive"});
    INFO(refused.text);
    CHECK(refused.result["status"] == "refused");
    CHECK(refused.result["ok"] == false);
    CHECK(refused.result["reason"].get<std::string>().find("owner is alive") != std::string::npos);
    CHECK(fs::exists(lock));
  }

  SECTION("a file that names no pid is refused") {
    write(lock, "not a lock\n");
    const auto refused = act(box, "remove_stale_lock", opts, {"--apply", "--yes", "--allow-destructive"});
    CHECK(refused.result["status"] == "refused");
    CHECK(fs::exists(lock));
  }
}

TEST_CASE("action prompts: confirmed, declined, typed confirmation, no terminal", "[action]") {
  Sandbox box;
  const std::string lock = box.path("gateway.pid");
  write(lock, std::to_string(dead_pid()) + "\n");
  const Json opts = {{"path", lock}};

  SECTION("no terminal and no --yes: declined, nothing changes") {
    const auto declined = act(box, "remove_stale_lock", opts, {"--apply", "--allow-destructive"});
    INFO(declined.text);
    CHECK(declined.result["status"] == "declined");
    CHECK(declined.result["reason"].get<std::string>().find("--yes") != std::string::npos);
    CHECK(fs::exists(lock));
    CHECK(audit_lines(box).size() == 1);  // an attempt under --apply is audited too
  }

  SECTION("a destructive action wants the word typed, not y") {
    Terminal terminal;
    terminal.type("y\n");
    const auto declined = act(box, "remove_stale_lock", opts, {"--apply", "--allow-destructive"},
                              {"CLAWBOOK_TTY=" + terminal.slave});
    INFO(declined.text);
    CHECK(declined.result["status"] == "declined");
    CHECK(terminal.screen().find("Type \"destroy\"") != std::string::npos);
    CHECK(fs::exists(lock));
  }

  SECTION("typing destroy carries it out") {
    Terminal terminal;
    terminal.type("destroy\n");
    const auto done = act(box, "remove_stale_lock", opts, {"--apply", "--allow-destructive"},
                          {"CLAWBOOK_TTY=" + terminal.slave});
    INFO(done.text);
    CHECK(done.result["status"] == "applied");
    CHECK(terminal.screen().find("rm -- " + lock) != std::string::npos);  // the exact command was shown
    CHECK_FALSE(fs::exists(lock));
  }
}

TEST_CASE("action.stop_process stops a real process, refuses one that is not what was expected", "[action]") {
  Sandbox box;
  const pid_t pid = spawn_sleep();
  REQUIRE(pid > 0);
  const auto refused = act(box, "stop_process", {{"pid", pid}, {"expect", "openclaw"}}, {"--apply", "--yes"});
  INFO(refused.text);
  CHECK(refused.result["status"] == "refused");
  CHECK(kill(pid, 0) == 0);

  const auto dry = act(box, "stop_process", {{"pid", pid}, {"expect", "sleep"}});
  CHECK(dry.result["status"] == "planned");
  CHECK(kill(pid, 0) == 0);

  const auto stopped = act(box, "stop_process", {{"pid", pid}, {"expect", "sleep"}, {"wait", 5}}, {"--apply", "--yes"},
                           {}, {"check_pid=" + std::to_string(pid)});
  INFO(stopped.text);
  CHECK(stopped.result["status"] == "applied");
  int status = 0;
  CHECK(waitpid(pid, &status, 0) == pid);  // it died of SIGTERM
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGTERM);
}

TEST_CASE("action.set_config edits a real JSON5 config and keeps its comments", "[action]") {
  Sandbox box;
  const std::string config = box.path("openclaw.json");
  const std::string original =
      "// my gateway\n{\n  gateway: {\n    port: 18789, // the default\n    /* mode was lost in the upgrade */\n"
      "    auth: { mode: 'token' },\n  },\n}\n";
  write(config, original);
  fs::permissions(config, fs::perms::owner_read | fs::perms::owner_write);
  const Json opts = {{"path", config}, {"key", "gateway.mode"}, {"value", "local"}};

  const auto dry = act(box, "set_config", opts);
  INFO(dry.text);
  CHECK(dry.result["status"] == "planned");
  CHECK(dry.result["diff"].get<std::string>().find("+") != std::string::npos);
  CHECK(dry.result["diff"].get<std::string>().find("mode: \"local\"") != std::string::npos);
  CHECK(slurp(config) == original);  // byte for byte

  const auto done = act(box, "set_config", opts, {"--apply", "--yes"});
  INFO(done.text);
  CHECK(done.result["status"] == "applied");
  const std::string edited = slurp(config);
  CHECK(edited.find("// my gateway") != std::string::npos);
  CHECK(edited.find("// the default") != std::string::npos);
  CHECK(edited.find("/* mode was lost in the upgrade */") != std::string::npos);
  CHECK(edited.find("mode: \"local\"") != std::string::npos);
  CHECK((fs::status(config).permissions() & fs::perms::group_read) == fs::perms::none);  // mode kept
  CHECK(slurp(done.result["backup"].get<std::string>() + "/openclaw.json") == original);

  const auto again = act(box, "set_config", opts, {"--apply", "--yes"});
  CHECK(again.result["status"] == "skipped");  // already so: resumable

  // Removing a key resets it to the default: destructive.
  const Json remove = {{"path", config}, {"key", "gateway.port"}, {"remove", true}};
  const auto gated = act(box, "set_config", remove, {"--apply", "--yes"});
  CHECK(gated.result["status"] == "skipped");
  CHECK(slurp(config).find("port: 18789") != std::string::npos);
  const auto removed = act(box, "set_config", remove, {"--apply", "--yes", "--allow-destructive"});
  INFO(removed.text);
  CHECK(removed.result["status"] == "applied");
  CHECK(slurp(config).find("port: 18789") == std::string::npos);
  CHECK(slurp(config).find("/* mode was lost in the upgrade */") != std::string::npos);

  write(config, "{ gateway: { mode: 'local', \n");  // broken JSON5: refused, not rewritten
  const auto refused = act(box, "set_config", opts, {"--apply", "--yes"});
  CHECK(refused.result["status"] == "refused");
  CHECK(slurp(config) == "{ gateway: { mode: 'local', \n");
}

TEST_CASE("action.pin_token writes the token, shows only its fingerprint", "[action]") {
  Sandbox box;
  const std::string env_file = box.path(".env");
  write(env_file, "# OpenClaw\nOPENCLAW_GATEWAY_TOKEN=stale-token-0000\nOTHER=1\n");
  const std::string token = "f00dfeedcafe4242f00dfeedcafe4242";
  const Json opts = {{"token", token}, {"env_file", env_file}};
  const auto dry = act(box, "pin_token", opts);
  INFO(dry.text);
  CHECK(dry.result["status"] == "planned");
  CHECK(dry.text.find(token) == std::string::npos);
  CHECK(slurp(env_file).find("stale-token-0000") != std::string::npos);

  const auto done = act(box, "pin_token", opts, {"--apply", "--yes"});
  INFO(done.text);
  CHECK(done.result["status"] == "applied");
  CHECK(done.text.find(token) == std::string::npos);
  CHECK(slurp(env_file) == "# OpenClaw\nOPENCLAW_GATEWAY_TOKEN=" + token + "\nOTHER=1\n");
  CHECK(slurp(box.path("state/audit.jsonl")).find(token) == std::string::npos);
  CHECK(slurp(box.path("state/audit.jsonl")).find("sha256:") != std::string::npos);
}

TEST_CASE("action.openclaw runs only the allowed commands", "[action]") {
  Sandbox box;
  const auto refused = act(box, "openclaw", {{"args", {"config", "set", "gateway.auth.mode", "none"}}}, {"--apply", "--yes"});
  INFO(refused.text);
  CHECK(refused.result["status"] == "refused");
  const auto foreground = act(box, "openclaw", {{"args", {"gateway", "run"}}}, {"--apply", "--yes"});
  CHECK(foreground.result["status"] == "refused");
  CHECK(foreground.result["reason"].get<std::string>().find("detach") != std::string::npos);
}

// systemctl's side of a recorded session: `show` answers what a real user manager printed (the capture), and
// every call is appended to a log, so the test sees exactly what clawbook asked systemd to do.
TEST_CASE("action.restart_unit through a recorded systemctl session", "[action]") {
  Sandbox box;
  fs::create_directories(box.path("bin"));
  const std::string capture = clawbook::test::fixture("fixtures/openclaw/captures/systemctl-user-show-openclaw-gateway.txt");
  write(box.path("bin/systemctl"),
        "#!/bin/sh\necho \"$*\" >> " + box.path("systemctl.calls") + "\n"
        "case \" $* \" in\n"
        "  *\" show \"*openclaw-gateway.service*) grep -E '^(LoadState|User|ActiveState)=' '" + capture + "' ;;\n"
        "  *\" show \"*) printf 'LoadState=not-found\\nActiveState=inactive\\n' ;;\n"
        "  *\" restart \"*) exit 0 ;;\n"
        "  *) exit 1 ;;\n"
        "esac\n");
  fs::permissions(box.path("bin/systemctl"), fs::perms::owner_all);
  const std::vector<std::string> path{"PATH=" + box.path("bin") + ":" + std::getenv("PATH")};

  const auto dry = act(box, "restart_unit", {{"unit", "openclaw-gateway.service"}}, {}, path);
  INFO(dry.text);
  CHECK(dry.result["status"] == "planned");
  // The exact program that would run, by its absolute path.
  CHECK(dry.result["command"] == box.path("bin/systemctl") + " --user restart -- openclaw-gateway.service");
  CHECK(dry.result["argv"] == Json::array({box.path("bin/systemctl"), "--user", "restart", "--", "openclaw-gateway.service"}));
  CHECK(slurp(box.path("systemctl.calls")).find("restart") == std::string::npos);

  const auto done = act(box, "restart_unit", {{"unit", "openclaw-gateway.service"}}, {"--apply", "--yes"}, path);
  INFO(done.text);
  CHECK(done.result["status"] == "applied");
  CHECK(slurp(box.path("systemctl.calls")).find("--user restart -- openclaw-gateway.service") != std::string::npos);

  const auto missing = act(box, "restart_unit", {{"unit", "nope.service"}}, {"--apply", "--yes"}, path);
  CHECK(missing.result["status"] == "refused");
  CHECK(missing.result["reason"].get<std::string>().find("no such user unit") != std::string::npos);
}

TEST_CASE("run flags: --yes and --allow-destructive need --apply", "[action]") {
  const auto outcome = run_clawbook({"run", std::string(CLAWBOOK_TESTS_DIR) + "/bindings/action/fixtures/act.lua", "--yes", "-p", "fn=x", "-p", "opts={}"});
  CHECK(outcome.code == 64);
  CHECK(outcome.err.find("--apply") != std::string::npos);
}

namespace {

// The private dockerd of scripts/peers/dockerd.sh (started if needed; left running for the other suites).
struct Dockerd {
  std::string socket;
  std::vector<std::string> created;
  static std::string script() { return std::string(CLAWBOOK_SOURCE_DIR) + "/scripts/peers/dockerd.sh"; }
  static std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    char buffer[4096];
    size_t n = 0;
    while (pipe && (n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    if (pipe) pclose(pipe);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }
  Dockerd() {
    if (std::system((script() + " status >/dev/null 2>&1").c_str()) != 0)
      std::system((script() + " install >/dev/null 2>&1").c_str());
    socket = run(script() + " start 2>/dev/null");
  }
  ~Dockerd() {
    for (const auto& name : created) run(script() + " docker -- rm -f -v " + name + " >/dev/null 2>&1");
  }
  std::string docker(const std::string& args) { return run(script() + " docker -- " + args + " 2>&1"); }
};

}  // namespace

TEST_CASE("action.restart_container and start_container against a real dockerd", "[real-docker][action]") {
  Dockerd daemon;
  REQUIRE_FALSE(daemon.socket.empty());
  Sandbox box;
  const std::string name = "clawbook-act-" + std::to_string(getpid());
  daemon.created = {name, name + "-twin"};
  daemon.docker("run -d --name " + name + " --network none clawbook-test/busybox:1 sleep 600");
  const std::string started_before = daemon.docker("inspect -f '{{.State.StartedAt}}' " + name);
  const std::vector<std::string> env{"DOCKER_HOST=unix://" + daemon.socket};

  const auto dry = act(box, "restart_container", {{"container", name}}, {}, env);
  INFO(dry.text);
  CHECK(dry.result["status"] == "planned");
  CHECK(dry.result["command"] == "docker restart " + name);
  CHECK(daemon.docker("inspect -f '{{.State.StartedAt}}' " + name) == started_before);

  const auto done = act(box, "restart_container", {{"container", name}}, {"--apply", "--yes"}, env);
  INFO(done.text);
  CHECK(done.result["status"] == "applied");
  CHECK(daemon.docker("inspect -f '{{.State.StartedAt}}' " + name) != started_before);
  CHECK(daemon.docker("inspect -f '{{.State.Running}}' " + name) == "true");

  // A prefix that two containers share is not a target.
  daemon.docker("create --name " + name + "-twin --network none clawbook-test/busybox:1 sleep 600");
  const auto ambiguous = act(box, "restart_container", {{"container", "clawbook-act"}}, {"--apply", "--yes"}, env);
  CHECK(ambiguous.result["status"] == "refused");

  daemon.docker("stop -t 1 " + name);
  const auto start = act(box, "start_container", {{"container", name}}, {"--apply", "--yes"}, env);
  INFO(start.text);
  CHECK(start.result["status"] == "applied");
  CHECK(daemon.docker("inspect -f '{{.State.Running}}' " + name) == "true");
  const auto again = act(box, "start_container", {{"container", name}}, {"--apply", "--yes"}, env);
  CHECK(again.result["status"] == "skipped");
  CHECK(audit_lines(box).size() == 4);
}

// --- What runs is what was approved (hardening) ---------------------------------------------------------------

namespace {

// An executable shell script that appends "$0 $*" to `calls` (and touches `marker` when given).
void write_program(const std::string& path, const std::string& calls, const std::string& marker = "") {
  write(path, "#!/bin/sh\necho \"$0 $*\" >> '" + calls + "'\n" + (marker.empty() ? "" : "touch '" + marker + "'\n"));
  fs::permissions(path, fs::perms::owner_all);
}

// Starts the act fixture with its prompt on `terminal` (no --yes), so the test can change the world while the
// question is open.
clawbook::test::Running act_at_prompt(const Sandbox& box, const Terminal& terminal, const std::string& fn,
                                      const Json& opts, std::vector<std::string> flags, std::vector<std::string> extra_env = {}) {
  std::vector<std::string> args{"run", std::string(CLAWBOOK_TESTS_DIR) + "/bindings/action/fixtures/act.lua", "--format", "json",
                                "-p", "fn=" + fn, "-p", "opts=" + opts.dump(), "--apply"};
  args.insert(args.end(), flags.begin(), flags.end());
  auto env = box.env();
  env.push_back("CLAWBOOK_TTY=" + terminal.slave);
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  return clawbook::test::Running(args, env);
}

Json result_of(const clawbook::test::Outcome& outcome) {
  const Json report = Json::parse(outcome.out, nullptr, false);
  if (!report.is_object() || !report.contains("facts")) return Json();
  return report["facts"].value("result", Json());
}

// A directory outside the fixture's "fs:/tmp" capability: what a swapped link must never reach.
struct Outside {
  fs::path dir;
  Outside() {
    char pattern[] = "/var/tmp/clawbook-outside-XXXXXX";
    dir = mkdtemp(pattern);
  }
  ~Outside() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
  std::string path(const std::string& name) const { return (dir / name).string(); }
};

}  // namespace

TEST_CASE("action options: every function refuses an option it does not know", "[action]") {
  Sandbox box;
  for (const char* fn : {"snapshot", "remove_stale_lock", "stop_process", "start_unit", "restart_unit", "start_container",
                         "restart_container", "set_config", "pin_token", "openclaw"}) {
    const auto outcome = act(box, fn, {{"bogus", 1}});
    INFO(fn << ": " << outcome.text);
    CHECK(outcome.code == 2);
    CHECK(outcome.text.find("unknown option 'bogus'") != std::string::npos);
  }
  CHECK_FALSE(fs::exists(box.path("state/audit.jsonl")));
}

TEST_CASE("action.openclaw runs the resolved OpenClaw CLI by its absolute path, never a program the runbook names",
          "[action]") {
  Sandbox box;
  fs::create_directories(box.path("bin"));
  const std::string cli = box.path("bin/openclaw");
  write_program(cli, box.path("openclaw.calls"));
  write_program(box.path("any-program"), box.path("any.calls"), box.path("any.ran"));
  const std::vector<std::string> path{"PATH=" + box.path("bin") + ":/usr/bin:/bin"};
  const Json restart = {{"args", {"gateway", "restart"}}};

  SECTION("an undocumented `bin` is an error, and that program never runs") {
    Json opts = restart;
    opts["bin"] = box.path("any-program");
    const auto outcome = act(box, "openclaw", opts, {"--apply", "--yes"}, path);
    INFO(outcome.text);
    CHECK(outcome.code == 2);
    CHECK(outcome.text.find("unknown option 'bin'") != std::string::npos);
    CHECK_FALSE(fs::exists(box.path("any.ran")));
    CHECK_FALSE(fs::exists(box.path("openclaw.calls")));
  }

  SECTION("the dry run, the result, the audit line and the run itself agree on the exact argv") {
    const auto dry = act(box, "openclaw", restart, {}, path);
    INFO(dry.text);
    CHECK(dry.result["status"] == "planned");
    CHECK(dry.result["command"] == cli + " gateway restart");
    CHECK(dry.result["argv"] == Json::array({cli, "gateway", "restart"}));
    CHECK_FALSE(fs::exists(box.path("openclaw.calls")));

    const auto done = act(box, "openclaw", restart, {"--apply", "--yes"}, path);
    INFO(done.text);
    CHECK(done.result["status"] == "applied");
    CHECK(slurp(box.path("openclaw.calls")) == cli + " gateway restart\n");
    const auto lines = audit_lines(box);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]["argv"] == Json::array({cli, "gateway", "restart"}));
  }

  SECTION("a CLI the user configured is the one that runs") {
    fs::create_directories(box.path("opt"));
    const std::string configured = box.path("opt/openclaw");
    write_program(configured, box.path("configured.calls"));
    auto env = path;
    env.push_back("CLAWBOOK_OPENCLAW_CLI=" + configured);
    const auto done = act(box, "openclaw", restart, {"--apply", "--yes"}, env);
    INFO(done.text);
    CHECK(done.result["argv"][0] == configured);
    CHECK(slurp(box.path("configured.calls")) == configured + " gateway restart\n");
    CHECK_FALSE(fs::exists(box.path("openclaw.calls")));
  }

  SECTION("the prompt shows the absolute path; a CLI replaced while the prompt waits does not run") {
    Terminal terminal;
    auto running = act_at_prompt(box, terminal, "openclaw", restart, {}, path);
    const std::string screen = terminal.wait_for("Apply? [y/N]");
    CHECK(screen.find(cli + " gateway restart") != std::string::npos);
    // Another program under the same name (a new file renamed over the old one).
    write_program(box.path("bin/.openclaw.new"), box.path("swapped.calls"), box.path("swapped.ran"));
    fs::rename(box.path("bin/.openclaw.new"), cli);
    terminal.type("y\n");
    const auto outcome = running.finish();
    INFO(outcome.out << outcome.err);
    CHECK(result_of(outcome)["status"] == "failed");
    CHECK(result_of(outcome)["reason"].get<std::string>().find("changed after the action was shown") != std::string::npos);
    CHECK_FALSE(fs::exists(box.path("swapped.ran")));
  }

  SECTION("backup paths pass the path policy like every other file") {
    Json opts = restart;
    opts["backup"] = {"/etc/shadow"};
    const auto outcome = act(box, "openclaw", opts, {}, path);
    INFO(outcome.text);
    CHECK(outcome.code == 2);
    CHECK(outcome.text.find("fs:") != std::string::npos);
  }
}

TEST_CASE("action file edits land on the file that was checked: a symlink swapped in during the prompt is refused",
          "[action]") {
  Sandbox box;
  Outside outside;
  const std::string victim = outside.path("victim.env");
  write(victim, "ROOT_ONLY=keep\n");
  const std::string token = "a1b2c3d4e5f6a7b8a1b2c3d4e5f6a7b8";
  fs::create_directories(box.path("conf"));

  SECTION("pin_token: the dotenv becomes a symlink to an outside file") {
    const std::string env_file = box.path("conf/.env");
    write(env_file, "OPENCLAW_GATEWAY_TOKEN=stale\n");
    Terminal terminal;
    auto running = act_at_prompt(box, terminal, "pin_token", {{"token", token}, {"env_file", env_file}}, {});
    terminal.wait_for("Apply? [y/N]");
    fs::remove(env_file);
    fs::create_symlink(victim, env_file);
    terminal.type("y\n");
    const auto outcome = running.finish();
    INFO(outcome.out << outcome.err);
    CHECK(result_of(outcome)["status"] == "failed");
    CHECK(slurp(victim) == "ROOT_ONLY=keep\n");
    CHECK(fs::is_symlink(env_file));
    CHECK(outcome.out.find(token) == std::string::npos);
  }

  SECTION("pin_token: the directory above the dotenv becomes a symlink to an outside directory") {
    const std::string env_file = box.path("conf/.env");
    write(env_file, "OPENCLAW_GATEWAY_TOKEN=stale\n");
    write(outside.path(".env"), "OPENCLAW_GATEWAY_TOKEN=stale\n");
    Terminal terminal;
    auto running = act_at_prompt(box, terminal, "pin_token", {{"token", token}, {"env_file", env_file}}, {});
    terminal.wait_for("Apply? [y/N]");
    fs::rename(box.path("conf"), box.path("conf.moved"));
    fs::create_directory_symlink(outside.dir, box.path("conf"));
    terminal.type("y\n");
    const auto outcome = running.finish();
    INFO(outcome.out << outcome.err);
    // The edit went to the directory that was checked (now conf.moved), never through the new link.
    CHECK(slurp(outside.path(".env")) == "OPENCLAW_GATEWAY_TOKEN=stale\n");
    CHECK(slurp(box.path("conf.moved/.env")).find(token) != std::string::npos);
  }

  SECTION("set_config: the config becomes a symlink to an outside file") {
    const std::string config = box.path("conf/openclaw.json");
    write(config, "{\n  // mine\n  gateway: { mode: \"remote\" },\n}\n");
    const std::string outside_config = outside.path("openclaw.json");
    write(outside_config, "{ gateway: { mode: \"remote\" } }\n");
    Terminal terminal;
    auto running =
        act_at_prompt(box, terminal, "set_config", {{"path", config}, {"key", "gateway.mode"}, {"value", "local"}}, {});
    terminal.wait_for("Apply? [y/N]");
    fs::remove(config);
    fs::create_symlink(outside_config, config);
    terminal.type("y\n");
    const auto outcome = running.finish();
    INFO(outcome.out << outcome.err);
    CHECK(result_of(outcome)["status"] == "failed");
    CHECK(slurp(outside_config) == "{ gateway: { mode: \"remote\" } }\n");
  }

  SECTION("set_config: a config edited by someone else while the prompt waits is not overwritten") {
    const std::string config = box.path("conf/openclaw.json");
    write(config, "{ gateway: { mode: \"remote\" } }\n");
    Terminal terminal;
    auto running =
        act_at_prompt(box, terminal, "set_config", {{"path", config}, {"key", "gateway.mode"}, {"value", "local"}}, {});
    terminal.wait_for("Apply? [y/N]");
    {
      std::ofstream edit(config, std::ios::app);  // the same inode, new content
      edit << "// edited meanwhile\n";
    }
    terminal.type("y\n");
    const auto outcome = running.finish();
    INFO(outcome.out << outcome.err);
    CHECK(result_of(outcome)["status"] == "failed");
    CHECK(result_of(outcome)["reason"].get<std::string>().find("edited after it was checked") != std::string::npos);
    CHECK(slurp(config) == "{ gateway: { mode: \"remote\" } }\n// edited meanwhile\n");
  }
}

TEST_CASE("action.remove_stale_lock removes only the lock it checked", "[action]") {
  Sandbox box;
  Outside outside;
  fs::create_directories(box.path("locks"));
  const std::string lock = box.path("locks/gateway.deadbeef.lock");
  const std::string content = "{\"pid\":" + std::to_string(dead_pid()) + "}";
  write(lock, content);
  write(outside.path("gateway.deadbeef.lock"), content);

  SECTION("the lock directory swapped for a link to an outside one: the outside lock stays") {
    Terminal terminal;
    auto running = act_at_prompt(box, terminal, "remove_stale_lock", {{"path", lock}}, {"--allow-destructive"});
    terminal.wait_for("Type \"destroy\"");
    fs::rename(box.path("locks"), box.path("locks.moved"));
    fs::create_directory_symlink(outside.dir, box.path("locks"));
    terminal.type("destroy\n");
    const auto outcome = running.finish();
    INFO(outcome.out << outcome.err);
    CHECK(fs::exists(outside.path("gateway.deadbeef.lock")));
    CHECK(slurp(outside.path("gateway.deadbeef.lock")) == content);
  }

  SECTION("a lock rewritten with no PID while the prompt waits is left in place") {
    Terminal terminal;
    auto running = act_at_prompt(box, terminal, "remove_stale_lock", {{"path", lock}}, {"--allow-destructive"});
    terminal.wait_for("Type \"destroy\"");
    {
      std::ofstream rewrite(lock, std::ios::trunc);  // the same inode: a new owner that wrote no PID yet
      rewrite << "{}";
    }
    terminal.type("destroy\n");
    const auto outcome = running.finish();
    INFO(outcome.out << outcome.err);
    CHECK(result_of(outcome)["status"] == "failed");
    CHECK(fs::exists(lock));
    CHECK(slurp(lock) == "{}");
  }

  SECTION("a lock replaced by a link while the prompt waits is left in place") {
    Terminal terminal;
    auto running = act_at_prompt(box, terminal, "remove_stale_lock", {{"path", lock}}, {"--allow-destructive"});
    terminal.wait_for("Type \"destroy\"");
    fs::remove(lock);
    fs::create_symlink(outside.path("gateway.deadbeef.lock"), lock);
    terminal.type("destroy\n");
    const auto outcome = running.finish();
    INFO(outcome.out << outcome.err);
    CHECK(result_of(outcome)["status"] == "failed");
    CHECK(fs::is_symlink(lock));
    CHECK(fs::exists(outside.path("gateway.deadbeef.lock")));
  }
}

TEST_CASE("no audit, no action: an unwritable audit log stops --apply", "[action]") {
  Sandbox box;
  const std::string env_file = box.path(".env");
  write(env_file, "OPENCLAW_GATEWAY_TOKEN=stale\n");
  write(box.path("not-a-dir"), "");
  const auto outcome = act(box, "pin_token", {{"token", "f00dfeedcafe4242f00dfeedcafe4242"}, {"env_file", env_file}},
                           {"--apply", "--yes"}, {"CLAWBOOK_AUDIT_LOG=" + box.path("not-a-dir/audit.jsonl")});
  INFO(outcome.text);
  CHECK(outcome.result["status"] == "refused");
  CHECK(outcome.result["reason"].get<std::string>().find("audit log") != std::string::npos);
  CHECK(slurp(env_file) == "OPENCLAW_GATEWAY_TOKEN=stale\n");
}
