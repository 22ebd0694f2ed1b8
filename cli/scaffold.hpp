// `clawbook new ID`: a runbook skeleton (metadata, a step, a finding) and test cases that pass as written, so
// a team starts from something that runs and is tested.
#pragma once

#include <string>

namespace clawbook {

struct ScaffoldOptions {
  std::string id;
  std::string dir = ".";
  bool force = false;
};

// Returns the exit code (0, or 64 for a bad id or a file that exists without --force, 2 for an I/O error).
int scaffold_runbook(const ScaffoldOptions& options);

}  // namespace clawbook
