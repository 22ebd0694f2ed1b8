// The formats other tools read: TAP for test harnesses and Prometheus text exposition for node_exporter's
// textfile collector, checked by a strict reading of each format.
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

using clawbook::test::fixture;
using clawbook::test::run_clawbook;

namespace {

const std::string kOutputs = fixture("engine/fixtures/runbooks/outputs");

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value;
};

// The exposition format, strictly: HELP and TYPE precede a family's samples, names and label names are valid,
// label values use only the three escapes, values are numbers, and no series appears twice.
std::vector<Sample> parse_exposition(const std::string& text) {
  static const std::regex help(R"(# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+)");
  static const std::regex type(R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (gauge|counter|untyped))");
  static const std::regex sample(R"(([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\} (\S+))");
  static const std::regex label(R"(([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)\"(,|$))");
  std::set<std::string> helped, typed, series;
  std::vector<Sample> samples;
  for (const auto& line : lines_of(text)) {
    std::smatch m;
    INFO(line);
    if (std::regex_match(line, m, help)) {
      REQUIRE(helped.insert(m[1]).second);
    } else if (std::regex_match(line, m, type)) {
      REQUIRE(helped.contains(m[1]));
      REQUIRE(typed.insert(m[1]).second);
    } else {
      REQUIRE(std::regex_match(line, m, sample));
      REQUIRE(typed.contains(m[1]));
      Sample s{m[1], {}, 0};
      std::string labels = m[2];
      for (std::smatch l; !labels.empty(); labels = l.suffix()) {
        REQUIRE(std::regex_search(labels, l, label));
        REQUIRE(l.position(0) == 0);
        s.labels[l[1]] = l[2];
      }
      size_t used = 0;
      s.value = std::stod(m[3], &used);
      REQUIRE(used == m[3].str().size());
      REQUIRE(series.insert(line.substr(0, line.rfind(' '))).second);
      samples.push_back(std::move(s));
    }
  }
  return samples;
}

