// The ctx API behind prelude.lua (steps, evidence, findings, logs, parallel, nested runs) and the run loop.
#include "engine_impl.hpp"

#include "lua_value.hpp"

#include "clawbook/stop.hpp"

#include <boost/asio/post.hpp>

#include <cmath>
#include <cstdarg>
#include <cstring>
#include <ctime>
#include <unistd.h>

namespace clawbook {
namespace {

constexpr int kMaxRunDepth = 16;

Engine::Impl& engine_of(lua_State* L) { return Engine::Impl::from(L); }

// "file:line: " of the runbook code that called the ctx API: the first Lua frame outside the engine's prelude
// (level 1 is the prelude's ctx method that called in here, and an error there helps no runbook author).
void push_runbook_where(lua_State* L) {
  lua_Debug ar;
  for (int level = 1; lua_getstack(L, level, &ar) != 0; ++level) {
    lua_getinfo(L, "Sl", &ar);
    if (ar.currentline > 0 && std::strcmp(ar.source, "=prelude") != 0) {
      lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
      return;
    }
  }
  lua_pushliteral(L, "");
}

// luaL_error for the ctx API: the message points at the runbook's line.
int ctx_error(lua_State* L, const char* format, ...) {
  va_list args;
  va_start(args, format);
  push_runbook_where(L);
  lua_pushvfstring(L, format, args);
  va_end(args);
  lua_concat(L, 2);
  return lua_error(L);
}

// luaL_argerror for the ctx API: "bad argument #2 to 'evidence' (string expected, got nil)" at the runbook's line.
int ctx_arg_error(lua_State* L, int index, const char* function, const char* message) {
  return ctx_error(L, "bad argument #%d to '%s' (%s)", index, function, message);
}

const char* ctx_check_string(lua_State* L, int index, const char* function, size_t* size) {
  if (lua_type(L, index) != LUA_TSTRING) {
    lua_pushfstring(L, "string expected, got %s", luaL_typename(L, index));
    ctx_arg_error(L, index, function, lua_tostring(L, -1));
  }
  return lua_tolstring(L, index, size);
}

Task& current_task(lua_State* L) {
  Task* task = engine_of(L).current;
  if (task == nullptr) ctx_error(L, "ctx can only be used while its runbook runs");
  return *task;
}

Step& step_arg(lua_State* L, int index) {
  auto* step = static_cast<Step*>(lua_touserdata(L, index));
  if (step == nullptr || !engine_of(L).live_steps.contains(step)) ctx_error(L, "not a step of this run");
  return *step;
}

std::string iso_now() {
  char buffer[32];
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string host_name() {
  char buffer[256] = {};
  if (::gethostname(buffer, sizeof buffer - 1) != 0) return {};
  return buffer;
}

int l_is_task(lua_State* L) {
  lua_State* thread = lua_tothread(L, 1);
  lua_pushboolean(L, thread != nullptr && engine_of(L).task_threads.contains(thread));
  return 1;
}

int l_begin_step(lua_State* L) {
  auto& engine = engine_of(L);
  Task& task = current_task(L);
  size_t title_size = 0;
  const char* title = luaL_checklstring(L, 1, &title_size);
  engine.charge_report(L, title_size);
  Step& step = engine.add_step(task, title);
  task.step = &step;
  lua_pushlightuserdata(L, &step);
  return 1;
}

// end_step(handle, ok, err): settles the status and re-raises when the run itself is being cancelled.
int l_end_step(lua_State* L) {
  auto& engine = engine_of(L);
  Step& step = step_arg(L, 1);
  Task& task = current_task(L);
  const bool ok = lua_toboolean(L, 2) != 0;
  if (!ok) {
    StepError error;
    if (lua_istable(L, 3)) {
      // Raw reads: the message handler's table is plain; a runbook's own error object runs no code here.
      lua_pushliteral(L, "message");
      lua_rawget(L, 3);
      error.message = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(error object is not a string)";
      lua_pushliteral(L, "traceback");
      lua_rawget(L, 3);
      if (lua_isstring(L, -1)) error.traceback = lua_tostring(L, -1);
      lua_pop(L, 2);
    } else {
      error.message = lua_isstring(L, 3) ? lua_tostring(L, 3) : "error";
    }
    if (engine.aborted && error.message.find(*engine.aborted) == std::string::npos) error.message = *engine.aborted;
    error.location = error_location(error.message);
    step.status = StepStatus::error;
    step.message = error.message;
    step.error = std::move(error);
  } else if (!step.explicit_status) {
    step.status = StepStatus::pass;
  }
  engine.close_step(step);
  task.step = step.parent;
  if (engine.aborted) {
    lua_pushstring(L, engine.aborted->c_str());
    return lua_error(L);
  }
  return 0;
}

int l_set_status(lua_State* L) {
  Step& step = step_arg(L, 1);
  const std::string status = luaL_checkstring(L, 2);
  if (status == "pass") step.status = StepStatus::pass;
  else if (status == "fail") step.status = StepStatus::fail;
  else if (status == "warn") step.status = StepStatus::warn;
  else if (status == "skip") step.status = StepStatus::skip;
  step.explicit_status = true;
  if (!lua_isnoneornil(L, 3)) {
    size_t size = 0;
    const char* message = luaL_tolstring(L, 3, &size);
    engine_of(L).charge_report(L, size);
    step.message.assign(message, size);
  }
  return 0;
}

// fact(name, value): one value for the whole run (a version, a mode), last write wins; shown in the JSON report
// and compared across hosts by `clawbook report merge`.
int l_fact(lua_State* L) {
  const char* name = ctx_check_string(L, 1, "fact", nullptr);
  if (*name == '\0') ctx_arg_error(L, 1, "fact", "fact name is empty");
  auto& engine = engine_of(L);
  engine.charge_report(L, std::strlen(name));
  engine.report.facts[name] = engine.report_value(L, 2);
  return 0;
}

// attach(name, content, why): a file for `clawbook bundle`. Names are relative paths of plain segments; a table
// is written as indented JSON.
int l_attach(lua_State* L) {
  size_t name_size = 0, content_size = 0;
  const char* name = ctx_check_string(L, 1, "attach", &name_size);
  std::string encoded;
  const char* content = nullptr;
  auto& engine = engine_of(L);
  if (lua_istable(L, 2)) {
    encoded = engine.report_value(L, 2).dump(2, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
    content = encoded.c_str();
    content_size = encoded.size();
  } else {
    content = ctx_check_string(L, 2, "attach", &content_size);
  }
  size_t why_size = 0;
  const char* why = ctx_check_string(L, 3, "attach", &why_size);
  const std::string_view path(name, name_size);
  bool valid = !path.empty() && path.size() <= 200 && path.front() != '/' && path.back() != '/' &&
               path.find('\0') == std::string_view::npos;
  for (size_t start = 0; valid && start <= path.size();) {
    const size_t slash = std::min(path.find('/', start), path.size());
    const std::string_view segment = path.substr(start, slash - start);
    valid = !segment.empty() && segment != "." && segment != "..";
    start = slash + 1;
  }
  if (!valid) ctx_arg_error(L, 1, "attach", "a relative path of plain segments expected (\"logs/gateway.log\")");
  engine.charge_report(L, name_size + content_size + why_size);
  auto& attachments = engine.report.attachments;
  for (auto& a : attachments) {
    if (a.name == path) {  // attaching a name again replaces it
      a.content.assign(content, content_size);
      a.why = why;
      return 0;
    }
  }
  attachments.push_back({std::string(path), std::string(content, content_size), why});
  return 0;
}

int l_evidence(lua_State* L) {
  auto& engine = engine_of(L);
  Step& step = step_arg(L, 1);
  size_t key_size = 0;
  const char* key = ctx_check_string(L, 2, "evidence", &key_size);
  engine.charge_report(L, key_size);
  step.evidence[key] = engine.report_value(L, 3);
  return 0;
}

std::vector<std::string> string_list(lua_State* L, int index, const char* field) {
  std::vector<std::string> out;
  lua_getfield(L, index, field);
  if (lua_isstring(L, -1)) {
    out.emplace_back(lua_tostring(L, -1));
  } else if (lua_istable(L, -1)) {
    const lua_Integer n = luaL_len(L, -1);
    for (lua_Integer i = 1; i <= n; ++i) {
      lua_rawgeti(L, -1, i);
      if (!lua_isstring(L, -1)) ctx_error(L, "ctx:finding: '%s' must be a list of strings", field);
      out.emplace_back(lua_tostring(L, -1));
      lua_pop(L, 1);
    }
  } else if (!lua_isnil(L, -1)) {
    ctx_error(L, "ctx:finding: '%s' must be a string or a list of strings", field);
  }
  lua_pop(L, 1);
  return out;
}

std::string string_field(lua_State* L, int index, const char* field, bool required) {
  lua_getfield(L, index, field);
  std::string out;
  if (lua_type(L, -1) == LUA_TSTRING) out = lua_tostring(L, -1);
  else if (!lua_isnil(L, -1) || required)
    ctx_error(L, "ctx:finding: '%s' must be a string%s", field, required ? " (required)" : "");
  lua_pop(L, 1);
  return out;
}

int l_finding(lua_State* L) {
  auto& engine = engine_of(L);
  Task& task = current_task(L);
  if (!lua_istable(L, 1)) ctx_arg_error(L, 1, "finding", "table expected");
  Finding finding;
  finding.id = string_field(L, 1, "id", true);
  finding.title = string_field(L, 1, "title", true);
  finding.cause = string_field(L, 1, "cause", false);
  const std::string severity = string_field(L, 1, "severity", true);
  auto parsed = parse_severity(severity);
  if (!parsed)
    ctx_error(L, "ctx:finding: severity must be info, low, medium, high or critical (got '%s')", severity.c_str());
  finding.severity = *parsed;
  finding.fix = string_list(L, 1, "fix");
  finding.refs = string_list(L, 1, "refs");
  lua_getfield(L, 1, "evidence");
  finding.evidence = engine.report_value(L, -1);
  lua_pop(L, 1);
  size_t text_bytes = finding.id.size() + finding.title.size() + finding.cause.size();
  for (const auto& line : finding.fix) text_bytes += line.size();
  for (const auto& line : finding.refs) text_bytes += line.size();
  engine.charge_report(L, text_bytes);
  lua_getfield(L, 1, "confidence");
  if (lua_type(L, -1) == LUA_TNUMBER) {
    const double c = lua_tonumber(L, -1);
    if (!(c >= 0 && c <= 1)) ctx_error(L, "ctx:finding: confidence must be between 0 and 1");
    finding.confidence = c;
  } else if (lua_type(L, -1) == LUA_TSTRING) {
    const std::string word = lua_tostring(L, -1);
    if (word == "low") finding.confidence = 0.3;
    else if (word == "medium") finding.confidence = 0.6;
    else if (word == "high") finding.confidence = 0.9;
    else ctx_error(L, "ctx:finding: confidence must be a number in 0..1 or low|medium|high");
  } else if (!lua_isnil(L, -1)) {
    ctx_error(L, "ctx:finding: confidence must be a number in 0..1 or low|medium|high");
  }
  lua_pop(L, 1);
  finding.runbook = task.runbook->file->id;
  if (task.step != nullptr && task.step != task.runbook->step) finding.step = task.step->title;
  finding.order = engine.finding_order++;
  engine.report.findings.push_back(std::move(finding));
  // Its run and every run above it count it; a ctx:parallel sibling's run does not.
  for (RunbookContext* run = task.runbook; run != nullptr; run = run->parent)
    run->findings.push_back(engine.report.findings.size() - 1);
  return 0;
}

int l_log(lua_State* L) {
  std::string line;
  const int n = lua_gettop(L);
  for (int i = 1; i <= n; ++i) {
    if (i > 1) line += '\t';
    size_t length = 0;
    const char* s = luaL_tolstring(L, i, &length);
    line.append(s, length);
    lua_pop(L, 1);
  }
  engine_of(L).charge_report(L, line.size());
  engine_of(L).log_line(std::move(line));
  return 0;
}

// parallel(fns): one task per function; the caller parks until the last branch finishes.
int l_parallel(lua_State* L) {
  auto& engine = engine_of(L);
  Task& parent = current_task(L);
  if (!lua_istable(L, 1)) ctx_arg_error(L, 1, "parallel", "table expected");
  const lua_Integer n = luaL_len(L, 1);
  for (lua_Integer i = 1; i <= n; ++i) {
    if (lua_rawgeti(L, 1, i) != LUA_TFUNCTION)
      ctx_error(L, "ctx:parallel: element %d is not a function", static_cast<int>(i));
    lua_pop(L, 1);
  }
  if (n == 0) return 0;
  if (engine.aborted) return luaL_error(L, "%s", engine.aborted->c_str());
  lua_createtable(L, static_cast<int>(n), 0);  // results, sized now so that storing them never allocates
  parent.results_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  parent.pending_children = static_cast<size_t>(n);
  parent.child_count = static_cast<size_t>(n);
  parent.child_error.reset();
  for (lua_Integer i = 1; i <= n; ++i) {
    lua_rawgeti(L, 1, i);
    Task& child = engine.spawn(L, 0, &parent);
    child.index_in_parent = static_cast<size_t>(i - 1);
    engine.post_resume(child);
  }
  parent.wait = Task::Wait::join;
  const int base = lua_gettop(L);
  lua_pushlightuserdata(L, kPending);
  return lua_yieldk(L, 1, static_cast<lua_KContext>(base), resume_continuation);
}

// Pushes the ctx table for a runbook run.
void push_ctx(lua_State* L, Engine::Impl& engine, const RunbookFile& file, const OrderedJson& params) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, engine.prelude_ref);
  lua_getfield(L, -1, "new_ctx");
  lua_remove(L, -2);
  lua_createtable(L, 0, 4);
  lua_pushstring(L, file.id.c_str());
  lua_setfield(L, -2, "id");
  lua_pushstring(L, file.version.str().c_str());
  lua_setfield(L, -2, "version");
  lua_pushstring(L, CLAWBOOK_ENGINE_API_VERSION);
  lua_setfield(L, -2, "engine");
  push_json(L, params);
  lua_setfield(L, -2, "params");
  lua_call(L, 1, 1);
}

struct RunFrame {
  RunbookContext* previous_runbook;
  Step* previous_step;
  RunbookContext* context;
};

// enter_run(id, params) -> handle, ctx, run function, params
int l_enter_run(lua_State* L) {
  auto& engine = engine_of(L);
  Task& task = current_task(L);
  const std::string spec = luaL_checkstring(L, 1);
  if (task.runbook->depth + 1 >= kMaxRunDepth)
    return ctx_error(L, "ctx:run: runbooks nested deeper than %d", kMaxRunDepth);
  std::string title;
  if (lua_istable(L, 3)) {
    // opts: { title = "..." } labels the step, so two runs of one child are told apart.
    lua_pushnil(L);
    while (lua_next(L, 3) != 0) {
      const bool is_title = lua_type(L, -2) == LUA_TSTRING && std::strcmp(lua_tostring(L, -2), "title") == 0;
      if (!is_title) {
        const char* key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : luaL_typename(L, -2);
        return ctx_error(L, "bad argument #3 to 'run' (unknown option '%s'; known: title)", key);
      }
      if (lua_type(L, -1) != LUA_TSTRING || lua_rawlen(L, -1) == 0)
        return ctx_error(L, "bad argument #3 to 'run' (option 'title' must be a non-empty string)");
      title = lua_tostring(L, -1);
      lua_pop(L, 1);
    }
  }
  const RunbookFile* file = nullptr;
  OrderedJson params;
  std::string error;
  try {
    file = &engine.resolve(spec);
    OrderedJson given = lua_istable(L, 2) ? to_json_value<OrderedJson>(L, 2) : OrderedJson::object();
    params = engine.typed_params(*file, given, false);
    engine.register_secret_params(*file, params);  // a child's secret params are secrets too
  } catch (const std::exception& e) {
    error = std::string("ctx:run: ") + e.what();
  }
  if (!error.empty()) return ctx_error(L, "%s", error.c_str());
  if (title.empty()) title = "run " + file->id;
  engine.charge_report(L, title.size());
  Step& step = engine.add_step(task, std::move(title));
  step.runbook = OrderedJson{{"id", file->id}, {"version", file->version.str()}};
  RunbookContext& context = engine.new_context(*file, &step, task.runbook);
  auto* frame = static_cast<RunFrame*>(lua_newuserdatauv(L, sizeof(RunFrame), 0));
  *frame = RunFrame{task.runbook, task.step, &context};
  task.runbook = &context;
  task.step = &step;
  push_ctx(L, engine, *file, params);
  lua_rawgeti(L, LUA_REGISTRYINDEX, file->table_ref);
  lua_getfield(L, -1, "run");
  lua_remove(L, -2);
  push_json(L, params);
  return 4;
}

// leave_run(handle, ok, err) -> summary {verdict, findings}, value
int l_leave_run(lua_State* L) {
  auto& engine = engine_of(L);
  Task& task = current_task(L);
  auto* frame = static_cast<RunFrame*>(lua_touserdata(L, 1));
  if (frame == nullptr || frame->context == nullptr) return luaL_error(L, "ctx:run: bad frame");
  Step& step = *task.step;
  RunbookContext& context = *frame->context;
  task.runbook = frame->previous_runbook;
  task.step = frame->previous_step;
  frame->context = nullptr;
  const bool ok = lua_toboolean(L, 2) != 0;

  Severity worst = Severity::info;
  bool any = false;
  lua_createtable(L, 0, 2);  // summary
  lua_newtable(L);
  int n = 0;
  for (const size_t i : context.findings) {
    const Finding& f = engine.report.findings[i];
    any = true;
    worst = std::max(worst, f.severity);
    lua_createtable(L, 0, 4);
    lua_pushstring(L, f.id.c_str());
    lua_setfield(L, -2, "id");
    lua_pushstring(L, to_string(f.severity));
    lua_setfield(L, -2, "severity");
    lua_pushstring(L, f.title.c_str());
    lua_setfield(L, -2, "title");
    lua_pushstring(L, f.runbook.c_str());
    lua_setfield(L, -2, "runbook");
    lua_rawseti(L, -2, ++n);
  }
  lua_setfield(L, -2, "findings");
  if (!ok) {
    StepError error;
    if (lua_istable(L, 3)) {
      lua_pushliteral(L, "message");
      lua_rawget(L, 3);
      error.message = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "error";
      lua_pushliteral(L, "traceback");
      lua_rawget(L, 3);
      if (lua_isstring(L, -1)) error.traceback = lua_tostring(L, -1);
      lua_pop(L, 2);
    } else {
      error.message = lua_isstring(L, 3) ? lua_tostring(L, 3) : "error";
    }
    if (engine.aborted) error.message = *engine.aborted;
    error.location = error_location(error.message);
    step.status = StepStatus::error;
    step.message = error.message;
    step.error = std::move(error);
  } else {
    step.status = !any || worst <= Severity::info ? StepStatus::pass
                  : worst == Severity::low        ? StepStatus::warn
                                                  : StepStatus::fail;
  }
  engine.close_step(step);
  if (engine.aborted) {
    lua_pushstring(L, engine.aborted->c_str());
    return lua_error(L);
  }
  const char* verdict = !ok ? "error" : (any && worst >= Severity::low) ? "problems" : "healthy";
  lua_pushstring(L, verdict);
  lua_setfield(L, -2, "verdict");
  if (!ok) return 1;    // a run that raised returns no value (its error is in the step)
  lua_pushvalue(L, 3);  // the run function's first return value, whatever its type
  return 2;
}

bool valid_module_name(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.back() == '.') return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) return false;
    if (c == '.' && i + 1 < name.size() && name[i + 1] == '.') return false;
  }
  return true;
}

