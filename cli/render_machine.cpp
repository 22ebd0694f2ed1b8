// Formats for other tools: TAP for test harnesses, Prometheus text exposition for node_exporter's textfile
// collector. Both render the redacted JSON report, like every other format.
#include "render.hpp"

#include <cstdio>
#include <ctime>
#include <map>
#include <set>
#include <sstream>

namespace clawbook {
namespace {

// A TAP description ends at an unescaped '#' (the directive) and at the end of the line.
std::string tap_text(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r') out += ' ';
    else if (c == '#') out += "\\#";
    else if (c == '\\') out += "\\\\";
    else out += c;
  }
  return out;
}

// YAML double-quoted scalar for the diagnostic blocks.
std::string yaml_quoted(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
          out += escaped;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

// A step's status for TAP: `error` when it or any step nested in it errored (the nested error is the reason
// the run exits 2, so the top-level point must not read `ok`).
std::string step_status(const OrderedJson& step) {
  const std::string own = step.value("status", "");
  if (own == "error") return own;
  if (step.contains("steps"))
    for (const auto& child : step["steps"])
      if (step_status(child) == "error") return "error";
  return own;
}

int severity_rank(const std::string& s) {
  auto parsed = parse_severity(s);
  return parsed ? static_cast<int>(*parsed) : 0;
}

// Label values escape backslash, double quote and newline (the exposition format's only escapes).
std::string label_value(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string number(double value) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);  // exact for Unix timestamps
  return buffer;
}

// "2026-11-23T01:52:40Z" as Unix seconds; 0 when unparsable.
double unix_seconds(const std::string& iso) {
  std::tm tm{};
  if (std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                  &tm.tm_sec) != 6)
    return 0;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<double>(timegm(&tm));
}

class Exposition {
 public:
  void family(const char* name, const char* help) {
    out_ << "# HELP " << name << " " << help << "\n# TYPE " << name << " gauge\n";
  }
  void sample(const char* name, const std::vector<std::pair<std::string, std::string>>& labels, double value) {
    out_ << name << "{";
    for (size_t i = 0; i < labels.size(); ++i)
      out_ << (i ? "," : "") << labels[i].first << "=\"" << label_value(labels[i].second) << "\"";
    out_ << "} " << number(value) << "\n";
  }
  std::string str() const { return out_.str(); }

 private:
  std::ostringstream out_;
};

}  // namespace

std::string render_tap(const OrderedJson& report, const RenderOptions& options) {
  const auto& steps = report["steps"];
  std::vector<const OrderedJson*> failing;
  for (const auto& f : report["findings"])
    if (severity_rank(f.value("severity", "info")) >= static_cast<int>(options.fail_on)) failing.push_back(&f);
  // Every run that exits 2 has a `not ok` point: an error inside a nested step marks its top-level step, and an
  // error no step carries (a limit, an interrupt) gets a point of its own.
  bool error_point = false;
  for (const auto& step : steps) error_point = error_point || step_status(step) == "error";
  const bool run_error = report.value("verdict", "") == "error" && !error_point;

  std::ostringstream out;
  out << "TAP version 14\n";
  out << "1.." << steps.size() + failing.size() + (run_error ? 1 : 0) << "\n";
  out << "# " << tap_text(report["runbook"].value("id", "")) << " " << report["runbook"].value("version", "")
      << ": verdict " << report.value("verdict", "") << "\n";
  size_t test_number = 0;
  if (run_error) {
    const std::string why = report.contains("error") ? report["error"].get<std::string>()
                            : report.value("interrupted", false) ? "interrupted"
                                                                  : "the run ended in an error";
    out << "not ok " << ++test_number << " - run\n  ---\n  message: " << yaml_quoted(why) << "\n  ...\n";
  }
  for (const auto& step : steps) {
    const std::string status = step_status(step);
    const std::string title = tap_text(step.value("title", ""));
    const std::string message = step.value("message", "");
    ++test_number;
    if (status == "fail" || status == "error") {
      out << "not ok " << test_number << " - " << title << "\n  ---\n  status: " << status << "\n";
      if (!message.empty()) out << "  message: " << yaml_quoted(message) << "\n";
      if (step.contains("error")) out << "  error: " << yaml_quoted(step["error"].value("message", "")) << "\n";
      out << "  ...\n";
    } else if (status == "skip") {
      out << "ok " << test_number << " - " << title << " # SKIP " << tap_text(message) << "\n";
    } else {
      out << "ok " << test_number << " - " << title << "\n";
      if (status == "warn" && !message.empty()) out << "# warn: " << tap_text(message) << "\n";
    }
  }
  for (const OrderedJson* f : failing) {
    out << "not ok " << ++test_number << " - finding " << tap_text(f->value("id", "")) << ": "
        << tap_text(f->value("title", "")) << "\n  ---\n  severity: " << f->value("severity", "") << "\n";
    if (f->contains("cause")) out << "  cause: " << yaml_quoted((*f)["cause"].get<std::string>()) << "\n";
    if (f->contains("fix") && !(*f)["fix"].empty()) {
      out << "  fix:\n";
      for (const auto& fix : (*f)["fix"]) out << "    - " << yaml_quoted(fix.get<std::string>()) << "\n";
    }
    out << "  ...\n";
  }
  return out.str();
}

