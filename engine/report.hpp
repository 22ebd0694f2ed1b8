// The one report model every output renders: what ran, what each step saw, what was found, and the verdict.
// Built in C++ as the runbook runs (not in Lua), so a runbook killed by a limit still leaves a full report.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clawbook {

using OrderedJson = nlohmann::ordered_json;

enum class StepStatus { running, pass, warn, fail, skip, error };
enum class Severity { info, low, medium, high, critical };
enum class Verdict { healthy, problems, error };

const char* to_string(StepStatus status);
const char* to_string(Severity severity);
const char* to_string(Verdict verdict);
std::optional<Severity> parse_severity(std::string_view text);

struct StepError {
  std::string message;   // "runbooks/x.lua:12: attempt to index a nil value"
  std::string location;  // "runbooks/x.lua:12" when known
  std::string traceback;
};

struct Step {
  std::string title;
  StepStatus status = StepStatus::running;
  std::string message;
  OrderedJson evidence = OrderedJson::object();
  std::optional<StepError> error;
  std::optional<OrderedJson> runbook;  // set when the step is a nested `ctx:run`: {id, version}
  double started_ms = 0;               // offset from the start of the run
  double duration_ms = 0;
  std::vector<std::unique_ptr<Step>> steps;
  Step* parent = nullptr;
  bool explicit_status = false;  // set by step:pass/fail/warn/skip; otherwise a clean return is a pass
};

struct Finding {
  std::string id;
  Severity severity = Severity::medium;
  std::string title;
  std::string cause;
  OrderedJson evidence;  // any plain value
  std::vector<std::string> fix;
  double confidence = 0.5;  // 0..1
  std::vector<std::string> refs;
  std::string runbook;  // id of the runbook that raised it
  std::string step;     // title of the step it was raised in, if any
  size_t order = 0;     // emission order, the last tie-breaker of the ranking
};

struct LogLine {
  double t_ms;
  std::string message;
};

// A file a runbook hands over for a support bundle (ctx:attach): written into the archive by `clawbook bundle`,
// redacted like every output; listed (without its content) in the report.
struct Attachment {
  std::string name;  // relative path inside the bundle: "logs/gateway.log"
  std::string content;
  std::string why;   // one line for the bundle's manifest
};

struct Report {
  std::string runbook_id, runbook_version, runbook_title, runbook_path;
  OrderedJson params = OrderedJson::object();
  std::string host;                          // the machine it ran on (gethostname)
  OrderedJson facts = OrderedJson::object();  // ctx:fact(name, value): plain values worth comparing across runs
  Step root;  // its children are the top-level steps
  std::vector<Finding> findings;
  std::vector<LogLine> log;
  // What the run's actions did or would do (Call::report_action): empty for a run that only diagnoses.
  std::vector<OrderedJson> actions;
  bool actions_applied = false;  // --apply was given (otherwise every action was a dry run)
  std::vector<Attachment> attachments;
  std::optional<std::string> error;  // the first error that made the verdict `error`
  std::string started_at;            // ISO 8601 UTC
  double duration_ms = 0;
  bool interrupted = false;

  // Ranked: severity, then confidence, then emission order.
  std::vector<const Finding*> ranked_findings() const;
  Verdict verdict() const;
  bool has_error_step() const;
};

// The report as the documented JSON schema (docs/report-schema.md), schema_version 1. Secrets are not yet
// redacted here: callers pass the result through the Redactor.
OrderedJson to_json(const Report& report);

inline constexpr int kReportSchemaVersion = 1;

}  // namespace clawbook
