// `clawbook run ID`: one runbook, its report in a format, an exit code that tells CI what it found.
#include "shared.hpp"

#include "clawbook/atomic_file.hpp"
#include "clawbook/command.hpp"
#include "clawbook/state_dir.hpp"
#include "clawbook/utf8.hpp"
#include "engine.hpp"
#include "recording_file.hpp"
#include "render.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <iostream>
#include <mutex>
#include <thread>

namespace clawbook::cli {
namespace {

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
// there is none. $CLAWBOOK_TTY names another terminal (tests drive the prompt through a pseudo-terminal).
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

// Live progress on stderr: the step running now, rewritten in place. Titles may carry probed data: the engine
// hands them over redacted, and they lose their control characters here.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  void update(std::string_view redacted_title, bool done) {
    if (!enabled_) return;
    if (done) {
      std::fputs("\r\x1b[2K", stderr);
    } else {
      std::string title = printable(redacted_title, false);
      if (title.size() > 70) title = title.substr(0, 70) + "…";
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
  ParamOptions params;
  Output out{"human", ""};
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

// No report could be made (bad id, bad param, unreadable runbook). A metrics file still gets the error, so a
// monitoring system does not keep showing the last good verdict.
int failed_before_report(const RunOptions& o, Format format, int code, const std::string& message, Progress& progress) {
  progress.clear();
  if (format == Format::prometheus && !o.out.output.empty())
    write_file_or_report(o.out.output, render_prometheus_failure(o.spec, code));
  return error_exit(code, message);
}

int command_run(const RunOptions& o) {
  auto format = parse_format(o.out.format);
  if (!format)
    return error_exit(kExitUsage, "unknown --format '" + o.out.format + "' (human, json, junit, markdown, tap, prometheus)");
  auto fail_on = parse_severity(o.fail_on);
  if (!fail_on) return error_exit(kExitUsage, "unknown --fail-on '" + o.fail_on + "' (info, low, medium, high, critical)");
  auto memory = parse_size(o.max_memory);
  if (!memory) return error_exit(kExitUsage, "--max-memory wants a size such as 64M or 1G, not '" + o.max_memory + "'");
  if (!(o.timeout > 0) || !(o.max_cpu > 0)) return error_exit(kExitUsage, "--timeout and --max-cpu want positive seconds");
  for (const auto& cap : o.deny)
    if (!is_deniable_capability(cap)) return error_exit(kExitUsage, "--deny: unknown capability '" + cap + "'");
  if ((o.yes || o.allow_destructive) && !o.apply)
    return error_exit(kExitUsage, std::string(o.yes ? "--yes" : "--allow-destructive") + " only means something with --apply");
  if (!o.record.empty() && !o.replay.empty()) return error_exit(kExitUsage, "--record and --replay exclude each other");
  std::string param_error;
  const auto params = collect_params(o.params, param_error);
  if (!params) return error_exit(kExitUsage, param_error);
  // A report or recording that could not be written is known before anything runs (or changes).
  if (auto problem = output_problem(o.out)) return error_exit(kExitUsage, *problem);
  if (auto problem = output_problem({"", o.record})) return error_exit(kExitUsage, *problem);

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
  options.progress = [&progress](std::string_view title, bool done) { progress.update(title, done); };
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

  try {
    Engine engine(options);
    const RunbookFile& runbook = engine.resolve(o.spec);
    for (const auto& note : engine.notes()) std::cerr << "clawbook: note: " << note << "\n";
    // A watch runs for its duration: --timeout does not apply to it, and its CPU limit grows with it.
    double timeout = o.timeout;
    if (auto duration = watch_duration(runbook, *params)) {
      timeout = *duration + kWatchGraceSeconds;
      engine.set_limits(Limits{.max_memory = *memory, .max_cpu_seconds = std::max(o.max_cpu, 30 + *duration * 0.05),
                               .timeout_seconds = timeout});
    }
    std::shared_ptr<RecordingFile> recording;
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
      Watchdog watchdog(timeout);
      watchdog_now = &watchdog;
      report = engine.run(runbook, *params);
      watchdog_now = nullptr;
    }
    progress.clear();
    OrderedJson json = to_json(report);
    if (recording) recording->finish(json);
    engine.redactor().apply_in_place(json);
    const int code = exit_code_for(json, *fail_on);
    if (recording && recording->recording()) write_atomically(o.record, recording->serialize(engine.redactor()));
    RenderOptions render_options{o.out.output.empty() && color_allowed(stdout), *fail_on, code};
    if (!emit(o.out, render(*format, json, render_options))) return kExitRunbookError;
    return code;
  } catch (const UsageError& e) {
    return failed_before_report(o, *format, kExitUsage, e.what(), progress);
  } catch (const LoadError& e) {
    return failed_before_report(o, *format, kExitRunbookError, e.what(), progress);
  } catch (const std::exception& e) {
    return failed_before_report(o, *format, kExitRunbookError, e.what(), progress);
  }
}

CommandSpec run_command() {
  return {
      .name = "run",
      .description = "Run a runbook and report its findings",
      .setup =
          [](CLI::App& sub) -> std::function<int()> {
            auto o = std::make_shared<RunOptions>();
            sub.add_option("ID", o->spec, "Runbook id (ID, ID@1.2.0, ID@^1, ID@~1.2) or a .lua file")->required();
            add_param_options(sub, o->params);
            add_output_options(sub, o->out, "human, json, junit, markdown, tap or prometheus");
            sub.add_option("--fail-on", o->fail_on, "Lowest finding severity that makes the exit code 1")->capture_default_str();
            sub.add_option("--timeout", o->timeout,
                           "Wall-clock limit for the whole run, in seconds (not for a watch: its duration param)")
                ->capture_default_str();
            sub.add_option("--max-memory", o->max_memory, "Memory limit of the run (e.g. 64M)")->capture_default_str();
            sub.add_option("--max-cpu", o->max_cpu, "CPU limit of the run, in seconds")->capture_default_str();
            sub.add_option("--deny", o->deny, "Forbid a capability for the whole run (repeatable)");
            sub.add_option("--record", o->record, "Record every binding call to FILE (JSON)");
            sub.add_option("--replay", o->replay, "Serve binding calls from a recording instead of the system");
            sub.add_flag("-v,--verbose", o->verbose, "Show ctx:log and binding debug lines on stderr");
            sub.add_flag("--apply", o->apply, "Carry out the runbook's actions (default: a dry run that only shows them)");
            sub.add_flag("--yes,-y", o->yes, "With --apply: do not ask before each action (unattended use)");
            sub.add_flag("--allow-destructive", o->allow_destructive,
                         "With --apply: also run actions that delete state or reset config (after a backup)");
            sub.add_option("--audit-log", o->audit_log,
                           "JSON-lines log of applied actions (default: $CLAWBOOK_AUDIT_LOG, else ~/.local/state/clawbook/audit.jsonl)");
            sub.add_option("--backup-dir", o->backup_dir,
                           "Where actions back up what they change (default: ~/.local/state/clawbook/backups)");
            add_runbook_path(sub, o->runbook_path);
            return [o] { return command_run(*o); };
          },
      .order = 10,
      .exit_codes = "  0    no finding at or above --fail-on\n"
                    "  1    findings at or above --fail-on\n"
                    "  2    runbook error: script error, limit hit, capability denied, replay miss, bad runbook\n"
                    "  64   usage error: unknown flag, unknown runbook id, bad param, unwritable -o\n"
                    "  130  interrupted (Ctrl-C, SIGTERM); the partial report is still written\n",
  };
}

}  // namespace

CLAWBOOK_COMMAND(run_command());

}  // namespace clawbook::cli
