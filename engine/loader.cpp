// Finding runbooks on the search path, loading their metadata in the sandbox, checking it, resolving
// `id@range`, and typing params.
#include "engine_impl.hpp"

#include "lua_value.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <optional>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include <unistd.h>

namespace clawbook {
namespace {

bool is_executable_file(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

// An "exec:..." declaration that can never match (exec.run takes a name or an absolute path), or nullopt. The
// same rule as exec.run's (bindings/exec/program.hpp), which the engine does not link.
std::optional<std::string> exec_declaration_problem(const std::string& capability) {
  if (capability.rfind("exec:", 0) != 0) return std::nullopt;
  const std::string target = capability.substr(5);
  if (target.front() != '/' && target.find('/') != std::string::npos)
    return "a program is declared by name (exec:nginx) or by absolute path (exec:/usr/sbin/nginx)";
  return std::nullopt;
}

// Whether a well-formed "exec:..." declaration names a program on this machine (exec.run would return
// not_found otherwise). A note, not a lint problem: a playbook for nginx is fine on a build machine without it.
std::optional<std::string> exec_program_absent(const std::string& capability) {
  if (capability.rfind("exec:", 0) != 0) return std::nullopt;
  const std::string target = capability.substr(5);
  if (target.front() == '/')
    return is_executable_file(target) ? std::nullopt : std::optional<std::string>("no executable file " + target);
  if (target.find('/') != std::string::npos) return std::nullopt;  // a lint problem already
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path != nullptr ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (!dir.empty() && dir.front() == '/' && is_executable_file(dir + "/" + target)) return std::nullopt;
  return "no program '" + target + "' on PATH";
}

namespace fs = std::filesystem;

constexpr size_t kMaxRunbookBytes = 4u << 20;
// Loading a runbook file runs only its top level, which builds a table: far below these.
constexpr double kLoadCpuSeconds = 1;
constexpr double kLoadWallSeconds = 10;

const std::set<std::string> kMetadataKeys = {"id",   "version",      "engine", "title",    "summary", "symptoms",
                                             "tags", "capabilities", "params", "findings", "run",     "description"};
const std::set<std::string> kParamTypes = {"string", "number", "integer", "boolean", "list"};

// Lua tables have no key order (and string hashing is seeded per process): object keys are sorted, so `show`,
// `docs` and reports list params the same way on every run.
OrderedJson sorted_objects(const OrderedJson& value) {
  if (value.is_array()) {
    OrderedJson out = OrderedJson::array();
    for (const auto& item : value) out.push_back(sorted_objects(item));
    return out;
  }
  if (!value.is_object()) return value;
  std::vector<std::string> keys;
  for (const auto& [key, item] : value.items()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  OrderedJson out = OrderedJson::object();
  for (const auto& key : keys) out[key] = sorted_objects(value[key]);
  return out;
}

// Line of the first `key =` in the source, so metadata problems point somewhere useful.
// The line where `key =` is first written, for problems about that key; 1 when not found. A plain scan, not a
// regex: keys come from the runbook and may contain any character.
int line_of(const std::string& source, const std::string& key) {
  const auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; };
  for (size_t at = source.find(key); !key.empty() && at != std::string::npos; at = source.find(key, at + 1)) {
    if (at > 0 && word_char(source[at - 1])) continue;
    size_t after = at + key.size();
    while (after < source.size() && std::isspace(static_cast<unsigned char>(source[after]))) ++after;
    if (after < source.size() && source[after] == '=' && (after + 1 >= source.size() || source[after + 1] != '='))
      return 1 + static_cast<int>(std::count(source.begin(), source.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
  }
  return 1;
}

std::optional<std::string> read_file(const std::string& path, std::string& error) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    error = "is a directory";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::string("cannot read: ") + std::strerror(errno);
    return std::nullopt;
  }
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxRunbookBytes) {
      error = "file is larger than 4 MiB";
      return std::nullopt;
    }
  }
  return text;
}

// "path:12: message" -> (12, "message")
std::pair<int, std::string> split_lua_error(const std::string& message, const std::string& path) {
  const std::string prefix = path + ":";
  if (message.rfind(prefix, 0) == 0) {
    size_t end = prefix.size();
    while (end < message.size() && std::isdigit(static_cast<unsigned char>(message[end]))) ++end;
    if (end > prefix.size() && end + 1 < message.size() && message[end] == ':') {
      return {std::stoi(message.substr(prefix.size(), end - prefix.size())), message.substr(end + 2)};
    }
  }
  return {1, message};
}

bool is_string_list(const OrderedJson& value) {
  return value.is_array() && std::all_of(value.begin(), value.end(), [](const auto& v) { return v.is_string(); });
}

}  // namespace

