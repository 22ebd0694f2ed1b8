#include "test_runner.hpp"

#include "clawbook/atomic_file.hpp"
#include "engine.hpp"
#include "fake_calls.hpp"
#include "render.hpp"
#include "test_case_keys.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

namespace clawbook {
namespace {

namespace fs = std::filesystem;

enum class Outcome { pass, fail, broken };

struct CaseResult {
  std::string path;
  std::string description;
  std::string runbook;
  Outcome outcome = Outcome::pass;
  std::vector<std::string> differences;  // fail: expected vs got; broken: the one error
  double ms = 0;
};

std::string list_text(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}

// The directory a case's runbooks resolve from (for a case in a tests/ directory): the nearest ancestor of its tests/
// directory holding a lib/ (so `require("lib.x")` works for a team's own tree), else the directory the tests/ directory
// sits in.
fs::path case_root(const fs::path& case_file) {
  const fs::path tests_dir = case_file.parent_path();
  const fs::path runbook_dir = tests_dir.parent_path();
  std::error_code ec;
  for (fs::path dir = runbook_dir; !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
    if (fs::is_directory(dir / "lib", ec)) return dir;
  }
  return runbook_dir;
}

bool is_inside(const fs::path& dir, const fs::path& root) {
  auto d = dir.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++d) {
    if (d == dir.end() || *d != *r) return false;
  }
  return true;
}

std::vector<std::string> search_path_for(const fs::path& case_file, const std::vector<std::string>& base) {
  std::error_code ec;
  if (fs::absolute(case_file, ec).parent_path().filename() != "tests") return base;  // a case on its own
  const fs::path root = fs::weakly_canonical(case_root(fs::absolute(case_file, ec)), ec);
  for (const auto& dir : base) {
    const fs::path existing = fs::weakly_canonical(dir, ec);
    if (!ec && is_inside(root, existing)) return base;  // already searched; adding it would find duplicates
  }
  std::vector<std::string> path{root.string()};
  path.insert(path.end(), base.begin(), base.end());
  return path;
}

std::string param_text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return value.dump();
}

void collect_steps(const OrderedJson& steps, std::vector<const OrderedJson*>& out) {
  if (!steps.is_array()) return;
  for (const auto& step : steps) {
    out.push_back(&step);
    if (step.contains("steps")) collect_steps(step["steps"], out);
  }
}

// The first error in the report: what went wrong when the verdict is an unexpected `error`.
std::string first_error(const OrderedJson& report) {
  std::vector<const OrderedJson*> steps;
  collect_steps(report["steps"], steps);
  for (const auto* step : steps) {
    if (step->value("status", "") == "error" && step->contains("error"))
      return (*step)["error"].value("message", step->value("message", ""));
  }
  return report.value("error", "");
}

