// The `clawbook` command line: list, show, run, lint, suggest, and subcommands registered by other
// components (clawbook lab). Exit codes: 0 ok, 1 findings at or above --fail-on (lint: problems found),
// 2 runbook error, 64 usage error, 130 interrupted.
#include "cli.hpp"

#include "atomic_file.hpp"
#include "bundle.hpp"
#include "clawbook/binding.hpp"
#include "clawbook/command.hpp"
#include "engine.hpp"
#include "recording_file.hpp"
#include "reference_docs.hpp"
#include "report_merge.hpp"
#include "scaffold.hpp"
#include "state_dir.hpp"
#include "test_runner.hpp"
#include "render.hpp"
#include "suggest.hpp"

#include <CLI/CLI.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace clawbook {
namespace {

namespace fs = std::filesystem;

bool is_tty(FILE* stream) { return isatty(fileno(stream)) != 0; }
bool color_allowed(FILE* stream) { return is_tty(stream) && std::getenv("NO_COLOR") == nullptr; }

// Shipped runbooks: installed beside the binary (../share/clawbook/runbooks), else the source tree's.
std::string shipped_runbooks() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / CLAWBOOK_INSTALL_DATADIR / "runbooks";
    if (fs::is_directory(installed, ec)) return installed.string();
  }
  if (fs::is_directory(CLAWBOOK_SOURCE_RUNBOOKS, ec)) return CLAWBOOK_SOURCE_RUNBOOKS;
  return {};
}

std::vector<std::string> search_path(const std::vector<std::string>& extra) {
  std::vector<std::string> path;
  if (auto shipped = shipped_runbooks(); !shipped.empty()) path.push_back(shipped);
  if (const char* env = std::getenv("CLAWBOOK_PATH")) {
    std::string list = env;
    size_t start = 0;
    while (start <= list.size()) {
      size_t colon = list.find(':', start);
      std::string dir = list.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
      if (!dir.empty()) path.push_back(dir);
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
  }
  path.insert(path.end(), extra.begin(), extra.end());
  return path;
}

std::optional<size_t> parse_size(std::string text) {
  if (text.empty()) return std::nullopt;
  size_t multiplier = 1;
  for (const auto& [suffix, factor] : std::vector<std::pair<std::string, size_t>>{
           {"KiB", 1u << 10}, {"MiB", 1u << 20}, {"GiB", 1u << 30}, {"KB", 1u << 10}, {"MB", 1u << 20},
           {"GB", 1u << 30}, {"K", 1u << 10}, {"M", 1u << 20}, {"G", 1u << 30}, {"k", 1u << 10}, {"m", 1u << 20},
           {"g", 1u << 30}, {"B", 1}}) {
    if (text.size() > suffix.size() && text.ends_with(suffix)) {
      multiplier = factor;
      text.resize(text.size() - suffix.size());
      break;
    }
  }
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (*end != '\0' || !(value > 0)) return std::nullopt;
  return static_cast<size_t>(value * static_cast<double>(multiplier));
}

std::atomic<int> g_signals{0};

extern "C" void on_signal(int) {
  if (g_signals.fetch_add(1) >= 1) _exit(kExitInterrupted);  // a second Ctrl-C leaves at once
  Engine::request_interrupt();
}

// Last resort for a Lua library call that never returns (no hook runs inside C code): once the run is
// well past its deadline, leave rather than hang the incident.
class Watchdog {
 public:
  explicit Watchdog(double seconds)
      : deadline_(std::chrono::steady_clock::now() +
                  std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds + 5))) {
    thread_ = std::thread([this] {
      std::unique_lock lock(mutex_);
      while (!done_) {
        if (cv_.wait_until(lock, deadline_) == std::cv_status::timeout && !done_ &&
            std::chrono::steady_clock::now() >= deadline_) {
          static const char message[] = "clawbook: the run is stuck past its deadline inside a Lua library call; aborting\n";
          ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
          (void)ignored;
          _exit(kExitRunbookError);
        }
      }
    });
  }
  ~Watchdog() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  // Time spent waiting for a person (an action's prompt) does not count.
  void extend(std::chrono::steady_clock::duration by) {
    std::lock_guard lock(mutex_);
    deadline_ += by;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  std::chrono::steady_clock::time_point deadline_;
  std::thread thread_;
};

