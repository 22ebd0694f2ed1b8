// `clawbook report merge REPORT...`: many hosts' JSON reports as one table.
#include "shared.hpp"

#include "clawbook/command.hpp"
#include "report_merge.hpp"

namespace clawbook::cli {
namespace {

CommandSpec report_command() {
  return {.name = "report",
          .description = "Work with JSON reports: merge many hosts' reports into one table",
          .setup =
              [](CLI::App& sub) -> std::function<int()> {
                sub.require_subcommand(1);
                auto o = std::make_shared<MergeOptions>();
                auto out = std::make_shared<Output>(Output{"markdown", ""});
                auto* merge = sub.add_subcommand("merge", "One table of many JSON reports: per host verdict, top finding, versions");
                merge->add_option("REPORT", o->reports, "Reports written by `clawbook run --format json`")->required();
                add_output_options(*merge, *out, "markdown or json");
                set_exit_codes(*merge, "  0    merged\n  2    a report could not be read, or -o could not be written\n"
                                       "  64   usage error\n");
                return [o, out] {
                  if (auto problem = output_problem(*out)) return error_exit(kExitUsage, *problem);
                  MergeOptions options = *o;
                  options.format = out->format;
                  options.output = out->output;
                  return command_report_merge(options);
                };
              },
          .order = 70,
          .exit_codes = "  0    merged\n"
                        "  2    a report could not be read, or the output could not be written\n"
                        "  64   usage error\n"};
}

}  // namespace

CLAWBOOK_COMMAND(report_command());

}  // namespace clawbook::cli
