// The `action` module through the real binary, against real targets: lock files, a real process, a real JSON5
// config, an env file; systemd through a systemctl that replays a recorded session; prompts answered on a real
// pseudo-terminal. Dry runs must change nothing; --apply must change exactly what was shown, after a backup,
// with an audit line per action.
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

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
  std::vector<std::string> args{"run", CLAWBOOK_TESTS_DIR "/bindings/action/fixtures/act.lua", "--format", "json",
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
  CHECK(dry.result["command"] == "systemctl --user restart -- openclaw-gateway.service");
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
  const auto outcome = run_clawbook({"run", CLAWBOOK_TESTS_DIR "/bindings/action/fixtures/act.lua", "--yes", "-p", "fn=x", "-p", "opts={}"});
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
