// The safety net's pieces on their own: diffs shown in dry runs, PIDs read from locks, backups, the audit log.
#include "action/safety.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace action = clawbook::action;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct TempDir {
  fs::path path;
  TempDir() {
    char pattern[] = "/tmp/clawbook-safety-XXXXXX";
    path = mkdtemp(pattern);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

}  // namespace

TEST_CASE("unified_diff: hunks with context, headers, nothing for equal text", "[action]") {
  CHECK(action::unified_diff("a\nb\n", "a\nb\n", "x").empty());
  const std::string before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
  const std::string after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n";
  const std::string diff = action::unified_diff(before, after, "/etc/x.json");
  CHECK(diff.rfind("--- /etc/x.json\n+++ /etc/x.json (after)\n", 0) == 0);
  CHECK(diff.find("@@ -2,9 +2,10 @@\n 2\n 3\n 4\n-5\n+five\n 6\n") != std::string::npos);
  CHECK(diff.find("+11\n") != std::string::npos);
  CHECK(diff.find(" 1\n") == std::string::npos);  // outside the context
  // A new file: every line added.
  CHECK(action::unified_diff("", "A=1\n", "f").find("@@ -0,0 +1,1 @@\n+A=1\n") != std::string::npos);
}

TEST_CASE("pid_in_lock: OpenClaw's JSON lock, a PID file, and what is neither", "[action]") {
  CHECK(action::pid_in_lock("{\"pid\":4242,\"createdAt\":\"2026-11-23T05:00:00Z\",\"configPath\":\"/x\"}") == 4242);
  CHECK(action::pid_in_lock("  815\n") == 815);
  CHECK_FALSE(action::pid_in_lock("").has_value());
  CHECK_FALSE(action::pid_in_lock("{\"pid\":\"4242\"}").has_value());
  CHECK_FALSE(action::pid_in_lock("{\"pid\":-1}").has_value());
  CHECK_FALSE(action::pid_in_lock("12 34").has_value());
  CHECK_FALSE(action::pid_in_lock("0").has_value());
  CHECK_FALSE(action::pid_in_lock("99999999999").has_value());
}

TEST_CASE("process_alive: this process lives, a reaped child does not", "[action]") {
  CHECK(action::process_alive(getpid()));
  const pid_t child = fork();
  if (child == 0) _exit(0);
  int status = 0;
  waitpid(child, &status, 0);
  CHECK_FALSE(action::process_alive(child));
  CHECK_FALSE(action::process_alive(0));
}

TEST_CASE("back_up: a private timestamped folder, copies with their modes, missing files skipped", "[action]") {
  TempDir dir;
  const fs::path config = dir.path / "openclaw.json";
  std::ofstream(config) << "{ gateway: {} }\n";
  fs::permissions(config, fs::perms::owner_read | fs::perms::owner_write);
  std::string error;
  const auto folder = action::back_up((dir.path / "backups").string(), "set_config",
                                      {{config.string(), std::nullopt, 0}, {(dir.path / "missing").string(), std::nullopt, 0}},
                                      error);
  REQUIRE(folder.has_value());
  CHECK(error.empty());
  CHECK(slurp(fs::path(*folder) / "openclaw.json") == "{ gateway: {} }\n");
  CHECK((fs::status(fs::path(*folder) / "openclaw.json").permissions() & fs::perms::group_read) == fs::perms::none);
  CHECK((fs::status(*folder).permissions() & fs::perms::others_all) == fs::perms::none);
  CHECK(fs::path(*folder).filename().string().find("-set_config") != std::string::npos);
  // A second backup in the same second gets its own folder.
  const auto second = action::back_up((dir.path / "backups").string(), "set_config", {{config.string(), std::nullopt, 0}}, error);
  REQUIRE(second.has_value());
  CHECK(*second != *folder);
  // Content the action already checked is what gets backed up, not what the path holds now.
  const auto checked = action::back_up((dir.path / "backups").string(), "pin_token", {{config.string(), "as checked\n", 0600}}, error);
  REQUIRE(checked.has_value());
  CHECK(slurp(fs::path(*checked) / "openclaw.json") == "as checked\n");
  // A link is never followed into a backup.
  fs::create_symlink(config, dir.path / "link.json");
  CHECK_FALSE(action::back_up((dir.path / "backups").string(), "x", {{(dir.path / "link.json").string(), std::nullopt, 0}}, error));
  CHECK(error.find("symbolic link") != std::string::npos);
}

TEST_CASE("audit_log_problem: an audit log that cannot be opened is named", "[action]") {
  TempDir dir;
  CHECK(action::audit_log_problem((dir.path / "state" / "audit.jsonl").string()).empty());
  std::ofstream(dir.path / "file") << "";
  CHECK_FALSE(action::audit_log_problem((dir.path / "file" / "audit.jsonl").string()).empty());
  fs::create_symlink(dir.path / "elsewhere.jsonl", dir.path / "link.jsonl");
  CHECK_FALSE(action::audit_log_problem((dir.path / "link.jsonl").string()).empty());
}

TEST_CASE("append_audit_line: one JSON line each, private file", "[action]") {
  TempDir dir;
  const fs::path log = dir.path / "state" / "audit.jsonl";
  CHECK(action::append_audit_line(log.string(), {{"action", "a"}}).empty());
  CHECK(action::append_audit_line(log.string(), {{"action", "b"}}).empty());
  CHECK(slurp(log) == "{\"action\":\"a\"}\n{\"action\":\"b\"}\n");
  CHECK((fs::status(log).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
  CHECK_FALSE(action::append_audit_line("/proc/clawbook-no/audit.jsonl", {{"action", "c"}}).empty());
}
