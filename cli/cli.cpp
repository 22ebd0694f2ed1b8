// The `clawbook` command line: the top-level parser only dispatches. Every subcommand is a file of its own
// (cli/run.cpp, cli/list.cpp, ..., bundle/command.cpp, lab/command.cpp, fleet/command.cpp) registered by name.
#include "cli.hpp"

#include "clawbook/command.hpp"
#include "clawbook/exit_codes.hpp"
#include "engine.hpp"

#include <lua.hpp>

#include <iostream>

namespace clawbook {

int cli_main(int argc, char** argv) {
  CLI::App app{"clawbook: scriptable runbooks that diagnose a system and end in ranked findings", "clawbook"};
  app.set_version_flag("--version",
                       std::string("clawbook ") + CLAWBOOK_VERSION + " (engine API " + CLAWBOOK_ENGINE_API_VERSION + ", " +
                           LUA_RELEASE + ")");
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 ok, 1 findings at or above --fail-on, 2 runbook error, 64 usage error, 130 interrupted;\n"
      "each command's --help lists its own.\n"
      "Runbooks are searched in --runbook-path, then $CLAWBOOK_PATH (colon separated), then the shipped runbooks;\n"
      "the first directory holding an id and version wins.");

  std::vector<std::pair<CLI::App*, std::function<int()>>> commands;
  for (const auto& command : registered_commands()) {
    auto* sub = app.add_subcommand(command.name, command.description);
    commands.emplace_back(sub, command.setup(*sub));
    if (!command.exit_codes.empty()) sub->footer("Exit codes:\n" + command.exit_codes);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::cerr << "clawbook: " << e.what() << "\nRun 'clawbook --help' (or 'clawbook COMMAND --help') for usage.\n";
    return kExitUsage;
  }
  for (auto& [sub, runner] : commands)
    if (sub->parsed()) return runner();
  return kExitUsage;
}

}  // namespace clawbook
