#include "clawbook/binding.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace clawbook {
namespace {

std::map<std::string, ModuleSpec>& modules() {
  static std::map<std::string, ModuleSpec> registry;
  return registry;
}

}  // namespace

bool register_module(ModuleSpec spec) {
  std::string name = spec.name;
  modules().insert_or_assign(std::move(name), std::move(spec));
  return true;
}

std::vector<const ModuleSpec*> registered_modules() {
  std::vector<const ModuleSpec*> out;
  for (const auto& [name, spec] : modules()) out.push_back(&spec);
  return out;
}

std::vector<std::string> registered_capabilities() {
  std::set<std::string> names;
  for (const auto& [name, spec] : modules()) {
    if (!spec.capability.empty()) names.insert(spec.capability);
    for (const auto& function : spec.functions)
      if (function.capability != nullptr) names.insert(function.capability);
    names.insert(spec.capability_forms.begin(), spec.capability_forms.end());
  }
  return {names.begin(), names.end()};
}

}  // namespace clawbook
