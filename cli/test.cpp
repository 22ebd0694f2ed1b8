// `clawbook test [PATH...]`: runbook test cases (fake binding results or recordings) against their expectations.
#include "shared.hpp"

#include "clawbook/command.hpp"
#include "test_runner.hpp"

namespace clawbook::cli {
namespace {

struct TestCommandOptions {
  TestOptions runner;
  Output out{"human", ""};
  std::vector<std::string> runbook_path;
};

CommandSpec test_command() {
  return {.name = "test",
          .description = "Run runbook test cases (fake binding results) and check their expectations",
          .setup =
              [](CLI::App& sub) -> std::function<int()> {
                auto o = std::make_shared<TestCommandOptions>();
                sub.add_option("PATH", o->runner.paths, "Case files or directories (default: the shipped runbooks' cases)");
                add_output_options(sub, o->out, "human, json or junit");
                add_runbook_path(sub, o->runbook_path);
                return [o] {
                  if (auto problem = output_problem(o->out)) return error_exit(kExitUsage, *problem);
                  TestOptions options = o->runner;
                  options.format = o->out.format;
                  options.output = o->out.output;
                  options.search_path = search_path(o->runbook_path);
                  if (auto shipped = shipped_runbooks(); !shipped.empty()) options.default_roots.push_back(shipped);
                  options.color = options.format == "human" && options.output.empty() && color_allowed(stdout);
                  return run_tests(options);
                };
              },
          .order = 40,
          .exit_codes = "  0    every case passed\n"
                        "  1    a case's expectation failed\n"
                        "  2    a case is broken (bad file, unknown runbook, bad recording) or -o could not be written\n"
                        "  64   usage error: unknown path or format\n"};
}

}  // namespace

CLAWBOOK_COMMAND(test_command());

}  // namespace clawbook::cli