// Asks on the controlling terminal (not stdin/stdout, which may be a pipe or the report file); nullopt when
// there is none.
// $CLAWBOOK_TTY names another terminal (tests drive the prompt through a pseudo-terminal).
std::optional<std::string> ask_on_terminal(std::string_view prompt) {
  const char* device = std::getenv("CLAWBOOK_TTY");
  FILE* tty = std::fopen(device != nullptr && *device != '\0' ? device : "/dev/tty", "r+");
  if (tty == nullptr) return std::nullopt;
  std::fprintf(tty, "%.*s", static_cast<int>(prompt.size()), prompt.data());
  std::fflush(tty);
  char line[512];
  std::optional<std::string> answer;
  if (std::fgets(line, sizeof line, tty) != nullptr) {
    answer = line;
    while (!answer->empty() && (answer->back() == '\n' || answer->back() == '\r')) answer->pop_back();
  }
  std::fclose(tty);
  return answer;
}

// Live progress on stderr: the step running now, rewritten in place.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  void update(const Step& step, bool done) {
    if (!enabled_) return;
    if (done) {
      std::fputs("\r\x1b[2K", stderr);
    } else {
      std::string title = step.title.size() > 70 ? step.title.substr(0, 70) + "…" : step.title;
      std::fprintf(stderr, "\r\x1b[2K\x1b[2m⋯ %s\x1b[0m", title.c_str());
    }
    std::fflush(stderr);
  }
  void clear() {
    if (enabled_) std::fputs("\r\x1b[2K", stderr);
  }

 private:
  bool enabled_;
};

struct RunOptions {
  std::string spec;
  std::vector<std::string> params;
  std::string format = "human";
  std::string output;
  std::string fail_on = "medium";
  double timeout = 120;
  std::string max_memory = "64M";
  double max_cpu = 10;
  std::vector<std::string> deny;
  bool verbose = false;
  std::vector<std::string> runbook_path;
  std::string record;
  std::string replay;
  bool apply = false;
  bool yes = false;
  bool allow_destructive = false;
  std::string audit_log;
  std::string backup_dir;
};

int error_exit(int code, const std::string& message) {
  std::cerr << "clawbook: " << message << "\n";
  return code;
}

// No report could be made (bad id, bad param, unreadable runbook). A metrics file still gets the error, so a
// monitoring system does not keep showing the last good verdict.
int failed_before_report(const RunOptions& o, Format format, int code, const std::string& message, Progress& progress) {
  progress.clear();
  if (format == Format::prometheus && !o.output.empty())
    write_file_or_report(o.output, render_prometheus_failure(o.spec, code));
  return error_exit(code, message);
}

