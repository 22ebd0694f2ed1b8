// The binding API: how a C++ module becomes a Lua module that runbooks can call.
//
// A binding module is one file under bindings/ that fills a ModuleSpec and registers it by name with
// CLAWBOOK_MODULE. The engine owns dispatch: every call goes through one point that checks capabilities,
// records or replays the call, converts C++ exceptions into Lua errors, and resumes coroutines after I/O.
//
// Two error tiers, as in Lua's own libraries:
//   - misuse (wrong argument types, a capability the runbook did not declare) raises: throw clawbook::Misuse
//     or use the Call argument helpers, which throw for you;
//   - a failure of the environment (refused, timeout, missing file) returns `nil, message` (Call::fail) or a
//     result table with ok=false.
//
// Results are plain data (nil, booleans, numbers, strings, tables of those), so they record, replay and
// render. Bindings that need an object with methods return a plain table holding a handle and attach methods
// in their Lua prelude.
//
// Lua is linked as C++ (liblua5.4-c++): lua_error unwinds with a C++ exception, so destructors of C++ objects
// live in a binding run normally when Lua raises. Bindings should still prefer throwing Misuse over calling
// luaL_error directly, so that the error message carries the Lua function name.
#pragma once

#include <lua.hpp>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace clawbook {

using Json = nlohmann::json;

// Thrown by a binding to raise a Lua error (the misuse tier). The dispatcher prefixes the Lua name.
struct Misuse : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Call;

// How the run may change the machine (the `action` capability). Dry run unless `apply`.
struct ActionPolicy {
  bool apply = false;              // --apply: carry actions out (each confirmed unless assume_yes)
  bool assume_yes = false;         // --yes: no prompts, for unattended use
  bool allow_destructive = false;  // --allow-destructive: actions that delete state or reset config may run
  std::string audit_log;           // JSON lines, one per action attempted under --apply
  std::string backup_dir;          // where backups are written, one timestamped folder per action
  // Asks the person at the terminal; nullopt when nobody can answer (no terminal). Null = no terminal.
  std::function<std::optional<std::string>(std::string_view prompt)> ask;
};

// A binding function: reads its arguments from `call`, pushes results onto call.L and returns their count,
// or returns call.yield() after arranging for a Completion to be fulfilled.
using BindingFn = int (*)(Call&);

struct FunctionSpec {
  const char* name;               // Lua name inside the module: "get" for env.get
  BindingFn fn;
  const char* capability = nullptr;  // extra capability this function needs (e.g. "action"), or null
};

struct ModuleSpec {
  std::string name;        // Lua global: "env", "time", "gateway", ...
  std::string capability;  // capability every function of the module needs; empty = none
  std::string summary;     // one line, for `clawbook docs`
  std::vector<FunctionSpec> functions;
  // Optional Lua source run once per state after the C functions are in place. It receives the module table
  // as `...` and may add Lua-side helpers (e.g. methods on handle tables). Trusted code: it runs with the full
  // standard library, but what it adds to the module is what runbooks see.
  std::string prelude;
  // Parametric capabilities the module understands besides its plain ones, written as runbooks see them in the
  // docs: "fs:/PATH" (an uppercase placeholder after the fixed part).
  std::vector<std::string> capability_forms = {};
};

// Registers a module. Called from static initializers through CLAWBOOK_MODULE; returns true so it can
// initialise a static variable.
bool register_module(ModuleSpec spec);

// Every registered module, in name order.
std::vector<const ModuleSpec*> registered_modules();

// Every capability a runbook may declare, derived from the registered modules (their capability, their
// functions' capabilities and their capability_forms), sorted: "action", "docker", ..., "fs:/PATH", ...
std::vector<std::string> registered_capabilities();

// A pending asynchronous call. Copyable; fulfil it exactly once, from the io_context's thread. Fulfilling
// never resumes Lua inline: the engine resumes the waiting coroutine from its own loop. If the run was
// aborted (timeout, Ctrl-C, limit) before completion, fulfilling is a no-op.
class Completion {
 public:
  // Results pushed by `push`, which gets the coroutine's lua_State and returns how many values it pushed.
  void complete_with(std::function<int(lua_State*)> push) const;
  // One plain value (a Json null becomes nil).
  void complete(Json value) const;
  // The environmental failure tier: nil, message.
  void fail(std::string message) const;
  // True once the run that issued this call has ended or been aborted; long operations may stop early.
  bool cancelled() const;
  // Registers a secret found while the call ran (as Call::secret): every output shows only its fingerprint.
  void secret(const std::string& value) const;