// require(name, cache): Lua modules from the runbook search path only ("lib.signatures" ->
// lib/signatures.lua), text chunks in a sandbox of their own, loaded once per requiring sandbox (`cache`).
int l_require(lua_State* L) {
  auto& engine = engine_of(L);
  const std::string name = luaL_checkstring(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  if (!valid_module_name(name)) return ctx_error(L, "require: invalid module name '%s'", name.c_str());
  lua_settop(L, 2);
  if (lua_getfield(L, 2, name.c_str()) != LUA_TNIL) return 1;
  lua_pop(L, 1);
  std::string relative = name;
  for (char& c : relative)
    if (c == '.') c = '/';
  relative += ".lua";
  std::string found;
  for (const auto& dir : engine.options.search_path) {
    std::string candidate = dir + "/" + relative;
    if (FILE* f = std::fopen(candidate.c_str(), "rb")) {
      std::fclose(f);
      found = candidate;
      break;
    }
  }
  if (found.empty()) return ctx_error(L, "require: module '%s' not found on the runbook search path", name.c_str());
  std::string text;
  if (FILE* f = std::fopen(found.c_str(), "rb")) {
    char buffer[65536];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) text.append(buffer, n);
    std::fclose(f);
  }
  const std::string chunkname = "@" + found;
  if (luaL_loadbufferx(L, text.data(), text.size(), chunkname.c_str(), "t") != LUA_OK) return lua_error(L);
  engine.push_sandbox(L);
  lua_setupvalue(L, -2, 1);
  lua_pushstring(L, name.c_str());
  lua_call(L, 1, 1);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_pushboolean(L, 1);
  }
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, name.c_str());
  return 1;
}

}  // namespace