const Sample* find(const std::vector<Sample>& samples, const std::string& name,
                   const std::map<std::string, std::string>& labels) {
  for (const auto& s : samples) {
    if (s.name != name) continue;
    bool all = true;
    for (const auto& [k, v] : labels) all = all && s.labels.count(k) && s.labels.at(k) == v;
    if (all) return &s;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("prometheus format: strict exposition text with one gauge per severity, the verdict and latencies",
          "[cli][formats]") {
  auto outcome = run_clawbook({"run", "fixture.outputs", "--runbook-path", kOutputs, "--format", "prometheus", "-p",
                               "findings=high:gateway.down,high:gateway.down,low:hint.one"});
  REQUIRE(outcome.code == 1);
  const auto samples = parse_exposition(outcome.out);
  for (const auto& s : samples) CHECK(s.labels.at("runbook") == "fixture.outputs");

  const Sample* info = find(samples, "clawbook_runbook_info", {{"version", "2.1.0"}});
  REQUIRE(info != nullptr);
  CHECK(info->value == 1);
  CHECK(find(samples, "clawbook_verdict", {{"verdict", "problems"}})->value == 1);
  CHECK(find(samples, "clawbook_verdict", {{"verdict", "healthy"}})->value == 0);
  CHECK(find(samples, "clawbook_verdict", {{"verdict", "error"}})->value == 0);
  CHECK(find(samples, "clawbook_exit_code", {})->value == 1);
  CHECK(find(samples, "clawbook_findings", {{"severity", "high"}})->value == 2);
  CHECK(find(samples, "clawbook_findings", {{"severity", "low"}})->value == 1);
  CHECK(find(samples, "clawbook_findings", {{"severity", "critical"}})->value == 0);
  // A finding raised twice is one series with its count, not two colliding series.
  CHECK(find(samples, "clawbook_finding", {{"id", "gateway.down"}, {"severity", "high"}})->value == 2);
  const Sample* quoted = find(samples, "clawbook_step_duration_seconds", {{"step", R"(Probe #1 \"quoted\")"}});
  REQUIRE(quoted != nullptr);
  CHECK(quoted->value >= 0);
  CHECK(find(samples, "clawbook_run_duration_seconds", {})->value > 0);
  const double stamp = find(samples, "clawbook_last_run_timestamp_seconds", {})->value;
  CHECK(std::abs(stamp - static_cast<double>(std::time(nullptr))) < 600);
}

TEST_CASE("prometheus format with -o replaces the file atomically and leaves no temporary", "[cli][formats]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("clawbook-prom-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string file = (dir / "clawbook.prom").string();
  {
    std::ofstream old(file);
    old << "stale\n";
  }
  auto healthy = run_clawbook({"run", "fixture.outputs", "--runbook-path", kOutputs, "--format", "prometheus", "-o", file});
  REQUIRE(healthy.code == 0);
  CHECK(healthy.out.empty());
  const auto samples = parse_exposition(clawbook::test::slurp(file));
  CHECK(find(samples, "clawbook_verdict", {{"verdict", "healthy"}})->value == 1);
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
  fs::remove_all(dir);
}

TEST_CASE("tap format is TAP 14: a plan, one point per step and per failing finding, YAML diagnostics",
          "[cli][formats]") {
  auto outcome = run_clawbook({"run", "fixture.outputs", "--runbook-path", kOutputs, "--format", "tap", "-p",
                               "findings=high:gateway.down,info:note.only"});
  REQUIRE(outcome.code == 1);
  const auto lines = lines_of(outcome.out);
  REQUIRE(lines.size() > 3);
  CHECK(lines[0] == "TAP version 14");
  CHECK(lines[1] == "1..4");  // three steps and the one finding at or above --fail-on (info is below)
  std::vector<std::string> points;
  for (const auto& line : lines)
    if (line.starts_with("ok ") || line.starts_with("not ok ")) points.push_back(line);
  REQUIRE(points.size() == 4);
  CHECK(points[0] == R"(ok 1 - Probe \#1 "quoted")");
  CHECK(points[1] == "ok 2 - Optional probe # SKIP not configured");
  CHECK(points[2] == "not ok 3 - Raise findings");
  CHECK(points[3] == "not ok 4 - finding gateway.down: Finding gateway.down");
  CHECK(outcome.out.find("  severity: high\n") != std::string::npos);
  CHECK(outcome.out.find("    - \"fix gateway.down\"\n") != std::string::npos);

  auto healthy = run_clawbook({"run", "fixture.outputs", "--runbook-path", kOutputs, "--format", "tap"});
  REQUIRE(healthy.code == 0);
  CHECK(lines_of(healthy.out)[1] == "1..3");
  CHECK(healthy.out.find("not ok") == std::string::npos);
}

TEST_CASE("the JSON report carries the host and the runbook's facts; list and show print ids and params for completion",
          "[cli][formats]") {
  auto outcome = run_clawbook({"run", "fixture.outputs", "--runbook-path", kOutputs, "--format", "json"});
  REQUIRE(outcome.code == 0);
  const auto report = nlohmann::json::parse(outcome.out);
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  CHECK(report["host"]["name"] == host);
  CHECK(report["facts"] == nlohmann::json({{"gateway.version", "2026.9.6"}, {"mode", "local"}}));

  auto ids = run_clawbook({"list", "--format", "ids", "--runbook-path", kOutputs});
  REQUIRE(ids.code == 0);
  CHECK(ids.out.find("fixture.outputs\n") != std::string::npos);
  CHECK(ids.out.find("openclaw.triage\n") != std::string::npos);
  CHECK(ids.out.find(' ') == std::string::npos);

  auto params = run_clawbook({"show", "fixture.outputs", "--format", "params", "--runbook-path", kOutputs});
  REQUIRE(params.code == 0);
  CHECK(params.out == "findings\ngateway_version\n");
  CHECK(run_clawbook({"show", "no.such", "--format", "params"}).code == 64);
}

TEST_CASE("machine formats under hostile reports: repeated titles, non-UTF-8 bytes, nested errors, no report at all",
          "[cli][formats]") {
  auto prometheus = run_clawbook({"run", "fixture.hostile-outputs", "--runbook-path", kOutputs, "--format", "prometheus"});
  REQUIRE(prometheus.code == 2);
  const auto samples = parse_exposition(prometheus.out);  // strict: would fail on a duplicate series
  CHECK(find(samples, "clawbook_step_duration_seconds", {{"step", "A #2 #2"}}) != nullptr);
  CHECK(find(samples, "clawbook_step_duration_seconds", {{"step", "bad\xEF\xBF\xBDtitle"}}) != nullptr);
  CHECK(find(samples, "clawbook_finding", {{"id", "f\xEF\xBF\xBD"}}) != nullptr);
  CHECK(find(samples, "clawbook_verdict", {{"verdict", "error"}})->value == 1);
  CHECK(prometheus.out.find('\xFF') == std::string::npos);

  auto tap = run_clawbook({"run", "fixture.hostile-outputs", "--runbook-path", kOutputs, "--format", "tap"});
  REQUIRE(tap.code == 2);
  CHECK(tap.out.find("not ok 5 - outer\n") != std::string::npos);  // the nested error marks its top-level step
  CHECK(tap.out.find('\xFF') == std::string::npos);

  // No report at all (unknown runbook): the textfile still says error, replacing the last good verdict.
  namespace fs = std::filesystem;
  const fs::path file = fs::temp_directory_path() / ("clawbook-prom-fail-" + std::to_string(getpid()) + ".prom");
  REQUIRE(run_clawbook({"run", "fixture.outputs", "--runbook-path", kOutputs, "--format", "prometheus", "-o", file.string()}).code == 0);
  CHECK(run_clawbook({"run", "no.such-runbook", "--format", "prometheus", "-o", file.string()}).code == 64);
  const auto after = parse_exposition(clawbook::test::slurp(file.string()));
  CHECK(find(after, "clawbook_verdict", {{"runbook", "no.such-runbook"}, {"verdict", "error"}})->value == 1);
  CHECK(find(after, "clawbook_exit_code", {})->value == 64);
  fs::remove(file);
}