int command_run(const RunOptions& o) {
  auto format = parse_format(o.format);
  if (!format) return error_exit(kExitUsage, "unknown --format '" + o.format + "' (human, json, junit, markdown, tap, prometheus)");
  auto fail_on = parse_severity(o.fail_on);
  if (!fail_on) return error_exit(kExitUsage, "unknown --fail-on '" + o.fail_on + "' (info, low, medium, high, critical)");
  auto memory = parse_size(o.max_memory);
  if (!memory) return error_exit(kExitUsage, "--max-memory wants a size such as 64M or 1G, not '" + o.max_memory + "'");
  if (!(o.timeout > 0) || !(o.max_cpu > 0)) return error_exit(kExitUsage, "--timeout and --max-cpu want positive seconds");
  for (const auto& cap : o.deny)
    if (!is_known_capability(cap) && cap != "exec") return error_exit(kExitUsage, "--deny: unknown capability '" + cap + "'");
  if ((o.yes || o.allow_destructive) && !o.apply)
    return error_exit(kExitUsage, std::string(o.yes ? "--yes" : "--allow-destructive") + " only means something with --apply");
  std::map<std::string, std::string> params;
  for (const auto& p : o.params) {
    const auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0) return error_exit(kExitUsage, "--param wants NAME=VALUE, not '" + p + "'");
    params[p.substr(0, eq)] = p.substr(eq + 1);
  }

  Progress progress(is_tty(stderr) && std::getenv("NO_COLOR") == nullptr && std::getenv("CI") == nullptr);
  EngineOptions options;
  options.limits = Limits{*memory, o.max_cpu, o.timeout};
  options.search_path = search_path(o.runbook_path);
  options.denied_capabilities = o.deny;
  if (o.verbose) {
    options.debug = [&progress](std::string_view line) {
      progress.clear();
      std::cerr << "  · " << line << "\n";
    };
  }
  options.progress = [&progress](const Step& step, bool done) { progress.update(step, done); };
  Watchdog* watchdog_now = nullptr;  // set while the run is going
  options.actions.apply = o.apply;
  options.actions.assume_yes = o.yes;
  options.actions.allow_destructive = o.allow_destructive;
  const char* audit_env = std::getenv("CLAWBOOK_AUDIT_LOG");
  options.actions.audit_log = !o.audit_log.empty() ? o.audit_log : audit_env ? audit_env : state_dir() + "/audit.jsonl";
  const char* backup_env = std::getenv("CLAWBOOK_BACKUP_DIR");
  options.actions.backup_dir = !o.backup_dir.empty() ? o.backup_dir : backup_env ? backup_env : state_dir() + "/backups";
  options.actions.ask = [&progress, &watchdog_now](std::string_view prompt) {
    progress.clear();
    const auto asked = std::chrono::steady_clock::now();
    auto answer = ask_on_terminal(prompt);
    if (watchdog_now != nullptr) watchdog_now->extend(std::chrono::steady_clock::now() - asked);
    return answer;
  };

  // A report or recording that could not be written is known before anything runs (or changes).
  for (const std::string* target : {&o.output, &o.record}) {
    if (target->empty()) continue;
    try {
      check_output_target(*target);
    } catch (const std::exception& e) {
      return error_exit(kExitUsage, e.what());
    }
  }

  try {
    Engine engine(options);
    const RunbookFile& runbook = engine.resolve(o.spec);
    std::shared_ptr<RecordingFile> recording;
    if (!o.record.empty() && !o.replay.empty()) return error_exit(kExitUsage, "--record and --replay exclude each other");
    if (!o.replay.empty()) recording = RecordingFile::open_replay(o.replay, runbook);  // throws LoadError
    if (!o.record.empty()) recording = RecordingFile::start_recording(runbook);
    if (recording) engine.set_recording(recording);

    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);

    Report report;
    {
      Watchdog watchdog(o.timeout);
      watchdog_now = &watchdog;
      report = engine.run(runbook, params);
      watchdog_now = nullptr;
    }
    progress.clear();
    OrderedJson json = to_json(report);
    if (recording) recording->finish(json);
    engine.redactor().apply_in_place(json);
    const int code = exit_code_for(json, *fail_on);
    if (recording && recording->recording()) write_atomically(o.record, recording->serialize(engine.redactor()));
    RenderOptions render_options{o.output.empty() && color_allowed(stdout), *fail_on, code};
    const std::string text = render(*format, json, render_options);
    if (o.output.empty()) {
      std::fwrite(text.data(), 1, text.size(), stdout);
      std::fflush(stdout);
    } else {
      write_atomically(o.output, text);
    }
    return code;
  } catch (const UsageError& e) {
    return failed_before_report(o, *format, kExitUsage, e.what(), progress);
  } catch (const LoadError& e) {
    return failed_before_report(o, *format, kExitRunbookError, e.what(), progress);
  } catch (const std::exception& e) {
    return failed_before_report(o, *format, kExitRunbookError, e.what(), progress);
  }
}

