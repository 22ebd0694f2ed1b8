// `clawbook report merge`: many JSON reports (one per host, as Ansible fetches them) into one table: each
// host's verdict, top finding and versions, then how many hosts share each finding.
#pragma once

#include "report.hpp"

#include <string>
#include <vector>

namespace clawbook {

struct MergeOptions {
  std::vector<std::string> reports;  // paths of `--format json` reports
  std::string format = "markdown";   // markdown or json
  std::string output;                // empty: stdout
};

// The merged model (what --format json prints). Throws std::runtime_error naming the file that is unreadable
// or not a clawbook report.
OrderedJson merge_reports(const std::vector<std::string>& paths);
std::string render_merged_markdown(const OrderedJson& merged);

// Exit codes: 0 every report healthy, 1 one has problems or an error, 2 a report cannot be read, 64 usage.
int command_report_merge(const MergeOptions& options);

}  // namespace clawbook
