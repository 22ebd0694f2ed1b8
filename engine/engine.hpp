// The engine: one sandboxed Lua state, the runbooks found on the search path, and one run at a time on a
// single io_context. Knows nothing about OpenClaw: domain knowledge lives in bindings/ and runbooks/.
#pragma once

#include "clawbook/binding.hpp"
#include "redact.hpp"
#include "report.hpp"
#include "semver.hpp"

#include <lua.hpp>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace clawbook {

struct Limits {
  size_t max_memory = 64u << 20;  // bytes, enforced by the allocator
  double max_cpu_seconds = 10;    // Lua CPU time, enforced by a count hook
  double timeout_seconds = 120;   // wall clock for the whole run
};

// A bad invocation (unknown param, wrong type, unknown runbook): exit code 64 at the CLI.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A runbook that cannot run as found: malformed file, duplicate id and version, needs another engine.
// Exit code 2 at the CLI.
struct LoadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A problem found while loading or checking a runbook file: "path:line: message".
struct Problem {
  std::string path;
  int line = 0;
  std::string message;
  std::string str() const { return path + ":" + std::to_string(line) + ": " + message; }
};

// A runbook found on the search path (or given as a file) whose metadata loaded.
struct RunbookFile {
  std::string path;
  std::string id;
  semver::Version version;
  std::string engine_range;
  OrderedJson meta;  // title, summary, symptoms, tags, capabilities, params, findings (as declared)
  std::vector<std::string> capabilities;
  int table_ref = LUA_NOREF;         // the table the file returned, kept alive in the registry
  std::vector<Problem> lint;         // schema problems that do not stop it from running
  size_t root = 0;                   // index of its directory in the search path (0: highest priority)
  std::vector<std::string> shadows;  // files of the same id and version it hides, from lower-priority directories
};

// Directories under a runbook directory that hold no runbooks: shared modules, test cases, editor annotations,
// knowledge data, hidden folders.
bool is_runbook_directory(std::string_view name);
// The runbook files under `dir` (recursively, skipping what is_runbook_directory rules out and files named
// _*.lua), sorted; empty when `dir` is not a readable directory.
std::vector<std::string> runbook_files_in(const std::string& dir);

struct RecordingHooks;  // record/replay (engine/recording.hpp)

struct EngineOptions {
  Limits limits;
  // Directories, highest priority first (--runbook-path, $CLAWBOOK_PATH, shipped): like PATH, the first
  // directory holding an id and version wins and shadows the others; twice in one directory is an error.
  std::vector<std::string> search_path;
  std::vector<std::string> denied_capabilities;  // --deny
  std::function<void(std::string_view)> debug;   // -v lines, already redacted; null = collect only
  // Live progress: called when a step starts (done=false) and ends (done=true), with the step's title redacted
  // (secrets as fingerprints).
  std::function<void(std::string_view title, bool done)> progress;
  ActionPolicy actions;  // dry run unless --apply
  // Note a declared exec: program this machine lacks (lint, show). Authors want to know; a user running a
  // shipped runbook does not, since exec.run returns not_found and the runbook copes.
  bool note_absent_programs = false;
};

class Engine {
 public:
  explicit Engine(EngineOptions options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Loads the metadata of every runbook on the search path (once; cached). Files that fail to load are
  // reported as problems and skipped. A deque: references to entries stay valid as more files load.
  const std::deque<RunbookFile>& runbooks();
  const std::vector<Problem>& problems();
  // The runbooks a user can run: for each id and version, the one from the highest-priority directory.
  std::vector<const RunbookFile*> visible_runbooks();
  // Notes for the user about what was found (a runbook shadowing another), once each.
  std::vector<std::string> notes();

  // Loads one file given directly (`clawbook run ./x.lua`, `clawbook lint x.lua`). Problems are appended to
  // `problems`; returns null when the file cannot be used.
  const RunbookFile* load_file(const std::string& path, std::vector<Problem>& problems);

  // "id", "id@1.2.0", "id@^1", "id@~1.2" or a path to a .lua file. Throws UsageError naming the files
  // involved when the id is unknown, ambiguous (same id and version twice) or needs another engine.
  const RunbookFile& resolve(const std::string& spec);

  // Runs a runbook; throws UsageError for unknown or malformed params before anything runs. Never throws once
  // the run has started: limits, errors and Ctrl-C all end in a report. Params are a JSON object: strings are
  // read as on the command line ("3" for an integer param, "a,b" for a list), other values must have the
  // param's type.
  Report run(const RunbookFile& runbook, const OrderedJson& params = OrderedJson::object());

  const Redactor& redactor() const;
  // Limits of the next run (a long-running runbook learns its duration only from its params).
  void set_limits(const Limits& limits);
  void set_recording(std::shared_ptr<RecordingHooks> hooks);

  // Set from a signal handler: cancels the current run at the next safe point.
  static void request_interrupt();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Runbook ids: dotted words of [a-z0-9_-], each starting with a letter or digit, at most kMaxIdLength long.
constexpr size_t kMaxIdLength = 128;
bool valid_runbook_id(std::string_view id);

// Capabilities a runbook may declare: the module registry's (registered_capabilities), forms such as
// "fs:/PATH" matching any "fs:/..." name. --deny also takes a form's base name ("exec" for "exec:NAME").
bool is_known_capability(std::string_view capability);
bool is_deniable_capability(std::string_view capability);
// "action, docker, env, ...", for messages.
std::string known_capabilities();
std::string engine_api_version();

}  // namespace clawbook
