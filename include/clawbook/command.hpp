// `clawbook` subcommands. Every subcommand (run, list, ..., lab, fleet) is one file that fills a CommandSpec and
// registers it with CLAWBOOK_COMMAND; the top-level parser (cli/cli.cpp) knows none of them by name and only
// dispatches.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace clawbook {

struct CommandSpec {
  std::string name;         // "lab"
  std::string description;  // one line for --help
  // Adds the subcommand's options to `sub` and returns what to run when the subcommand is chosen; the
  // returned function's result is the process exit code.
  std::function<std::function<int()>(CLI::App& sub)> setup;
  // Where it appears in `clawbook --help` (lower first; ties by name).
  int order = 100;
  // This subcommand's exit codes, one "CODE  meaning" per line: the footer of its --help.
  std::string exit_codes;
};

bool register_command(CommandSpec spec);
// In `order`, then by name.
std::vector<CommandSpec> registered_commands();

}  // namespace clawbook

#define CLAWBOOK_COMMAND(spec_expr)                                                                   \
  static const bool CLAWBOOK_COMMAND_CONCAT(clawbook_command_registered_, __LINE__) = \
      ::clawbook::register_command(spec_expr)
#define CLAWBOOK_COMMAND_CONCAT_INNER(a, b) a##b
#define CLAWBOOK_COMMAND_CONCAT(a, b) CLAWBOOK_COMMAND_CONCAT_INNER(a, b)
