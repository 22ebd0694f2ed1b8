// The process table against real processes this test starts.
#include "bindings/proc/child_process.hpp"
#include "clawbook/fingerprint.hpp"
#include "proc/process.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <memory>

using clawbook::testing::ChildProcess;
using clawbook::testing::wait_until;
namespace proc = clawbook::proc;

namespace {

// A sleep whose argument is unique to this test run, so filters can find exactly this child.
std::vector<std::string> unique_sleep() { return {"sleep", "3000." + std::to_string(::getpid())}; }

bool contains_pid(const std::vector<proc::Process>& processes, int pid) {
  return std::any_of(processes.begin(), processes.end(), [pid](const proc::Process& p) { return p.pid == pid; });
}

}  // namespace

TEST_CASE("proc::get reads this process from /proc", "[proc]") {
  const auto self = proc::get(::getpid());
  REQUIRE(self);
  CHECK(self->pid == ::getpid());
  CHECK(self->ppid == ::getppid());
  CHECK(self->uid == ::geteuid());
  CHECK(self->state == 'R');
  CHECK(self->rss_bytes > 0);
  REQUIRE(self->exe);
  CHECK(self->exe->find("tests") != std::string::npos);
  REQUIRE_FALSE(self->argv.empty());
  char cwd[4096];
  REQUIRE(::getcwd(cwd, sizeof cwd) != nullptr);
  CHECK(self->cwd == std::string(cwd));
  // Started after boot and before now.
  CHECK(self->start_time > 1.0e9);
  CHECK(self->start_time <= static_cast<double>(std::time(nullptr)) + 1);
  if (::geteuid() == 0) CHECK(self->user == "root");

  const auto json = proc::to_json(*self);
  CHECK(json["pid"] == ::getpid());
  CHECK(json["state"] == "R");
  CHECK(json["argv"].is_array());
}

TEST_CASE("proc::get of a pid that does not exist", "[proc]") {
  CHECK_FALSE(proc::get(0));
  CHECK_FALSE(proc::get(-5));
  CHECK_FALSE(proc::get(999999999));
}

TEST_CASE("proc::list filters by name, cmdline, regex and user", "[proc]") {
  ChildProcess child(unique_sleep());
  const std::string marker = unique_sleep()[1];
  REQUIRE(wait_for_exec(child));

  SECTION("no filter lists user processes, not kernel threads") {
    const auto all = proc::list();
    CHECK(contains_pid(all, child.pid()));
    CHECK(contains_pid(all, ::getpid()));
    CHECK(std::none_of(all.begin(), all.end(), [](const proc::Process& p) { return p.kernel_thread; }));
    proc::ListFilter with_kernel;
    with_kernel.include_kernel_threads = true;
    CHECK(proc::list(with_kernel).size() >= all.size());
  }
  SECTION("name matches comm") {
    proc::ListFilter filter;
    filter.name = "sleep";
    const auto found = proc::list(filter);
    CHECK(contains_pid(found, child.pid()));
    CHECK(std::all_of(found.begin(), found.end(), [](const proc::Process& p) { return p.comm == "sleep"; }));
  }
  SECTION("cmdline is a plain substring") {
    proc::ListFilter filter;
    filter.cmdline = marker;
    const auto found = proc::list(filter);
    REQUIRE(found.size() == 1);
    CHECK(found[0].pid == child.pid());
    CHECK(found[0].ppid == ::getpid());
    CHECK(found[0].argv == unique_sleep());
    CHECK(proc::joined_cmdline(found[0]) == "sleep " + marker);
    REQUIRE(found[0].exe);
    CHECK(found[0].exe->find("sleep") != std::string::npos);
    // A substring with regex metacharacters is taken literally.
    filter.cmdline = "3000.*";
    CHECK(proc::list(filter).empty());
  }
  SECTION("cmdline_regex is an RE2 regex") {
    proc::ListFilter filter;
    filter.cmdline_regex = std::make_shared<const re2::RE2>("^sleep 3000\\." + std::to_string(::getpid()) + "$");
    const auto found = proc::list(filter);
    REQUIRE(found.size() == 1);
    CHECK(found[0].pid == child.pid());
  }
  SECTION("user by name or uid; an unknown user matches nothing") {
    proc::ListFilter filter;
    filter.cmdline = marker;
    filter.user = std::to_string(::geteuid());
    CHECK(proc::list(filter).size() == 1);
    if (::geteuid() == 0) {
      filter.user = "root";
      CHECK(proc::list(filter).size() == 1);
    }
    filter.user = "no-such-user-clawbook";
    CHECK(proc::list(filter).empty());
    filter.user = std::to_string(::geteuid() + 4242);
    CHECK(proc::list(filter).empty());
  }
  SECTION("children of this process") {
    CHECK(contains_pid(proc::children(::getpid()), child.pid()));
    CHECK(proc::children(child.pid()).empty());
  }
}

