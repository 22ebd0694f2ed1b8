// Lua-level tests of the `sys` module through the clawbook binary, against this machine's own statvfs, /proc/sys,
// user database and dpkg database.
#include "bindings/proc/run_binary.hpp"

#include <catch2/catch.hpp>

#include <sys/statvfs.h>
#include <unistd.h>

#include <filesystem>

using namespace clawbook::testing;

TEST_CASE("sys.disk, os, sysctl, user, group and mounts report this machine", "[lua][sys]") {
  TempDir dir;
  const auto run = run_runbook(
      dir, "sys",
      runbook_with("\"sys\"", "dir = { type = \"string\" }",
                   "step:evidence(\"disk\", sys.disk(params.dir))\n"
                   "step:evidence(\"missing\", sys.disk(params.dir .. \"/none\"))\n"
                   "step:evidence(\"os\", sys.os())\n"
                   "step:evidence(\"ostype\", sys.sysctl(\"kernel.ostype\"))\n"
                   "step:evidence(\"slashes\", sys.sysctl(\"kernel/ostype\").value)\n"
                   "step:evidence(\"nosysctl\", sys.sysctl(\"kernel.clawbook_none\"))\n"
                   "step:evidence(\"group_sysctl\", sys.sysctl(\"kernel\").error)\n"
                   "local ok, err = pcall(sys.sysctl, \"../../etc/passwd\")\n"
                   "step:evidence(\"escape\", err)\n"
                   "step:evidence(\"root\", sys.user(\"root\"))\n"
                   "step:evidence(\"nobody\", sys.user(\"clawbook-no-such-user\"))\n"
                   "step:evidence(\"group\", sys.group(\"root\"))\n"
                   "local root_mount = false\n"
                   "for _, m in ipairs(sys.mounts().mounts) do if m.target == \"/\" then root_mount = true end end\n"
                   "step:evidence(\"root_mount\", root_mount)"),
      {{"dir", dir.path()}});
  INFO(run.output);
  struct statvfs info {};
  REQUIRE(::statvfs(dir.path().c_str(), &info) == 0);
  const auto disk = evidence(run, "check", "disk");
  CHECK(disk["ok"] == true);
  CHECK(disk["total_bytes"] == static_cast<long long>(info.f_blocks * info.f_frsize));
  CHECK(disk["inodes_total"] == static_cast<long long>(info.f_files));
  CHECK(disk["used_percent"].get<double>() >= 0);
  CHECK(disk["used_percent"].get<double>() <= 100);
  CHECK(evidence(run, "check", "missing")["error"] == "not_found");
  const auto os = evidence(run, "check", "os");
  CHECK(os["kernel"]["name"] == "Linux");
  if (std::filesystem::exists("/etc/os-release")) CHECK(os["id"].is_string());
  CHECK(evidence(run, "check", "ostype")["value"] == "Linux");
  CHECK(evidence(run, "check", "slashes") == "Linux");
  CHECK(evidence(run, "check", "nosysctl")["error"] == "not_found");
  CHECK(evidence(run, "check", "group_sysctl") == "not_a_file");
  CHECK(evidence(run, "check", "escape").get<std::string>().find("bad argument #1 to 'sys.sysctl'") !=
        std::string::npos);
  const auto root = evidence(run, "check", "root");
  CHECK(root["exists"] == true);
  CHECK(root["uid"] == 0);
  CHECK(evidence(run, "check", "nobody")["exists"] == false);
  CHECK(evidence(run, "check", "nobody")["ok"] == true);
  CHECK(evidence(run, "check", "group")["gid"] == 0);
  CHECK(evidence(run, "check", "root_mount") == true);
}

TEST_CASE("sys.package reads the dpkg database", "[lua][sys]") {
  if (!std::filesystem::exists("/var/lib/dpkg/status")) {
    WARN("no dpkg database on this machine");
    return;
  }
  TempDir dir;
  const auto run = run_runbook(dir, "package",
                               runbook_with("\"sys\"", "",
                                            "step:evidence(\"dpkg\", sys.package(\"dpkg\"))\n"
                                            "step:evidence(\"none\", sys.package(\"clawbook-no-such-package\"))"));
  INFO(run.output);
  const auto dpkg = evidence(run, "check", "dpkg");
  CHECK(dpkg["ok"] == true);
  CHECK(dpkg["manager"] == "dpkg");
  CHECK(dpkg["installed"] == true);
  CHECK(!dpkg["version"].get<std::string>().empty());
  const auto none = evidence(run, "check", "none");
  CHECK(none["ok"] == true);
  CHECK(none["installed"] == false);
}
