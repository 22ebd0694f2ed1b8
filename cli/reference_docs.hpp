// `clawbook docs`: a Markdown reference of every runbook on the search path and of the binding API, generated
// from what the engine itself loads (runbook metadata, the module registry) and the annotation files in the
// shipped runbooks' types/ directory (one-line summaries and signatures).
#pragma once

#include <string>
#include <vector>

namespace clawbook {

struct DocsOptions {
  std::vector<std::string> search_path;
  std::string types_dir;       // <shipped runbooks>/types
  std::string output;          // directory; empty: both pages to stdout
  std::string findings;        // file for the finding catalog page (docs/findings.md); empty: not written
  std::string knowledge_root;  // the runbooks directory holding knowledge/ (the shipped runbooks)
  // Non-empty: the runbook page documents only the runbooks under these directories (`--runbook-path DIR`);
  // the rest of the search path still loads, for `require("lib.x")`.
  std::vector<std::string> only_under;
};

int generate_docs(const DocsOptions& options);

}  // namespace clawbook
