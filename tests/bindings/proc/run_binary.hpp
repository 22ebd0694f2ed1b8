// Runs a runbook through the real clawbook binary (`clawbook run FILE --format json`) and returns its JSON
// report: the Lua-level tests of the proc, log and openclaw modules go through the same path a user does.
#pragma once

#include "bindings/proc/temp_dir.hpp"

#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>
#include "test_paths.hpp"

namespace clawbook::testing {

struct RunResult {
  int exit_code = -1;
  std::string output;
  nlohmann::json report;  // null when the output was not JSON
};

inline std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Writes `lua` to <dir>/<name>.lua and runs it with `params`; `environment` prefixes the command (NAME=VALUE).
inline RunResult run_runbook(const TempDir& dir, const std::string& name, const std::string& lua,
                             const std::map<std::string, std::string>& params = {},
                             const std::map<std::string, std::string>& environment = {}) {
  const std::string file = dir.write(name + ".lua", lua);
  std::string command;
  for (const auto& [key, value] : environment) command += key + "=" + shell_quote(value) + " ";
  command += shell_quote(CLAWBOOK_BINARY) + " run " + shell_quote(file) + " --format json";
  for (const auto& [key, value] : params) command += " --param " + shell_quote(key + "=" + value);
  command += " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed");
  RunResult result;
  char buffer[4096];
  size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, got);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  const size_t brace = result.output.find('{');
  if (brace != std::string::npos) result.report = nlohmann::json::parse(result.output.substr(brace), nullptr, false);
  if (result.report.is_discarded()) result.report = nullptr;
  return result;
}

// The evidence `key` of the step titled `title` (top level), or null.
inline nlohmann::json evidence(const RunResult& run, const std::string& title, const std::string& key) {
  if (!run.report.is_object()) return nullptr;
  for (const auto& step : run.report["steps"])
    if (step["title"] == title && step.contains("evidence") && step["evidence"].contains(key)) return step["evidence"][key];
  return nullptr;
}

// A runbook around `body` (Lua statements with `ctx`, `params` and `step` in scope, inside one step titled
// "check").
inline std::string runbook_with(const std::string& capabilities, const std::string& params, const std::string& body) {
  return "return {\n  id = \"test.binding\", version = \"1.0.0\", engine = \"^1\", title = \"binding test\",\n"
         "  summary = \"Lua-level test of a binding.\", capabilities = {" + capabilities + "},\n"
         "  params = {" + params + "},\n"
         "  run = function(ctx, params)\n    ctx:step(\"check\", function(step)\n" + body +
         "\n      step:pass(\"done\")\n    end)\n  end,\n}\n";
}

}  // namespace clawbook::testing
