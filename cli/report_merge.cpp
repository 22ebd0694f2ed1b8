#include "report_merge.hpp"

#include "clawbook/atomic_file.hpp"
#include "clawbook/untrusted_json.hpp"
#include "render.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

namespace clawbook {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxReportBytes = 64 * 1024 * 1024;

OrderedJson read_report(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read: " + std::strerror(errno));
  // Read at most one byte past the cap: /dev/zero or a runaway file must not be slurped whole.
  std::string text;
  char chunk[64 * 1024];
  while (text.size() <= kMaxReportBytes && in.read(chunk, sizeof chunk).gcount() > 0)
    text.append(chunk, static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxReportBytes) throw std::runtime_error(path + ": larger than 64 MiB: not a clawbook report");
  const nlohmann::json parsed = parse_untrusted_json(text);
  if (parsed.is_discarded()) throw std::runtime_error(path + ": not JSON (a report from `clawbook run --format json`?)");
  if (!parsed.is_object() || !parsed.contains("schema_version") || !parsed.contains("runbook") ||
      !parsed["runbook"].is_object() || !parsed.contains("verdict") || !parsed["verdict"].is_string())
    throw std::runtime_error(path + ": not a clawbook report (no schema_version, runbook or verdict)");
  if (!parsed["schema_version"].is_number_integer() || parsed["schema_version"].get<int>() > kReportSchemaVersion)
    throw std::runtime_error(path + ": report schema_version " + parsed["schema_version"].dump() +
                             " is newer than this clawbook reads (" + std::to_string(kReportSchemaVersion) + ")");
  return OrderedJson::parse(text);
}

std::string text_of(const OrderedJson& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_string()) return {};
  return object[key].get<std::string>();
}

int severity_rank(const std::string& s) {
  auto parsed = parse_severity(s);
  return parsed ? static_cast<int>(*parsed) : -1;
}

// Versions worth comparing across hosts: the engine's and every fact named "...version".
OrderedJson versions_of(const OrderedJson& report) {
  OrderedJson versions = OrderedJson::object();
  if (report.contains("engine")) versions["clawbook"] = text_of(report["engine"], "version");
  if (report.contains("facts") && report["facts"].is_object())
    for (const auto& [name, value] : report["facts"].items())
      if (name.ends_with("version") && (value.is_string() || value.is_number()))
        versions[name] = value.is_string() ? value.get<std::string>() : value.dump();
  return versions;
}

std::string md_cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

}  // namespace

OrderedJson merge_reports(const std::vector<std::string>& paths) {
  std::vector<OrderedJson> reports;
  for (const auto& path : paths) reports.push_back(read_report(path));

  // Hosts are named by the report's host name; reports sharing one (several runs on one machine, or inventory
  // hosts that are all local) are named by their file instead, as Ansible fetches them: HOST.json.
  std::map<std::string, int> name_uses;
  for (const auto& report : reports) ++name_uses[report.contains("host") ? text_of(report["host"], "name") : ""];

  OrderedJson hosts = OrderedJson::array();
  OrderedJson verdicts = {{"healthy", 0}, {"problems", 0}, {"error", 0}};
  struct Seen {
    int severity = -1;
    std::string title;
    std::vector<std::string> hosts;
  };
  std::map<std::string, Seen> findings;
  for (size_t i = 0; i < reports.size(); ++i) {
    const OrderedJson& report = reports[i];
    std::string name = report.contains("host") ? text_of(report["host"], "name") : "";
    if (name.empty() || name_uses[name] > 1) name = fs::path(paths[i]).stem().string();
    std::string verdict = text_of(report, "verdict");
    if (!verdicts.contains(verdict)) verdict = "error";  // a verdict this clawbook does not know is not healthy
    verdicts[verdict] = verdicts[verdict].get<int>() + 1;

    OrderedJson host = {{"host", name},
                        {"file", paths[i]},
                        {"runbook", text_of(report["runbook"], "id")},
                        {"runbook_version", text_of(report["runbook"], "version")},
                        {"verdict", verdict},
                        {"started_at", text_of(report, "started_at")}};
    if (report.contains("error") && report["error"].is_string()) host["error"] = report["error"];
    host["top_finding"] = nullptr;
    std::set<std::string> counted;  // a finding raised twice on one host counts once
    if (report.contains("findings") && report["findings"].is_array()) {
      for (const auto& finding : report["findings"]) {
        const std::string id = text_of(finding, "id");
        if (id.empty()) continue;
        if (host["top_finding"].is_null())
          host["top_finding"] = {{"id", id}, {"severity", text_of(finding, "severity")}, {"title", text_of(finding, "title")}};
        if (!counted.insert(id).second) continue;
        Seen& seen = findings[id];
        const int rank = severity_rank(text_of(finding, "severity"));
        if (rank > seen.severity) {
          seen.severity = rank;
          seen.title = text_of(finding, "title");
        }
        seen.hosts.push_back(name);
      }
    }
    host["versions"] = versions_of(report);
    hosts.push_back(std::move(host));
  }

  std::vector<std::pair<std::string, const Seen*>> ordered;
  for (const auto& [id, seen] : findings) ordered.emplace_back(id, &seen);
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
    if (a.second->severity != b.second->severity) return a.second->severity > b.second->severity;
    return a.second->hosts.size() > b.second->hosts.size();
  });
  OrderedJson finding_rows = OrderedJson::array();
  for (const auto& [id, seen] : ordered) {
    finding_rows.push_back({{"id", id},
                            {"severity", seen->severity >= 0 ? to_string(static_cast<Severity>(seen->severity)) : "unknown"},
                            {"title", seen->title},
                            {"count", seen->hosts.size()},
                            {"hosts", seen->hosts}});
  }
  return {{"reports", reports.size()}, {"verdicts", verdicts}, {"hosts", hosts}, {"findings", finding_rows}};
}

