// `clawbook new ID`: a runbook skeleton and two test cases that pass, to start a playbook from.
#include "shared.hpp"

#include "clawbook/command.hpp"
#include "scaffold.hpp"

namespace clawbook::cli {
namespace {

CommandSpec new_command() {
  return {.name = "new",
          .description = "Write a runbook skeleton and a test case that passes",
          .setup =
              [](CLI::App& sub) -> std::function<int()> {
                auto o = std::make_shared<ScaffoldOptions>();
                sub.add_option("ID", o->id, "Runbook id, for example acme.disk-space")->required();
                sub.add_option("--dir", o->dir, "Directory to write into")->capture_default_str();
                sub.add_flag("--force", o->force, "Overwrite existing files");
                return [o] { return scaffold_runbook(*o); };
              },
          .order = 50,
          .exit_codes = "  0    written\n"
                        "  2    a file could not be written\n"
                        "  64   usage error: a bad id, or the files exist (use --force)\n"};
}

}  // namespace

CLAWBOOK_COMMAND(new_command());

}  // namespace clawbook::cli
