// Internals shared by the engine's translation units (state and sandbox, scheduler, ctx API, loader).
// Nothing outside engine/ includes this.
#pragma once

#include "clawbook/binding.hpp"
#include "engine.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace clawbook {

struct RecordingHooks;

// A binding function as Lua sees it: one C closure whose upvalue points here.
struct BoundFunction {
  std::string qualified;  // "env.get"
  BindingFn fn = nullptr;
  uint64_t capability_mask = 0;
  std::vector<std::string> capabilities;  // the names behind the mask, for error messages
};

// One runbook being run (the top-level one or a nested ctx:run).
struct RunbookContext {
  const RunbookFile* file = nullptr;
  RunbookContext* parent = nullptr;   // the run that ran this one (ctx:run); null for the top-level run
  uint64_t allowed_mask = 0;          // declared, granted by every parent, and not denied
  std::vector<std::string> declared;  // what this run may use: its declaration as its parents grant it
  std::vector<std::string> withheld;  // declared by this runbook but not granted by a parent
  Step* step = nullptr;               // where the runbook's own steps hang
  int depth = 0;
  // Indexes into report.findings of the findings this run and the runs it ran raised: ctx:parallel branches
  // interleave, so a run's findings are not one contiguous range.
  std::vector<size_t> findings;
};

// A scheduled coroutine: the runbook's main body or one branch of ctx:parallel.
struct Task {
  enum class Wait { none, io, join };

  uint64_t id = 0;
  lua_State* thread = nullptr;
  int thread_ref = LUA_NOREF;
  int start_args = 0;  // values pushed for the first resume
  bool started = false;
  uint64_t parent = 0;  // 0 for the top-level task
  size_t index_in_parent = 0;
  RunbookContext* runbook = nullptr;
  Step* step = nullptr;  // current step: new steps nest under it
  Wait wait = Wait::none;
  uint64_t generation = 0;  // bumped whenever a wait ends; stale completions compare and drop out

  // What the parked call returns when resumed: values pushed by on_resume, or an error raised.
  std::function<int(lua_State*)> on_resume;
  std::optional<std::string> raise;

  // ctx:parallel bookkeeping (the parent's side).
  size_t pending_children = 0;
  size_t child_count = 0;
  int results_ref = LUA_NOREF;
  std::optional<std::string> child_error;
};

struct Engine::Impl {
  explicit Impl(EngineOptions opts);
  ~Impl();

  static Impl& from(lua_State* L) { return **static_cast<Impl**>(lua_getextraspace(L)); }

  // --- state and sandbox (engine.cpp)
  EngineOptions options;
  lua_State* L = nullptr;
  size_t memory_used = 0;  // Lua's allocations plus report_bytes
  size_t memory_limit = 0;
  size_t report_bytes = 0;  // evidence, facts, logs, attachments, findings copied into the report this run
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point deadline;
  double cpu_at_start = 0;
  // The budget being enforced: the run's (--max-cpu, --timeout) or one file's while it loads.
  double cpu_limit = 0;
  std::string cpu_limit_text;          // "--max-cpu 10 s"
  std::string deadline_text;           // "--timeout 120 s"
  std::optional<std::string> aborted;  // why the run is being cancelled; set once
  bool aborted_by_interrupt = false;
  int prelude_ref = LUA_NOREF;  // table returned by prelude.lua
  int modules_ref = LUA_NOREF;  // name -> module table (C closures + prelude helpers)
  std::vector<std::unique_ptr<BoundFunction>> bound;
  std::unordered_map<std::string, int> capability_bits;
  Redactor redactor;
  std::shared_ptr<bool> alive = std::make_shared<bool>(true);
  std::shared_ptr<RecordingHooks> recording;

  void open_state();
  void install_modules();
  uint64_t capability_bit(const std::string& capability);
  uint64_t allowed_mask(const std::vector<std::string>& declared) const;
  bool denied(std::string_view capability) const;
  // Pushes a fresh environment table onto S (a runbook's coroutine when `require` runs inside one).
  void push_sandbox(lua_State* S);
  void abort(std::string reason);
  std::string memory_message() const;  // "memory limit exceeded (--max-memory 64 MiB)"
  // Report data lives outside Lua's allocator: it counts against --max-memory all the same. Raises the memory
  // error (and cancels the run) when `bytes` more do not fit.
  void charge_report(lua_State* S, size_t bytes);
  // The value at `index` copied for the report (lenient conversion, cycles and shared tables as references),
  // charged as above; a value that cannot fit is refused before it is copied.
  OrderedJson report_value(lua_State* S, int index);
  // Starts a budget: `cpu_seconds` of this thread's CPU and `wall_seconds` of wall clock from now.
  void set_budget(double cpu_seconds, std::string cpu_text, double wall_seconds, std::string wall_text);
  // Ctrl-C or SIGTERM, the deadline, the CPU budget: sets `aborted` on a breach; true when the run must stop.
  // Called by the count hook and by C code that may run long without reaching it (pattern matching, copies).
  bool limits_breached();
  void set_run_budget();  // --max-cpu and --timeout, counted from now
  void reset_abort();
  // Runs `body` in a protected call on the main thread; returns the error message if Lua raised.
  std::optional<std::string> protect(const std::function<void(lua_State*)>& body);