std::string render_merged_markdown(const OrderedJson& merged) {
  std::ostringstream out;
  const auto& verdicts = merged["verdicts"];
  out << "# clawbook: " << merged["reports"].get<size_t>() << " reports\n\n"
      << verdicts["healthy"].get<int>() << " healthy, " << verdicts["problems"].get<int>() << " with problems, "
      << verdicts["error"].get<int>() << " with errors.\n\n";
  out << "| Host | Runbook | Verdict | Top finding | Versions |\n|---|---|---|---|---|\n";
  for (const auto& host : merged["hosts"]) {
    std::string top = "";
    if (host["top_finding"].is_object())
      top = "`" + host["top_finding"].value("id", "") + "` (" + host["top_finding"].value("severity", "") + ")";
    else if (host.contains("error"))
      top = "error: " + host["error"].get<std::string>();
    std::string versions;
    for (const auto& [name, value] : host["versions"].items())
      versions += (versions.empty() ? "" : ", ") + name + " " + value.get<std::string>();
    out << "| " << md_cell(host.value("host", "")) << " | " << md_cell(host.value("runbook", "")) << "@"
        << md_cell(host.value("runbook_version", "")) << " | " << md_cell(host.value("verdict", "")) << " | "
        << md_cell(top) << " | " << md_cell(versions) << " |\n";
  }
  if (!merged["findings"].empty()) {
    out << "\n## Findings across hosts\n\n| Finding | Severity | Hosts | Where | Title |\n|---|---|---|---|---|\n";
    for (const auto& finding : merged["findings"]) {
      std::string where;
      for (const auto& host : finding["hosts"]) where += (where.empty() ? "" : ", ") + host.get<std::string>();
      out << "| `" << md_cell(finding.value("id", "")) << "` | " << finding.value("severity", "") << " | "
          << finding["count"].get<size_t>() << " | " << md_cell(where) << " | " << md_cell(finding.value("title", ""))
          << " |\n";
    }
  }
  return out.str();
}

int command_report_merge(const MergeOptions& options) {
  if (options.format != "markdown" && options.format != "md" && options.format != "json") {
    std::cerr << "clawbook: unknown --format '" << options.format << "' (markdown, json)\n";
    return kExitUsage;
  }
  OrderedJson merged;
  try {
    merged = merge_reports(options.reports);
  } catch (const std::exception& e) {
    std::cerr << "clawbook: " << e.what() << "\n";
    return kExitRunbookError;
  }
  const std::string text = options.format == "json" ? merged.dump(2) + "\n" : render_merged_markdown(merged);
  if (options.output.empty()) {
    std::cout << text;
    std::cout.flush();
  } else if (!write_file_or_report(options.output, text)) {
    return kExitRunbookError;
  }
  const auto& verdicts = merged["verdicts"];
  return verdicts["problems"].get<int>() + verdicts["error"].get<int>() > 0 ? kExitFindings : kExitOk;
}

}  // namespace clawbook