// A hand parser, not a regex: the id comes from the runbook, and std::regex recurses once per character.
bool valid_runbook_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  const auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  bool segment_start = true;
  for (const char c : id) {
    if (segment_start) {
      if (!lower_or_digit(c)) return false;
      segment_start = false;
    } else if (c == '.') {
      segment_start = true;
    } else if (!lower_or_digit(c) && c != '_' && c != '-') {
      return false;
    }
  }
  return !segment_start;
}

std::optional<RunbookFile> Engine::Impl::load_metadata(const std::string& path, std::vector<Problem>& problems) {
  std::string read_error;
  auto source = read_file(path, read_error);
  if (!source) {
    problems.push_back({path, 0, read_error});
    return std::nullopt;
  }
  if (!source->empty() && (*source)[0] == '\x1b') {
    problems.push_back({path, 1, "precompiled (bytecode) chunks are not accepted; runbooks are Lua source text"});
    return std::nullopt;
  }

  RunbookFile file;
  file.path = path;
  std::vector<Problem> fatal;
  std::vector<Problem>& lint = file.lint;
  auto add = [&](std::vector<Problem>& list, const std::string& key, std::string message) {
    list.push_back({path, key.empty() ? 1 : line_of(*source, key), std::move(message)});
  };

  Task* saved = current;
  current = nullptr;  // no bindings while a file loads
  // Each file loads under a budget of its own: a file with a busy top level is named and skipped, and the files
  // after it still load. A file loaded during a run (ctx:run) still counts against the run's CPU: its budget
  // is put back afterwards, start time included.
  struct SavedBudget {
    explicit SavedBudget(Engine::Impl& engine)
        : impl(engine),
          deadline(engine.deadline),
          cpu_at_start(engine.cpu_at_start),
          cpu_limit(engine.cpu_limit),
          cpu_text(engine.cpu_limit_text),
          deadline_text(engine.deadline_text) {}
    SavedBudget(const SavedBudget&) = delete;
    SavedBudget& operator=(const SavedBudget&) = delete;
    Engine::Impl& impl;
    std::chrono::steady_clock::time_point deadline;
    double cpu_at_start, cpu_limit;
    std::string cpu_text, deadline_text;
    ~SavedBudget() {
      impl.deadline = deadline;
      impl.cpu_at_start = cpu_at_start;
      impl.cpu_limit = cpu_limit;
      impl.cpu_limit_text = std::move(cpu_text);
      impl.deadline_text = std::move(deadline_text);
    }
  } saved_budget(*this);
  const double load_cpu = std::min(options.limits.max_cpu_seconds, kLoadCpuSeconds);
  set_budget(load_cpu, "load budget: " + seconds_text(load_cpu) + " of CPU per runbook file", kLoadWallSeconds,
             "the load budget of " + seconds_text(kLoadWallSeconds) + " per runbook file");
  auto failure = protect([&](lua_State* S) {
    const std::string chunkname = "@" + path;
    if (luaL_loadbufferx(S, source->data(), source->size(), chunkname.c_str(), "t") != LUA_OK) lua_error(S);
    push_sandbox(S);
    lua_setupvalue(S, -2, 1);
    lua_call(S, 0, 1);
    if (!lua_istable(S, -1)) {
      add(fatal, "", std::string("a runbook file must return a table (got ") + luaL_typename(S, -1) + ")");
      return;
    }
    const int table = lua_gettop(S);
    // Unknown keys are usually typos ("capabilites") that would silently change behaviour.
    lua_pushnil(S);
    while (lua_next(S, table) != 0) {
      if (lua_type(S, -2) != LUA_TSTRING) {
        add(lint, "", "metadata keys must be strings");
      } else if (!kMetadataKeys.contains(lua_tostring(S, -2))) {
        const std::string key = lua_tostring(S, -2);
        add(lint, key, "unknown metadata field '" + key + "'");
      }
      lua_pop(S, 1);
    }
    lua_getfield(S, table, "run");
    if (!lua_isfunction(S, -1))
      add(fatal, "run", std::string("'run' must be a function (got ") + luaL_typename(S, -1) + ")");
    lua_pop(S, 1);
    for (const char* key : {"id", "version", "engine", "title", "summary", "description", "symptoms", "tags",
                            "capabilities", "params", "findings"}) {
      lua_getfield(S, table, key);
      if (!lua_isnil(S, -1)) file.meta[key] = sorted_objects(to_json_value<OrderedJson>(S, -1, Conversion::lenient));
      // An empty Lua table converts to an empty object; for list fields it is an empty list.
      if (file.meta.contains(key) && file.meta[key].is_object() && file.meta[key].empty() &&
          std::string_view(key) != "params")
        file.meta[key] = OrderedJson::array();
      lua_pop(S, 1);
    }
    lua_pushvalue(S, table);
    file.table_ref = luaL_ref(S, LUA_REGISTRYINDEX);
  });
  current = saved;
  if (failure) {
    auto [line, message] = split_lua_error(*failure, path);
    if (aborted) message = *aborted + " while loading";
    problems.push_back({path, line, message});
    reset_abort();
    return std::nullopt;
  }
  if (!fatal.empty()) {
    problems.insert(problems.end(), fatal.begin(), fatal.end());
    return std::nullopt;
  }

  const OrderedJson& meta = file.meta;
  auto string_field = [&](const char* key, bool required, std::vector<Problem>& list) -> std::string {
    if (!meta.contains(key)) {
      if (required) add(list, key, std::string("missing required field '") + key + "'");
      return {};
    }
    if (!meta[key].is_string()) {
      add(list, key, std::string("'") + key + "' must be a string");
      return {};
    }
    return meta[key].get<std::string>();
  };

  file.id = string_field("id", true, fatal);
  if (!file.id.empty() && !valid_runbook_id(file.id)) {
    const std::string shown = file.id.size() > 80 ? file.id.substr(0, 80) + "..." : file.id;
    add(fatal, "id",
        "id '" + shown + "' must be lowercase dotted words of at most " + std::to_string(kMaxIdLength) +
            " characters (for example \"openclaw.gateway.start\")");
  }
  const std::string version = string_field("version", true, fatal);
  if (!version.empty()) {
    if (auto v = semver::Version::parse(version)) file.version = *v;
    else add(fatal, "version", "version '" + version + "' is not a semantic version (MAJOR.MINOR.PATCH)");
  }
  file.engine_range = string_field("engine", true, fatal);
  if (!file.engine_range.empty() && !semver::Range::parse(file.engine_range))
    add(fatal, "engine", "engine '" + file.engine_range + "' is not a version range (for example \"^1\")");
  if (string_field("title", true, lint).empty() && meta.contains("title") && meta["title"].is_string())
    add(lint, "title", "title is empty");
  string_field("summary", true, lint);
  for (const char* key : {"symptoms", "tags", "findings"}) {
    if (meta.contains(key) && !is_string_list(meta[key]))
      add(lint, key, std::string("'") + key + "' must be a list of strings");
  }
  if (meta.contains("capabilities")) {
    if (!is_string_list(meta["capabilities"])) {
      add(fatal, "capabilities", "'capabilities' must be a list of strings");
    } else {
      for (const auto& c : meta["capabilities"]) {
        const std::string capability = c.get<std::string>();
        if (!is_known_capability(capability))
          add(lint, "capabilities", "unknown capability '" + capability + "' (known: " + known_capabilities() + ")");
        else if (auto problem = exec_declaration_problem(capability))
          add(lint, "capabilities", "capability '" + capability + "': " + *problem);
        else if (auto absent = options.note_absent_programs ? exec_program_absent(capability) : std::nullopt) {
          const std::string note = path + ": declares " + capability + ", but this machine has " + *absent +
                                   " (exec.run will return not_found)";
          if (noted.insert(note).second) pending_notes.push_back(note);
        }
        file.capabilities.push_back(capability);
      }
    }
  }
  if (meta.contains("params")) {
    if (!meta["params"].is_object()) {
      add(fatal, "params", "'params' must be a table of name = { type=..., description=... }");
    } else {
      for (const auto& [name, spec] : meta["params"].items()) {
        if (!spec.is_object()) {
          add(fatal, name, "param '" + name + "' must be a table");
          continue;
        }
        const std::string type = spec.value("type", "string");
        if (!kParamTypes.contains(type))
          add(fatal, name,
              "param '" + name + "' has unknown type '" + type + "' (string, number, integer, boolean, list)");
        if (!spec.contains("description") || !spec["description"].is_string() ||
            spec["description"].get<std::string>().empty())
          add(lint, name, "param '" + name + "' has no description");
        if (spec.contains("default")) {
          const auto& d = spec["default"];
          const bool ok = (type == "string" && d.is_string()) || (type == "number" && d.is_number()) ||
                          (type == "integer" && d.is_number_integer()) || (type == "boolean" && d.is_boolean()) ||
                          (type == "list" && is_string_list(d));
          if (!ok) add(fatal, name, "param '" + name + "' has a default that is not a " + type);
        }
        if (spec.contains("env") && !spec["env"].is_string())
          add(fatal, name, "param '" + name + "': 'env' must be a string");
        if (spec.contains("secret") && !spec["secret"].is_boolean())
          add(fatal, name, "param '" + name + "': 'secret' must be a boolean");
      }
    }
  }
  if (!fatal.empty()) {
    problems.insert(problems.end(), fatal.begin(), fatal.end());
    luaL_unref(L, LUA_REGISTRYINDEX, file.table_ref);
    return std::nullopt;
  }
  return file;
}