double Engine::Impl::now_ms() const {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
}

Step& Engine::Impl::add_step(Task& task, std::string title) {
  Step* parent = task.step != nullptr ? task.step : &report.root;
  auto step = std::make_unique<Step>();
  step->title = std::move(title);
  step->parent = parent;
  step->started_ms = now_ms();
  Step& ref = *step;
  parent->steps.push_back(std::move(step));
  live_steps.insert(&ref);
  if (options.progress) options.progress(redactor.apply(ref.title), false);
  return ref;
}

void Engine::Impl::close_step(Step& step) {
  step.duration_ms = now_ms() - step.started_ms;
  if (options.progress) options.progress(redactor.apply(step.title), true);
}

void Engine::Impl::log_line(std::string message) {
  // A long run (a watch logs every event) keeps memory flat: the first lines are kept, then one line counting
  // the rest. The live callback still sees every line.
  constexpr size_t kMaxLogLines = 2000;
  if (report.log.size() < kMaxLogLines) {
    report.log.push_back({now_ms(), message});
  } else {
    ++log_dropped;
    report.log.back() = {now_ms(), "(" + std::to_string(log_dropped + 1) + " more log lines not kept)"};
  }
  if (options.debug) options.debug(redactor.apply(message));
}

namespace {

// Whether a run holding `held` (its effective capabilities) passes `capability` on to a runbook it runs: the
// same name, a form of it ("fs:/etc/x" grants "fs", as for a binding call), or a pattern widening a module it
// holds ("fs" grants "fs:/var/lib/x"). A program is a capability of its own: "exec:nginx" needs "exec:nginx".
bool grants(const std::vector<std::string>& held, const std::string& capability,
            const std::unordered_map<std::string, int>& registered) {
  for (const auto& h : held) {
    if (h == capability) return true;
    if (h.size() > capability.size() && h.compare(0, capability.size(), capability) == 0 && h[capability.size()] == ':')
      return true;
  }
  const size_t colon = capability.find(':');
  if (colon == std::string::npos) return false;
  const std::string module = capability.substr(0, colon);
  if (!registered.contains(module)) return false;  // "exec" is not a capability: each program is
  for (const auto& h : held)
    if (h == module) return true;
  return false;
}

bool names_capability(const std::vector<std::string>& list, std::string_view capability) {
  for (const auto& c : list) {
    if (c == capability) return true;
    if (c.size() > capability.size() && c.compare(0, capability.size(), capability) == 0 && c[capability.size()] == ':')
      return true;
  }
  return false;
}

}  // namespace