std::vector<std::string> string_list(const Json& value, const std::string& what) {
  std::vector<std::string> out;
  if (value.is_null()) return out;
  if (!value.is_array()) throw LoadError("\"" + what + "\" must be a list of finding ids");
  for (const auto& item : value) {
    if (!item.is_string()) throw LoadError("\"" + what + "\" must be a list of finding ids");
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::vector<std::string> check(const Json& expect, const OrderedJson& report) {
  std::vector<std::string> diffs;
  std::vector<std::string> got_ids;
  for (const auto& finding : report["findings"]) got_ids.push_back(finding.value("id", ""));
  const std::string verdict = report.value("verdict", "");

  if (expect.contains("verdict")) {
    if (!expect["verdict"].is_string()) throw LoadError("\"expect.verdict\" must be healthy, problems or error");
    if (expect["verdict"] != verdict) {
      std::string got = verdict;
      if (verdict == "error") got += " (" + first_error(report) + ")";
      diffs.push_back("verdict: expected " + expect["verdict"].get<std::string>() + ", got " + got);
    }
  } else if (verdict == "error") {
    diffs.push_back("run error: " + first_error(report));
  }
  if (expect.contains("first")) {
    if (!expect["first"].is_string()) throw LoadError("\"expect.first\" must be a finding id");
    const std::string got = got_ids.empty() ? "no finding" : got_ids.front();
    if (got != expect["first"])
      diffs.push_back("first finding: expected " + expect["first"].get<std::string>() + ", got " + got);
  }
  for (const auto& id : string_list(expect.value("findings", Json()), "expect.findings")) {
    if (std::find(got_ids.begin(), got_ids.end(), id) == got_ids.end())
      diffs.push_back("findings: expected to contain " + id + ", got " + list_text(got_ids));
  }
  for (const auto& id : string_list(expect.value("absent", Json()), "expect.absent")) {
    if (std::find(got_ids.begin(), got_ids.end(), id) != got_ids.end())
      diffs.push_back("findings: expected no " + id + ", got " + list_text(got_ids));
  }
  if (expect.contains("steps")) {
    if (!expect["steps"].is_object()) throw LoadError("\"expect.steps\" must map step titles to statuses");
    std::vector<const OrderedJson*> steps;
    collect_steps(report["steps"], steps);
    for (const auto& [title, status] : expect["steps"].items()) {
      auto it = std::find_if(steps.begin(), steps.end(),
                             [&wanted = title](const OrderedJson* step) { return step->value("title", "") == wanted; });
      if (it == steps.end()) {
        diffs.push_back("step \"" + title + "\": expected " + param_text(status) + ", got no such step");
      } else if ((*it)->value("status", "") != param_text(status)) {
        diffs.push_back("step \"" + title + "\": expected " + param_text(status) + ", got " +
                        (*it)->value("status", "") +
                        ((*it)->contains("message") ? " (" + (*it)->value("message", "") + ")" : ""));
      }
    }
  }
  return diffs;
}

Json read_case(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LoadError(std::string("cannot read: ") + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  try {
    Json document = Json::parse(text.str());
    if (!document.is_object()) throw LoadError("a test case is a JSON object");
    return document;
  } catch (const Json::parse_error& e) {
    throw LoadError("not valid JSON (byte " + std::to_string(e.byte) + ")");
  }
}

CaseResult run_case(const fs::path& path, const std::vector<std::string>& search_path) {
  CaseResult result;
  result.path = path.string();
  result.description = path.stem().string();
  const auto started = std::chrono::steady_clock::now();
  try {
    const Json document = read_case(path);
    const std::string case_name = path.filename().string();
    test_case::check_keys(document, test_case::kCaseKeys, case_name);
    if (document.contains("expect"))
      test_case::check_keys(document["expect"], test_case::kExpectKeys, case_name + ": expect");
    result.description = document.value("description", result.description);
    if (!document.contains("runbook") || !document["runbook"].is_string())
      throw LoadError("needs \"runbook\": \"id\" (or \"id@range\")");
    const Json expect = document.value("expect", Json::object());
    if (!expect.is_object()) throw LoadError("\"expect\" must be an object");
    OrderedJson params = OrderedJson::object();
    if (document.contains("params")) {
      if (!document["params"].is_object()) throw LoadError("\"params\" must be an object");
      for (const auto& [name, value] : document["params"].items()) params[name] = param_text(value);
    }

    EngineOptions options;
    options.search_path = search_path_for(path, search_path);
    options.limits.timeout_seconds = 30;  // nothing waits in a test; a runaway loop should not stall CI
    Engine engine(options);
    const RunbookFile& runbook = engine.resolve(document["runbook"].get<std::string>());
    result.runbook = runbook.id + "@" + runbook.version.str();
    std::shared_ptr<RecordingFile> recording;
    if (document.contains("recording")) {
      if (!document["recording"].is_string()) throw LoadError("\"recording\" must be a path");
      recording = RecordingFile::open_replay((path.parent_path() / document["recording"].get<std::string>()).string(),
                                             runbook);
    }
    auto fakes = std::make_shared<FakeCalls>(document.value("calls", Json()), recording, case_name);
    engine.set_recording(fakes);
    const Report report = engine.run(runbook, params);
    OrderedJson json = to_json(report);
    engine.redactor().apply_in_place(json);
    result.differences = check(expect, json);
    result.outcome = result.differences.empty() ? Outcome::pass : Outcome::fail;
    // A fake no call used is a mistake in the case (a misspelt call or args): broken, like an unknown key.
    if (const auto unused = fakes->unused(); !unused.empty()) {
      result.outcome = Outcome::broken;
      result.differences.insert(result.differences.end(), unused.begin(), unused.end());
    }
  } catch (const std::exception& e) {  // LoadError, UsageError (bad params), a broken recording
    result.outcome = Outcome::broken;
    result.differences = {e.what()};
  }
  result.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return result;
}

std::string ms_text(double ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, ms < 10 ? "%.1f ms" : "%.0f ms", ms);
  return buffer;
}

void print_human(const CaseResult& r, bool color) {
  const char* label = r.outcome == Outcome::pass ? "PASS" : r.outcome == Outcome::fail ? "FAIL" : "BROKEN";
  const char* paint = r.outcome == Outcome::pass ? "\x1b[32m" : "\x1b[31m";
  std::printf("%s%-6s%s  %-8s  %s  %s\n", color ? paint : "", label, color ? "\x1b[0m" : "", ms_text(r.ms).c_str(),
              r.path.c_str(), r.description.c_str());
  for (const auto& line : r.differences) std::printf("        %s\n", line.c_str());
}

std::string junit(const std::vector<CaseResult>& results, double total_ms) {
  size_t failures = 0, errors = 0;
  for (const auto& r : results) {
    failures += r.outcome == Outcome::fail;
    errors += r.outcome == Outcome::broken;
  }
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"clawbook test\" tests=\""
      << results.size() << "\" failures=\"" << failures << "\" errors=\"" << errors << "\" time=\"" << total_ms / 1000
      << "\">\n";
  for (const auto& r : results) {
    std::string message;
    for (const auto& line : r.differences) message += (message.empty() ? "" : "\n") + line;
    out << "    <testcase classname=\"" << xml_escape(r.runbook.empty() ? "clawbook" : r.runbook) << "\" name=\""
        << xml_escape(r.path + ": " + r.description) << "\" time=\"" << r.ms / 1000 << "\"";
    if (r.outcome == Outcome::pass) {
      out << "/>\n";
    } else {
      const char* tag = r.outcome == Outcome::fail ? "failure" : "error";
      out << ">\n      <" << tag << " message=\"" << xml_escape(r.differences.empty() ? "" : r.differences.front())
          << "\">" << xml_escape(message) << "</" << tag << ">\n    </testcase>\n";
    }
  }
  out << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

std::string json_results(const std::vector<CaseResult>& results, size_t passed, size_t failed) {
  OrderedJson out = {{"passed", passed}, {"failed", failed}, {"cases", OrderedJson::array()}};
  for (const auto& r : results) {
    const char* outcome = r.outcome == Outcome::pass ? "pass" : r.outcome == Outcome::fail ? "fail" : "broken";
    out["cases"].push_back({{"path", r.path},
                            {"description", r.description},
                            {"runbook", r.runbook},
                            {"outcome", outcome},
                            {"duration_ms", r.ms},
                            {"differences", r.differences}});
  }
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace

std::vector<std::string> find_test_cases(const std::vector<std::string>& paths, std::vector<std::string>& missing) {
  std::vector<std::string> cases;
  for (const auto& given : paths) {
    std::error_code ec;
    if (fs::is_regular_file(given, ec)) {
      cases.push_back(given);
      continue;
    }
    if (!fs::is_directory(given, ec)) {
      missing.push_back(given);
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(given, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const auto& entry = *it;
      const std::string name = entry.path().filename().string();
      if (entry.is_directory(ec) && !name.empty() && name[0] == '.') {
        it.disable_recursion_pending();
        continue;
      }
      if (entry.is_regular_file(ec) && entry.path().extension() == ".json" &&
          entry.path().parent_path().filename() == "tests")
        found.push_back(entry.path().string());
    }
    std::sort(found.begin(), found.end());
    cases.insert(cases.end(), found.begin(), found.end());
  }
  return cases;
}

int run_tests(const TestOptions& options) {
  if (options.format != "human" && options.format != "junit" && options.format != "json") {
    std::cerr << "clawbook: unknown --format '" << options.format << "' (human, json, junit)\n";
    return kExitUsage;
  }
  if (!options.output.empty() && options.format == "human") {
    std::cerr << "clawbook: --output needs --format junit or json\n";
    return kExitUsage;
  }
  std::vector<std::string> missing;
  const auto cases = find_test_cases(options.paths.empty() ? options.default_roots : options.paths, missing);
  for (const auto& path : missing) std::cerr << "clawbook: no such file or directory: " << path << "\n";
  if (!missing.empty()) return kExitUsage;

  const auto started = std::chrono::steady_clock::now();
  std::vector<CaseResult> results;
  size_t passed = 0, failed = 0, broken = 0;
  for (const auto& path : cases) {
    results.push_back(run_case(path, options.search_path));
    const auto& r = results.back();
    passed += r.outcome == Outcome::pass;
    failed += r.outcome == Outcome::fail;
    broken += r.outcome == Outcome::broken;
    if (options.format == "human") print_human(r, options.color);
  }
  const double total_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  std::string machine;
  if (options.format == "junit") machine = junit(results, total_ms);
  if (options.format == "json") machine = json_results(results, passed, failed + broken);
  if (!options.output.empty()) {
    if (!write_file_or_report(options.output, machine)) return kExitRunbookError;
  } else {
    std::cout << machine;
  }
  if (options.format == "human") {
    if (cases.empty()) std::cerr << "clawbook: no test cases found (cases are *.json files in tests/ directories)\n";
    std::cout << passed << " passed, " << failed + broken << " failed\n";
  } else {
    std::cerr << passed << " passed, " << failed + broken << " failed\n";
  }
  if (failed > 0) return kExitFindings;
  if (broken > 0) return kExitRunbookError;
  return kExitOk;
}

}  // namespace clawbook
