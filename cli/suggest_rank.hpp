// `clawbook suggest "TEXT"`: ranks runbooks whose declared symptoms match text a user pasted.
#pragma once

#include "engine.hpp"

#include <string>
#include <vector>

namespace clawbook {

struct Suggestion {
  const RunbookFile* runbook;
  double score;         // 0..1
  std::string matched;  // the symptom that matched best
};

std::vector<Suggestion> suggest(const std::vector<const RunbookFile*>& runbooks, std::string_view text);

}  // namespace clawbook
