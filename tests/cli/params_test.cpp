// Params without the command line (cli/shared.cpp): --param-file (NAME=VALUE lines, JSON, or NAME=FILE) and
// --param-stdin keep a secret out of /proc/PID/cmdline, which every user of the machine can read.
#include "clawbook/fingerprint.hpp"
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

using clawbook::test::fixture;
using clawbook::test::Running;
using clawbook::test::run_clawbook;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kToken = "d3adb33fd3adb33fd3adb33fd3adb33f";

struct Dir {
  fs::path path;
  Dir() {
    char pattern[] = "/tmp/clawbook-params-XXXXXX";
    path = mkdtemp(pattern);
  }
  ~Dir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  std::string write(const std::string& name, const std::string& text, mode_t mode = 0600) const {
    const auto file = (path / name).string();
    std::ofstream(file) << text;
    ::chmod(file.c_str(), mode);
    return file;
  }
};

std::string cmdline_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Runs the fixture with `args`, reads its command line while it waits, and returns the report.
Json run_and_watch(const std::vector<std::string>& args, std::string& cmdline_seen, const std::string& stdin_text = "") {
  std::vector<std::string> all{"run", fixture("cli/fixtures/secret_wait.lua"), "--format", "json", "-p", "seconds=1"};
  all.insert(all.end(), args.begin(), args.end());
  Running running(all, {}, stdin_text);
  for (int i = 0; i < 50 && cmdline_seen.empty(); ++i) {  // the process exists until finish(): read it once up
    cmdline_seen = cmdline_of(running.pid());
    if (cmdline_seen.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const auto outcome = running.finish();
  INFO(outcome.err);
  REQUIRE(outcome.code == 0);
  return Json::parse(outcome.out);
}

}  // namespace

TEST_CASE("params from a file or stdin keep the token off the command line while the run lasts", "[cli]") {
  Dir dir;
  std::string cmdline;

  SECTION("NAME=VALUE lines") {
    const auto file = dir.write("params", "# the staging gateway\nexport token=" + kToken + "\nnote = \"kept as is\"\n");
    const auto report = run_and_watch({"--param-file", file}, cmdline);
    CHECK(cmdline.find(kToken) == std::string::npos);
    CHECK(cmdline.find("--param-file") != std::string::npos);
    CHECK(report.dump().find(kToken) == std::string::npos);
    CHECK(report["params"]["token"].get<std::string>().rfind("sha256:", 0) == 0);
    CHECK(report["params"]["note"] == "kept as is");
  }
  SECTION("a JSON object") {
    const auto file = dir.write("params.json", Json{{"token", kToken}, {"seconds", 1}}.dump());
    const auto report = run_and_watch({"--param-file", file}, cmdline);
    CHECK(cmdline.find(kToken) == std::string::npos);
    CHECK(report["params"]["seconds"] == 1);
  }
  SECTION("NAME=FILE: a mounted secret whose whole content is the token") {
    const auto file = dir.write("token", kToken + "\n");
    const auto report = run_and_watch({"--param-file", "token=" + file}, cmdline);
    CHECK(cmdline.find(kToken) == std::string::npos);
    CHECK(report["params"]["token"] == clawbook::fingerprint(kToken));
  }
  SECTION("standard input") {
    const auto report = run_and_watch({"--param-stdin"}, cmdline, "token=" + kToken + "\n");
    CHECK(cmdline.find(kToken) == std::string::npos);
    CHECK(report["params"]["token"] == clawbook::fingerprint(kToken));
  }
}

TEST_CASE("a params file others can read is refused, and no line of it is echoed", "[cli]") {
  Dir dir;
  const auto open_file = dir.write("params", "token=" + kToken + "\n", 0644);
  auto outcome = run_clawbook({"run", fixture("cli/fixtures/secret_wait.lua"), "--param-file", open_file});
  CHECK(outcome.code == 64);
  CHECK(outcome.err.find("chmod 600") != std::string::npos);
  const auto broken = dir.write("broken", "token " + kToken + "\n");
  outcome = run_clawbook({"run", fixture("cli/fixtures/secret_wait.lua"), "--param-file", broken});
  CHECK(outcome.code == 64);
  CHECK(outcome.err.find(":1: expected NAME=VALUE") != std::string::npos);
  CHECK(outcome.err.find(kToken) == std::string::npos);
  // --param wins over the file.
  const auto file = dir.write("ok", "token=" + kToken + "\nnote=from-file\n");
  outcome = run_clawbook({"run", fixture("cli/fixtures/secret_wait.lua"), "--format", "json", "-p", "seconds=0",
                          "--param-file", file, "-p", "note=from-flag"});
  REQUIRE(outcome.code == 0);
  CHECK(Json::parse(outcome.out)["params"]["note"] == "from-flag");
}
