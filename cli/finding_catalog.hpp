// The finding catalog as data: <runbooks>/knowledge/index.lua (areas, page prose) and one Lua table per area.
// `clawbook lint` checks raised ids against it; `clawbook docs --findings FILE` renders docs/findings.md from it.
#pragma once

#include "report.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clawbook {

struct FindingCatalog {
  std::string root;                            // the runbooks directory holding knowledge/
  OrderedJson index;                           // knowledge/index.lua
  OrderedJson regressions;                     // lib/known_issues.lua (a list; empty when absent)
  std::vector<std::string> ids;                // every id, area by area
  std::map<std::string, OrderedJson> entries;  // id -> entry (with "area")
  std::vector<std::string> problems;           // files that do not load, ids defined twice, entries without a field
};

// Runs a Lua data file (`return { ... }`) with only the base and string libraries and converts its value;
// nullopt with `error` set when it does not load.
std::optional<OrderedJson> load_lua_data(const std::string& path, std::string& error);

// The catalog under `runbooks_root`, or nullopt when it has no knowledge/index.lua.
std::optional<FindingCatalog> load_finding_catalog(const std::string& runbooks_root);

// docs/findings.md: the page prose, then per section its heading, intro, table and notes.
std::string findings_page(const FindingCatalog& catalog);

}  // namespace clawbook
