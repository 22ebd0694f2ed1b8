// `clawbook show ID`: a runbook's metadata, symptoms, params and where it was found.
#include "shared.hpp"

#include "clawbook/command.hpp"
#include "engine.hpp"

#include <iostream>
#include <sstream>

namespace clawbook::cli {
namespace {

struct ShowOptions {
  std::string spec;
  Output out{"human", ""};
  std::vector<std::string> runbook_path;
};

std::string human(const RunbookFile& rb, const OrderedJson& meta) {
  std::ostringstream text;
  text << rb.id << " " << rb.version.str() << " · " << meta.value("title", "") << "\n";
  if (meta.contains("summary")) text << "\n" << meta["summary"].get<std::string>() << "\n";
  auto list = [&](const char* key, const char* label) {
    if (!meta.contains(key) || !meta[key].is_array() || meta[key].empty()) return;
    text << "\n" << label << ":\n";
    for (const auto& item : meta[key])
      text << "  - " << (item.is_string() ? item.get<std::string>() : item.dump()) << "\n";
  };
  list("symptoms", "Symptoms");
  list("capabilities", "Capabilities");
  list("findings", "Findings it can raise");
  list("tags", "Tags");
  if (meta.contains("params") && meta["params"].is_object() && !meta["params"].empty()) {
    text << "\nParams:\n";
    for (const auto& [name, p] : meta["params"].items()) {
      text << "  " << name << " (" << p.value("type", "string") << ")";
      if (p.contains("default")) text << " default " << p["default"].dump();
      if (p.contains("env")) text << " env $" << p["env"].get<std::string>();
      if (p.value("secret", false)) text << " secret";
      if (p.value("required", false)) text << " required";
      text << "\n      " << p.value("description", "") << "\n";
    }
  }
  text << "\nEngine: " << rb.engine_range << "\nFile: " << rb.path << "\n";
  for (const auto& shadowed : rb.shadows) text << "Shadows: " << shadowed << "\n";
  text << "Run: clawbook run " << rb.id << "\n";
  return text.str();
}

int command_show(const ShowOptions& o) {
  if (o.out.format != "human" && o.out.format != "json" && o.out.format != "params")
    return error_exit(kExitUsage, "unknown --format '" + o.out.format + "' (human, json, params)");
  if (auto problem = output_problem(o.out)) return error_exit(kExitUsage, *problem);
  EngineOptions options;
  options.note_absent_programs = true;
  options.search_path = search_path(o.runbook_path);
  Engine engine(options);
  try {
    const RunbookFile& rb = engine.resolve(o.spec);
    for (const auto& note : engine.notes()) std::cerr << "clawbook: note: " << note << "\n";
    OrderedJson meta = rb.meta;
    meta["path"] = rb.path;
    if (!rb.shadows.empty()) meta["shadows"] = rb.shadows;
    std::string text;
    if (o.out.format == "json") {
      text = meta.dump(2) + "\n";
    } else if (o.out.format == "params") {  // for shell completion: one param name per line
      if (meta.contains("params") && meta["params"].is_object())
        for (const auto& [name, param] : meta["params"].items()) text += name + "\n";
    } else {
      text = human(rb, meta);
    }
    return emit(o.out, text) ? kExitOk : kExitRunbookError;
  } catch (const UsageError& e) {
    return error_exit(kExitUsage, e.what());
  } catch (const LoadError& e) {
    return error_exit(kExitRunbookError, e.what());
  }
}

CommandSpec show_command() {
  return {.name = "show",
          .description = "Show a runbook's metadata, symptoms and params",
          .setup = [](CLI::App& sub) -> std::function<int()> {
            auto o = std::make_shared<ShowOptions>();
            sub.add_option("ID", o->spec, "Runbook id (ID, ID@VERSION, ID@RANGE) or file")->required();
            add_output_options(sub, o->out, "human, json or params (one param name per line)");
            add_runbook_path(sub, o->runbook_path);
            return [o] { return command_show(*o); };
          },
          .order = 2,
          .exit_codes =
              "  0    shown\n"
              "  2    the runbook cannot be loaded (syntax, metadata, defined twice in one directory)\n"
              "  64   usage error: unknown runbook id\n"};
}

}  // namespace

CLAWBOOK_COMMAND(show_command());

}  // namespace clawbook::cli
