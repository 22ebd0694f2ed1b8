#include "clawbook/command.hpp"

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

const std::vector<CommandSpec>& registered_commands() { return commands(); }

}  // namespace clawbook