namespace {

// Whether the text of `path` sets `id = "ID"` (or 'ID'): a runbook that failed to load still names its id.
bool declares_id(const std::string& path, const std::string& id) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const std::string source = text.str();
  for (const char quote : {'"', '\''}) {
    const std::string literal = quote + id + quote;
    for (size_t at = source.find(literal); at != std::string::npos; at = source.find(literal, at + 1)) {
      size_t before = at;
      while (before > 0 && (source[before - 1] == ' ' || source[before - 1] == '\t')) --before;
      if (before == 0 || source[before - 1] != '=') continue;
      --before;
      while (before > 0 && (source[before - 1] == ' ' || source[before - 1] == '\t')) --before;
      if (before >= 2 && source.compare(before - 2, 2, "id") == 0 &&
          (before == 2 || !(std::isalnum(static_cast<unsigned char>(source[before - 3])) || source[before - 3] == '_')))
        return true;
    }
  }
  return false;
}

}  // namespace

bool is_runbook_directory(std::string_view name) {
  return !(name == "lib" || name == "tests" || name == "types" || name == "knowledge" || name.starts_with("."));
}

std::vector<std::string> runbook_files_in(const std::string& dir) {
  std::vector<std::string> found;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (it->is_directory(ec)) {
      if (!is_runbook_directory(name)) it.disable_recursion_pending();
      continue;
    }
    if (it->path().extension() == ".lua" && !name.starts_with("_")) found.push_back(it->path().string());
  }
  std::sort(found.begin(), found.end());
  return found;
}

