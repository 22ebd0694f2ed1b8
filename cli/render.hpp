// Output formats. Each renders the redacted JSON report (the documented schema), so every format shows the
// same facts and none can leak what the redaction pass removed.
#pragma once

#include "clawbook/exit_codes.hpp"
#include "report.hpp"

#include <optional>
#include <string>

namespace clawbook {

struct RenderOptions {
  bool color = false;
  Severity fail_on = Severity::medium;
  int exit_code = 0;
};

enum class Format { human, json, junit, markdown, tap, prometheus };
std::optional<Format> parse_format(std::string_view name);

// Text for XML attributes and content; invalid control characters dropped.
std::string xml_escape(const std::string& text);

// Every text format (all but JSON) renders `report` with its strings and keys made printable (clawbook/utf8.hpp:
// ESC, OSC 52, other C0/C1 controls and bidirectional overrides from probed data cannot act on a terminal).
std::string render(Format format, const OrderedJson& report, const RenderOptions& options);
// `value` with every string and object key passed through clawbook::printable.
OrderedJson printable_report(const OrderedJson& value);
std::string render_human(const OrderedJson& report, const RenderOptions& options);
std::string render_json(const OrderedJson& report);
std::string render_junit(const OrderedJson& report, const RenderOptions& options);
std::string render_markdown(const OrderedJson& report, const RenderOptions& options);
std::string render_tap(const OrderedJson& report, const RenderOptions& options);
// node_exporter textfile-collector format: write it atomically (the collector may read at any moment).
std::string render_prometheus(const OrderedJson& report, const RenderOptions& options);
// What the textfile says when the runbook could not even start (unknown id, syntax error): verdict error, so the
// previous run's verdict does not linger and alerts see the failure.
std::string render_prometheus_failure(const std::string& runbook, int exit_code);

// The run's exit code (clawbook/exit_codes.hpp): error verdict 2, interrupted 130, else findings at or above
// `fail_on` 1, else 0.
int exit_code_for(const OrderedJson& report, Severity fail_on);

}  // namespace clawbook
