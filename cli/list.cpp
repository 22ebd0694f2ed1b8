// `clawbook list`: the runbooks on the search path, one line each (or JSON, or bare ids for completion).
#include "shared.hpp"

#include "clawbook/command.hpp"
#include "engine.hpp"

#include <iostream>
#include <set>
#include <sstream>

namespace clawbook::cli {
namespace {

struct ListOptions {
  Output out{"human", ""};
  std::vector<std::string> runbook_path;
};

int command_list(const ListOptions& o) {
  if (o.out.format != "human" && o.out.format != "json" && o.out.format != "ids")
    return error_exit(kExitUsage, "unknown --format '" + o.out.format + "' (human, json, ids)");
  if (auto problem = output_problem(o.out)) return error_exit(kExitUsage, *problem);
  EngineOptions options;
  options.search_path = search_path(o.runbook_path);
  Engine engine(options);
  const auto runbooks = engine.visible_runbooks();
  for (const auto& p : engine.problems()) std::cerr << "clawbook: warning: " << p.str() << "\n";
  for (const auto& note : engine.notes()) std::cerr << "clawbook: note: " << note << "\n";
  std::ostringstream text;
  if (o.out.format == "json") {
    OrderedJson out = OrderedJson::array();
    for (const RunbookFile* rb : runbooks) {
      OrderedJson entry = {{"id", rb->id}, {"version", rb->version.str()}, {"title", rb->meta.value("title", "")}, {"path", rb->path}};
      if (!rb->shadows.empty()) entry["shadows"] = rb->shadows;
      out.push_back(entry);
    }
    text << out.dump(2) << "\n";
  } else if (o.out.format == "ids") {  // for shell completion: one id per line
    std::set<std::string> ids;
    for (const RunbookFile* rb : runbooks) ids.insert(rb->id);
    for (const auto& id : ids) text << id << "\n";
  } else {
    size_t width = 2;
    for (const RunbookFile* rb : runbooks) width = std::max(width, rb->id.size());
    for (const RunbookFile* rb : runbooks) {
      char line[64];
      std::snprintf(line, sizeof line, "%-*s  %-8s  ", static_cast<int>(width), rb->id.c_str(), rb->version.str().c_str());
      text << line << rb->meta.value("title", "") << (rb->shadows.empty() ? "" : "  (shadows the shipped copy)") << "\n";
    }
    if (runbooks.empty()) std::cerr << "clawbook: no runbooks found on the search path\n";
  }
  return emit(o.out, text.str()) ? kExitOk : kExitRunbookError;
}

CommandSpec list_command() {
  return {.name = "list",
          .description = "List the runbooks on the search path",
          .setup =
              [](CLI::App& sub) -> std::function<int()> {
                auto o = std::make_shared<ListOptions>();
                add_output_options(sub, o->out, "human, json or ids (one id per line)");
                add_runbook_path(sub, o->runbook_path);
                return [o] { return command_list(*o); };
              },
          .order = 1,
          .exit_codes = "  0    listed (files that failed to load are warned about on stderr)\n"
                        "  2    the output file could not be written\n"
                        "  64   usage error\n"};
}

}  // namespace

CLAWBOOK_COMMAND(list_command());

}  // namespace clawbook::cli
