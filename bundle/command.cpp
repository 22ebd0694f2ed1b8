// `clawbook bundle`: one redacted tar.gz for a support ticket.
#include "bundle.hpp"

#include "clawbook/command.hpp"
#include "shared.hpp"

namespace clawbook {
namespace {

struct BundleCommandOptions {
  BundleOptions bundle;
  cli::ParamOptions params;
  std::vector<std::string> runbook_path;
};

CommandSpec bundle_command() {
  return {.name = "bundle",
          .description = "Write a support bundle: report, versions, redacted config and logs, in one tar.gz",
          .setup =
              [](CLI::App& sub) -> std::function<int()> {
                auto o = std::make_shared<BundleCommandOptions>();
                sub.add_option("-o,--output", o->bundle.output,
                               "Archive to write (default: clawbook-bundle-HOST-TIME.tar.gz)");
                sub.add_option("--runbook", o->bundle.runbook, "Collector runbook (default: the one tagged \"bundle\")");
                cli::add_param_options(sub, o->params);
                sub.add_option("--lines", o->bundle.lines, "Log lines kept around the last start and disconnect")
                    ->capture_default_str();
                sub.add_flag("--mask-hosts", o->bundle.mask_hosts,
                             "Replace IP addresses and host names with stable placeholders");
                sub.add_option("--host-map", o->bundle.host_map,
                               "Where --mask-hosts keeps its mapping, outside the archive (default: "
                               "~/.local/state/clawbook/host-map.json)");
                sub.add_option("--timeout", o->bundle.timeout, "Wall-clock limit for collecting, in seconds")
                    ->capture_default_str();
                cli::add_runbook_path(sub, o->runbook_path);
                return [o] {
                  std::string error;
                  const auto params = cli::collect_params(o->params, error);
                  if (!params) return cli::error_exit(kExitUsage, error);
                  if (auto problem = cli::output_problem({"", o->bundle.output})) return cli::error_exit(kExitUsage, *problem);
                  BundleOptions options = o->bundle;
                  options.params = *params;
                  options.search_path = cli::search_path(o->runbook_path);
                  return command_bundle(options);
                };
              },
          .order = 80,
          .exit_codes = "  0    written (the collector's findings are in report.json)\n"
                        "  2    the collector failed to run, or the archive could not be written\n"
                        "  64   usage error\n"};
}

}  // namespace

CLAWBOOK_COMMAND(bundle_command());

}  // namespace clawbook
