// `clawbook test`: runs runbook test cases (docs/testing.md) with every binding call answered from data and
// checks each report against the case's expectation.
#pragma once

#include <string>
#include <vector>

namespace clawbook {

struct TestOptions {
  std::vector<std::string> paths;        // case files or directories; empty: `default_roots`
  std::vector<std::string> default_roots;  // the shipped runbooks
  std::vector<std::string> search_path;  // where runbook ids resolve (plus each case's own tree)
  std::string format = "human";          // human, json, junit
  std::string output;                    // junit/json to this file (atomically) instead of stdout
  bool color = false;
};

// Returns the exit code: 0 all passed, 1 a case failed, 2 a case file is broken (and none failed), 64 usage.
int run_tests(const TestOptions& options);

// Case files: a file as given, or every *.json directly inside a `tests` directory below a directory.
std::vector<std::string> find_test_cases(const std::vector<std::string>& paths, std::vector<std::string>& missing);

}  // namespace clawbook
