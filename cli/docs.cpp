// `clawbook docs`: the Markdown reference of the runbooks and the binding API, from the same metadata and module
// registry the engine uses.
#include "shared.hpp"

#include "clawbook/command.hpp"
#include "reference_docs.hpp"

namespace clawbook::cli {
namespace {

struct DocsCommandOptions {
  DocsOptions docs;
  std::vector<std::string> runbook_path;
  bool all = false;
};

CommandSpec docs_command() {
  return {.name = "docs",
          .description = "Generate the Markdown reference of the runbooks and the binding API",
          .setup = [](CLI::App& sub) -> std::function<int()> {
            auto o = std::make_shared<DocsCommandOptions>();
            sub.add_option("-o,--output", o->docs.output,
                           "Directory for runbooks.md and bindings.md (default: stdout)");
            sub.add_option("--findings", o->docs.findings,
                           "Also write the finding catalog page (docs/findings.md) to FILE; alone, only that");
            sub.add_option("--runbook-path", o->runbook_path,
                           "Document only the runbooks under DIR (repeatable); without it, every runbook on "
                           "the search path ($CLAWBOOK_PATH and the shipped ones)");
            sub.add_flag("--all", o->all, "With --runbook-path: document the rest of the search path too");
            return [o] {
              DocsOptions options = o->docs;
              options.search_path = search_path(o->runbook_path);
              if (!o->all) options.only_under = o->runbook_path;
              if (auto shipped = shipped_runbooks(); !shipped.empty()) {
                options.types_dir = shipped + "/types";
                options.knowledge_root = shipped;
              }
              return generate_docs(options);
            };
          },
          .order = 60,
          .exit_codes =
              "  0    written\n"
              "  2    a file could not be written\n"
              "  64   usage error\n"};
}

}  // namespace

CLAWBOOK_COMMAND(docs_command());

}  // namespace clawbook::cli
