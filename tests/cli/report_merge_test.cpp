// `clawbook report merge`: reports from several hosts into one table, and every way a report file can be bad.
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using clawbook::test::fixture;
using clawbook::test::run_clawbook;
namespace fs = std::filesystem;

namespace {

const std::string kOutputs = fixture("engine/fixtures/runbooks/outputs");

struct Dir {
  fs::path path = fs::temp_directory_path() / ("clawbook-merge-" + std::to_string(getpid()));
  Dir() { fs::create_directories(path); }
  ~Dir() { fs::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

// One real report per "host", written as Ansible fetches them (HOST.json).
std::string report_for(const Dir& dir, const std::string& host, const std::string& findings,
                       const std::string& gateway_version = "2026.9.6") {
  const std::string path = dir.file(host + ".json");
  std::vector<std::string> args{"run", "fixture.outputs", "--runbook-path", kOutputs, "--format", "json", "-o", path,
                                "-p", "gateway_version=" + gateway_version};
  if (!findings.empty()) args.insert(args.end(), {"-p", "findings=" + findings});
  const auto outcome = run_clawbook(args);
  REQUIRE(outcome.code == (findings.empty() ? 0 : 1));
  return path;
}

}  // namespace

TEST_CASE("report merge: per host verdict, top finding and versions, then a per-finding count", "[cli][merge]") {
  Dir dir;
  const auto a = report_for(dir, "host-a", "");
  const auto b = report_for(dir, "host-b", "high:auth.token-mismatch,low:hint.one", "2026.9.5");
  const auto c = report_for(dir, "host-c", "critical:gateway.down,high:auth.token-mismatch");

  auto json = run_clawbook({"report", "merge", "--format", "json", a, b, c});
  REQUIRE(json.code == 1);  // not every host is healthy
  const auto merged = nlohmann::json::parse(json.out);
  CHECK(merged["reports"] == 3);
  CHECK(merged["verdicts"] == nlohmann::json({{"healthy", 1}, {"problems", 2}, {"error", 0}}));
  // All three ran on this machine: the shared host name gives way to the file names.
  const auto& hosts = merged["hosts"];
  REQUIRE(hosts.size() == 3);
  CHECK(hosts[0]["host"] == "host-a");
  CHECK(hosts[0]["verdict"] == "healthy");
  CHECK(hosts[0]["top_finding"].is_null());
  CHECK(hosts[1]["top_finding"]["id"] == "auth.token-mismatch");
  CHECK(hosts[1]["versions"]["gateway.version"] == "2026.9.5");
  CHECK(hosts[1]["versions"].contains("clawbook"));
  CHECK_FALSE(hosts[1]["versions"].contains("mode"));  // facts not named *version are not versions
  CHECK(hosts[2]["top_finding"] == nlohmann::json({{"id", "gateway.down"}, {"severity", "critical"}, {"title", "Finding gateway.down"}}));
  CHECK(hosts[2]["runbook"] == "fixture.outputs");
  CHECK(hosts[2]["runbook_version"] == "2.1.0");

  const auto& findings = merged["findings"];
  REQUIRE(findings.size() == 3);
  CHECK(findings[0]["id"] == "gateway.down");
  CHECK(findings[0]["count"] == 1);
  CHECK(findings[1]["id"] == "auth.token-mismatch");
  CHECK(findings[1]["count"] == 2);
  CHECK(findings[1]["hosts"] == nlohmann::json({"host-b", "host-c"}));
  CHECK(findings[2]["id"] == "hint.one");

  auto markdown = run_clawbook({"report", "merge", a, b, c});
  REQUIRE(markdown.code == 1);
  CHECK(markdown.out.find("1 healthy, 2 with problems, 0 with errors.") != std::string::npos);
  CHECK(markdown.out.find("| host-c | fixture.outputs@2.1.0 | problems | `gateway.down` (critical) |") != std::string::npos);
  CHECK(markdown.out.find("| `auth.token-mismatch` | high | 2 | host-b, host-c |") != std::string::npos);

  auto healthy_only = run_clawbook({"report", "merge", "-o", dir.file("merged.md"), a});
  CHECK(healthy_only.code == 0);
  // Alone, the report keeps the name of the machine it ran on.
  char machine[256] = {};
  ::gethostname(machine, sizeof machine - 1);
  CHECK(clawbook::test::slurp(dir.file("merged.md")).find(std::string("| ") + machine + " | fixture.outputs@2.1.0 | healthy |") !=
        std::string::npos);
}

TEST_CASE("report merge names the bad file: missing, not JSON, not a report, too new; usage errors exit 64",
          "[cli][merge]") {
  Dir dir;
  const auto good = report_for(dir, "good", "");
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir.file(name)) << text;
    return dir.file(name);
  };
  const std::vector<std::pair<std::string, std::string>> bad = {
      {dir.file("missing.json"), "cannot read"},
      {write("truncated.json", clawbook::test::slurp(good).substr(0, 100)), "not JSON"},
      {write("other.json", R"({"hello": "world"})"), "not a clawbook report"},
      {write("deep.json", std::string(100000, '[')), "not JSON"},
      {write("future.json", R"({"schema_version": 99, "runbook": {}, "verdict": "healthy"})"), "newer than"},
  };
  for (const auto& [path, message] : bad) {
    INFO(path);
    auto outcome = run_clawbook({"report", "merge", good, path});
    CHECK(outcome.code == 2);
    CHECK(outcome.out.empty());
    CHECK(outcome.err.find(path) != std::string::npos);
    CHECK(outcome.err.find(message) != std::string::npos);
  }
  CHECK(run_clawbook({"report", "merge"}).code == 64);
  CHECK(run_clawbook({"report"}).code == 64);
  CHECK(run_clawbook({"report", "merge", "--format", "yaml", good}).code == 64);
}
