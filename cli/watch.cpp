// `clawbook watch`: runs openclaw.watch for --duration, prints one line per event and a status line on a
// terminal, and writes the report (human, json or html) at the end, also after Ctrl-C: the first Ctrl-C asks
// the watch to stop (it still analyses what it saw), a second one aborts, a third leaves at once.
#include "shared.hpp"

#include "clawbook/atomic_file.hpp"
#include "clawbook/command.hpp"
#include "clawbook/stop.hpp"
#include "clawbook/utf8.hpp"
#include "engine.hpp"
#include "recording_file.hpp"
#include "render.hpp"
#include "watch_html.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <map>

namespace clawbook::cli {
namespace {

constexpr const char* kRunbook = "openclaw.watch";
constexpr const char* kEventPrefix = "watch: ";

std::atomic<int> g_watch_signals{0};

extern "C" void on_watch_signal(int) {
  const int seen = g_watch_signals.fetch_add(1);
  if (seen == 0) {
    request_stop();
  } else if (seen == 1) {
    Engine::request_interrupt();
  } else {
    _exit(kExitInterrupted);
  }
}

struct WatchOptions {
  std::string target;
  std::string duration = "10m";
  bool until_failure = false;
  std::string on_failure;
  std::string log;
  ParamOptions params;
  Output out{"human", ""};
  std::string fail_on = "medium";
  std::string record;
  std::string replay;
  bool verbose = false;
  std::vector<std::string> runbook_path;
};

// The live view on stderr: event lines scroll, the status line (uptime and counts) is rewritten below them.
class Live {
 public:
  Live(bool terminal, bool quiet) : terminal_(terminal), quiet_(quiet) {}

  void line(std::string_view redacted, bool verbose) {
    if (!redacted.starts_with(kEventPrefix)) {
      if (verbose) print("  · " + printable(redacted, false));
      return;
    }
    std::string text = printable(redacted.substr(std::string_view(kEventPrefix).size()), false);
    // "+12.3s kind ..." -> count the kind (the word after the time).
    const auto space = text.find(' ');
    std::string kind = space == std::string::npos ? text
                                                  : text.substr(space + 1, text.find(' ', space + 1) - space - 1);
    ++counts_[kind];
    if (!quiet_) print(text);
  }

  void status() {
    if (!terminal_) return;
    const auto up = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    std::string status = "watching " + std::to_string(static_cast<long long>(up)) + " s";
    for (const auto& [kind, count] : counts_) status += " · " + kind + " " + std::to_string(count);
    std::fprintf(stderr, "\r\x1b[2K\x1b[2m%s\x1b[0m", status.c_str());
    std::fflush(stderr);
  }

  void clear() {
    if (terminal_) std::fputs("\r\x1b[2K", stderr);
  }

 private:
  void print(const std::string& text) {
    clear();
    std::fprintf(stderr, "%s\n", text.c_str());
    status();
  }

