// Scanning a log for known messages: the last N lines (or a time window) of a file or of given lines, each line
// parsed in whichever format OpenClaw and its service managers write, then matched against patterns.
//
// Line formats understood:
//   - OpenClaw's file log (tslog JSON lines): {"0":"{\"subsystem\":\"gateway/ws\"}","1":{...},"2":"message",
//     "_meta":{"logLevelName":"WARN",...},"time":"2026-11-22T07:15:17.089+00:00"}. Key "0" is the logger's
//     context (a JSON string with `subsystem` or `module`) when it parses as one, else the first argument; the
//     message is the last numeric key holding a string; object arguments become `fields`.
//   - Console and journal lines: "07:14:18 [ws] message" (TTY), "07:14:18+00:00 warn gateway/ws {...} message"
//     (non-TTY), optionally behind a syslog prefix "Nov 22 07:14:18 host node[123]: " or an ISO timestamp
//     (docker --timestamps, rsyslog).
//   - Anything else: the whole line is the message.
//
// Patterns are plain substrings, matched case-insensitively, or RE2 regular expressions (case-insensitive; the
// Perl-like syntax without backreferences or lookaround, matched in linear time) whose groups become `captures`. Lua patterns are not used: log text is full of the
// characters they treat as magic ("-", "%", "[", "."), so plain substrings are the safe default.
// A pattern is a string (a substring; its id is the string itself) or a table:
//   {id=, match="substring" | {alternative, ...}, regex="...", cause=, severity=, finding=}
// where each alternative is a substring or a list of substrings that must all appear. A line matches when any
// alternative or the regex matches; `cause`, `severity` and `finding` are copied into the match. This is the
// shape of the signature catalog (runbooks/lib/signatures.lua), so the catalog can be passed as is.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <re2/re2.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace clawbook::logscan {

using Json = nlohmann::json;

// Thrown for malformed patterns or options (the misuse tier).
struct BadPattern : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

struct Pattern {
  std::string id;
  std::vector<std::vector<std::string>> alternatives;  // lowercased substrings; all of one alternative must appear
  std::shared_ptr<const re2::RE2> regex;  // RE2: linear time on any line, no recursion
  std::string regex_source;
  Json annotations = Json::object();  // cause, severity, finding
};

std::vector<Pattern> compile_patterns(const Json& spec);

struct ScanOptions {
  size_t last_lines = 2000;
  std::optional<double> since;  // epoch seconds; lines older than this are skipped
  std::optional<double> until;
  size_t max_matches = 500;       // the most recent matches are kept
  size_t max_bytes = 64u << 20;   // never read more than this from the end of a file
  std::optional<std::string> subsystem;  // keep lines whose subsystem starts with this ("gateway/ws" or "ws")
  std::optional<std::string> min_level;  // trace < debug < info < warn < error < fatal
  std::optional<double> now;             // for tests: the clock used to date clock-only lines
};

// The values of log.scan's options (read by bindings/log.cpp): a time bound `since`/`until` is epoch seconds, an
// ISO time or a duration before `now` ("15m"); a level is a name ("warning" -> "warn"). nullopt: malformed.
std::optional<double> time_bound(const Json& value, double now);
std::optional<std::string> level_name(std::string_view text);

struct LogLine {
  size_t line_no = 0;
  std::optional<double> time;  // epoch seconds when the line carries (or implies) a date
  bool date_inferred = false;  // clock-only line dated today (or yesterday if that would be in the future)
  std::string time_text;
  std::string level;  // lowercase: "info", "warn", "error", ... or empty
  std::string subsystem;
  std::string message;
  std::string format;  // "tslog", "json", "console", "syslog", "iso", "plain"
  Json fields = Json::object();
};

LogLine parse_line(std::string_view raw, size_t line_no, double now);

// {ok=true, source, lines_scanned, line_numbers="absolute"|"relative", matches={...}, counts={id=n},
//  truncated, first_time?, last_time?}. Matches: {line_no, time?, time_text, level, subsystem, message,
//  pattern, captures, fields, cause?, severity?, finding?}.
Json scan_lines(const std::vector<std::string>& lines, const std::vector<Pattern>& patterns,
                const ScanOptions& options);
// As scan_lines, reading the end of `path`. A missing or unreadable file is {ok=false, error, message}.
Json scan_file(const std::string& path, const std::vector<Pattern>& patterns, const ScanOptions& options);

}  // namespace clawbook::logscan
