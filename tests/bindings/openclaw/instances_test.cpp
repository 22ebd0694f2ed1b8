// Attributing running gateways to their install: real child processes whose environment names a state dir (as
// `openclaw --profile work gateway` leaves it), one whose arguments name the profile, and one with a relative
// OPENCLAW_STATE_DIR resolved against its own working directory.
#include "bindings/proc/child_process.hpp"
#include "bindings/proc/temp_dir.hpp"
#include "openclaw/instances.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <fstream>
#include <iterator>

using clawbook::testing::ChildProcess;
using clawbook::testing::TempDir;
using clawbook::testing::wait_until;
namespace oc = clawbook::openclaw;

namespace {

// True once the child's environment holds `needle` (exec has finished and the new environment is in place).
bool environ_has(int pid, const std::string& needle) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/environ", std::ios::binary);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return text.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("a gateway is attributed to the state dir its environment names", "[openclaw][instances]") {
  TempDir dir;
  const std::string home = dir.mkdir("home");
  const std::string work = dir.mkdir("home/.openclaw-work");
  ChildProcess other({"sleep", "30"}, {{"HOME", home}, {"OPENCLAW_PROFILE", "work"}, {"OPENCLAW_STATE_DIR", work}});
  REQUIRE(wait_until([&] { return other.exec_done() && environ_has(other.pid(), "OPENCLAW_STATE_DIR=" + work); }));

  const auto found = oc::gateway_home(other.pid(), std::nullopt);
  CHECK(found.from == "environ");
  CHECK(found.paths.state_dir == work);
  CHECK(found.paths.state_dir_source == "OPENCLAW_STATE_DIR");
  CHECK(found.paths.config_path == work + "/openclaw.json");
  CHECK(found.paths.profile == "work");
  CHECK_FALSE(found.other_namespace);
  const auto json = oc::to_json(found);
  CHECK(json["from"] == "environ");
  CHECK(json["profile"] == "work");
  CHECK_FALSE(json.contains("namespace"));

  // This shell's install (HOME alone: ~/.openclaw) is another one; the same environment is the same one.
  const auto mine = oc::resolve_paths({{"HOME", home}});
  CHECK_FALSE(oc::same_install(found.paths, mine));
  CHECK(oc::same_install(found.paths, oc::resolve_paths({{"HOME", home}, {"OPENCLAW_STATE_DIR", work}})));
}

TEST_CASE("a gateway's --profile argument places its state dir when its environment does not",
          "[openclaw][instances]") {
  TempDir dir;
  const std::string home = dir.mkdir("home");
  ChildProcess gateway({"sleep", "30"}, {{"HOME", home}});
  REQUIRE(wait_until([&] { return gateway.exec_done() && environ_has(gateway.pid(), "HOME=" + home); }));

  const auto found = oc::gateway_home(gateway.pid(), std::string("work"));
  CHECK(found.from == "environ");
  CHECK(found.paths.state_dir == home + "/.openclaw-work");
  CHECK(found.paths.state_dir_source == "profile");
  CHECK(found.paths.config_path == home + "/.openclaw-work/openclaw.json");
  // Two gateways of one state dir are one install: a duplicate.
  CHECK(oc::same_install(found.paths, oc::gateway_home(gateway.pid(), std::string("work")).paths));
}

TEST_CASE("a relative OPENCLAW_STATE_DIR is the gateway's own working directory's", "[openclaw][instances]") {
  TempDir dir;
  const std::string home = dir.mkdir("home");
  const std::string cwd = dir.mkdir("srv");
  ChildProcess gateway({"sleep", "30"}, {{"HOME", home}, {"OPENCLAW_STATE_DIR", "state"}}, cwd);
  REQUIRE(wait_until([&] { return gateway.exec_done() && environ_has(gateway.pid(), "OPENCLAW_STATE_DIR=state"); }));

  const auto found = oc::gateway_home(gateway.pid(), std::nullopt);
  CHECK(found.paths.state_dir == cwd + "/state");
  CHECK(found.paths.config_path == cwd + "/state/openclaw.json");
}

TEST_CASE("a gateway that is gone is attributed from nothing but its arguments", "[openclaw][instances]") {
  ChildProcess gone({"true"});
  gone.stop();
  const auto found = oc::gateway_home(gone.pid(), std::string("work"));
  CHECK(found.from == "argv");
  CHECK_FALSE(found.error.empty());
  CHECK(found.paths.profile == "work");
  CHECK(oc::to_json(found).contains("error"));
}