RunbookContext& Engine::Impl::new_context(const RunbookFile& file, Step* step, RunbookContext* parent) {
  auto context = std::make_unique<RunbookContext>();
  context->file = &file;
  context->parent = parent;
  // A child run may use what it declares and every run above it holds: a parent that declares no "net" cannot
  // reach the network through a child. --deny applies through allowed_mask (and Call::has_capability).
  for (const auto& capability : file.capabilities) {
    if (parent == nullptr || grants(parent->declared, capability, capability_bits))
      context->declared.push_back(capability);
    else context->withheld.push_back(capability);
  }
  context->allowed_mask = allowed_mask(context->declared);
  context->step = step;
  context->depth = parent != nullptr ? parent->depth + 1 : 0;
  contexts.push_back(std::move(context));
  return *contexts.back();
}

std::string Engine::Impl::withheld_by(const RunbookContext& context, std::string_view capability) const {
  if (!names_capability(context.withheld, capability)) return {};
  // The nearest run above whose own declaration lacks it: that runbook's author adds it.
  for (const RunbookContext* above = context.parent; above != nullptr; above = above->parent) {
    bool declares = false;
    for (const auto& w : context.withheld)
      if ((w == capability || (w.size() > capability.size() && w.compare(0, capability.size(), capability) == 0 &&
                               w[capability.size()] == ':')) &&
          grants(above->file->capabilities, w, capability_bits))
        declares = true;
    if (!declares) return above->file->id;
  }
  return context.parent != nullptr ? context.parent->file->id : std::string();
}

