// `clawbook lint PATH...`: syntax, metadata, versions, capabilities and params of runbook files, without running them.
#include "shared.hpp"

#include "clawbook/command.hpp"
#include "engine.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
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
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(path, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const auto name = it->path().filename().string();
      if (it->is_directory(ec)) {
        if (!is_runbook_directory(name)) it.disable_recursion_pending();
        continue;
      }
      if (it->path().extension() == ".lua" && !name.starts_with("_")) found.push_back(it->path().string());
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

int command_lint(const LintOptions& o) {
  if (o.out.format != "human" && o.out.format != "json")
    return error_exit(kExitUsage, "unknown --format '" + o.out.format + "' (human, json)");
  if (auto problem = output_problem(o.out)) return error_exit(kExitUsage, *problem);
  EngineOptions options;
  for (const auto& path : o.paths)
    if (auto root = library_root(path)) options.search_path.push_back(*root);
  for (const auto& dir : search_path(o.runbook_path)) options.search_path.push_back(dir);
  Engine engine(options);
  const auto files = runbook_files(o.paths);
  std::vector<Problem> problems;
  std::map<std::string, std::string> seen;  // id@version -> path
  for (const auto& file : files) {
    const RunbookFile* rb = engine.load_file(file, problems);
    if (rb == nullptr) continue;
    problems.insert(problems.end(), rb->lint.begin(), rb->lint.end());
    const std::string key = rb->id + "@" + rb->version.str();
    if (auto [it, inserted] = seen.emplace(key, file); !inserted)
      problems.push_back({file, 1, key + " is also defined in " + it->second});
  }
  std::ostringstream text;
  if (o.out.format == "json") {
    OrderedJson out = {{"files", files.size()}, {"problems", OrderedJson::array()}};
    for (const auto& p : problems) out["problems"].push_back({{"path", p.path}, {"line", p.line}, {"message", p.message}});
    text << out.dump(2) << "\n";
  } else {
    for (const auto& p : problems) text << p.str() << "\n";
  }
  // Notes (a declared program this machine lacks, a shadowed runbook) inform without failing the check.
  for (const auto& note : engine.notes()) std::cerr << "clawbook: note: " << note << "\n";
  std::cerr << files.size() << " file" << (files.size() == 1 ? "" : "s") << " checked, " << problems.size() << " problem"
            << (problems.size() == 1 ? "" : "s") << "\n";
  if (!emit(o.out, text.str())) return kExitRunbookError;
  return problems.empty() ? kExitOk : kExitFindings;
}

CommandSpec lint_command() {
  return {.name = "lint",
          .description = "Check runbook files: syntax, metadata, versions, capabilities, params",
          .setup =
              [](CLI::App& sub) -> std::function<int()> {
                auto o = std::make_shared<LintOptions>();
                sub.add_option("PATH", o->paths, "Runbook files or directories")->required();
                add_output_options(sub, o->out, "human (path:line: message) or json");
                add_runbook_path(sub, o->runbook_path);
                return [o] { return command_lint(*o); };
              },
          .order = 20,
          .exit_codes = "  0    no problem found\n"
                        "  1    problems found (one per line: path:line: message)\n"
                        "  2    the output file could not be written\n"
                        "  64   usage error\n"};
}

}  // namespace

CLAWBOOK_COMMAND(lint_command());

}  // namespace clawbook::cli