const std::vector<std::string>& Engine::Impl::runbook_paths() {
  if (paths) return *paths;
  paths.emplace();
  std::set<std::string> listed;  // a directory named twice (or through a link) is searched once
  for (size_t root = 0; root < options.search_path.size(); ++root) {
    const std::string& dir = options.search_path[root];
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    if (!listed.insert(fs::weakly_canonical(dir, ec).string()).second) continue;
    const auto found = runbook_files_in(dir);
    for (const auto& path : found) path_roots.emplace(path, root);
    paths->insert(paths->end(), found.begin(), found.end());
  }
  return *paths;
}

void Engine::Impl::load_path(const std::string& path) {
  if (!loaded_paths.insert(path).second) return;
  if (auto file = load_metadata(path, scan_problems)) {
    if (auto root = path_roots.find(path); root != path_roots.end()) file->root = root->second;
    files.push_back(std::move(*file));
  }
}

const RunbookFile* Engine::Impl::shadow_winner(std::vector<RunbookFile*> same) {
  std::stable_sort(same.begin(), same.end(),
                   [](const RunbookFile* a, const RunbookFile* b) { return a->root < b->root; });
  RunbookFile* winner = same.front();
  if (same.size() > 1 && same[1]->root == winner->root)
    throw LoadError("runbook " + winner->id + "@" + winner->version.str() +
                    " is defined twice in one directory: " + winner->path + " and " + same[1]->path);
  winner->shadows.clear();
  for (size_t i = 1; i < same.size(); ++i) {
    winner->shadows.push_back(same[i]->path);
    const std::string note = winner->path + " shadows " + same[i]->path + " (" + winner->id + "@" +
                             winner->version.str() + ")";
    if (noted.insert(note).second) pending_notes.push_back(note);
  }
  return winner;
}