  bool terminal_;
  bool quiet_;
  std::map<std::string, long long> counts_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

int command_watch(const WatchOptions& o) {
  if (o.out.format != "human" && o.out.format != "json" && o.out.format != "html")
    return error_exit(kExitUsage, "unknown --format '" + o.out.format + "' (human, json, html)");
  auto fail_on = parse_severity(o.fail_on);
  if (!fail_on)
    return error_exit(kExitUsage, "unknown --fail-on '" + o.fail_on + "' (info, low, medium, high, critical)");
  const auto seconds = parse_duration(o.duration);
  if (!seconds)
    return error_exit(kExitUsage,
                      "--duration wants seconds (90) or a number with s, m or h (90s, 10m), not '" + o.duration + "'");
  if (!o.record.empty() && !o.replay.empty()) return error_exit(kExitUsage, "--record and --replay exclude each other");
  std::string param_error;
  auto params = collect_params(o.params, param_error);
  if (!params) return error_exit(kExitUsage, param_error);
  if (!o.target.empty()) (*params)["target"] = o.target;
  (*params)["duration"] = o.duration;
  if (o.until_failure) (*params)["until_failure"] = true;
  if (!o.on_failure.empty()) (*params)["on_failure"] = o.on_failure;
  if (!o.log.empty()) (*params)["log"] = o.log;
  if (auto problem = output_problem(o.out)) return error_exit(kExitUsage, *problem);
  if (auto problem = output_problem({"", o.record})) return error_exit(kExitUsage, *problem);

  // Event lines go to stderr, so stdout stays the report (a pipe gets the report only).
  Live live(is_tty(stderr) && std::getenv("CI") == nullptr, false);
  EngineOptions options;
  // --timeout does not apply to a watch: --duration does, plus room for triage and analysis. CPU: a watch idles.
  options.limits = Limits{.max_memory = 64u << 20,
                          .max_cpu_seconds = 30 + *seconds * 0.05,
                          .timeout_seconds = *seconds + kWatchGraceSeconds};
  options.search_path = search_path(o.runbook_path);
  options.debug = [&live, verbose = o.verbose](std::string_view line) { live.line(line, verbose); };

  try {
    Engine engine(options);
    const RunbookFile& runbook = engine.resolve(kRunbook);
    for (const auto& note : engine.notes()) std::cerr << "clawbook: note: " << note << "\n";
    std::shared_ptr<RecordingFile> recording;
    if (!o.replay.empty()) recording = RecordingFile::open_replay(o.replay, runbook);
    if (!o.record.empty()) recording = RecordingFile::start_recording(runbook);
    if (recording) engine.set_recording(recording);

    struct sigaction action {};
    action.sa_handler = on_watch_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);

    live.status();
    Report report = engine.run(runbook, *params);
    live.clear();
    OrderedJson json = to_json(report);
    if (recording) recording->finish(json);
    engine.redactor().apply_in_place(json);
    int code = exit_code_for(json, *fail_on);
    if (recording && recording->recording()) write_atomically(o.record, recording->serialize(engine.redactor()));
    std::string text;
    if (o.out.format == "html") {
      text = render_watch_html(json);
    } else if (o.out.format == "json") {
      text = render_json(json);
    } else {
      text = render_human(json, RenderOptions{o.out.output.empty() && color_allowed(stdout), *fail_on, code});
    }
    if (!emit(o.out, text)) return kExitRunbookError;
    return code;
  } catch (const UsageError& e) {
    live.clear();
    return error_exit(kExitUsage, e.what());
  } catch (const std::exception& e) {
    live.clear();
    return error_exit(kExitRunbookError, e.what());
  }
}

CommandSpec watch_command() {
  return {
      .name = "watch",
      .description = "Watch a gateway over time: events, disconnects, restarts, and the pattern behind them",
      .setup = [](CLI::App& sub) -> std::function<int()> {
        auto o = std::make_shared<WatchOptions>();
        sub.add_option("--target", o->target, "Gateway URL (default: discovered like OpenClaw)");
        sub.add_option("--duration", o->duration, "How long to watch: 90, 90s, 10m, 1h")->capture_default_str();
        sub.add_flag("--until-failure", o->until_failure, "Stop at the first failure (after its triage)");
        sub.add_option("--on-failure", o->on_failure,
                       "Runbook run at each failure, its summary attached to the event (default openclaw.triage; "
                       "none: no runbook)");
        sub.add_option("--log", o->log, "A gateway log file to follow for known signatures");
        add_param_options(sub, o->params);
        add_output_options(sub, o->out, "human, json (every event) or html (one file, the timeline drawn)");
        sub.add_option("--fail-on", o->fail_on, "Lowest finding severity that makes the exit code 1")
            ->capture_default_str();
        sub.add_option("--record", o->record, "Record every binding call to FILE (JSON), to replay the watch");
        sub.add_option("--replay", o->replay, "Replay a recorded watch: the same timeline and findings");
        sub.add_flag("-v,--verbose", o->verbose, "Also show the runbooks' debug lines");
        add_runbook_path(sub, o->runbook_path);
        return [o] { return command_watch(*o); };
      },
      .order = 15,
      .exit_codes =
          "  0    the watch ended (duration, --until-failure or Ctrl-C) with no finding at or above --fail-on\n"
          "  1    findings at or above --fail-on (a pattern in the timeline, or a triage's)\n"
          "  2    runbook error: script error, limit hit, replay miss\n"
          "  64   usage error: unknown flag, bad --duration or --format, bad param, unwritable -o\n"
          "  130  aborted by a second Ctrl-C; the partial report is still written\n",
  };
}

}  // namespace

CLAWBOOK_COMMAND(watch_command());

}  // namespace clawbook::cli