TEST_CASE("proc::liveness: alive, zombie, then dead", "[proc]") {
  ChildProcess child(unique_sleep());
  CHECK(proc::liveness(child.pid()) == proc::Liveness::alive);
  CHECK(proc::liveness(1) == proc::Liveness::alive);  // EPERM or success: pid 1 always exists
  child.kill_only();
  REQUIRE(wait_until([&] { return proc::liveness(child.pid()) == proc::Liveness::zombie; }));
  CHECK(proc::get(child.pid())->state == 'Z');
  child.reap();
  CHECK(proc::liveness(child.pid()) == proc::Liveness::dead);
  CHECK(std::string(proc::to_string(proc::Liveness::zombie)) == "zombie");
  CHECK(proc::liveness(0) == proc::Liveness::dead);
}

TEST_CASE("proc::env_fingerprints never returns a value", "[proc]") {
  const std::string secret = "s3cret-token-for-env-test";
  ChildProcess child(unique_sleep(), {{"CLAWBOOK_TEST_TOKEN", secret}, {"CLAWBOOK_TEST_EMPTY", ""}});
  // The environment is in place once exec has finished.
  REQUIRE(wait_for_exec(child));
  const auto result = proc::env_fingerprints(child.pid(),
                                             {"CLAWBOOK_TEST_TOKEN", "CLAWBOOK_TEST_EMPTY", "CLAWBOOK_TEST_UNSET"});
  REQUIRE(result["ok"] == true);
  CHECK(result["vars"]["CLAWBOOK_TEST_TOKEN"]["set"] == true);
  CHECK(result["vars"]["CLAWBOOK_TEST_TOKEN"]["fingerprint"] == clawbook::fingerprint(secret));
  CHECK(result["vars"]["CLAWBOOK_TEST_EMPTY"]["set"] == true);
  CHECK(result["vars"]["CLAWBOOK_TEST_UNSET"]["set"] == false);
  CHECK(result.dump().find(secret) == std::string::npos);

  child.stop();
  const auto gone = proc::env_fingerprints(child.pid(), {"CLAWBOOK_TEST_TOKEN"});
  CHECK(gone["ok"] == false);
  CHECK(gone["error"] == "not_found");
}

TEST_CASE("proc::env_fingerprints reports permission denied as a result", "[proc]") {
  if (::geteuid() != 0) {
    // Unprivileged: another user's process (pid 1 belongs to root) is already out of reach.
    const auto result = proc::env_fingerprints(1, {"PATH"});
    CHECK(result["ok"] == false);
    CHECK(result["error"] == "permission_denied");
    return;
  }
  // As root, drop to `nobody` in a forked child and read this (root) process's environment from there.
  const int parent = ::getpid();
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(pipe_fds[0]);
    std::string verdict = "setuid-failed";
    if (::setgid(65534) == 0 && ::setuid(65534) == 0) {
      const auto result = proc::env_fingerprints(parent, {"PATH"});
      verdict = result.value("error", std::string("ok"));
    }
    (void)!::write(pipe_fds[1], verdict.data(), verdict.size());
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  char buffer[64] = {};
  const ssize_t got = ::read(pipe_fds[0], buffer, sizeof buffer - 1);
  ::close(pipe_fds[0]);
  ::waitpid(child, nullptr, 0);
  REQUIRE(got > 0);
  CHECK(std::string(buffer, static_cast<size_t>(got)) == "permission_denied");
}
