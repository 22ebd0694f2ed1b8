// Memory, uptime, cgroups and the kernel's OOM kills on this machine.
#include "proc/procfs.hpp"
#include "proc/system.hpp"

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>

namespace proc = clawbook::proc;

TEST_CASE("meminfo reports memory and swap in bytes", "[proc][system]") {
  const auto info = proc::meminfo();
  REQUIRE(info["ok"] == true);
  const auto total = info["total"].get<unsigned long long>();
  const auto available = info["available"].get<unsigned long long>();
  CHECK(total > 64ULL * 1024 * 1024);
  CHECK(available > 0);
  CHECK(available <= total);
  CHECK(info.contains("swap_total"));
  CHECK(info["swap_free"].get<unsigned long long>() <= info["swap_total"].get<unsigned long long>());
  // Same figure as sysconf's, which counts pages.
  const auto pages = static_cast<unsigned long long>(::sysconf(_SC_PHYS_PAGES));
  CHECK(total == pages * static_cast<unsigned long long>(::sysconf(_SC_PAGESIZE)));
}

TEST_CASE("uptime and boot time agree with the clock", "[proc][system]") {
  const auto up = proc::uptime();
  REQUIRE(up["ok"] == true);
  const double seconds = up["seconds"];
  const double boot = up["boot_time"];
  CHECK(seconds > 0);
  const double now = static_cast<double>(std::time(nullptr));
  // btime is whole seconds and uptime excludes suspend: allow a little slack.
  CHECK(std::abs(boot + seconds - now) < 5);
}

TEST_CASE("cgroup of this process and of a missing one", "[proc][system]") {
  const auto self = proc::cgroup(::getpid());
  REQUIRE(self["ok"] == true);
  CHECK(self["pid"] == ::getpid());
  CHECK(self.contains("kind"));
  CHECK(self["path"].get<std::string>().rfind("/", 0) == 0);
  const auto missing = proc::cgroup(999999999);
  CHECK(missing["ok"] == false);
  CHECK(missing["error"] == "not_found");
}

TEST_CASE("classify_cgroup recognises containers and systemd units", "[proc][system]") {
  const std::string id = "3f1c2b5a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a";
  SECTION("docker, cgroup v2 with the systemd driver") {
    const auto c = proc::classify_cgroup("0::/system.slice/docker-" + id + ".scope\n");
    CHECK(c["kind"] == "docker");
    CHECK(c["container_id"] == id);
    CHECK(c["version"] == 2);
  }
  SECTION("docker, cgroup v1 with the cgroupfs driver") {
    const auto c = proc::classify_cgroup("12:memory:/docker/" + id + "\n11:pids:/docker/" + id +
                                         "\n1:name=systemd:/docker/" + id + "\n0::/system.slice/containerd.service\n");
    CHECK(c["kind"] == "docker");
    CHECK(c["container_id"] == id);
  }
  SECTION("podman and kubernetes") {
    CHECK(proc::classify_cgroup("0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + id +
                                ".scope/container\n")["kind"] == "podman");
    const auto k8s = proc::classify_cgroup("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/"
                                           "cri-containerd-" + id + ".scope\n");
    CHECK(k8s["kind"] == "kubernetes");
    CHECK(k8s["runtime"] == "containerd");
    CHECK(k8s["container_id"] == id);
  }
  SECTION("systemd user and system units") {
    const auto user = proc::classify_cgroup(
        "0::/user.slice/user-1000.slice/user@1000.service/app.slice/openclaw-gateway.service\n");
    CHECK(user["kind"] == "systemd");
    CHECK(user["unit"] == "openclaw-gateway.service");
    CHECK(user["manager"] == "user");
    const auto system = proc::classify_cgroup("0::/system.slice/openclaw-gateway.service\n");
    CHECK(system["unit"] == "openclaw-gateway.service");
    CHECK(system["manager"] == "system");
    // v1 hybrid: the unit is in the name=systemd hierarchy.
    const auto hybrid = proc::classify_cgroup("4:memory:/system.slice/openclaw-gateway.service\n"
                                              "1:name=systemd:/system.slice/openclaw-gateway.service\n0::/\n");
    CHECK(hybrid["unit"] == "openclaw-gateway.service");
    const auto session = proc::classify_cgroup("0::/user.slice/user-1000.slice/session-3.scope\n");
    CHECK(session["unit"] == "session-3.scope");
  }
  SECTION("plain and malformed") {
    CHECK(proc::classify_cgroup("0::/\n")["kind"] == "plain");
    CHECK(proc::classify_cgroup("4:memory:/process_api/abc\n0::/\n")["kind"] == "plain");
    CHECK(proc::classify_cgroup("garbage without colons")["kind"] == "plain");
    CHECK(proc::classify_cgroup("")["kind"] == "plain");
    // A short hex tail is not a container id.
    CHECK(proc::classify_cgroup("0::/docker/abc\n")["kind"] == "plain");
  }
}

