// The capability names derive from the module registry (registered_capabilities): the loader's check, --deny,
// and the lists the runbook author reads (runbooks/types/clawbook.lua, docs/runbook-format.md) all agree with it.
#include "clawbook/binding.hpp"
#include "engine.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <string>
#include "test_paths.hpp"

namespace {

std::set<std::string> registered() {
  const auto names = clawbook::registered_capabilities();
  return {names.begin(), names.end()};
}

// The first line of `file` that contains `marker`.
std::string line_with(const std::string& file, const std::string& marker) {
  std::ifstream in(std::string(CLAWBOOK_SOURCE_DIR) + "/" + file);
  for (std::string line; std::getline(in, line);)
    if (line.find(marker) != std::string::npos) return line;
  return "";
}

}  // namespace

TEST_CASE("capabilities are the modules' own", "[capabilities]") {
  const auto names = registered();
  for (const auto* module : clawbook::registered_modules()) {
    if (!module->capability.empty()) CHECK(names.count(module->capability) == 1);
    for (const auto& function : module->functions)
      if (function.capability != nullptr) CHECK(names.count(function.capability) == 1);
  }
  CHECK(names.count("fs:/PATH") == 1);  // the fs module's form
  for (const auto& name : names) {
    INFO(name);
    if (name.find(':') == std::string::npos) CHECK(clawbook::is_known_capability(name));
  }
  CHECK(clawbook::is_known_capability("fs:/etc/openclaw"));
  CHECK(clawbook::is_known_capability("exec:openclaw"));
  CHECK_FALSE(clawbook::is_known_capability("fs:/"));
  CHECK_FALSE(clawbook::is_known_capability("fs:etc"));
  CHECK_FALSE(clawbook::is_known_capability("teleport"));
  CHECK_FALSE(clawbook::is_known_capability("exec"));
  CHECK(clawbook::is_deniable_capability("exec"));
  CHECK_FALSE(clawbook::is_deniable_capability("teleport"));
  CHECK(clawbook::known_capabilities().find("fs:/PATH") != std::string::npos);
}

TEST_CASE("the capability lists authors read name exactly the registered ones", "[capabilities]") {
  const auto names = registered();
  // runbooks/types/clawbook.lua: ---@field capabilities? string[] net, proc, fs, ...
  const std::string types = line_with("runbooks/types/clawbook.lua", "---@field capabilities?");
  REQUIRE(!types.empty());
  std::set<std::string> annotated;
  const std::string list = types.substr(types.find("string[]") + 8);
  static const std::regex word(R"([a-z]+(:[/A-Z]+)?)");
  for (auto it = std::sregex_iterator(list.begin(), list.end(), word); it != std::sregex_iterator(); ++it)
    annotated.insert(it->str());
  CHECK(annotated == names);
  // docs/runbook-format.md: | `capabilities` | list of strings | `net`, `proc`, ... |
  const std::string docs = line_with("docs/runbook-format.md", "| `capabilities` |");
  REQUIRE(!docs.empty());
  std::set<std::string> documented;
  const std::string cell = docs.substr(docs.find("list of strings"));
  static const std::regex quoted("`([^`]+)`");
  for (auto it = std::sregex_iterator(cell.begin(), cell.end(), quoted); it != std::sregex_iterator(); ++it)
    documented.insert((*it)[1].str());
  CHECK(documented == names);
}
