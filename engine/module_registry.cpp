#include "clawbook/binding.hpp"

#include <algorithm>
#include <map>

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

}  // namespace clawbook
