#include "clawbook/command.hpp"

#include <algorithm>

namespace clawbook {
namespace {

std::vector<CommandSpec>& commands() {
  static std::vector<CommandSpec> registry;
  return registry;
}

}  // namespace

bool register_command(CommandSpec spec) {
  commands().push_back(std::move(spec));
  return true;
}

std::vector<CommandSpec> registered_commands() {
  std::vector<CommandSpec> sorted = commands();
  std::stable_sort(sorted.begin(), sorted.end(), [](const CommandSpec& a, const CommandSpec& b) {
    return a.order != b.order ? a.order < b.order : a.name < b.name;
  });
  return sorted;
}

}  // namespace clawbook
