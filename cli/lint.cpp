// `clawbook lint PATH...`: syntax, metadata, versions, capabilities and params of runbook files, without running them.
#include "shared.hpp"

#include "clawbook/command.hpp"
#include "engine.hpp"
#include "finding_catalog.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace clawbook::cli {
namespace {

namespace fs = std::filesystem;

struct LintOptions {
  std::vector<std::string> paths;
  Output out{"human", ""};
  std::vector<std::string> runbook_path;
};

// The directory a linted path's `require("lib.x")` resolves from: the nearest ancestor holding a lib/.
std::optional<std::string> library_root(const std::string& path) {
  std::error_code ec;
  fs::path dir = fs::absolute(path, ec);
  if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
  for (; !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
    if (fs::is_directory(dir / "lib", ec)) return dir.string();
  }
  return std::nullopt;
}

std::vector<std::string> runbook_files(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
      files.push_back(path);
      continue;
    }
    const auto found = runbook_files_in(path);
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

// 1-based line of `offset` in `text`.
int line_at(const std::string& text, size_t offset) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// A runbook that raises its findings through the catalog (require "lib.knowledge") is held to it; one that writes
// its own texts with ctx:finding (a team's playbook, the examples) owns its ids.
bool raises_through_catalog(const std::string& path) {
  std::ifstream in(path);
  const std::string source((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return source.find("require(\"lib.knowledge\")") != std::string::npos;
}

// Finding ids against the catalog of the runbook's tree (<root>/knowledge/): every id the runbook lists in
// `findings` and every id it raises by name (knowledge.raise(ctx, target, "id", ...), knowledge.spec("id", ...))
// must be a catalog id, and a raised id must be listed in `findings`.
void check_finding_ids(const RunbookFile& rb, const FindingCatalog& catalog, std::vector<Problem>& problems) {
  std::ifstream in(rb.path);
  const std::string source((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t declared_at = source.find("findings =");
  const int declared_line = declared_at == std::string::npos ? 1 : line_at(source, declared_at);
  std::set<std::string> declared;
  if (rb.meta.contains("findings") && rb.meta["findings"].is_array()) {
    for (const auto& id : rb.meta["findings"]) {
      if (!id.is_string()) continue;
      declared.insert(id.get<std::string>());
      if (!catalog.entries.contains(id.get<std::string>()))
        problems.push_back(
            {rb.path, declared_line,
             "finding " + id.get<std::string>() + " is not in the catalog (" + catalog.root + "/knowledge/)"});
    }
  }
  static const std::regex raise_call(
      R"re(knowledge\.(?:raise(?:_from_log|_ruled_out)?\s*\(\s*[\w.]+\s*,\s*[\w.]+\s*,|spec\s*\()\s*"([^"]+)")re");
  for (auto it = std::sregex_iterator(source.begin(), source.end(), raise_call); it != std::sregex_iterator(); ++it) {
    const std::string id = (*it)[1];
    const int line = line_at(source, static_cast<size_t>(it->position(1)));
    if (!catalog.entries.contains(id))
      problems.push_back(
          {rb.path, line, "raises finding " + id + ", which is not in the catalog (" + catalog.root + "/knowledge/)"});
    else if (!declared.contains(id))
      problems.push_back({rb.path, line, "raises finding " + id + " without listing it in `findings`"});
  }
}

int command_lint(const LintOptions& o) {
  if (o.out.format != "human" && o.out.format != "json")
    return error_exit(kExitUsage, "unknown --format '" + o.out.format + "' (human, json)");
  if (auto problem = output_problem(o.out)) return error_exit(kExitUsage, *problem);
  EngineOptions options;
  options.note_absent_programs = true;
  for (const auto& path : o.paths)
    if (auto root = library_root(path)) options.search_path.push_back(*root);
  for (const auto& dir : search_path(o.runbook_path)) options.search_path.push_back(dir);
  Engine engine(options);
  const auto files = runbook_files(o.paths);
  std::vector<Problem> problems;
  std::map<std::string, std::string> seen;                        // id@version -> path
  std::map<std::string, std::optional<FindingCatalog>> catalogs;  // library root -> its catalog, when it has one
  for (const auto& file : files) {
    const RunbookFile* rb = engine.load_file(file, problems);
    if (rb == nullptr) continue;
    problems.insert(problems.end(), rb->lint.begin(), rb->lint.end());
    if (auto root = library_root(file)) {
      auto [it, loaded] = catalogs.try_emplace(*root);
      if (loaded) {
        it->second = load_finding_catalog(*root);
        if (it->second)
          for (const auto& problem : it->second->problems) problems.push_back({*root + "/knowledge", 1, problem});
      }
      if (it->second && raises_through_catalog(file)) check_finding_ids(*rb, *it->second, problems);
    }
    const std::string key = rb->id + "@" + rb->version.str();
    if (auto [it, inserted] = seen.emplace(key, file); !inserted)
      problems.push_back({file, 1, key + " is also defined in " + it->second});
  }
  std::ostringstream text;
  if (o.out.format == "json") {
    OrderedJson out = {{"files", files.size()}, {"problems", OrderedJson::array()}};
    for (const auto& p : problems)
      out["problems"].push_back({{"path", p.path}, {"line", p.line}, {"message", p.message}});
    text << out.dump(2) << "\n";
  } else {
    for (const auto& p : problems) text << p.str() << "\n";
  }
  // Notes (a declared program this machine lacks, a shadowed runbook) inform without failing the check.
  for (const auto& note : engine.notes()) std::cerr << "clawbook: note: " << note << "\n";
  std::cerr << files.size() << " file" << (files.size() == 1 ? "" : "s") << " checked, " << problems.size()
            << " problem" << (problems.size() == 1 ? "" : "s") << "\n";
  if (!emit(o.out, text.str())) return kExitRunbookError;
  return problems.empty() ? kExitOk : kExitFindings;
}

CommandSpec lint_command() {
  return {.name = "lint",
          .description = "Check runbook files: syntax, metadata, versions, capabilities, params",
          .setup = [](CLI::App& sub) -> std::function<int()> {
            auto o = std::make_shared<LintOptions>();
            sub.add_option("PATH", o->paths, "Runbook files or directories")->required();
            add_output_options(sub, o->out, "human (path:line: message) or json");
            add_runbook_path(sub, o->runbook_path);
            return [o] { return command_lint(*o); };
          },
          .order = 20,
          .exit_codes =
              "  0    no problem found\n"
              "  1    problems found (one per line: path:line: message)\n"
              "  2    the output file could not be written\n"
              "  64   usage error\n"};
}

}  // namespace

CLAWBOOK_COMMAND(lint_command());

}  // namespace clawbook::cli