int command_list(const std::vector<std::string>& runbook_path, const std::string& format) {
  EngineOptions options;
  options.search_path = search_path(runbook_path);
  Engine engine(options);
  const auto& runbooks = engine.runbooks();
  for (const auto& p : engine.problems()) std::cerr << "clawbook: warning: " << p.str() << "\n";
  if (format == "json") {
    OrderedJson out = OrderedJson::array();
    for (const auto& rb : runbooks)
      out.push_back({{"id", rb.id}, {"version", rb.version.str()}, {"title", rb.meta.value("title", "")}, {"path", rb.path}});
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  if (format == "ids") {  // for shell completion: one id per line
    std::set<std::string> ids;
    for (const auto& rb : runbooks) ids.insert(rb.id);
    for (const auto& id : ids) std::cout << id << "\n";
    return kExitOk;
  }
  if (format != "human") return error_exit(kExitUsage, "unknown --format '" + format + "' (human, json, ids)");
  size_t width = 2;
  for (const auto& rb : runbooks) width = std::max(width, rb.id.size());
  for (const auto& rb : runbooks) {
    std::printf("%-*s  %-8s  %s\n", static_cast<int>(width), rb.id.c_str(), rb.version.str().c_str(),
                rb.meta.value("title", "").c_str());
  }
  if (runbooks.empty()) std::cerr << "clawbook: no runbooks found on the search path\n";
  return kExitOk;
}

int command_show(const std::string& spec, const std::vector<std::string>& runbook_path, const std::string& format) {
  EngineOptions options;
  options.search_path = search_path(runbook_path);
  Engine engine(options);
  try {
    const RunbookFile& rb = engine.resolve(spec);
    OrderedJson meta = rb.meta;
    meta["path"] = rb.path;
    if (format == "json") {
      std::cout << meta.dump(2) << "\n";
      return kExitOk;
    }
    if (format == "params") {  // for shell completion: one param name per line
      if (meta.contains("params") && meta["params"].is_object())
        for (const auto& [name, param] : meta["params"].items()) std::cout << name << "\n";
      return kExitOk;
    }
    if (format != "human") return error_exit(kExitUsage, "unknown --format '" + format + "' (human, json, params)");
    std::cout << rb.id << " " << rb.version.str() << " · " << meta.value("title", "") << "\n";
    if (meta.contains("summary")) std::cout << "\n" << meta["summary"].get<std::string>() << "\n";
    auto list = [&](const char* key, const char* label) {
      if (!meta.contains(key) || !meta[key].is_array() || meta[key].empty()) return;
      std::cout << "\n" << label << ":\n";
      for (const auto& item : meta[key]) std::cout << "  - " << (item.is_string() ? item.get<std::string>() : item.dump()) << "\n";
    };
    list("symptoms", "Symptoms");
    list("capabilities", "Capabilities");
    list("findings", "Findings it can raise");
    list("tags", "Tags");
    if (meta.contains("params") && meta["params"].is_object() && !meta["params"].empty()) {
      std::cout << "\nParams:\n";
      for (const auto& [name, p] : meta["params"].items()) {
        std::cout << "  " << name << " (" << p.value("type", "string") << ")";
        if (p.contains("default")) std::cout << " default " << p["default"].dump();
        if (p.contains("env")) std::cout << " env $" << p["env"].get<std::string>();
        if (p.value("secret", false)) std::cout << " secret";
        if (p.value("required", false)) std::cout << " required";
        std::cout << "\n      " << p.value("description", "") << "\n";
      }
    }
    std::cout << "\nEngine: " << rb.engine_range << "\nFile: " << rb.path << "\nRun: clawbook run " << rb.id << "\n";
    return kExitOk;
  } catch (const UsageError& e) {
    return error_exit(kExitUsage, e.what());
  } catch (const LoadError& e) {
    return error_exit(kExitRunbookError, e.what());
  }
}

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

int command_lint(const std::vector<std::string>& paths, const std::vector<std::string>& runbook_path) {
  EngineOptions options;
  for (const auto& path : paths) {
    if (auto root = library_root(path)) options.search_path.push_back(*root);
  }
  for (const auto& dir : search_path(runbook_path)) options.search_path.push_back(dir);
  Engine engine(options);
  std::vector<std::string> files;
  std::vector<Problem> problems;
  for (const auto& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      fs::recursive_directory_iterator it(path, ec), end;
      for (; !ec && it != end; it.increment(ec)) {
        const auto name = it->path().filename().string();
        if (it->is_directory(ec)) {
          if (name == "lib" || name == "tests" || name == "types" || name.starts_with(".")) it.disable_recursion_pending();
          continue;
        }
        if (it->path().extension() == ".lua") found.push_back(it->path().string());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(path);
    }
  }
  std::map<std::string, std::string> seen;  // id@version -> path
  for (const auto& file : files) {
    const RunbookFile* rb = engine.load_file(file, problems);
    if (rb == nullptr) continue;
    problems.insert(problems.end(), rb->lint.begin(), rb->lint.end());
    const std::string key = rb->id + "@" + rb->version.str();
    if (auto [it, inserted] = seen.emplace(key, file); !inserted)
      problems.push_back({file, 1, key + " is also defined in " + it->second});
  }
  for (const auto& p : problems) std::cout << p.str() << "\n";
  std::cerr << files.size() << " file" << (files.size() == 1 ? "" : "s") << " checked, " << problems.size()
            << " problem" << (problems.size() == 1 ? "" : "s") << "\n";
  return problems.empty() ? kExitOk : kExitFindings;
}

int command_suggest(const std::string& text, const std::vector<std::string>& runbook_path, const std::string& format,
                    int limit) {
  EngineOptions options;
  options.search_path = search_path(runbook_path);
  Engine engine(options);
  auto ranked = suggest(engine.runbooks(), text);
  if (ranked.size() > static_cast<size_t>(limit)) ranked.resize(static_cast<size_t>(limit));
  if (format == "json") {
    OrderedJson out = OrderedJson::array();
    for (const auto& s : ranked)
      out.push_back({{"id", s.runbook->id}, {"score", std::round(s.score * 100) / 100}, {"matched", s.matched},
                     {"title", s.runbook->meta.value("title", "")}, {"command", "clawbook run " + s.runbook->id}});
    std::cout << out.dump(2) << "\n";
    return ranked.empty() ? kExitFindings : kExitOk;
  }
  if (format != "human") return error_exit(kExitUsage, "unknown --format '" + format + "' (human, json)");
  if (ranked.empty()) {
    std::cerr << "clawbook: no runbook lists a symptom like that; see `clawbook list`\n";
    return kExitFindings;
  }
  for (const auto& s : ranked) {
    std::printf("%3.0f%%  %s  %s\n      matches \"%s\"\n      clawbook run %s\n", s.score * 100, s.runbook->id.c_str(),
                s.runbook->meta.value("title", "").c_str(), s.matched.c_str(), s.runbook->id.c_str());
  }
  return kExitOk;
}

}  // namespace

