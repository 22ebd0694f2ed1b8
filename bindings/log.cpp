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
//   Substrings match case-insensitively; regexes are RE2 (linear time), case-insensitive, and their groups
//   are the captures. Lua patterns are not used: log text is full of characters they treat as magic.
//   log.parse_line(text) -> {time?, time_text, level, subsystem, message, format, fields}
//   log.follow(path, {offset=nil, inode=nil, max_lines=500, max_bytes=1048576}) -> {ok, offset, inode, size,
//       lines, rotated, more} | {ok=false, error, message}
//     Lines appended since `offset` (complete lines only: a partial last line waits for the next call). Without
//     an offset it starts at the end (no lines). A smaller file or another inode means the log was rotated or
//     truncated: reading starts again at 0 and `rotated` is set. `more`: lines remain past the caps. Stateless,
//     so a watch that polls it records and replays like any call.
#include "clawbook/binding.hpp"
#include "clawbook/options.hpp"
#include "log/scan.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <fstream>

namespace clawbook {
namespace {

logscan::ScanOptions scan_options(const Call& call) {
  const Options opts(call, 3, {"lines", "since", "until", "level", "subsystem", "max_matches"});
  logscan::ScanOptions options;
  const auto bound = [&](const char* key) -> std::optional<double> {
    const auto value = opts.value(key);
    if (!value) return std::nullopt;
    const auto time = logscan::time_bound(*value, static_cast<double>(std::time(nullptr)));
    if (!time)
      opts.error(std::string("option '") + key + "' must be epoch seconds, an ISO time or a duration like \"15m\"");
    return time;
  };
  options.since = bound("since");
  options.until = bound("until");
  if (options.since) options.last_lines = SIZE_MAX;  // the window decides, unless lines= is given
  if (const auto lines = opts.integer("lines", 1)) options.last_lines = static_cast<size_t>(*lines);
  options.max_matches = static_cast<size_t>(
      opts.integer("max_matches", static_cast<long long>(options.max_matches), 1, LLONG_MAX));
  options.subsystem = opts.str("subsystem");
  if (const auto level = opts.str("level")) {
    options.min_level = logscan::level_name(*level);
    if (!options.min_level) opts.error("option 'level' must be one of trace, debug, info, warn, error, fatal");
  }
  return options;
}

int log_scan(Call& call) {
  std::vector<logscan::Pattern> patterns;
  const logscan::ScanOptions options = scan_options(call);
  try {
    patterns = logscan::compile_patterns(lua_isstring(call.L, 2) ? Json(call.str(2)) : call.table(2));
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

int log_follow(Call& call) {
  const std::string path = call.str(1);
  const Options opts(call, 2, {"offset", "inode", "max_lines", "max_bytes"});
  const auto offset = opts.integer("offset", 0, LLONG_MAX);
  const auto inode = opts.integer("inode", 0, LLONG_MAX);
  const auto max_lines = opts.integer("max_lines", 500, 1, 100000);
  const auto max_bytes = opts.integer("max_bytes", 1 << 20, 1024, 64LL << 20);
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    const int err = errno;
    return call.push(Json{{"ok", false},
                          {"error", err == ENOENT   ? "not_found"
                                    : err == EACCES ? "permission_denied"
                                                    : "error"},
                          {"message", path + ": " + std::strerror(err)}});
  }
  const auto size = static_cast<long long>(info.st_size);
  const auto file_inode = static_cast<long long>(info.st_ino);
  Json out = {{"ok", true},       {"inode", file_inode}, {"size", size}, {"lines", Json::array()},
              {"rotated", false}, {"more", false}};
  if (!offset) {
    out["offset"] = size;  // first call: follow from the end, as `tail -f` does
    return call.push(out);
  }
  long long from = *offset;
  if (size < from || (inode && *inode != file_inode)) {
    from = 0;
    out["rotated"] = true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return call.push(Json{{"ok", false}, {"error", "error"}, {"message", path + ": cannot open"}});
  in.seekg(from);
  std::string chunk(static_cast<std::size_t>(std::min(size - from, max_bytes)), '\0');
  in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  chunk.resize(static_cast<std::size_t>(in.gcount()));
  std::size_t start = 0;
  long long count = 0;
  for (std::size_t nl = chunk.find('\n'); nl != std::string::npos; nl = chunk.find('\n', start)) {
    if (count == max_lines) break;
    std::string line = chunk.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out["lines"].push_back(call.redact(line));
    ++count;
    start = nl + 1;
  }
  out["offset"] = from + static_cast<long long>(start);
  out["more"] = out["offset"].get<long long>() < size &&
                (count == max_lines || chunk.size() == static_cast<std::size_t>(max_bytes));
  return call.push(out);
}

ModuleSpec make_log_module() {
  return {.name = "log",
          .capability = "fs",
          .summary =
              "Scan the end (or a time window) of a log for known messages, or follow it as it grows; OpenClaw's "
              "JSON log and console lines are parsed.",
          .functions = {{"scan", log_scan}, {"parse_line", log_parse_line}, {"follow", log_follow}},
          .prelude = ""};
}

}  // namespace

CLAWBOOK_MODULE(make_log_module());

}  // namespace clawbook
