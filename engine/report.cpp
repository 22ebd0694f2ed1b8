#include "report.hpp"

#include "clawbook/utf8.hpp"

#include <algorithm>

namespace clawbook {

const char* to_string(StepStatus status) {
  switch (status) {
    case StepStatus::running: return "running";
    case StepStatus::pass: return "pass";
    case StepStatus::warn: return "warn";
    case StepStatus::fail: return "fail";
    case StepStatus::skip: return "skip";
    case StepStatus::error: return "error";
  }
  return "error";
}

const char* to_string(Severity severity) {
  switch (severity) {
    case Severity::info: return "info";
    case Severity::low: return "low";
    case Severity::medium: return "medium";
    case Severity::high: return "high";
    case Severity::critical: return "critical";
  }
  return "info";
}

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::healthy: return "healthy";
    case Verdict::problems: return "problems";
    case Verdict::error: return "error";
  }
  return "error";
}

std::optional<Severity> parse_severity(std::string_view text) {
  for (Severity s : {Severity::info, Severity::low, Severity::medium, Severity::high, Severity::critical})
    if (text == to_string(s)) return s;
  return std::nullopt;
}

std::vector<const Finding*> Report::ranked_findings() const {
  std::vector<const Finding*> ranked;
  for (const auto& f : findings) ranked.push_back(&f);
  std::stable_sort(ranked.begin(), ranked.end(), [](const Finding* a, const Finding* b) {
    if (a->severity != b->severity) return a->severity > b->severity;
    if (a->confidence != b->confidence) return a->confidence > b->confidence;
    return a->order < b->order;
  });
  return ranked;
}

namespace {

bool any_error(const Step& step) {
  if (step.status == StepStatus::error) return true;
  return std::any_of(step.steps.begin(), step.steps.end(), [](const auto& s) { return any_error(*s); });
}

OrderedJson step_json(const Step& step) {
  OrderedJson j;
  j["title"] = step.title;
  j["status"] = to_string(step.status);
  if (!step.message.empty()) j["message"] = step.message;
  j["started_ms"] = step.started_ms;
  j["duration_ms"] = step.duration_ms;
  if (!step.evidence.empty()) j["evidence"] = step.evidence;
  if (step.error) {
    OrderedJson e;
    e["message"] = step.error->message;
    if (!step.error->location.empty()) e["location"] = step.error->location;
    if (!step.error->traceback.empty()) e["traceback"] = step.error->traceback;
    j["error"] = e;
  }
  if (step.runbook) j["runbook"] = *step.runbook;
  if (!step.steps.empty()) {
    j["steps"] = OrderedJson::array();
    for (const auto& child : step.steps) j["steps"].push_back(step_json(*child));
  }
  return j;
}

void count_steps(const Step& step, OrderedJson& counts) {
  for (const auto& child : step.steps) {
    counts[to_string(child->status)] = counts.value(to_string(child->status), 0) + 1;
    count_steps(*child, counts);
  }
}

}  // namespace

bool Report::has_error_step() const { return any_error(root); }

Verdict Report::verdict() const {
  if (error || has_error_step() || interrupted) return Verdict::error;
  for (const auto& f : findings)
    if (f.severity >= Severity::low) return Verdict::problems;
  return Verdict::healthy;
}

// Step titles, messages and finding texts come from Lua as bytes; every renderer (and node_exporter, which drops a
// whole textfile over one bad label) needs UTF-8. Keys too.
namespace {
void repair_utf8(OrderedJson& value) {
  if (value.is_string()) {
    make_valid_utf8(value.get_ref<std::string&>());
  } else if (value.is_array()) {
    for (auto& item : value) repair_utf8(item);
  } else if (value.is_object()) {
    bool bad_key = false;
    for (auto& [key, item] : value.items()) {
      repair_utf8(item);
      bad_key = bad_key || valid_utf8(key) != key;
    }
    if (bad_key) {
      OrderedJson repaired = OrderedJson::object();
      for (auto& [key, item] : value.items()) repaired[valid_utf8(key)] = std::move(item);
      value = std::move(repaired);
    }
  }
}
}  // namespace

OrderedJson to_json(const Report& report) {
  OrderedJson j;
  j["schema_version"] = kReportSchemaVersion;
  j["engine"] = {{"name", "clawbook"}, {"version", CLAWBOOK_VERSION}, {"api", CLAWBOOK_ENGINE_API_VERSION}};
  j["runbook"] = {{"id", report.runbook_id},
                  {"version", report.runbook_version},
                  {"title", report.runbook_title},
                  {"path", report.runbook_path}};
  j["params"] = report.params;
  j["host"] = {{"name", report.host}};
  if (!report.facts.empty()) j["facts"] = report.facts;
  j["verdict"] = to_string(report.verdict());
  if (report.error) j["error"] = *report.error;
  if (report.interrupted) j["interrupted"] = true;
  j["started_at"] = report.started_at;
  j["duration_ms"] = report.duration_ms;

  OrderedJson findings = OrderedJson::array();
  int rank = 0;
  for (const Finding* f : report.ranked_findings()) {
    OrderedJson fj;
    fj["rank"] = ++rank;
    fj["id"] = f->id;
    fj["severity"] = to_string(f->severity);
    fj["title"] = f->title;
    if (!f->cause.empty()) fj["cause"] = f->cause;
    if (!f->evidence.is_null()) fj["evidence"] = f->evidence;
    fj["fix"] = f->fix;
    fj["confidence"] = f->confidence;
    if (!f->refs.empty()) fj["refs"] = f->refs;
    fj["runbook"] = f->runbook;
    if (!f->step.empty()) fj["step"] = f->step;
    findings.push_back(std::move(fj));
  }
  j["findings"] = std::move(findings);
  if (!report.actions.empty()) {
    j["action_mode"] = report.actions_applied ? "apply" : "dry-run";
    j["actions"] = report.actions;
  }

  j["steps"] = OrderedJson::array();
  for (const auto& step : report.root.steps) j["steps"].push_back(step_json(*step));

  OrderedJson step_counts = OrderedJson::object();
  count_steps(report.root, step_counts);
  OrderedJson finding_counts = OrderedJson::object();
  for (Severity s : {Severity::critical, Severity::high, Severity::medium, Severity::low, Severity::info}) {
    auto n = std::count_if(report.findings.begin(), report.findings.end(),
                           [&](const Finding& f) { return f.severity == s; });
    if (n > 0) finding_counts[to_string(s)] = n;
  }
  j["summary"] = {{"steps", step_counts}, {"findings", finding_counts}};
  if (!report.attachments.empty()) {
    j["attachments"] = OrderedJson::array();
    for (const auto& a : report.attachments)
      j["attachments"].push_back({{"name", a.name}, {"bytes", a.content.size()}, {"why", a.why}});
  }
  if (!report.log.empty()) {
    j["log"] = OrderedJson::array();
    for (const auto& line : report.log) j["log"].push_back({{"t_ms", line.t_ms}, {"message", line.message}});
  }
  repair_utf8(j);
  return j;
}

}  // namespace clawbook
