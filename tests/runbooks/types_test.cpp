// The editor annotations in runbooks/types/ and the binding modules the engine registers must agree: a
// function without an annotation, or an annotation for a function that does not exist, fails here.
#include "clawbook/binding.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include "test_paths.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path kTypes = fs::path(CLAWBOOK_SOURCE_DIR) / "runbooks" / "types";

// "module.function" for every `function module.function(` line of a types file.
std::set<std::string> annotated_functions(const fs::path& file) {
  std::set<std::string> names;
  std::ifstream in(file);
  std::string line;
  static const std::regex declaration(R"(^function\s+([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*\()");
  while (std::getline(in, line)) {
    std::smatch match;
    if (std::regex_search(line, match, declaration)) names.insert(std::string(match[1]) + "." + std::string(match[2]));
  }
  return names;
}

}  // namespace

TEST_CASE("every binding function has an annotation and every annotation a function", "[types]") {
  const auto modules = clawbook::registered_modules();
  REQUIRE(!modules.empty());
  for (const auto* module : modules) {
    const fs::path file = kTypes / (module->name + ".lua");
    INFO("module " << module->name << ": " << file.string());
    REQUIRE(fs::exists(file));
    std::set<std::string> registered;
    for (const auto& function : module->functions) registered.insert(module->name + "." + function.name);
    const auto annotated = annotated_functions(file);
    for (const auto& name : registered) {
      INFO(name << " is registered but has no `function " << name << "(...) end` in " << file.filename().string());
      CHECK(annotated.count(name) == 1);
    }
    for (const auto& name : annotated) {
      if (name.rfind(module->name + ".", 0) != 0) continue;  // helper classes live beside the module
      INFO(name << " is annotated but the module does not register it");
      CHECK(registered.count(name) == 1);
    }
  }
}

TEST_CASE("every types file belongs to a registered module or to the runbook API", "[types]") {
  std::set<std::string> names{"clawbook"};
  for (const auto* module : clawbook::registered_modules()) names.insert(module->name);
  for (const auto& entry : fs::directory_iterator(kTypes)) {
    if (entry.path().extension() != ".lua") continue;
    INFO(entry.path().string() << " annotates no registered module");
    CHECK(names.count(entry.path().stem().string()) == 1);
  }
}