  struct State;
  explicit Completion(std::shared_ptr<State> state) : state_(std::move(state)) {}

 private:
  std::shared_ptr<State> state_;
};

// The view a binding function gets of one call.
class Call {
 public:
  lua_State* const L;

  // Lua name of the function being called, "module.fn".
  const std::string& name() const;
  int arg_count() const;

  // Argument helpers (1-based Lua indexes). They throw Misuse with a message in Lua's style:
  //   bad argument #1 to 'env.get' (string expected, got nil)
  std::string str(int index) const;
  std::optional<std::string> opt_str(int index) const;
  double num(int index) const;
  std::optional<double> opt_num(int index) const;
  long long integer(int index) const;
  std::optional<long long> opt_integer(int index) const;
  bool boolean(int index, bool fallback) const;
  // A plain table (or nil/none -> empty object). Nested tables convert; functions and userdata are misuse.
  Json table(int index) const;
  // An options table is read with clawbook::Options (clawbook/options.hpp): unknown keys and wrong types raise.
  [[noreturn]] void arg_error(int index, std::string_view message) const;

  // Results.
  int push(const Json& value) const;        // pushes one value; returns 1
  int fail(std::string_view message) const;  // pushes nil, message; returns 2

  // Secrets: registers `value` so that every output shows it only as its fingerprint. Returns the value.
  const std::string& secret(const std::string& value) const;
  static std::string fingerprint(std::string_view value);  // "sha256:1a2b3c4d"

  // Capabilities of the running runbook. require_capability raises naming the capability.
  bool has_capability(std::string_view capability) const;
  void require_capability(std::string_view capability) const;
  const std::vector<std::string>& capabilities() const;

  // The deadline for an I/O operation of `seconds`, never past the end of the whole run. Options::deadline
  // reads the seconds from a call's `timeout` option.
  std::chrono::steady_clock::duration deadline(double seconds) const;

  // Asynchronous calls: start the operation with the Completion, then `return call.yield();`.
  boost::asio::io_context& io() const;
  Completion suspend() const;
  int yield() const;
  // The common case of both: `start(done)` begins an operation whose one plain result `done` receives, and the
  // call yields until then.   return call.await_result([&](auto done) { client::async_x(call.io(), ..., done); });
  template <class Start>
  int await_result(Start start) const {
    Completion completion = suspend();
    start(std::function<void(Json)>([completion](Json result) { completion.complete(std::move(result)); }));
    return yield();
  }

  // Debug line shown with -v (redacted like every output).
  void log(std::string_view message) const;

  // The running runbook (the innermost one for a nested ctx:run): for audit lines.
  const std::string& runbook_id() const;
  std::string runbook_version() const;
  // `text` with every registered secret replaced by its fingerprint.
  std::string redact(std::string_view text) const;

  // Actions (bindings that change the machine). The policy comes from the command line.
  const ActionPolicy& action_policy() const;
  // Asks the user (see ActionPolicy::ask). The run's clock stops while the question is open, so a person who
  // reads before answering does not trip --timeout.
  std::optional<std::string> ask(std::string_view prompt) const;
  // Adds an entry to the report's `actions` list (planned, applied, refused...): plain data, redacted on output.
  void report_action(Json action) const;

  struct Impl;
  Call(lua_State* state, Impl& impl) : L(state), impl_(impl) {}

 private:
  Impl& impl_;
};

}  // namespace clawbook

#define CLAWBOOK_CONCAT_INNER(a, b) a##b
#define CLAWBOOK_CONCAT(a, b) CLAWBOOK_CONCAT_INNER(a, b)
// Registers a module at static-initialisation time: CLAWBOOK_MODULE(make_env_module());
#define CLAWBOOK_MODULE(spec_expr) \
  static const bool CLAWBOOK_CONCAT(clawbook_module_registered_, __LINE__) = ::clawbook::register_module(spec_expr)
