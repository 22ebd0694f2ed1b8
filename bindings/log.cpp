// Lua module `log`: find known messages in a log. Support code and the formats understood: bindings/log/scan.hpp.
//
//   log.scan(path_or_lines, patterns, opts) -> {ok, source, lines_scanned, line_numbers, matches, counts,
//       truncated, first_time?, last_time?} | {ok=false, error, message}
//     path_or_lines: a file path, or a list of strings (each may hold several lines, e.g. journal output)
//     patterns: a substring, a pattern table {id=, match=, regex=, cause=, severity=, finding=}, or a list of
//       them (the signature catalog `require("lib.signatures")` is one); {} or nil returns every line
//     opts: {lines=2000, since=epoch|"15m"|ISO, until=, level="warn", subsystem="ws", max_matches=500}
//     match = {line_no, time?, time_text, level, subsystem, message, format, pattern, captures, fields,
//       cause?, severity?, finding?}
//   Substrings match case-insensitively; regexes are ECMAScript (std::regex), case-insensitive, and their groups
//   are the captures. Lua patterns are not used: log text is full of characters they treat as magic.
//   log.parse_line(text) -> {time?, time_text, level, subsystem, message, format, fields}
#include "clawbook/binding.hpp"
#include "clawbook/options.hpp"
#include "log/scan.hpp"

#include <ctime>

namespace clawbook {
namespace {

int log_scan(Call& call) {
  std::vector<logscan::Pattern> patterns;
  logscan::ScanOptions options;
  try {
    patterns = logscan::compile_patterns(lua_isstring(call.L, 2) ? Json(call.str(2)) : call.table(2));
    options = logscan::options_from_json(
        Options(call, 3, {"lines", "since", "until", "level", "subsystem", "max_matches"}).json());
  } catch (const logscan::BadPattern& error) {
    throw Misuse(call.name() + ": " + error.what());
  }
  if (lua_type(call.L, 1) == LUA_TSTRING) return call.push(logscan::scan_file(call.str(1), patterns, options));
  if (lua_type(call.L, 1) != LUA_TTABLE) call.arg_error(1, "path or list of lines expected");
  std::vector<std::string> lines;
  for (const auto& line : call.table(1)) {
    if (!line.is_string()) call.arg_error(1, "list of strings expected");
    lines.push_back(line.get<std::string>());
  }
  return call.push(logscan::scan_lines(lines, patterns, options));
}

int log_parse_line(Call& call) {
  const auto line = logscan::parse_line(call.str(1), 1, static_cast<double>(std::time(nullptr)));
  Json out = {{"time_text", line.time_text}, {"level", line.level},   {"subsystem", line.subsystem},
              {"message", line.message},     {"format", line.format}, {"fields", line.fields}};
  if (line.time) out["time"] = *line.time;
  if (line.date_inferred) out["date_inferred"] = true;
  return call.push(out);
}

ModuleSpec make_log_module() {
  return {.name = "log",
          .capability = "fs",
          .summary = "Scan the end (or a time window) of a log for known messages; OpenClaw's JSON log and console "
                     "lines are parsed.",
          .functions = {{"scan", log_scan}, {"parse_line", log_parse_line}},
          .prelude = ""};
}

}  // namespace

CLAWBOOK_MODULE(make_log_module());

}  // namespace clawbook
