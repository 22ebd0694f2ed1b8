// Extra `clawbook` subcommands contributed by components outside the engine (for example `clawbook lab`).
// The engine's CLI knows none of them by name: each registers itself at static-initialisation time.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace clawbook {

struct CommandSpec {
  std::string name;         // "lab"
  std::string description;  // one line for --help
  // Adds the subcommand's options to `sub` and returns what to run when the subcommand is chosen; the
  // returned function's result is the process exit code.
  std::function<std::function<int()>(CLI::App& sub)> setup;
};

bool register_command(CommandSpec spec);
const std::vector<CommandSpec>& registered_commands();

}  // namespace clawbook

#define CLAWBOOK_COMMAND(spec_expr)                                                                   \
  static const bool CLAWBOOK_COMMAND_CONCAT(clawbook_command_registered_, __LINE__) = \
      ::clawbook::register_command(spec_expr)
#define CLAWBOOK_COMMAND_CONCAT_INNER(a, b) a##b
#define CLAWBOOK_COMMAND_CONCAT(a, b) CLAWBOOK_COMMAND_CONCAT_INNER(a, b)
