// `clawbook suggest TEXT`: which runbook to run for a pasted error or a described symptom.
#include "shared.hpp"

#include "clawbook/command.hpp"
#include "engine.hpp"
#include "suggest_rank.hpp"

#include <cmath>
#include <iostream>
#include <sstream>

namespace clawbook::cli {
namespace {

struct SuggestOptions {
  std::string text;
  Output out{"human", ""};
  int limit = 5;
  std::vector<std::string> runbook_path;
};

int command_suggest(const SuggestOptions& o) {
  if (o.out.format != "human" && o.out.format != "json")
    return error_exit(kExitUsage, "unknown --format '" + o.out.format + "' (human, json)");
  if (auto problem = output_problem(o.out)) return error_exit(kExitUsage, *problem);
  EngineOptions options;
  options.search_path = search_path(o.runbook_path);
  Engine engine(options);
  std::vector<const RunbookFile*> runbooks = engine.visible_runbooks();
  auto ranked = suggest(runbooks, o.text);
  if (ranked.size() > static_cast<size_t>(std::max(0, o.limit))) ranked.resize(static_cast<size_t>(std::max(0, o.limit)));
  std::ostringstream text;
  if (o.out.format == "json") {
    OrderedJson out = OrderedJson::array();
    for (const auto& s : ranked)
      out.push_back({{"id", s.runbook->id}, {"score", std::round(s.score * 100) / 100}, {"matched", s.matched},
                     {"title", s.runbook->meta.value("title", "")}, {"command", "clawbook run " + s.runbook->id}});
    text << out.dump(2) << "\n";
  } else if (ranked.empty()) {
    std::cerr << "clawbook: no runbook lists a symptom like that; see `clawbook list`\n";
  } else {
    for (const auto& s : ranked) {
      char score[16];
      std::snprintf(score, sizeof score, "%3.0f%%", s.score * 100);
      text << score << "  " << s.runbook->id << "  " << s.runbook->meta.value("title", "") << "\n      matches \""
           << s.matched << "\"\n      clawbook run " << s.runbook->id << "\n";
    }
  }
  if (!emit(o.out, text.str())) return kExitRunbookError;
  return ranked.empty() ? kExitFindings : kExitOk;
}

CommandSpec suggest_command() {
  return {.name = "suggest",
          .description = "Rank runbooks whose symptoms match pasted error text",
          .setup =
              [](CLI::App& sub) -> std::function<int()> {
                auto o = std::make_shared<SuggestOptions>();
                sub.add_option("TEXT", o->text, "Error text, as pasted")->required();
                add_output_options(sub, o->out, "human or json");
                sub.add_option("--limit", o->limit, "How many runbooks to show")->capture_default_str();
                add_runbook_path(sub, o->runbook_path);
                return [o] { return command_suggest(*o); };
              },
          .order = 30,
          .exit_codes = "  0    at least one runbook matches\n"
                        "  1    no runbook matches\n"
                        "  2    the output file could not be written\n"
                        "  64   usage error\n"};
}

}  // namespace

CLAWBOOK_COMMAND(suggest_command());

}  // namespace clawbook::cli