void Engine::Impl::scan() {
  if (scanned) return;
  scanned = true;
  for (const auto& path : runbook_paths()) load_path(path);
}

// Compiling every runbook to find one id costs more than the run itself once there are dozens, so only the
// files whose text names the id as a string literal are loaded; the full scan is the fallback (an id built at
// run time, or an unknown id, whose error lists near misses and problems).
void Engine::Impl::load_candidates(const std::string& id) {
  if (scanned) return;
  const std::string quoted_double = "\"" + id + "\"", quoted_single = "'" + id + "'";
  for (const auto& path : runbook_paths()) {
    if (loaded_paths.count(path)) continue;
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string source = text.str();
    if (source.find(quoted_double) != std::string::npos || source.find(quoted_single) != std::string::npos)
      load_path(path);
  }
}

const RunbookFile& Engine::Impl::resolve(const std::string& spec) {
  if (spec.ends_with(".lua") || spec.find('/') != std::string::npos) {
    std::vector<Problem> problems;
    auto file = load_metadata(spec, problems);
    if (!file) {
      std::string message;
      for (const auto& p : problems) message += (message.empty() ? "" : "\n") + p.str();
      throw LoadError(message);
    }
    direct_files.push_back(std::make_unique<RunbookFile>(std::move(*file)));
    const RunbookFile& loaded = *direct_files.back();
    if (auto range = semver::Range::parse(loaded.engine_range);
        range && !range->satisfied_by(*semver::Version::parse(CLAWBOOK_ENGINE_API_VERSION)))
      throw LoadError(loaded.path + ": runbook " + loaded.id + " needs engine " + loaded.engine_range +
                      ", this engine provides API " CLAWBOOK_ENGINE_API_VERSION);
    return loaded;
  }
  const auto at = spec.find('@');
  const std::string id = spec.substr(0, at);
  load_candidates(id);
  if (std::none_of(files.begin(), files.end(), [&](const RunbookFile& f) { return f.id == id; })) scan();
  std::optional<semver::Range> range;
  if (at != std::string::npos) {
    range = semver::Range::parse(spec.substr(at + 1));
    if (!range)
      throw UsageError("'" + spec.substr(at + 1) + "' is not a version or range (try ID@1.2.0, ID@^1, ID@~1.2)");
  }
  std::map<std::string, std::vector<RunbookFile*>> by_version;
  for (auto& f : files)
    if (f.id == id) by_version[f.version.str()].push_back(&f);
  std::vector<const RunbookFile*> candidates;
  for (auto& [version, same] : by_version) candidates.push_back(shadow_winner(same));
  if (candidates.empty()) {
    // A file that declares this id but failed to load (a syntax error, bad metadata) is a broken runbook,
    // exit 2 as when it is named by path, not an unknown id.
    std::string broken;
    for (const auto& p : scan_problems)
      if (declares_id(p.path, id)) broken += "\n" + p.str();
    if (!broken.empty()) throw LoadError("runbook '" + id + "' failed to load:" + broken);
    std::string message = "unknown runbook '" + id + "'";
    std::vector<std::string> close;
    for (const auto& f : files)
      if (f.id.find(id) != std::string::npos || id.find(f.id) != std::string::npos) close.push_back(f.id);
    if (!close.empty()) message += " (did you mean " + close.front() + "?)";
    std::string where;
    for (const auto& dir : options.search_path) where += (where.empty() ? "" : ":") + dir;
    message += "; searched " + (where.empty() ? std::string("no directories") : where) + "; see `clawbook list`";
    for (const auto& p : scan_problems) message += "\n  note: " + p.str();
    throw UsageError(message);
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const RunbookFile* a, const RunbookFile* b) { return b->version < a->version; });
  const auto engine_version = *semver::Version::parse(CLAWBOOK_ENGINE_API_VERSION);
  std::string incompatible;
  for (const RunbookFile* f : candidates) {
    if (range && !range->satisfied_by(f->version)) continue;
    auto needs = semver::Range::parse(f->engine_range);
    if (needs && needs->satisfied_by(engine_version)) return *f;
    incompatible += "\n  " + f->path + ": " + f->id + "@" + f->version.str() + " needs engine " + f->engine_range;
  }
  if (!incompatible.empty())
    throw LoadError("no version of " + id + (range ? " matching " + range->text() : std::string()) +
                    " runs on this engine (API " CLAWBOOK_ENGINE_API_VERSION "):" + incompatible);
  std::string versions;
  for (const RunbookFile* f : candidates) versions += (versions.empty() ? "" : ", ") + f->version.str();
  throw UsageError("no version of " + id + " matches " + range->text() + " (available: " + versions + ")");
}

