// What the subcommands share: where runbooks are found, the common options (-o/--output, -f/--format,
// --runbook-path, the --param family), and writing a result to stdout or a file. One meaning per option,
// everywhere.
#pragma once

#include "clawbook/exit_codes.hpp"
#include "report.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace clawbook {
struct RunbookFile;
}

namespace clawbook::cli {

// The shipped runbooks: installed beside the binary (../share/clawbook/runbooks), else the source tree's.
std::string shipped_runbooks();
// Shipped runbooks, then $CLAWBOOK_PATH (colon separated), then `extra` (--runbook-path), in that order: a later
// directory shadows an earlier one's runbook of the same id and version (like PATH, from the end).
std::vector<std::string> search_path(const std::vector<std::string>& extra);

bool is_tty(FILE* stream);
bool color_allowed(FILE* stream);  // a terminal, and NO_COLOR unset

// "clawbook: message" on stderr; returns `code`.
int error_exit(int code, const std::string& message);

// --runbook-path DIR (repeatable).
void add_runbook_path(CLI::App& sub, std::vector<std::string>& dirs);

// -f/--format and -o/--output, for every subcommand that writes a report or a table.
struct Output {
  std::string format;
  std::string output;  // empty: stdout
};
void add_output_options(CLI::App& sub, Output& out, const std::string& formats);
// Fails early (before any work) when -o names a file that could not be written safely.
std::optional<std::string> output_problem(const Output& out);
// Writes `text` to stdout, or atomically to the -o file. False (and the reason on stderr) when it cannot.
bool emit(const Output& out, const std::string& text);

// Runbook params: --param NAME=VALUE (repeatable), --param-file FILE (KEY=VALUE lines or a JSON object) or
// --param-file NAME=FILE (the file's whole content is NAME's value: a mounted secret), and --param-stdin (the
// formats of a params file, on standard input). A params file must be private: no access for group or others,
// owned by this user or root. Secrets passed these ways never appear on a command line (/proc/PID/cmdline is
// world-readable). Later sources win: files, then stdin, then --param.
struct ParamOptions {
  std::vector<std::string> params;
  std::vector<std::string> files;
  bool from_stdin = false;
};
void add_param_options(CLI::App& sub, ParamOptions& params);
// The params as a JSON object (string values from KEY=VALUE, typed values from JSON); nullopt with `error`.
std::optional<OrderedJson> collect_params(const ParamOptions& params, std::string& error);

// "90", "90s", "10m", "1h", "1.5m" -> seconds; nullopt otherwise (runbooks/lib/timeline.lua reads the same).
std::optional<double> parse_duration(const std::string& text);
// A long-running runbook (tagged "watch", with a `duration` param): its duration in seconds from `params` or
// the param's default. Its duration bounds such a run, not --timeout. nullopt for any other runbook.
std::optional<double> watch_duration(const RunbookFile& runbook, const OrderedJson& params);
// Room after a watch's duration for the triage at a failure and the analysis.
inline constexpr double kWatchGraceSeconds = 300;

// The footer of a subcommand's --help: its exit codes.
void set_exit_codes(CLI::App& sub, const std::string& codes);

}  // namespace clawbook::cli
