// `clawbook suggest TEXT`: which runbook to run for a pasted error or a described symptom.
#include "shared.hpp"

#include "clawbook/command.hpp"
#include "engine.hpp"
#include "suggest_rank.hpp"

#include <cmath>
#include <filesystem>
#include <iostream>
#include <regex>
#include <sstream>

namespace clawbook::cli {
namespace {

struct SuggestOptions {
  std::string text;
  Output out{"human", ""};
  int limit = 5;
  std::vector<std::string> runbook_path;
};

// The knowledge suggest reads (signatures, catalog, vocabulary): the first directory of the search path that has
// a finding catalog, so a user's copy of the runbook tree brings its own.
std::string knowledge_root(const std::vector<std::string>& path) {
  std::error_code ec;
  for (const auto& dir : path)
    if (std::filesystem::is_regular_file(std::filesystem::path(dir) / "knowledge" / "index.lua", ec)) return dir;
  return {};
}

std::string shown_title(const std::string& title) {
  // Placeholders ({port}) are filled by a run from what it saw; here they are only named.
  static const std::regex placeholder(R"(\{([a-z_]+)\})");
  return std::regex_replace(title, placeholder, "<$1>");
}

int command_suggest(const SuggestOptions& o) {
  if (o.out.format != "human" && o.out.format != "json")
    return error_exit(kExitUsage, "unknown --format '" + o.out.format + "' (human, json)");
  if (o.limit < 1) return error_exit(kExitUsage, "--limit must be at least 1");
  if (auto problem = output_problem(o.out)) return error_exit(kExitUsage, *problem);
  std::string pasted = o.text;
  if (pasted == "-") {
    std::ostringstream in;
    in << std::cin.rdbuf();
    pasted = in.str();
  }
  EngineOptions options;
  options.search_path = search_path(o.runbook_path);
  const std::string root = knowledge_root(options.search_path);
  Engine engine(options);
  std::vector<const RunbookFile*> runbooks = engine.visible_runbooks();
  const SuggestKnowledge knowledge = root.empty() ? SuggestKnowledge{} : load_suggest_knowledge(root);
  for (const auto& problem : knowledge.problems) std::cerr << "clawbook: note: " << problem << "\n";
  auto ranked = suggest(runbooks, pasted, knowledge);
  if (ranked.size() > static_cast<size_t>(o.limit)) ranked.resize(static_cast<size_t>(o.limit));
  std::ostringstream text;
  if (o.out.format == "json") {
    OrderedJson out = OrderedJson::array();
    for (const auto& s : ranked) {
      OrderedJson row = {{"id", s.runbook->id},
                         {"score", std::round(std::min(1.0, s.score) * 100) / 100},
                         {"kind", s.kind},
                         {"matched", s.matched},
                         {"title", s.runbook->meta.value("title", "")},
                         {"command", "clawbook run " + s.runbook->id}};
      if (!s.finding.empty()) {
        row["finding"] = s.finding;
        row["finding_title"] = s.finding_title;
      }
      if (!s.signature.empty()) row["signature"] = s.signature;
      out.push_back(row);
    }
    text << out.dump(2) << "\n";
  } else if (ranked.empty()) {
    std::cerr << "clawbook: no runbook matches that text; see `clawbook list`\n";
  } else {
    for (const auto& s : ranked) {
      char score[16];
      std::snprintf(score, sizeof score, "%3.0f%%", std::min(1.0, s.score) * 100);
      text << score << "  " << s.runbook->id << "  " << s.runbook->meta.value("title", "") << "\n";
      if (!s.finding.empty()) text << "      finding " << s.finding << ": " << shown_title(s.finding_title) << "\n";
      if (s.kind == "signature")
        text << "      the line \"" << s.matched << "\" matches signature " << s.signature << "\n";
      else
        text << "      matches " << (s.kind == "phrase" ? "the wording" : "the symptom") << " \"" << s.matched
             << "\"\n";
      text << "      clawbook run " << s.runbook->id << "\n";
    }
  }
  if (!emit(o.out, text.str())) return kExitRunbookError;
  return ranked.empty() ? kExitFindings : kExitOk;
}

CommandSpec suggest_command() {
  return {.name = "suggest",
          .description = "Rank runbooks for pasted error text or a described symptom (English or Chinese)",
          .setup = [](CLI::App& sub) -> std::function<int()> {
            auto o = std::make_shared<SuggestOptions>();
            sub.add_option("TEXT", o->text,
                           "Error text as pasted (several lines, log prefixes and colours are fine) or the "
                           "symptom in words; - reads it from standard input")
                ->required();
            add_output_options(sub, o->out, "human or json");
            sub.add_option("--limit", o->limit, "How many runbooks to show")->capture_default_str();
            add_runbook_path(sub, o->runbook_path);
            return [o] { return command_suggest(*o); };
          },
          .order = 30,
          .exit_codes =
              "  0    at least one runbook matches (a line matching a signature of lib/signatures.lua names\n"
              "       its finding, and the runbooks that raise it come first)\n"
              "  1    no runbook matches\n"
              "  2    the output file could not be written\n"
              "  64   usage error\n"};
}

}  // namespace

CLAWBOOK_COMMAND(suggest_command());

}  // namespace clawbook::cli