int cli_main(int argc, char** argv) {
  CLI::App app{"clawbook: scriptable runbooks that diagnose a system and end in ranked findings", "clawbook"};
  app.set_version_flag("--version",
                       std::string("clawbook ") + CLAWBOOK_VERSION + " (engine API " + CLAWBOOK_ENGINE_API_VERSION + ", " +
                           LUA_RELEASE + ")");
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 ok, 1 findings at or above --fail-on, 2 runbook error, 64 usage error, 130 interrupted.\n"
      "Runbooks are searched in the shipped runbooks, $CLAWBOOK_PATH (colon separated) and --runbook-path.");

  std::vector<std::string> runbook_path;
  auto add_path_option = [&](CLI::App* sub) {
    sub->add_option("--runbook-path", runbook_path, "Extra directory to search for runbooks (repeatable)");
  };

  std::string list_format = "human";
  auto* list = app.add_subcommand("list", "List the runbooks on the search path");
  list->add_option("--format", list_format, "human, json or ids (one id per line)")->capture_default_str();
  add_path_option(list);

  std::string show_spec, show_format = "human";
  auto* show = app.add_subcommand("show", "Show a runbook's metadata, symptoms and params");
  show->add_option("ID", show_spec, "Runbook id (ID, ID@VERSION, ID@RANGE) or file")->required();
  show->add_option("--format", show_format, "human, json or params (one param name per line)")->capture_default_str();
  add_path_option(show);

  RunOptions run_options;
  auto* run = app.add_subcommand("run", "Run a runbook and report its findings");
  run->add_option("ID", run_options.spec, "Runbook id (ID, ID@1.2.0, ID@^1, ID@~1.2) or a .lua file")->required();
  run->add_option("--param,-p", run_options.params, "Runbook param NAME=VALUE (repeatable)");
  run->add_option("--format,-f", run_options.format, "human, json, junit, markdown, tap or prometheus")->capture_default_str();
  run->add_option("--output,-o", run_options.output, "Write the report to FILE instead of stdout");
  run->add_option("--fail-on", run_options.fail_on, "Lowest finding severity that makes the exit code 1")->capture_default_str();
  run->add_option("--timeout", run_options.timeout, "Wall-clock limit for the whole run, in seconds")->capture_default_str();
  run->add_option("--max-memory", run_options.max_memory, "Lua memory limit (e.g. 64M)")->capture_default_str();
  run->add_option("--max-cpu", run_options.max_cpu, "Lua CPU limit, in seconds")->capture_default_str();
  run->add_option("--deny", run_options.deny, "Forbid a capability for the whole run (repeatable)");
  run->add_option("--record", run_options.record, "Record every binding call to FILE (JSON)");
  run->add_option("--replay", run_options.replay, "Serve binding calls from a recording instead of the system");
  run->add_flag("-v,--verbose", run_options.verbose, "Show ctx:log and binding debug lines on stderr");
  run->add_flag("--apply", run_options.apply, "Carry out the runbook's actions (default: a dry run that only shows them)");
  run->add_flag("--yes,-y", run_options.yes, "With --apply: do not ask before each action (unattended use)");
  run->add_flag("--allow-destructive", run_options.allow_destructive,
                "With --apply: also run actions that delete state or reset config (after a backup)");
  run->add_option("--audit-log", run_options.audit_log,
                  "JSON-lines log of applied actions (default: $CLAWBOOK_AUDIT_LOG, else ~/.local/state/clawbook/audit.jsonl)");
  run->add_option("--backup-dir", run_options.backup_dir,
                  "Where actions back up what they change (default: ~/.local/state/clawbook/backups)");
  add_path_option(run);

  std::vector<std::string> lint_paths;
  auto* lint = app.add_subcommand("lint", "Check runbook files: syntax, metadata, versions, capabilities, params");
  lint->add_option("PATH", lint_paths, "Runbook files or directories")->required();
  add_path_option(lint);

  std::string suggest_text, suggest_format = "human";
  int suggest_limit = 5;
  auto* suggest_cmd = app.add_subcommand("suggest", "Rank runbooks whose symptoms match pasted error text");
  suggest_cmd->add_option("TEXT", suggest_text, "Error text, as pasted")->required();
  suggest_cmd->add_option("--format", suggest_format, "human or json")->capture_default_str();
  suggest_cmd->add_option("--limit", suggest_limit, "How many runbooks to show")->capture_default_str();
  add_path_option(suggest_cmd);

  TestOptions test_options;
  auto* test = app.add_subcommand("test", "Run runbook test cases (fake binding results) and check their expectations");
  test->add_option("PATH", test_options.paths, "Case files or directories (default: the shipped runbooks' cases)");
  test->add_option("--format,-f", test_options.format, "human, json or junit")->capture_default_str();
  test->add_option("--output,-o", test_options.output, "Write the junit or json results to FILE instead of stdout");
  add_path_option(test);

  ScaffoldOptions new_options;
  auto* new_cmd = app.add_subcommand("new", "Write a runbook skeleton and a test case that passes");
  new_cmd->add_option("ID", new_options.id, "Runbook id, for example acme.disk-space")->required();
  new_cmd->add_option("--dir", new_options.dir, "Directory to write into")->capture_default_str();
  new_cmd->add_flag("--force", new_options.force, "Overwrite existing files");

  DocsOptions docs_options;
  auto* docs = app.add_subcommand("docs", "Generate the Markdown reference of the runbooks and the binding API");
  docs->add_option("--output,-o", docs_options.output, "Directory for runbooks.md and bindings.md (default: stdout)");
  add_path_option(docs);

  MergeOptions merge_options;
  auto* report_cmd = app.add_subcommand("report", "Work with JSON reports: merge many hosts' reports into one table");
  report_cmd->require_subcommand(1);
  auto* merge = report_cmd->add_subcommand("merge", "One table of many JSON reports: per host verdict, top finding, versions");
  merge->add_option("REPORT", merge_options.reports, "Reports written by `clawbook run --format json`")->required();
  merge->add_option("--format,-f", merge_options.format, "markdown or json")->capture_default_str();
  merge->add_option("--output,-o", merge_options.output, "Write the table to FILE instead of stdout");

  BundleOptions bundle_options;
  auto* bundle = app.add_subcommand("bundle", "Write a support bundle: report, versions, redacted config and logs, in one tar.gz");
  bundle->add_option("--output,-o", bundle_options.output, "Archive to write (default: clawbook-bundle-HOST-TIME.tar.gz)");
  bundle->add_option("--runbook", bundle_options.runbook, "Collector runbook (default: the one tagged \"bundle\")");
  bundle->add_option("--param,-p", bundle_options.params, "Param of the collector NAME=VALUE (repeatable)");
  bundle->add_option("--lines", bundle_options.lines, "Log lines kept around the last start and disconnect")->capture_default_str();
  bundle->add_flag("--mask-hosts", bundle_options.mask_hosts, "Replace IP addresses and host names with stable placeholders");
  bundle->add_option("--host-map", bundle_options.host_map,
                     "Where --mask-hosts keeps its mapping, outside the archive (default: ~/.local/state/clawbook/host-map.json)");
  bundle->add_option("--timeout", bundle_options.timeout, "Wall-clock limit for collecting, in seconds")->capture_default_str();
  add_path_option(bundle);

  std::vector<std::pair<CLI::App*, std::function<int()>>> extra;
  for (const auto& command : registered_commands()) {
    auto* sub = app.add_subcommand(command.name, command.description);
    extra.emplace_back(sub, command.setup(*sub));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::cerr << "clawbook: " << e.what() << "\nRun 'clawbook --help' (or 'clawbook COMMAND --help') for usage.\n";
    return kExitUsage;
  }

  if (list->parsed()) return command_list(runbook_path, list_format);
  if (show->parsed()) return command_show(show_spec, runbook_path, show_format);
  if (run->parsed()) {
    run_options.runbook_path = runbook_path;
    return command_run(run_options);
  }
  if (lint->parsed()) return command_lint(lint_paths, runbook_path);
  if (test->parsed()) {
    test_options.search_path = search_path(runbook_path);
    if (auto shipped = shipped_runbooks(); !shipped.empty()) test_options.default_roots.push_back(shipped);
    test_options.color = test_options.format == "human" && color_allowed(stdout);
    return run_tests(test_options);
  }
  if (new_cmd->parsed()) return scaffold_runbook(new_options);
  if (docs->parsed()) {
    docs_options.search_path = search_path(runbook_path);
    if (auto shipped = shipped_runbooks(); !shipped.empty()) docs_options.types_dir = shipped + "/types";
    return generate_docs(docs_options);
  }
  if (merge->parsed()) return command_report_merge(merge_options);
  if (bundle->parsed()) {
    bundle_options.search_path = search_path(runbook_path);
    return command_bundle(bundle_options);
  }
  if (suggest_cmd->parsed()) return command_suggest(suggest_text, runbook_path, suggest_format, suggest_limit);
  for (auto& [sub, runner] : extra)
    if (sub->parsed()) return runner();
  return kExitUsage;
}

}  // namespace clawbook