std::string Engine::Impl::capability_missing(const RunbookContext& context, const std::string& capability) const {
  const std::string& id = context.file->id;
  const std::string parent = withheld_by(context, capability);
  if (parent.empty())
    return "capability '" + capability + "' is not declared by runbook " + id + " (add \"" + capability +
           "\" to its capabilities)";
  return "capability '" + capability + "' is declared by runbook " + id + " but not by " + parent +
         ", which runs it (a nested run may use only what the runs above it declare: add \"" + capability + "\" to " +
         parent + "'s capabilities)";
}

void Engine::Impl::register_internals(lua_State* S) {
  static const luaL_Reg internals[] = {{"is_task", l_is_task},
                                       {"begin_step", l_begin_step},
                                       {"end_step", l_end_step},
                                       {"set_status", l_set_status},
                                       {"evidence", l_evidence},
                                       {"finding", l_finding},
                                       {"log", l_log},
                                       {"parallel", l_parallel},
                                       {"enter_run", l_enter_run},
                                       {"leave_run", l_leave_run},
                                       {"require", l_require},
                                       {"fact", l_fact},
                                       {"attach", l_attach},
                                       {nullptr, nullptr}};
  luaL_newlib(S, internals);
  lua_pushlightuserdata(S, kPending);
  lua_setfield(S, -2, "pending");
}