  // --- loader (loader.cpp)
  bool scanned = false;                                // every file on the search path loaded
  std::optional<std::vector<std::string>> paths;       // runbook files on the search path, listed once
  std::unordered_map<std::string, size_t> path_roots;  // runbook file -> index of its search directory
  std::vector<std::string> pending_notes;              // shadowing seen while resolving, not yet shown
  std::set<std::string> noted;
  std::set<std::string> loaded_paths;
  std::deque<RunbookFile> files;  // loaded so far (all of them once `scanned`)
  std::vector<Problem> scan_problems;
  std::vector<std::unique_ptr<RunbookFile>> direct_files;
  void scan();  // loads every runbook on the search path
  const std::vector<std::string>& runbook_paths();
  void load_path(const std::string& path);
  void load_candidates(const std::string& id);
  std::optional<RunbookFile> load_metadata(const std::string& path, std::vector<Problem>& problems);
  const RunbookFile& resolve(const std::string& spec);
  // Params from strings (CLI) or a Lua table (ctx:run) -> typed table pushed on L; throws UsageError.
  OrderedJson typed_params(const RunbookFile& file, const OrderedJson& given, bool from_strings);
  // Registers the values of `file`'s secret params (strings, each item of a list, numbers as written) with the
  // redactor; returns `typed` with those values as fingerprints, for the report.
  OrderedJson register_secret_params(const RunbookFile& file, const OrderedJson& typed);

  // --- scheduler (scheduler.cpp)
  boost::asio::io_context io;
  std::unordered_map<uint64_t, std::unique_ptr<Task>> tasks;
  std::unordered_set<lua_State*> task_threads;
  uint64_t next_task_id = 1;
  Task* current = nullptr;
  uint64_t top_task = 0;
  bool top_done = false;
  Task& spawn(lua_State* from, int nargs, Task* parent);  // function + args on `from`'s top
  void post_resume(Task& task);
  void resume(Task& task);
  void finish(Task& task, bool ok, int nresults);
  void wake_io_waiters();
  Task* task(uint64_t id);
  std::chrono::steady_clock::duration remaining() const;

  // --- ctx API (context.cpp)
  Report report;
  std::unordered_set<const Step*> live_steps;
  std::vector<std::unique_ptr<RunbookContext>> contexts;
  size_t finding_order = 0;
  size_t log_dropped = 0;  // ctx:log lines past kMaxLogLines: shown live (-v, a watch) but not kept
  double now_ms() const;
  Step& add_step(Task& task, std::string title);
  void close_step(Step& step);
  void log_line(std::string message);
  void register_internals(lua_State* L);  // pushes the table prelude.lua receives
  // `parent`: the run that runs this one; its capabilities bound the new run's (docs/security.md).
  RunbookContext& new_context(const RunbookFile& file, Step* step, RunbookContext* parent);
  // Who withholds `capability` from `context`: the id of the nearest parent run that lacks it.
  std::string withheld_by(const RunbookContext& context, std::string_view capability) const;
  // "capability 'net' is not declared by runbook x (add ...)", or which parent run withholds it.
  std::string capability_missing(const RunbookContext& context, const std::string& capability) const;
  Report run(const RunbookFile& file, const OrderedJson& params);
  // Of several files with one id and version: the winner (lowest root), its `shadows` filled and a note queued;
  // throws LoadError when two share the winning directory.
  const RunbookFile* shadow_winner(std::vector<RunbookFile*> same);
};

// What the engine keeps of one binding call while it runs.
struct RecordedCall {
  std::string name;  // "gateway.connect"
  Json args;         // array of the Lua arguments as plain data
  double started_ms = 0;
};

struct Call::Impl {
  Engine::Impl& engine;
  const BoundFunction& fn;
  Task* task;
  int nargs;
  lua_State* L = nullptr;
  bool suspended = false;
  // The call as the recorder sees it (built only while recording).
  std::shared_ptr<RecordedCall> recorded_call();
};

struct Completion::State {
  Engine::Impl* engine = nullptr;
  std::weak_ptr<bool> alive;
  uint64_t task_id = 0;
  uint64_t generation = 0;
  bool fulfilled = false;
  std::shared_ptr<RecordedCall> call;
};

// Values the scheduler and continuations pass around (addresses only; never dereferenced).
inline char kPendingTag;
inline char kResumeTokenTag;
inline void* const kPending = &kPendingTag;
inline void* const kResumeToken = &kResumeTokenTag;

// Replaces string.find, match, gmatch and gsub with versions whose matching checks the limits (patterns.cpp).
void install_pattern_functions(lua_State* L);

// The continuation every parked call (binding I/O, ctx:parallel) resumes through.
int resume_continuation(lua_State* L, int status, lua_KContext context);

// True once after Engine::request_interrupt (Ctrl-C); the hook and the run loop both poll it.
bool take_interrupt();

// 1.5 -> "1.5 s"
std::string seconds_text(double seconds);

// "path:12: message" -> "path:12" (empty when there is no position).
std::string error_location(std::string_view message);

}  // namespace clawbook