TEST_CASE("parse_oom_message reads the kernel's kill lines", "[proc][system]") {
  const auto global = proc::parse_oom_message(
      "Out of memory: Killed process 4242 (node) total-vm:1234567kB, anon-rss:812000kB, file-rss:0kB, "
      "shmem-rss:0kB, UID:1000 pgtables:2000kB oom_score_adj:0");
  REQUIRE(global.is_object());
  CHECK(global["pid"] == 4242);
  CHECK(global["comm"] == "node");
  CHECK(global["scope"] == "system");
  CHECK(global["anon_rss"] == 812000ULL * 1024);
  const auto memcg = proc::parse_oom_message("Memory cgroup out of memory: Killed process 77 (openclaw-gatewa) "
                                             "total-vm:100kB, anon-rss:90kB");
  CHECK(memcg["scope"] == "cgroup");
  CHECK(memcg["comm"] == "openclaw-gatewa");
  CHECK(proc::parse_oom_message("Out of memory: Kill process 9 (java) score 900 or sacrifice child")["pid"] == 9);
  CHECK(proc::parse_oom_message("oom_reaper: reaped process 4242 (node)").is_null());
  CHECK(proc::parse_oom_message("").is_null());
}

namespace {

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace

TEST_CASE("oom_kills finds a real OOM kill in a memory cgroup", "[proc][system][oom]") {
  // A child in a 32 MiB memory cgroup allocates until the kernel's OOM killer takes it.
  const auto first = proc::oom_kills();
  if (first["ok"] != true) {
    CHECK(first["error"] == "not_readable");
    CHECK_FALSE(first["message"].get<std::string>().empty());
    return;
  }
  const bool v1 = ::access("/sys/fs/cgroup/memory/cgroup.procs", W_OK) == 0;
  const bool v2 = ::access("/sys/fs/cgroup/cgroup.controllers", R_OK) == 0;
  const std::string root = v1 ? "/sys/fs/cgroup/memory" : "/sys/fs/cgroup";
  const std::string group = root + "/clawbook-oom-test-" + std::to_string(::getpid());
  if ((!v1 && !v2) || ::mkdir(group.c_str(), 0755) != 0) {
    WARN("cannot create a memory cgroup here; OOM kill test skipped");
    return;
  }
  const bool limited = v1 ? write_file(group + "/memory.limit_in_bytes", "33554432") &&
                                (::access((group + "/memory.memsw.limit_in_bytes").c_str(), W_OK) != 0 ||
                                 write_file(group + "/memory.memsw.limit_in_bytes", "33554432"))
                          : write_file(group + "/memory.max", "33554432") &&
                                (::access((group + "/memory.swap.max").c_str(), W_OK) != 0 ||
                                 write_file(group + "/memory.swap.max", "0"));
  if (!limited) {
    ::rmdir(group.c_str());
    WARN("cannot limit the memory cgroup; OOM kill test skipped");
    return;
  }
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::prctl(PR_SET_NAME, "clawbook-oom", 0, 0, 0);
    if (!write_file(group + "/cgroup.procs", std::to_string(::getpid()))) ::_exit(3);
    // mmap, not malloc: a sanitizer's allocator gives up with its own error before the kernel's OOM killer acts.
    for (int i = 0; i < 64; ++i) {
      void* block = ::mmap(nullptr, 16 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (block == MAP_FAILED) ::_exit(4);
      std::memset(block, 1, 16 << 20);
    }
    ::_exit(5);  // not killed: the limit did not hold
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ::rmdir(group.c_str());
  REQUIRE(WIFSIGNALED(status));
  REQUIRE(WTERMSIG(status) == SIGKILL);

  // The kernel writes the kill record as it kills; allow it a moment to reach the ring buffer.
  bool found = false;
  for (int attempt = 0; attempt < 50 && !found; ++attempt) {
    const auto kills = proc::oom_kills();
    REQUIRE(kills["ok"] == true);
    for (const auto& kill : kills["kills"]) {
      if (kill["pid"] != child) continue;
      found = true;
      CHECK(kill["comm"] == "clawbook-oom");
      CHECK(kill["scope"] == "cgroup");
      CHECK(std::abs(kill["time"].get<double>() - static_cast<double>(std::time(nullptr))) < 60);
    }
    if (!found) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(found);
}