OrderedJson Engine::Impl::register_secret_params(const RunbookFile& file, const OrderedJson& typed) {
  OrderedJson shown = typed;
  if (!file.meta.contains("params")) return shown;
  for (const auto& [name, spec] : file.meta["params"].items()) {
    if (!spec.is_object() || !spec.value("secret", false) || !typed.contains(name)) continue;
    const OrderedJson& value = typed[name];
    const auto text_of = [](const OrderedJson& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
    if (value.is_array()) {
      shown[name] = OrderedJson::array();
      for (const auto& item : value) {
        redactor.add(text_of(item));
        shown[name].push_back(fingerprint(text_of(item)));
      }
    } else if (!value.is_null() && !value.is_boolean()) {
      redactor.add(text_of(value));
      shown[name] = fingerprint(text_of(value));
    }
  }
  return shown;
}

Report Engine::Impl::run(const RunbookFile& file, const OrderedJson& params) {
  OrderedJson typed = typed_params(file, params, true);  // may throw UsageError: nothing has run yet

  report = Report{};
  memory_used -= report_bytes;  // the last run's report is gone
  report_bytes = 0;
  log_dropped = 0;
  report.runbook_id = file.id;
  report.runbook_version = file.version.str();
  report.runbook_title = file.meta.value("title", "");
  report.runbook_path = file.path;
  report.started_at = iso_now();
  report.host = host_name();
  report.actions_applied = options.actions.apply;
  // Secret params show as fingerprints everywhere, the report's own params included.
  report.params = register_secret_params(file, typed);

  // Limits count from here: metadata loading does not eat into the run's CPU or wall-clock budget.
  reset_abort();
  clear_stop();
  started = std::chrono::steady_clock::now();
  set_run_budget();

  RunbookContext& context = new_context(file, &report.root, nullptr);
  auto problem = protect([&](lua_State* S) {
    lua_rawgeti(S, LUA_REGISTRYINDEX, file.table_ref);
    lua_getfield(S, -1, "run");
    lua_remove(S, -2);
    push_ctx(S, *this, file, typed);
    push_json(S, typed);
    Task& task = spawn(S, 2, nullptr);
    task.runbook = &context;
    task.step = nullptr;
    top_task = task.id;
  });
  if (problem) {
    report.error = "cannot start runbook: " + *problem;
    return std::move(report);
  }

  boost::asio::steady_timer timeout(io);
  timeout.expires_at(deadline);
  timeout.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) abort("timeout: the run exceeded " + deadline_text);
  });
  // Ctrl-C while every coroutine waits on I/O: no Lua runs to see it in the hook, so the loop polls too.
  boost::asio::steady_timer interrupt_poll(io);
  std::function<void()> poll_interrupt = [&] {
    interrupt_poll.expires_after(std::chrono::milliseconds(50));
    interrupt_poll.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      if (take_interrupt()) {
        aborted_by_interrupt = true;
        abort("interrupted (Ctrl-C)");
      }
      if (!top_done && !aborted) poll_interrupt();
    });
  };
  poll_interrupt();
  post_resume(*task(top_task));
  io.restart();
  while (!top_done && io.run_one() > 0) {
  }
  if (!top_done) {
    // The loop ran dry with coroutines still parked: a binding lost its completion.
    abort("internal error: runbook suspended with no pending operation");
    while (!top_done && io.run_one() > 0) {
    }
  }
  timeout.cancel();
  interrupt_poll.cancel();
  report.interrupted = aborted_by_interrupt;
  if (aborted && !report.error) report.error = *aborted;
  report.duration_ms = now_ms();
  // Steps still open (a branch cut short) are closed as errors, so no report shows a step "running".
  std::function<void(Step&)> settle = [&](Step& step) {
    if (step.status == StepStatus::running) {
      step.status = StepStatus::error;
      step.message = aborted.value_or("did not finish");
      step.duration_ms = report.duration_ms - step.started_ms;
    }
    for (auto& child : step.steps) settle(*child);
  };
  for (auto& child : report.root.steps) settle(*child);
  return std::move(report);
}

}  // namespace clawbook