std::string render_prometheus(const OrderedJson& report, const RenderOptions& options) {
  const std::string id = report["runbook"].value("id", "");
  const std::string verdict = report.value("verdict", "");
  Exposition out;

  out.family("clawbook_runbook_info", "The runbook that ran, its version and the engine's (always 1).");
  out.sample("clawbook_runbook_info",
             {{"runbook", id},
              {"version", report["runbook"].value("version", "")},
              {"engine_version", report["engine"].value("version", "")}},
             1);

  out.family("clawbook_verdict", "1 for the verdict of the last run (healthy, problems, error), 0 for the others.");
  for (const char* v : {"healthy", "problems", "error"})
    out.sample("clawbook_verdict", {{"runbook", id}, {"verdict", v}}, verdict == v ? 1 : 0);

  out.family("clawbook_exit_code", "Exit code of the last run (0 ok, 1 findings at or above --fail-on, 2 error).");
  out.sample("clawbook_exit_code", {{"runbook", id}}, options.exit_code);

  std::map<std::string, int> by_severity{{"info", 0}, {"low", 0}, {"medium", 0}, {"high", 0}, {"critical", 0}};
  std::map<std::pair<std::string, std::string>, int> by_finding;
  for (const auto& f : report["findings"]) {
    const std::string severity = f.value("severity", "info");
    ++by_severity[severity];
    ++by_finding[{f.value("id", ""), severity}];
  }
  out.family("clawbook_findings", "Findings of the last run, by severity.");
  for (const char* s : {"critical", "high", "medium", "low", "info"})
    out.sample("clawbook_findings", {{"runbook", id}, {"severity", s}}, by_severity[s]);

  out.family("clawbook_finding", "Each finding the last run raised (the count, when raised more than once).");
  for (const auto& [key, count] : by_finding)
    out.sample("clawbook_finding", {{"runbook", id}, {"id", key.first}, {"severity", key.second}}, count);

  // Step titles name the probes; a repeated title gets a suffix, or the series would collide.
  out.family("clawbook_step_duration_seconds", "Duration of each top-level step (probe) of the last run.");
  std::set<std::string> used_titles;
  for (const auto& step : report["steps"]) {
    std::string title = step.value("title", "");
    for (int n = 2; used_titles.contains(title); ++n) title = step.value("title", "") + " #" + std::to_string(n);
    used_titles.insert(title);
    out.sample("clawbook_step_duration_seconds", {{"runbook", id}, {"step", title}},
               step.value("duration_ms", 0.0) / 1000);
  }

  out.family("clawbook_run_duration_seconds", "Duration of the last run.");
  out.sample("clawbook_run_duration_seconds", {{"runbook", id}}, report.value("duration_ms", 0.0) / 1000);

  out.family("clawbook_last_run_timestamp_seconds", "Start of the last run, in Unix seconds.");
  out.sample("clawbook_last_run_timestamp_seconds", {{"runbook", id}}, unix_seconds(report.value("started_at", "")));
  return out.str();
}

std::string render_prometheus_failure(const std::string& runbook, int exit_code) {
  Exposition out;
  out.family("clawbook_verdict", "1 for the verdict of the last run (healthy, problems, error), 0 for the others.");
  for (const char* v : {"healthy", "problems", "error"})
    out.sample("clawbook_verdict", {{"runbook", runbook}, {"verdict", v}}, std::string(v) == "error" ? 1 : 0);
  out.family("clawbook_exit_code", "Exit code of the last run (0 ok, 1 findings at or above --fail-on, 2 error).");
  out.sample("clawbook_exit_code", {{"runbook", runbook}}, exit_code);
  out.family("clawbook_last_run_timestamp_seconds", "Start of the last run, in Unix seconds.");
  out.sample("clawbook_last_run_timestamp_seconds", {{"runbook", runbook}}, static_cast<double>(std::time(nullptr)));
  return out.str();
}

}  // namespace clawbook
