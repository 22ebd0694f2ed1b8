#include "render.hpp"
#include "clawbook/utf8.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace clawbook {
namespace {

std::string ms_text(double ms) {
  char buffer[32];
  if (ms < 1) std::snprintf(buffer, sizeof buffer, "%.2f ms", ms);
  else if (ms < 1000) std::snprintf(buffer, sizeof buffer, "%.0f ms", ms);
  else std::snprintf(buffer, sizeof buffer, "%.2f s", ms / 1000);
  return buffer;
}

std::string value_text(const OrderedJson& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string clip(std::string text, size_t limit) {
  if (text.size() <= limit) return text;
  text.resize(limit);
  return text + "…";
}

int severity_rank(const std::string& s) {
  auto parsed = parse_severity(s);
  return parsed ? static_cast<int>(*parsed) : 0;
}

struct Palette {
  bool on;
  std::string wrap(const char* code, const std::string& text) const {
    return on ? std::string("\x1b[") + code + "m" + text + "\x1b[0m" : text;
  }
  std::string bold(const std::string& t) const { return wrap("1", t); }
  std::string dim(const std::string& t) const { return wrap("2", t); }
  std::string red(const std::string& t) const { return wrap("31", t); }
  std::string green(const std::string& t) const { return wrap("32", t); }
  std::string yellow(const std::string& t) const { return wrap("33", t); }
  std::string magenta(const std::string& t) const { return wrap("35", t); }
  std::string cyan(const std::string& t) const { return wrap("36", t); }
};

std::string status_mark(const std::string& status, const Palette& p) {
  if (status == "pass") return p.green("✔");
  if (status == "warn") return p.yellow("▲");
  if (status == "fail") return p.red("✖");
  if (status == "skip") return p.dim("○");
  if (status == "error") return p.magenta("‼");
  return p.dim("…");
}

std::string severity_label(const std::string& severity, const Palette& p) {
  std::string upper;
  for (char c : severity) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (severity == "critical" || severity == "high") return p.red(p.bold(upper));
  if (severity == "medium") return p.yellow(upper);
  if (severity == "low") return p.cyan(upper);
  return p.dim(upper);
}

// One action line's verb: what happened to it (or, in a dry run, what would).
std::string action_mark(const std::string& status, const Palette& p) {
  if (status == "applied") return p.green("✔ applied ");
  if (status == "planned") return p.cyan("→ would   ");
  if (status == "failed") return p.red("✖ failed  ");
  if (status == "refused") return p.magenta("⊘ refused ");
  if (status == "declined") return p.yellow("○ declined");
  if (status == "skipped") return p.yellow("○ skipped ");
  return p.dim(status);
}

void human_actions(std::ostringstream& out, const OrderedJson& report, const Palette& p) {
  if (!report.contains("actions")) return;
  const bool dry = report.value("action_mode", "") != "apply";
  out << "\n" << p.bold("Actions")
      << p.dim(dry ? " (dry run: nothing was changed; re-run with --apply to carry them out)" : " (--apply)") << "\n";
  for (const auto& a : report["actions"]) {
    out << "  " << action_mark(a.value("status", ""), p) << "  " << a.value("summary", a.value("action", ""));
    if (a.value("destructive", false)) out << p.dim("  [destructive]");
    out << "\n";
    if (a.contains("command") && a["command"].is_string()) out << "      " << p.cyan("$") << " " << a["command"].get<std::string>() << "\n";
    if (a.contains("diff") && a["diff"].is_string()) {
      std::istringstream lines(a["diff"].get<std::string>());
      for (std::string line; std::getline(lines, line);) {
        const std::string shown = clip(line, 200);
        out << "      " << (line.starts_with("+") ? p.green(shown) : line.starts_with("-") ? p.red(shown) : p.dim(shown)) << "\n";
      }
    }
    if (a.contains("reason")) out << "      " << p.dim("why:") << " " << a["reason"].get<std::string>() << "\n";
    if (a.contains("backup")) out << "      " << p.dim("backup:") << " " << a["backup"].get<std::string>() << "\n";
  }
}

void human_steps(std::ostringstream& out, const OrderedJson& steps, int depth, const Palette& p) {
  for (const auto& step : steps) {
    const std::string indent(static_cast<size_t>(2 + depth * 3), ' ');
    const std::string status = step.value("status", "");
    std::string line = indent + status_mark(status, p) + " " + step.value("title", "");
    if (step.contains("runbook")) line += p.dim(" (" + step["runbook"].value("id", "") + "@" + step["runbook"].value("version", "") + ")");
    line += "  " + p.dim(ms_text(step.value("duration_ms", 0.0)));
    out << line << "\n";
    const std::string detail_indent = indent + "    ";
    if (step.contains("message") && !step["message"].get<std::string>().empty()) {
      std::string message = step["message"].get<std::string>();
      out << detail_indent << (status == "error" ? p.magenta(clip(message, 400)) : clip(message, 400)) << "\n";
    }
    if (step.contains("evidence")) {
      for (const auto& [key, value] : step["evidence"].items())
        out << detail_indent << p.dim(key + ":") << " " << clip(value_text(value), 200) << "\n";
    }
    if (step.contains("steps")) human_steps(out, step["steps"], depth + 1, p);
  }
}


std::string md_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|' || c == '*' || c == '_' || c == '`' || c == '<' || c == '>') out += '\\';
    if (c == '\n') {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out;
}

void flatten_steps(const OrderedJson& steps, const std::string& prefix, std::vector<std::pair<std::string, const OrderedJson*>>& out) {
  for (const auto& step : steps) {
    const std::string name = prefix.empty() ? step.value("title", "") : prefix + " › " + step.value("title", "");
    out.emplace_back(name, &step);
    if (step.contains("steps")) flatten_steps(step["steps"], name, out);
  }
}

std::string finding_counts(const OrderedJson& report) {
  std::string text;
  if (!report.contains("summary")) return text;
  for (const auto& [severity, count] : report["summary"]["findings"].items())
    text += (text.empty() ? "" : ", ") + std::to_string(count.get<int>()) + " " + severity;
  return text;
}

}  // namespace

std::string xml_escape(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') out += "?";  // not allowed in XML 1.0
        else out += static_cast<char>(c);
    }
  }
  return out;
}

std::optional<Format> parse_format(std::string_view name) {
  if (name == "human") return Format::human;
  if (name == "json") return Format::json;
  if (name == "junit") return Format::junit;
  if (name == "markdown" || name == "md") return Format::markdown;
  if (name == "tap") return Format::tap;
  if (name == "prometheus") return Format::prometheus;
  return std::nullopt;
}

int exit_code_for(const OrderedJson& report, Severity fail_on) {
  if (report.value("interrupted", false)) return kExitInterrupted;
  if (report.value("verdict", "") == "error") return kExitRunbookError;
  for (const auto& f : report["findings"])
    if (severity_rank(f.value("severity", "info")) >= static_cast<int>(fail_on)) return kExitFindings;
  return kExitOk;
}

OrderedJson printable_report(const OrderedJson& value) {
  if (value.is_string()) return printable(value.get_ref<const std::string&>());
  if (value.is_array()) {
    OrderedJson out = OrderedJson::array();
    for (const auto& item : value) out.push_back(printable_report(item));
    return out;
  }
  if (value.is_object()) {
    OrderedJson out = OrderedJson::object();
    for (const auto& [key, item] : value.items()) out[printable(key)] = printable_report(item);
    return out;
  }
  return value;
}

std::string render(Format format, const OrderedJson& report, const RenderOptions& options) {
  // JSON escapes control characters itself; every text format gets them neutralised first.
  if (format == Format::json) return render_json(report);
  const OrderedJson shown = printable_report(report);
  switch (format) {
    case Format::human: return render_human(shown, options);
    case Format::json: break;
    case Format::junit: return render_junit(shown, options);
    case Format::markdown: return render_markdown(shown, options);
    case Format::tap: return render_tap(shown, options);
    case Format::prometheus: return render_prometheus(shown, options);
  }
  return {};
}

std::string render_json(const OrderedJson& report) {
  return report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_human(const OrderedJson& report, const RenderOptions& options) {
  const Palette p{options.color};
  std::ostringstream out;
  const auto& runbook = report["runbook"];
  out << p.bold(runbook.value("id", "")) << " " << p.dim(runbook.value("version", ""));
  if (!runbook.value("title", "").empty()) out << " · " << runbook.value("title", "");
  out << "\n\n";
  human_steps(out, report["steps"], 0, p);

  const auto& findings = report["findings"];
  if (!findings.empty()) {
    out << "\n" << p.bold("Findings") << p.dim(" (most likely cause first)") << "\n";
    for (const auto& f : findings) {
      out << "\n " << f.value("rank", 0) << ". " << severity_label(f.value("severity", ""), p) << "  "
          << p.bold(f.value("title", "")) << "  " << p.dim(f.value("id", "")) << "\n";
      if (f.contains("cause")) out << "    " << f["cause"].get<std::string>() << "\n";
      if (f.contains("evidence") && !f["evidence"].is_null()) {
        const auto& evidence = f["evidence"];
        if (evidence.is_object()) {
          for (const auto& [key, value] : evidence.items())
            out << "    " << p.dim(key + ":") << " " << clip(value_text(value), 200) << "\n";
        } else if (evidence.is_array()) {
          for (const auto& item : evidence) out << "    " << p.dim("·") << " " << clip(value_text(item), 200) << "\n";
        } else {
          out << "    " << p.dim("evidence:") << " " << clip(value_text(evidence), 200) << "\n";
        }
      }
      if (!f["fix"].empty()) {
        out << "    " << p.bold("fix:") << "\n";
        for (const auto& step : f["fix"]) out << "      " << p.cyan("$") << " " << step.get<std::string>() << "\n";
      }
    }
  }

  human_actions(out, report, p);

  const std::string verdict = report.value("verdict", "");
  out << "\n";
  std::string verdict_text = verdict == "healthy" ? p.green(p.bold("HEALTHY"))
                           : verdict == "problems" ? p.yellow(p.bold("PROBLEMS"))
                                                   : p.magenta(p.bold("ERROR"));
  out << "Verdict: " << verdict_text;
  const std::string counts = finding_counts(report);
  if (!counts.empty()) out << " — " << counts;
  out << p.dim(" · " + ms_text(report.value("duration_ms", 0.0)) + " · exit " + std::to_string(options.exit_code)) << "\n";
  if (report.contains("error")) out << p.magenta(report["error"].get<std::string>()) << "\n";
  return out.str();
}

std::string render_junit(const OrderedJson& report, const RenderOptions& options) {
  std::vector<std::pair<std::string, const OrderedJson*>> steps;
  flatten_steps(report["steps"], "", steps);
  const auto& findings = report["findings"];
  const std::string id = report["runbook"].value("id", "");
  int failures = 0, errors = 0, skipped = 0;
  for (const auto& [name, step] : steps) {
    const std::string status = step->value("status", "");
    failures += status == "fail";
    errors += status == "error";
    skipped += status == "skip";
  }
  for (const auto& f : findings)
    failures += severity_rank(f.value("severity", "info")) >= static_cast<int>(options.fail_on);
  const size_t tests = steps.size() + findings.size();
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.3f", report.value("duration_ms", 0.0) / 1000);

  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"clawbook\" tests=\"" << tests << "\" failures=\"" << failures << "\" errors=\"" << errors
      << "\" skipped=\"" << skipped << "\" time=\"" << seconds << "\">\n";
  out << "  <testsuite name=\"" << xml_escape(id) << "\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" errors=\"" << errors << "\" skipped=\"" << skipped << "\" time=\"" << seconds << "\" timestamp=\""
      << xml_escape(report.value("started_at", "")) << "\">\n";
  out << "    <properties>\n";
  out << "      <property name=\"runbook.version\" value=\"" << xml_escape(report["runbook"].value("version", "")) << "\"/>\n";
  out << "      <property name=\"verdict\" value=\"" << xml_escape(report.value("verdict", "")) << "\"/>\n";
  out << "      <property name=\"engine.version\" value=\"" << xml_escape(report["engine"].value("version", "")) << "\"/>\n";
  out << "    </properties>\n";
  for (const auto& [name, step] : steps) {
    char time[32];
    std::snprintf(time, sizeof time, "%.3f", step->value("duration_ms", 0.0) / 1000);
    out << "    <testcase classname=\"" << xml_escape(id) << "\" name=\"" << xml_escape(name) << "\" time=\"" << time << "\"";
    const std::string status = step->value("status", "");
    const std::string message = step->value("message", "");
    if (status == "fail") {
      out << ">\n      <failure message=\"" << xml_escape(message) << "\" type=\"fail\"/>\n    </testcase>\n";
    } else if (status == "error") {
      std::string traceback = step->contains("error") ? (*step)["error"].value("traceback", "") : "";
      out << ">\n      <error message=\"" << xml_escape(message) << "\" type=\"error\">" << xml_escape(traceback)
          << "</error>\n    </testcase>\n";
    } else if (status == "skip") {
      out << ">\n      <skipped message=\"" << xml_escape(message) << "\"/>\n    </testcase>\n";
    } else if (step->contains("evidence") || !message.empty()) {
      out << ">\n      <system-out>" << xml_escape(message);
      if (step->contains("evidence")) out << "\n" << xml_escape((*step)["evidence"].dump());
      out << "</system-out>\n    </testcase>\n";
    } else {
      out << "/>\n";
    }
  }
  for (const auto& f : findings) {
    const std::string severity = f.value("severity", "");
    out << "    <testcase classname=\"" << xml_escape(id) << ".findings\" name=\"" << xml_escape(f.value("id", "")) << "\" time=\"0\"";
    std::string body = f.value("cause", "");
    for (const auto& fix : f["fix"]) body += "\nfix: " + fix.get<std::string>();
    if (severity_rank(severity) >= static_cast<int>(options.fail_on)) {
      out << ">\n      <failure message=\"" << xml_escape(severity + ": " + f.value("title", "")) << "\" type=\""
          << xml_escape(severity) << "\">" << xml_escape(body) << "</failure>\n    </testcase>\n";
    } else {
      out << ">\n      <system-out>" << xml_escape(severity + ": " + f.value("title", "") + "\n" + body)
          << "</system-out>\n    </testcase>\n";
    }
  }
  out << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

std::string render_markdown(const OrderedJson& report, const RenderOptions& options) {
  std::ostringstream out;
  const auto& runbook = report["runbook"];
  out << "# " << md_escape(runbook.value("title", runbook.value("id", ""))) << "\n\n";
  out << "- Runbook: `" << runbook.value("id", "") << "` " << runbook.value("version", "") << "\n";
  out << "- Verdict: **" << report.value("verdict", "") << "**";
  const std::string counts = finding_counts(report);
  if (!counts.empty()) out << " (" << counts << ")";
  out << "\n- Started: " << report.value("started_at", "") << ", took " << ms_text(report.value("duration_ms", 0.0))
      << "\n- Exit code: " << options.exit_code << "\n";
  if (report.contains("error")) out << "- Error: " << md_escape(report["error"].get<std::string>()) << "\n";

  const auto& findings = report["findings"];
  if (!findings.empty()) {
    out << "\n## Findings\n";
    for (const auto& f : findings) {
      out << "\n### " << f.value("rank", 0) << ". " << md_escape(f.value("title", "")) << "\n\n";
      out << "- Id: `" << f.value("id", "") << "`, severity **" << f.value("severity", "") << "**, confidence "
          << f.value("confidence", 0.0) << "\n";
      if (f.contains("cause")) out << "- Cause: " << md_escape(f["cause"].get<std::string>()) << "\n";
      if (f.contains("evidence") && !f["evidence"].is_null())
        out << "- Evidence: `" << clip(value_text(f["evidence"]), 500) << "`\n";
      if (!f["fix"].empty()) {
        out << "\nFix:\n\n```sh\n";
        for (const auto& step : f["fix"]) out << step.get<std::string>() << "\n";
        out << "```\n";
      }
    }
  }
  if (report.contains("actions")) {
    const bool dry = report.value("action_mode", "") != "apply";
    out << "\n## Actions" << (dry ? " (dry run)" : "") << "\n\n| Status | Action | Details |\n|---|---|---|\n";
    for (const auto& a : report["actions"]) {
      std::string details;
      if (a.contains("command") && a["command"].is_string()) details += "`" + a["command"].get<std::string>() + "` ";
      if (a.contains("reason")) details += a["reason"].get<std::string>() + " ";
      if (a.contains("backup")) details += "backup: " + a["backup"].get<std::string>();
      out << "| " << a.value("status", "") << " | " << md_escape(a.value("summary", a.value("action", ""))) << " | "
          << md_escape(details) << " |\n";
    }
  }
  out << "\n## Steps\n\n| Status | Step | Time | Details |\n|---|---|---|---|\n";
  std::vector<std::pair<std::string, const OrderedJson*>> steps;
  flatten_steps(report["steps"], "", steps);
  for (const auto& [name, step] : steps) {
    std::string details = step->value("message", "");
    if (step->contains("evidence")) details += (details.empty() ? "" : " ") + clip((*step)["evidence"].dump(), 300);
    out << "| " << step->value("status", "") << " | " << md_escape(name) << " | " << ms_text(step->value("duration_ms", 0.0))
        << " | " << md_escape(details) << " |\n";
  }
  return out.str();
}

}  // namespace clawbook
