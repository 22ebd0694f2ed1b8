// Fuzzes recordings (engine/recording_file.cpp) the way `clawbook run RUNBOOK --replay FILE` reads them:
// RecordingFile::open_replay on the input (written once to this process's scratch directory), then a run of a
// small runbook whose binding calls are all served from the recording: env.get twice (one inside ctx:parallel)
// and time.monotonic, their results passed through evidence, string functions and a finding. Then what the
// CLI does with the report: to_json, the recording's outcome, redaction, the exit code and every format.
// A fresh engine per input keeps runs independent. Checks:
//   - open_replay throws LoadError and nothing else (its header: one clear line for a missing, truncated or
//     foreign file);
//   - Engine::run does not throw once the run has started, whatever the recording served;
//   - the verdict is healthy, problems or error, the exit code one the README documents, and every format
//     renders.
// The seeds are recordings of this runbook made by `clawbook run fuzz.replay.lua --record` (its id must match).
#include "engine.hpp"
#include "recording_file.hpp"
#include "render.hpp"
#include "report.hpp"

#include "fuzz_check.hpp"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

namespace {

using clawbook::fuzz::no_throw;
using clawbook::fuzz::require;

// The seeds in fuzz/corpus/recording/ were recorded with exactly this file; after changing it, record them again
// (docs/fuzzing.md says how): a recording names the calls and arguments the runbook makes.
constexpr std::string_view kRunbook = std::string_view(R"J(
-- The runbook recording_fuzz replays recordings into: every recorded result goes through evidence, string
-- handling, a parallel branch and a finding.
return {
  id = "fuzz.replay",
  version = "1.0.0",
  engine = "^1",
  title = "Replay a fuzzed recording",
  summary = "Feeds recorded binding results through evidence, strings, ctx:parallel and a finding.",
  capabilities = { "env" },
  findings = { "fuzz.replayed" },
  run = function(ctx)
    local function shown(value)
      local kind = type(value)
      if kind == "string" or kind == "number" or kind == "boolean" then return tostring(value) end
      return kind
    end
    local home = ctx:step("Read HOME", function(step)
      local value = env.get("HOME")
      step:evidence("HOME", value)
      if type(value) == "string" then
        step:evidence("first", value:sub(1, 1))
        step:evidence("length", #value)
        step:evidence("quoted", string.format("%q", value))
      end
      return value
    end)
    ctx:step("Read SHELL and the clock on two branches", function(step)
      local shell, clock = ctx:parallel({
        function() return env.get("SHELL") end,
        function() return time.monotonic() end,
      })
      step:evidence("SHELL", shell)
      step:evidence("monotonic", clock)
      if type(clock) == "number" and clock > 0 then step:pass("clock " .. shown(clock)) else step:warn(shown(clock)) end
    end)
    if type(home) ~= "string" or home:sub(1, 1) ~= "/" then
      ctx:finding({
        id = "fuzz.replayed",
        severity = "medium",
        title = "HOME as recorded: " .. shown(home),
        cause = "The recording said so.",
        evidence = { home = home },
        fix = { "Nothing: this runbook only replays recordings." },
      })
    end
  end,
}
)J").substr(1);

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& scratch = clawbook::fuzz::Scratch::get();
  static const std::string runbook_path = scratch.write("fuzz.replay.lua", kRunbook);
  const std::string recording_path =
      scratch.write("recording.json", std::string_view(reinterpret_cast<const char*>(data), size));

  clawbook::EngineOptions options;
  options.limits.max_memory = 32u << 20;
  options.limits.max_cpu_seconds = 1;
  options.limits.timeout_seconds = 5;
  clawbook::Engine engine(options);
  const clawbook::RunbookFile* runbook = nullptr;
  try {
    runbook = &engine.resolve(runbook_path);
  } catch (const std::exception& e) {
    require(false, "the replay runbook of recording_fuzz no longer loads", e.what());
  }

  std::shared_ptr<clawbook::RecordingFile> recording;
  try {
    recording = clawbook::RecordingFile::open_replay(recording_path, *runbook);
  } catch (const clawbook::LoadError& e) {
    require(std::string_view(e.what()).size() > recording_path.size(), "a refused recording says why", e.what());
    return 0;
  } catch (const std::exception& e) {
    require(false, "open_replay threw something other than LoadError", e.what());
  }
  engine.set_recording(recording);

  clawbook::Report report;
  no_throw("Engine::run threw after the run started", [&] { report = engine.run(*runbook, {}); });
  clawbook::OrderedJson json = clawbook::to_json(report);
  recording->finish(json);
  engine.redactor().apply_in_place(json);
  const std::string verdict = json.value("verdict", "");
  require(verdict == "healthy" || verdict == "problems" || verdict == "error", "the verdict is healthy, problems or error",
          verdict);
  const int code = clawbook::exit_code_for(json, clawbook::Severity::medium);
  require(code == clawbook::kExitOk || code == clawbook::kExitFindings || code == clawbook::kExitRunbookError ||
              code == clawbook::kExitInterrupted,
          "the exit code is a documented one");
  for (const auto format : {clawbook::Format::human, clawbook::Format::json, clawbook::Format::junit,
                            clawbook::Format::markdown, clawbook::Format::tap, clawbook::Format::prometheus}) {
    std::string text;
    no_throw("rendering a replayed report threw", [&] {
      text = clawbook::render(format, json, clawbook::RenderOptions{false, clawbook::Severity::medium, code});
    });
    require(!text.empty(), "every format renders something");
  }
  return 0;
}
