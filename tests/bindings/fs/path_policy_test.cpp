// The fs path policy: resolution of `..` and symlinks, pattern matching, defaults from the environment.
#include "fs/path_policy.hpp"

#include "bindings/fs/temp_tree.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>

namespace {

using clawbook::fs::PathDenied;
using clawbook::fs::PathPolicy;
using clawbook::fs::testing::ScopedEnv;
using clawbook::fs::testing::TempTree;
namespace fs = clawbook::fs;

std::string denial_of(const PathPolicy& policy, const std::string& path) {
  try {
    return "allowed: " + policy.require(path);
  } catch (const PathDenied& denied) {
    return denied.what();
  }
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

TEST_CASE("fs resolve_path resolves .., symlinks and missing tails", "[policy][fs]") {
  TempTree tree;
  const std::string root = std::filesystem::canonical(tree.root()).string();
  CHECK(fs::resolve_path("/proc/../etc/shadow") == "/etc/shadow");
  CHECK(fs::resolve_path("/proc/self/status") == "/proc/" + std::to_string(::getpid()) + "/status");
  CHECK(fs::resolve_path("//etc///./hostname") == "/etc/hostname");
  CHECK(fs::resolve_path("/") == "/");

  tree.write("real/openclaw.json", "{}");
  std::filesystem::create_symlink(tree.path("real"), tree.path("state"));
  CHECK(fs::resolve_path(tree.path("state/openclaw.json")) == root + "/real/openclaw.json");
  // Missing parts are normalised lexically after the longest existing ancestor is resolved.
  CHECK(fs::resolve_path(tree.path("state/missing/new.json")) == root + "/real/missing/new.json");
  const std::string above_root = std::filesystem::path(root).parent_path().string();
  CHECK(fs::resolve_path(tree.path("state/missing/../../../etc")) == above_root + "/etc");
  CHECK(fs::resolve_path("/nonexistent-dir/../../etc/passwd") == "/etc/passwd");

  const std::string cwd = std::filesystem::current_path().string();
  CHECK(fs::resolve_path("relative-missing") == std::filesystem::canonical(cwd).string() + "/relative-missing");
  CHECK(fs::resolve_path("") == "");
}

TEST_CASE("fs policy allows paths under a pattern and nothing beside it", "[policy][fs]") {
  const PathPolicy policy({"/tmp/openclaw*", "/proc", "/etc/nginx"});
  CHECK(policy.allows_resolved("/tmp/openclaw"));
  CHECK(policy.allows_resolved("/tmp/openclaw/openclaw-2026-01-01.log"));
  CHECK(policy.allows_resolved("/tmp/openclaw-0/gateway.1a2b3c4d.lock"));
  CHECK_FALSE(policy.allows_resolved("/tmp/other/openclaw"));
  CHECK_FALSE(policy.allows_resolved("/tmp"));
  CHECK(policy.allows_resolved("/etc/nginx"));
  CHECK(policy.allows_resolved("/etc/nginx/sites-enabled/default"));
  CHECK_FALSE(policy.allows_resolved("/etc/nginx-old/x"));
  CHECK_FALSE(policy.allows_resolved("/etc/passwd"));
  CHECK_FALSE(policy.allows_resolved("/"));
  CHECK_FALSE(policy.allows_resolved("relative/path"));
  CHECK(policy.allows_resolved("/proc/1/status"));
  // Never another process's environment, even under an allowed /proc.
  CHECK_FALSE(policy.allows_resolved("/proc/1/environ"));
  CHECK_FALSE(policy.allows_resolved("/proc/1/task/1/environ"));
  CHECK(PathPolicy({"/"}).allows_resolved("/etc/passwd"));
}

TEST_CASE("fs policy judges the resolved path and names the capability to add", "[policy][fs]") {
  TempTree tree;
  const std::string root = std::filesystem::canonical(tree.root()).string();
  tree.write("state/openclaw.json", "{}");
  std::filesystem::create_symlink("/etc/hostname", tree.path("state/escape"));
  const PathPolicy policy({tree.path("state"), "/proc"});

  CHECK(policy.require(tree.path("state/openclaw.json")) == root + "/state/openclaw.json");
  CHECK(policy.require(tree.path("state/not-yet.json")) == root + "/state/not-yet.json");
  CHECK(denial_of(policy, "/proc/../etc/shadow") ==
        "'/proc/../etc/shadow' (resolves to '/etc/shadow') is outside the paths this runbook may read; declare "
        "the capability \"fs:/etc/shadow\" to allow it");
  CHECK(denial_of(policy, tree.path("state/escape")) ==
        "'" + tree.path("state/escape") +
            "' (resolves to '/etc/hostname') is outside the paths this runbook may "
            "read; declare the capability \"fs:/etc/hostname\" to allow it");
  CHECK(denial_of(policy, "/etc/passwd") ==
        "'/etc/passwd' is outside the paths this runbook may read; declare the capability \"fs:/etc/passwd\" to "
        "allow it");
  CHECK(denial_of(policy, "/proc/self/environ")
            .ends_with("is never readable through fs: it holds another process's secrets; use proc.env_fingerprints"));
  CHECK(denial_of(policy, "/proc/self/status").starts_with("allowed: /proc/"));
}

TEST_CASE("fs policy follows a symlinked allowed directory", "[policy][fs]") {
  TempTree tree;
  tree.write("data/openclaw/openclaw.json", "{}");
  tree.mkdir("home");
  std::filesystem::create_symlink(tree.path("data/openclaw"), tree.path("home/.openclaw"));
  // Allowed as ~/.openclaw, the files really live under data/openclaw: the resolved alias is allowed too.
  const PathPolicy policy({tree.path("home/.openclaw")});
  CHECK(denial_of(policy, tree.path("home/.openclaw/openclaw.json")).starts_with("allowed: "));
  CHECK(denial_of(policy, tree.path("data/other")).find("is outside") != std::string::npos);
}

TEST_CASE("fs default patterns come from the OpenClaw environment", "[policy][fs]") {
  TempTree tree;
  const ScopedEnv home("HOME", tree.path("home"));
  const ScopedEnv openclaw_home("OPENCLAW_HOME", tree.path("oc-home"));
  const ScopedEnv state("OPENCLAW_STATE_DIR", tree.path("state"));
  const ScopedEnv config("OPENCLAW_CONFIG_PATH", tree.path("etc/openclaw.json"));
  const ScopedEnv tmpdir("TMPDIR", tree.path("tmp"));
  const auto patterns = fs::default_patterns();
  for (const auto& expected :
       {tree.path("state"), tree.path("home/.openclaw"), tree.path("home/.openclaw-*"), tree.path("home/.clawdbot"),
        tree.path("home/.config/systemd/user"), tree.path("oc-home/.openclaw"), tree.path("etc/openclaw.json"),
        tree.path("etc/openclaw.json*"), std::string("/tmp/openclaw*"), tree.path("tmp/openclaw*"),
        std::string("/proc"), std::string("/etc/nginx"), std::string("/etc/apache2"), std::string("/etc/httpd"),
        std::string("/etc/caddy"), std::string("/etc/systemd/system")}) {
    INFO(expected);
    CHECK(contains(patterns, expected));
  }

  const PathPolicy policy = PathPolicy::for_capabilities({"fs", "net", "fs:" + tree.path("logs")});
  // Traefik's and cloudflared's configs, never the keys beside them.
  for (const auto& path : {"/etc/traefik/traefik.yml", "/etc/traefik/dynamic/openclaw.yaml",
                           "/etc/traefik/traefik.toml", "/etc/cloudflared/config.yml"}) {
    INFO(path);
    CHECK(policy.allows_resolved(path));
  }
  for (const auto& path : {"/etc/traefik/acme.json", "/etc/cloudflared/cert.pem", "/etc/cloudflared/0f1e.json"}) {
    INFO(path);
    CHECK_FALSE(policy.allows_resolved(path));
  }
  for (const auto& allowed :
       {"home/.openclaw/openclaw.json", "home/.openclaw-work/openclaw.json", "state/x.json", "etc/openclaw.json",
        "etc/openclaw.json.bak.1", "etc/openclaw.json.clobbered.1", "tmp/openclaw-0/gateway.lock", "logs/today.log",
        "home/.config/systemd/user/x", "home/.cloudflared/config.yml", "home/.cloudflared/config.yaml"}) {
    INFO(allowed);
    CHECK(policy.allows_resolved(fs::resolve_path(tree.path(allowed))));
  }
  for (const auto& denied : {"home/.ssh/id_ed25519", "etc/other.json", "tmp/other", "home/.openclawx",
                             "home/.cloudflared/0f1e2d3c.json", "home/.cloudflared/cert.pem"}) {
    INFO(denied);
    CHECK_FALSE(policy.allows_resolved(fs::resolve_path(tree.path(denied))));
  }
}

TEST_CASE("fs capability patterns and ~ expansion", "[policy][fs]") {
  const ScopedEnv home("HOME", "/home/claw");
  CHECK(fs::expand_home("~") == "/home/claw");
  CHECK(fs::expand_home("~/.openclaw") == "/home/claw/.openclaw");
  CHECK(fs::expand_home("/x/~") == "/x/~");
  CHECK(fs::expand_home("~other/x") == "~other/x");
  CHECK(fs::capability_patterns({"fs", "fs:/var/log/openclaw", "net", "fs:~/logs/*.log", "fs:"}) ==
        std::vector<std::string>{"/var/log/openclaw", "/home/claw/logs/*.log"});
  // A literal directory with glob characters in its name matches only itself.
  const ScopedEnv weird_home("HOME", "/home/[x]");
  const PathPolicy policy(fs::default_patterns());
  CHECK(policy.allows_resolved("/home/[x]/.openclaw/openclaw.json"));
  CHECK_FALSE(policy.allows_resolved("/home/x/.openclaw/openclaw.json"));
}

TEST_CASE("fs policy refuses /proc fd links of deleted files, memfds and pipes, and dangling links", "[policy][fs]") {
  TempTree tree;
  const PathPolicy policy({tree.path("state"), "/proc"});
  const auto refused = [&](const std::string& path) {
    INFO(path);
    CHECK(fs::resolve_path(path).empty());
    CHECK(denial_of(policy, path).find("cannot be resolved") != std::string::npos);
  };
  // A deleted file still open: realpath fails on its "(deleted)" target, the lexical /proc/PID/fd/N would pass.
  tree.write("outside/secret.txt", "planted-secret");
  const int deleted = ::open(tree.path("outside/secret.txt").c_str(), O_RDONLY);
  REQUIRE(deleted >= 0);
  std::filesystem::remove(tree.path("outside/secret.txt"));
  refused("/proc/self/fd/" + std::to_string(deleted));
  refused("/proc/" + std::to_string(::getpid()) + "/fd/" + std::to_string(deleted));
  const int memfd = ::memfd_create("clawbook-test", 0);
  REQUIRE(memfd >= 0);
  refused("/proc/self/fd/" + std::to_string(memfd));
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  refused("/proc/self/fd/" + std::to_string(pipe_fds[0]));
  // A dangling link inside an allowed directory: where it will lead is unknown.
  tree.write("state/openclaw.json", "{}");
  std::filesystem::create_symlink(tree.path("nowhere/x"), tree.path("state/dangling"));
  refused(tree.path("state/dangling"));
  // An fd of a file that exists is judged by the file.
  const int open_file = ::open(tree.path("state/openclaw.json").c_str(), O_RDONLY);
  CHECK(denial_of(policy, "/proc/self/fd/" + std::to_string(open_file)).starts_with("allowed: "));
  for (const int fd : {deleted, memfd, pipe_fds[0], pipe_fds[1], open_file}) ::close(fd);
}
