#include "scaffold.hpp"

#include "clawbook/atomic_file.hpp"

#include "engine.hpp"
#include "render.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <cstring>
#include <map>

namespace clawbook {
namespace {

namespace fs = std::filesystem;

// {{ID}} and {{FINDING}} are the only placeholders.
constexpr const char* kRunbook = R"(-- {{ID}}: describe in one line what this runbook diagnoses.
-- Run it:   clawbook run {{ID}} --runbook-path {{ROOT}}
-- Test it:  clawbook test {{TESTS}}
return {
  id = "{{ID}}",
  version = "0.1.0",
  engine = "^1",
  title = "Check that a required environment variable is set",
  summary = "Replace this with what the runbook checks, in a sentence or two.",
  symptoms = { "paste the error text users see here" },
  tags = {},
  capabilities = { "env" },
  findings = { "{{FINDING}}" },
  params = {
    variable = { type = "string", default = "HOME", description = "The variable that must be set." },
  },

  run = function(ctx, params)
    local value = ctx:step("Read " .. params.variable, function(step)
      local value = env.get(params.variable)
      step:evidence("set", value ~= nil)
      if value == nil then
        step:fail(params.variable .. " is not set")
      end
      return value
    end)

    if value == nil then
      ctx:finding({
        id = "{{FINDING}}",
        severity = "medium",
        title = params.variable .. " is not set",
        cause = "Explain why this breaks things for the user.",
        evidence = { variable = params.variable },
        fix = { "export " .. params.variable .. "=..." },
        confidence = "high",
      })
    end
  end,
}
)";

constexpr const char* kHealthyCase = R"({
  "description": "the variable is set: no finding",
  "runbook": "{{ID}}",
  "calls": [{ "call": "env.get", "args": ["HOME"], "result": "/home/someone" }],
  "expect": { "verdict": "healthy", "absent": ["{{FINDING}}"], "steps": { "Read HOME": "pass" } }
}
)";

constexpr const char* kFindingCase = R"({
  "description": "the variable is unset: the finding comes first",
  "runbook": "{{ID}}",
  "params": { "variable": "ACME_HOME" },
  "calls": [{ "call": "env.get", "args": ["ACME_HOME"], "results": [null] }],
  "expect": { "verdict": "problems", "first": "{{FINDING}}", "steps": { "Read ACME_HOME": "fail" } }
}
)";

std::string fill(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [key, value] : values) {
    const std::string placeholder = "{{" + key + "}}";
    for (size_t at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + value.size()))
      text.replace(at, placeholder.size(), value);
  }
  return text;
}

bool write_new(const fs::path& path, const std::string& text, bool force) {
  std::error_code ec;
  if (fs::exists(path, ec) && !force) {
    std::cerr << "clawbook: " << path.string() << " exists (use --force to overwrite)\n";
    return false;
  }
  fs::create_directories(path.parent_path(), ec);
  return write_file_or_report(path.string(), text);
}

}  // namespace

int scaffold_runbook(const ScaffoldOptions& options) {
  // The loader's id rule, with at least two words, the first starting with a letter.
  const std::string& id = options.id;
  if (!valid_runbook_id(id) || !(id[0] >= 'a' && id[0] <= 'z') || id.find('.') == std::string::npos) {
    std::cerr << "clawbook: '" << options.id << "' is not a runbook id: use dotted lower-case words such as acme.disk-space\n";
    return kExitUsage;
  }
  const fs::path dir = options.dir;
  const std::string file_stem = options.id;
  const fs::path runbook = dir / (file_stem + ".lua");
  const fs::path tests = dir / "tests";
  const std::map<std::string, std::string> values{{"ID", options.id},
                                                  {"FINDING", options.id + ".variable-unset"},
                                                  {"ROOT", dir.string()},
                                                  {"TESTS", tests.string()}};
  std::error_code ec;
  for (const auto& path : {runbook, tests / (file_stem + "-healthy.json"), tests / (file_stem + "-unset.json")}) {
    if (fs::exists(path, ec) && !options.force) {
      std::cerr << "clawbook: " << path.string() << " exists (use --force to overwrite)\n";
      return kExitUsage;
    }
  }
  if (!write_new(runbook, fill(kRunbook, values), options.force) ||
      !write_new(tests / (file_stem + "-healthy.json"), fill(kHealthyCase, values), options.force) ||
      !write_new(tests / (file_stem + "-unset.json"), fill(kFindingCase, values), options.force))
    return kExitRunbookError;
  std::cout << "wrote " << runbook.string() << "\nwrote " << (tests / (file_stem + "-healthy.json")).string() << "\nwrote "
            << (tests / (file_stem + "-unset.json")).string() << "\n\nnext:\n  clawbook test " << tests.string()
            << "\n  clawbook run " << options.id << " --runbook-path " << dir.string() << "\n";
  return kExitOk;
}

}  // namespace clawbook