OrderedJson Engine::Impl::typed_params(const RunbookFile& file, const OrderedJson& given, bool from_strings) {
  const OrderedJson specs = file.meta.contains("params") ? file.meta["params"] : OrderedJson::object();
  for (const auto& [name, value] : given.items()) {
    if (!specs.contains(name)) {
      std::string known;
      for (const auto& [k, v] : specs.items()) known += (known.empty() ? "" : ", ") + k;
      throw UsageError("unknown param '" + name + "' for runbook " + file.id +
                       (known.empty() ? " (it takes no params)" : " (known: " + known + ")"));
    }
  }
  OrderedJson typed = OrderedJson::object();
  for (const auto& [name, spec] : specs.items()) {
    const std::string type = spec.value("type", "string");
    OrderedJson value;
    bool as_string = from_strings;
    if (given.contains(name)) {
      value = given[name];
    } else if (spec.contains("env") && std::getenv(spec["env"].get<std::string>().c_str()) != nullptr) {
      value = std::getenv(spec["env"].get<std::string>().c_str());
      as_string = true;
    } else if (spec.contains("default")) {
      typed[name] = spec["default"];
      continue;
    } else {
      if (spec.value("required", false))
        throw UsageError("runbook " + file.id + " needs param '" + name + "' (--param " + name + "=...)");
      continue;
    }
    auto bad = [&, &param = name](const std::string& why) {  // clang 14 cannot capture a structured binding
      return UsageError("param '" + param + "' of runbook " + file.id + ": " + why);
    };
    if (as_string && value.is_string()) {
      const std::string text = value.get<std::string>();
      // An error message never repeats a secret param's value.
      const std::string quoted = spec.value("secret", false) ? "the (secret) value" : "'" + text + "'";
      if (type == "string") {
        typed[name] = text;
      } else if (type == "number" || type == "integer") {
        char* end = nullptr;
        errno = 0;
        if (type == "integer") {
          long long n = std::strtoll(text.c_str(), &end, 10);
          if (text.empty() || *end != '\0' || errno != 0) throw bad(quoted + " is not an integer");
          typed[name] = n;
        } else {
          double d = std::strtod(text.c_str(), &end);
          if (text.empty() || *end != '\0' || errno != 0) throw bad(quoted + " is not a number");
          typed[name] = d;
        }
      } else if (type == "boolean") {
        if (text == "true" || text == "yes" || text == "1" || text == "on") typed[name] = true;
        else if (text == "false" || text == "no" || text == "0" || text == "off") typed[name] = false;
        else throw bad(quoted + " is not a boolean (true/false)");
      } else if (type == "list") {
        OrderedJson list = OrderedJson::array();
        std::stringstream stream(text);
        std::string item;
        while (std::getline(stream, item, ','))
          if (!item.empty()) list.push_back(item);
        typed[name] = list;
      }
      continue;
    }
    const bool ok = (type == "string" && value.is_string()) || (type == "number" && value.is_number()) ||
                    (type == "integer" && value.is_number_integer()) || (type == "boolean" && value.is_boolean()) ||
                    (type == "list" && is_string_list(value));
    if (!ok) throw bad("expected a " + type + ", got " + std::string(value.type_name()));
    typed[name] = value;
  }
  return typed;
}

}  // namespace clawbook
