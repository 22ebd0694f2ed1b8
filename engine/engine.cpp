// The Lua state and its sandbox, the limits, and the one dispatch point every binding call passes through.
#include "engine_impl.hpp"

#include "clawbook/stop.hpp"

#include "prelude_lua.hpp"  // generated from engine/prelude.lua
#include "lua_value.hpp"
#include "recording.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <limits>

namespace clawbook {
namespace {

std::atomic<bool> g_interrupt{false};
std::atomic<bool> g_stop{false};

constexpr int kHookInterval = 10000;  // VM instructions between limit checks: well under 1% overhead
constexpr int kYieldMarker = -1;
constexpr size_t kAbortHeadroom = 8u << 20;  // room for unwinding once the memory limit has been hit

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::string human_size(size_t bytes) {
  if (bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes % (1u << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

void* limited_alloc(void* ud, void* ptr, size_t old_size, size_t new_size) {
  auto& impl = *static_cast<Engine::Impl*>(ud);
  if (ptr == nullptr) old_size = 0;  // Lua passes a type tag here for new blocks
  if (new_size == 0) {
    std::free(ptr);
    impl.memory_used -= old_size;
    return nullptr;
  }
  if (new_size > old_size && impl.memory_used + (new_size - old_size) > impl.memory_limit) {
    if (!impl.aborted) {
      impl.abort(impl.memory_message());
      impl.memory_limit += kAbortHeadroom;
    }
    return nullptr;
  }
  void* block = std::realloc(ptr, new_size);
  if (block != nullptr) impl.memory_used = impl.memory_used - old_size + new_size;
  return block;
}

// Checks the limits every kHookInterval instructions, in every coroutine (threads inherit the hook).
void limits_hook(lua_State* L, lua_Debug*) {
  auto& impl = Engine::Impl::from(L);
  if (impl.limits_breached()) {
    lua_sethook(L, limits_hook, LUA_MASKCOUNT, 1);  // from now on every instruction raises
    luaL_error(L, "%s", impl.aborted->c_str());
  }
}

int panic_handler(lua_State* L) {
  const char* message = lua_tostring(L, -1);
  throw std::runtime_error(std::string("Lua panic: ") + (message ? message : "unknown error"));
}

std::string type_error(int index, const std::string& fname, const char* expected, lua_State* L) {
  return "bad argument #" + std::to_string(index) + " to '" + fname + "' (" + expected + " expected, got " +
         luaL_typename(L, index) + ")";
}

// The dispatch point. Misuse raises (with the runbook's file:line), results return as they are, and an
// asynchronous call parks the coroutine until its Completion resumes it.
int dispatch(lua_State* L) {
  auto& fn = *static_cast<BoundFunction*>(lua_touserdata(L, lua_upvalueindex(1)));
  auto& engine = Engine::Impl::from(L);
  std::string error;
  int results = 0;
  const int nargs = lua_gettop(L);
  Call::Impl call_impl{engine, fn, engine.current, nargs, L};
  {
    Task* task = engine.current;
    if (task == nullptr) {
      error = fn.qualified + ": bindings cannot be called while a runbook file is loading";
    } else if (engine.aborted) {
      error = *engine.aborted;
    } else if ((task->runbook->allowed_mask & fn.capability_mask) != fn.capability_mask) {
      for (const auto& capability : fn.capabilities) {
        if (engine.denied(capability)) {
          error = fn.qualified + ": capability '" + capability + "' is denied for this run (--deny " + capability + ")";
          break;
        }
        if ((task->runbook->allowed_mask & engine.capability_bit(capability)) == 0) {
          error = fn.qualified + ": " + engine.capability_missing(*task->runbook, capability);
          break;
        }
      }
    } else if (engine.recording && engine.recording->replaying() &&
               (results = engine.recording->replay(L, call_impl, error)) != RecordingHooks::kLive) {
      // served from data
    } else {
      results = 0;
      Call call(L, call_impl);
      try {
        results = fn.fn(call);
      } catch (const Misuse& misuse) {
        error = misuse.what();
        if (error.rfind("bad argument", 0) != 0) error = fn.qualified + ": " + error;
      } catch (const ConversionError& conversion) {
        error = fn.qualified + ": " + conversion.what();
      } catch (const std::bad_alloc&) {
        error = fn.qualified + ": not enough memory";
      } catch (const std::exception& exception) {
        error = fn.qualified + ": internal error: " + exception.what();
      }
    }
  }
  if (!error.empty()) {
    luaL_where(L, 1);
    lua_pushlstring(L, error.data(), error.size());
    lua_concat(L, 2);
    return lua_error(L);
  }
  if (results == kYieldMarker) {
    if (!call_impl.suspended) return luaL_error(L, "%s: yielded without a pending operation", fn.qualified.c_str());
    engine.current->wait = Task::Wait::io;
    lua_pushlightuserdata(L, kPending);
    return lua_yieldk(L, 1, static_cast<lua_KContext>(nargs), resume_continuation);
  }
  if (engine.recording && engine.recording->recording()) engine.recording->record(L, call_impl, results);
  return results;
}

}  // namespace

// --- Call ---------------------------------------------------------------------------------------------------

const std::string& Call::name() const { return impl_.fn.qualified; }
int Call::arg_count() const { return impl_.nargs; }

[[noreturn]] void Call::arg_error(int index, std::string_view message) const {
  throw Misuse("bad argument #" + std::to_string(index) + " to '" + name() + "' (" + std::string(message) + ")");
}

std::string Call::str(int index) const {
  if (lua_type(L, index) != LUA_TSTRING && lua_type(L, index) != LUA_TNUMBER)
    throw Misuse(type_error(index, name(), "string", L));
  size_t length = 0;
  const char* s = lua_tolstring(L, index, &length);
  return {s, length};
}

std::optional<std::string> Call::opt_str(int index) const {
  if (lua_isnoneornil(L, index)) return std::nullopt;
  return str(index);
}

double Call::num(int index) const {
  int ok = 0;
  double value = lua_tonumberx(L, index, &ok);
  if (!ok) throw Misuse(type_error(index, name(), "number", L));
  return value;
}

std::optional<double> Call::opt_num(int index) const {
  if (lua_isnoneornil(L, index)) return std::nullopt;
  return num(index);
}

long long Call::integer(int index) const {
  int ok = 0;
  lua_Integer value = lua_tointegerx(L, index, &ok);
  if (!ok) {
    if (lua_type(L, index) == LUA_TNUMBER) arg_error(index, "number has no integer representation");
    throw Misuse(type_error(index, name(), "integer", L));
  }
  return value;
}

std::optional<long long> Call::opt_integer(int index) const {
  if (lua_isnoneornil(L, index)) return std::nullopt;
  return integer(index);
}

bool Call::boolean(int index, bool fallback) const {
  if (lua_isnoneornil(L, index)) return fallback;
  if (!lua_isboolean(L, index)) throw Misuse(type_error(index, name(), "boolean", L));
  return lua_toboolean(L, index) != 0;
}

Json Call::table(int index) const {
  if (lua_isnoneornil(L, index)) return Json::object();
  if (!lua_istable(L, index)) throw Misuse(type_error(index, name(), "table", L));
  try {
    return to_json_value<Json>(L, index);
  } catch (const ConversionError& e) {
    arg_error(index, e.what());
  }
}

int Call::push(const Json& value) const {
  push_json(L, value);
  return 1;
}

int Call::fail(std::string_view message) const {
  lua_pushnil(L);
  lua_pushlstring(L, message.data(), message.size());
  return 2;
}

const std::string& Call::secret(const std::string& value) const {
  impl_.engine.redactor.add(value);
  return value;
}

std::string Call::fingerprint(std::string_view value) { return clawbook::fingerprint(value); }

bool Call::has_capability(std::string_view capability) const {
  if (impl_.engine.denied(capability)) return false;
  const auto& declared = impl_.task->runbook->declared;
  for (const auto& d : declared) {
    if (d == capability) return true;
    // "fs:/etc/x" also grants "fs"; "exec:openclaw" does not grant "exec:other".
    if (d.size() > capability.size() && d.compare(0, capability.size(), capability) == 0 && d[capability.size()] == ':')
      return true;
  }
  return false;
}

void Call::require_capability(std::string_view capability) const {
  if (has_capability(capability)) return;
  std::string cap(capability);
  if (impl_.engine.denied(capability))
    throw Misuse(name() + ": capability '" + cap + "' is denied for this run (--deny " + cap + ")");
  throw Misuse(name() + ": " + impl_.engine.capability_missing(*impl_.task->runbook, cap));
}

const std::vector<std::string>& Call::capabilities() const { return impl_.task->runbook->declared; }

std::chrono::steady_clock::duration Call::deadline(double seconds) const {
  auto wanted = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(std::min(seconds, 1e7)));
  return std::max(std::chrono::steady_clock::duration::zero(), std::min(wanted, impl_.engine.remaining()));
}

boost::asio::io_context& Call::io() const { return impl_.engine.io; }

Completion Call::suspend() const {
  if (impl_.suspended) throw Misuse(name() + ": suspended twice");
  impl_.suspended = true;
  auto state = std::make_shared<Completion::State>();
  state->engine = &impl_.engine;
  state->alive = impl_.engine.alive;
  state->task_id = impl_.task->id;
  state->generation = impl_.task->generation;
  state->call = impl_.recorded_call();
  return Completion(state);
}

int Call::yield() const { return kYieldMarker; }

void Call::log(std::string_view message) const { impl_.engine.log_line(name() + ": " + std::string(message)); }

const std::string& Call::runbook_id() const { return impl_.task->runbook->file->id; }
std::string Call::runbook_version() const { return impl_.task->runbook->file->version.str(); }
std::string Call::redact(std::string_view text) const { return impl_.engine.redactor.apply(text); }
const ActionPolicy& Call::action_policy() const { return impl_.engine.options.actions; }

std::optional<std::string> Call::ask(std::string_view prompt) const {
  const auto& ask = impl_.engine.options.actions.ask;
  if (!ask) return std::nullopt;
  const auto asked = std::chrono::steady_clock::now();
  auto answer = ask(impl_.engine.redactor.apply(prompt));
  impl_.engine.deadline += std::chrono::steady_clock::now() - asked;  // a person reading is not the run being slow
  return answer;
}

void Call::report_action(Json action) const {
  impl_.engine.report.actions.push_back(
      OrderedJson::parse(action.dump(-1, ' ', false, Json::error_handler_t::replace)));
}

// --- Completion ---------------------------------------------------------------------------------------------

void Completion::complete_with(std::function<int(lua_State*)> push) const {
  auto state = state_;
  if (state->fulfilled) return;
  state->fulfilled = true;
  auto alive = state->alive.lock();
  if (!alive) return;
  boost::asio::post(state->engine->io, [state, push = std::move(push)]() mutable {
    if (state->alive.expired()) return;
    Task* task = state->engine->task(state->task_id);
    if (task == nullptr || task->generation != state->generation || task->wait != Task::Wait::io) return;
    auto& engine = *state->engine;
    if (engine.recording && engine.recording->recording()) {
      task->on_resume = [state, push = std::move(push), &engine](lua_State* L) {
        int n = push(L);
        engine.recording->record_async(L, *state->call, n);
        return n;
      };
    } else {
      task->on_resume = std::move(push);
    }
    engine.resume(*task);
  });
}

void Completion::complete(Json value) const {
  complete_with([value = std::move(value)](lua_State* L) {
    push_json(L, value);
    return 1;
  });
}

void Completion::fail(std::string message) const {
  complete_with([message = std::move(message)](lua_State* L) {
    lua_pushnil(L);
    lua_pushlstring(L, message.data(), message.size());
    return 2;
  });
}

void Completion::secret(const std::string& value) const {
  if (!state_->alive.expired()) state_->engine->redactor.add(value);
}

bool Completion::cancelled() const {
  if (state_->fulfilled || state_->alive.expired()) return true;
  auto& engine = *state_->engine;
  Task* task = engine.task(state_->task_id);
  return engine.aborted.has_value() || task == nullptr || task->generation != state_->generation;
}

// --- Engine::Impl: state --------------------------------------------------------------------------------------

Engine::Impl::Impl(EngineOptions opts) : options(std::move(opts)) {
  memory_limit = options.limits.max_memory;
  set_run_budget();
  open_state();
}

void Engine::Impl::set_budget(double cpu_seconds, std::string cpu_text, double wall_seconds, std::string wall_text) {
  deadline = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                    std::chrono::duration<double>(std::min(wall_seconds, 1e7)));
  cpu_at_start = thread_cpu_seconds();
  cpu_limit = cpu_seconds;
  cpu_limit_text = std::move(cpu_text);
  deadline_text = std::move(wall_text);
}

void Engine::Impl::set_run_budget() {
  set_budget(options.limits.max_cpu_seconds, "--max-cpu " + seconds_text(options.limits.max_cpu_seconds),
             options.limits.timeout_seconds, "--timeout " + seconds_text(options.limits.timeout_seconds));
}

bool Engine::Impl::limits_breached() {
  if (aborted) return true;
  if (take_interrupt()) {
    aborted_by_interrupt = true;
    abort("interrupted (Ctrl-C)");
  } else if (std::chrono::steady_clock::now() > deadline) {
    abort("timeout: the run exceeded " + deadline_text);
  } else if (thread_cpu_seconds() - cpu_at_start > cpu_limit) {
    abort("CPU limit exceeded (" + cpu_limit_text + ")");
  }
  return aborted.has_value();
}

Engine::Impl::~Impl() {
  *alive = false;
  alive.reset();
  tasks.clear();
  if (L != nullptr) lua_close(L);
}

void Engine::Impl::open_state() {
  L = lua_newstate(limited_alloc, this);
  if (L == nullptr) throw std::runtime_error("cannot create a Lua state");
  *static_cast<Impl**>(lua_getextraspace(L)) = this;  // copied into every thread created later
  lua_atpanic(L, panic_handler);
  lua_sethook(L, limits_hook, LUA_MASKCOUNT, kHookInterval);
  auto problem = protect([this](lua_State* S) {
    luaL_openlibs(S);
    install_pattern_functions(S);
    // string.dump makes bytecode; ("").dump reaches the real string table through the string metatable, so
    // the function goes from the real table, not only from the sandbox's copy.
    lua_getglobal(S, "string");
    lua_pushnil(S);
    lua_setfield(S, -2, "dump");
    lua_pop(S, 1);
    // The string metatable is shared by every runbook: nobody may read or change it.
    lua_pushliteral(S, "");
    lua_getmetatable(S, -1);
    lua_pushboolean(S, 0);
    lua_setfield(S, -2, "__metatable");
    lua_pop(S, 2);
    install_modules();
    // The prelude receives the internals and returns the sandbox factory.
    if (luaL_loadbufferx(S, embedded::prelude_lua.data(), embedded::prelude_lua.size(), "=prelude", "t") != LUA_OK)
      lua_error(S);
    register_internals(S);
    lua_call(S, 1, 1);
    prelude_ref = luaL_ref(S, LUA_REGISTRYINDEX);
    // Defence in depth: nothing dangerous stays reachable from the real globals either.
    lua_pushglobaltable(S);
    for (const char* name :
         {"io", "os", "debug", "package", "require", "load", "loadfile", "dofile", "collectgarbage", "loadstring"}) {
      lua_pushnil(S);
      lua_setfield(S, -2, name);
    }
    lua_pop(S, 1);
  });
  if (problem) throw std::runtime_error("engine prelude failed: " + *problem);
}

uint64_t Engine::Impl::capability_bit(const std::string& capability) {
  auto [it, inserted] = capability_bits.emplace(capability, static_cast<int>(capability_bits.size()));
  if (it->second >= 64) throw std::runtime_error("too many distinct capabilities");
  return uint64_t{1} << it->second;
}

bool Engine::Impl::denied(std::string_view capability) const {
  for (const auto& d : options.denied_capabilities) {
    if (d == capability) return true;
    // --deny fs also denies fs:/path; --deny exec denies exec:openclaw.
    if (capability.size() > d.size() && capability.compare(0, d.size(), d) == 0 && capability[d.size()] == ':')
      return true;
  }
  return false;
}

uint64_t Engine::Impl::allowed_mask(const std::vector<std::string>& declared) const {
  uint64_t mask = 0;
  for (const auto& [name, bit] : capability_bits) {
    if (denied(name)) continue;
    for (const auto& d : declared) {
      bool grants = d == name ||
                    (d.size() > name.size() && d.compare(0, name.size(), name) == 0 && d[name.size()] == ':');
      if (grants) mask |= uint64_t{1} << bit;
    }
  }
  return mask;
}

void Engine::Impl::install_modules() {
  lua_newtable(L);  // name -> module table
  for (const ModuleSpec* spec : registered_modules()) {
    lua_createtable(L, 0, static_cast<int>(spec->functions.size()));
    for (const auto& function : spec->functions) {
      auto bound_fn = std::make_unique<BoundFunction>();
      bound_fn->qualified = spec->name + "." + function.name;
      bound_fn->fn = function.fn;
      for (const char* cap : {spec->capability.empty() ? nullptr : spec->capability.c_str(), function.capability}) {
        if (cap == nullptr || *cap == '\0') continue;
        bound_fn->capabilities.emplace_back(cap);
        bound_fn->capability_mask |= capability_bit(cap);
      }
      lua_pushlightuserdata(L, bound_fn.get());
      lua_pushcclosure(L, dispatch, 1);
      lua_setfield(L, -2, function.name);
      bound.push_back(std::move(bound_fn));
    }
    if (!spec->prelude.empty()) {
      const std::string chunkname = "=" + spec->name + " prelude";
      if (luaL_loadbufferx(L, spec->prelude.data(), spec->prelude.size(), chunkname.c_str(), "t") != LUA_OK)
        lua_error(L);
      lua_pushvalue(L, -2);
      lua_call(L, 1, 0);
    }
    lua_setfield(L, -2, spec->name.c_str());
  }
  modules_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

void Engine::Impl::push_sandbox(lua_State* S) {
  lua_rawgeti(S, LUA_REGISTRYINDEX, prelude_ref);
  lua_getfield(S, -1, "new_sandbox");
  lua_remove(S, -2);
  lua_rawgeti(S, LUA_REGISTRYINDEX, modules_ref);
  lua_call(S, 1, 1);
}

void Engine::Impl::abort(std::string reason) {
  if (aborted) return;
  aborted = std::move(reason);
  wake_io_waiters();
}

std::string Engine::Impl::memory_message() const {
  return "memory limit exceeded (--max-memory " + human_size(options.limits.max_memory) + ")";
}

void Engine::Impl::charge_report(lua_State* S, size_t bytes) {
  if (bytes > memory_limit || memory_used > memory_limit - bytes) {
    if (!aborted) {
      abort(memory_message() + ": evidence, logs, facts and attachments count too");
      memory_limit += kAbortHeadroom;
    }
    luaL_where(S, 2);  // the runbook's line: level 1 is the ctx method of the prelude that called in here
    lua_pushstring(S, aborted->c_str());
    lua_concat(S, 2);
    lua_error(S);
  }
  memory_used += bytes;
  report_bytes += bytes;
}

OrderedJson Engine::Impl::report_value(lua_State* S, int index) {
  ConversionBudget budget;
  budget.max_bytes = memory_used < memory_limit ? memory_limit - memory_used : 0;
  std::optional<OrderedJson> value;
  try {
    value = to_json_value<OrderedJson>(S, index, Conversion::lenient, &budget);
  } catch (const ConversionError&) {
    budget.bytes = std::numeric_limits<size_t>::max();  // did not fit
  }
  charge_report(S, budget.bytes);
  return std::move(*value);
}

void Engine::Impl::reset_abort() {
  aborted.reset();
  aborted_by_interrupt = false;
  memory_limit = options.limits.max_memory;
  lua_gc(L, LUA_GCCOLLECT);
  lua_sethook(L, limits_hook, LUA_MASKCOUNT, kHookInterval);
}

std::optional<std::string> Engine::Impl::protect(const std::function<void(lua_State*)>& body) {
  struct Box {
    const std::function<void(lua_State*)>* body;
  } box{&body};
  auto trampoline = [](lua_State* S) -> int {
    auto* b = static_cast<Box*>(lua_touserdata(S, 1));
    lua_pop(S, 1);
    (*b->body)(S);
    return 0;
  };
  const int top = lua_gettop(L);
  lua_pushcfunction(L, trampoline);
  lua_pushlightuserdata(L, &box);
  int status = LUA_OK;
  try {
    status = lua_pcall(L, 1, 0, 0);
  } catch (const std::exception& e) {  // a C++ exception thrown inside: Lua turned it into an error status
    lua_settop(L, top);
    return std::string(e.what());
  }
  if (status == LUA_OK) return std::nullopt;
  std::string message = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(error object is not a string)";
  lua_settop(L, top);
  return message;
}

std::string seconds_text(double s) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g s", s);
  return buffer;
}

std::string error_location(std::string_view message) {
  // "path:12: text" -> "path:12"; chunk names may contain ':' only before the line number.
  for (size_t colon = message.find(':'); colon != std::string_view::npos; colon = message.find(':', colon + 1)) {
    size_t digits = colon + 1;
    while (digits < message.size() && std::isdigit(static_cast<unsigned char>(message[digits]))) ++digits;
    if (digits > colon + 1 && digits < message.size() && message[digits] == ':')
      return std::string(message.substr(0, digits));
  }
  return {};
}

// --- Engine ---------------------------------------------------------------------------------------------------

Engine::Engine(EngineOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Engine::~Engine() = default;

const std::deque<RunbookFile>& Engine::runbooks() {
  impl_->scan();
  return impl_->files;
}

const std::vector<Problem>& Engine::problems() {
  impl_->scan();
  return impl_->scan_problems;
}

const RunbookFile* Engine::load_file(const std::string& path, std::vector<Problem>& problems) {
  auto file = impl_->load_metadata(path, problems);
  if (!file) return nullptr;
  impl_->direct_files.push_back(std::make_unique<RunbookFile>(std::move(*file)));
  return impl_->direct_files.back().get();
}

const RunbookFile& Engine::resolve(const std::string& spec) { return impl_->resolve(spec); }

std::vector<const RunbookFile*> Engine::visible_runbooks() {
  impl_->scan();
  std::map<std::string, std::vector<RunbookFile*>> by_key;  // id@version -> files
  for (auto& file : impl_->files) by_key[file.id + "@" + file.version.str()].push_back(&file);
  std::vector<const RunbookFile*> visible;
  for (auto& [key, same] : by_key) {
    try {
      visible.push_back(impl_->shadow_winner(same));
    } catch (const LoadError& e) {
      impl_->scan_problems.push_back({same.front()->path, 1, e.what()});
    }
  }
  std::sort(visible.begin(), visible.end(), [](const RunbookFile* a, const RunbookFile* b) {
    return a->id != b->id ? a->id < b->id : a->version < b->version;
  });
  return visible;
}

std::vector<std::string> Engine::notes() { return std::exchange(impl_->pending_notes, {}); }

Report Engine::run(const RunbookFile& runbook, const OrderedJson& params) { return impl_->run(runbook, params); }

const Redactor& Engine::redactor() const { return impl_->redactor; }

void Engine::set_limits(const Limits& limits) {
  impl_->options.limits = limits;
  impl_->memory_limit = limits.max_memory;
}

void Engine::set_recording(std::shared_ptr<RecordingHooks> hooks) { impl_->recording = std::move(hooks); }

void Engine::request_interrupt() { g_interrupt.store(true); }

bool take_interrupt() { return g_interrupt.exchange(false); }

void request_stop() { g_stop.store(true); }
bool stop_requested() { return g_stop.load(); }
void clear_stop() { g_stop.store(false); }

std::string engine_api_version() { return CLAWBOOK_ENGINE_API_VERSION; }

namespace {
// The fixed part of a capability form ("fs:/" of "fs:/PATH"); the whole name when it is not a form.
std::string_view fixed_part(std::string_view known) {
  return known.substr(0, known.find_last_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") + 1);
}
}  // namespace

bool is_known_capability(std::string_view capability) {
  for (const auto& known : registered_capabilities()) {
    const std::string_view fixed = fixed_part(known);
    if (fixed.size() == known.size() ? capability == known
                                     : capability.size() > fixed.size() && capability.substr(0, fixed.size()) == fixed)
      return true;
  }
  return false;
}

bool is_deniable_capability(std::string_view capability) {
  if (is_known_capability(capability)) return true;
  for (const auto& known : registered_capabilities())
    if (known.find(':') != std::string::npos && std::string_view(known).substr(0, known.find(':')) == capability)
      return true;
  return false;
}

std::string known_capabilities() {
  std::string out;
  for (const auto& known : registered_capabilities()) out += (out.empty() ? "" : ", ") + known;
  return out;
}

}  // namespace clawbook

namespace clawbook {

std::shared_ptr<RecordedCall> Call::Impl::recorded_call() {
  if (!engine.recording || !engine.recording->recording()) return nullptr;
  auto call = std::make_shared<RecordedCall>();
  call->name = fn.qualified;
  call->args = Json::array();
  for (int i = 1; i <= nargs; ++i) call->args.push_back(to_json_value<Json>(L, i, Conversion::lenient));
  call->started_ms = engine.now_ms();
  return call;
}

}  // namespace clawbook
