#include "log/scan.hpp"

#include "clawbook/lines.hpp"
#include "clawbook/untrusted_json.hpp"
#include "clawbook/utf8.hpp"
#include "log/timestamp.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <deque>
#include <map>

namespace clawbook::logscan {
namespace {

constexpr size_t kMaxLineBytes = 1u << 20;
constexpr size_t kRegexWindow = 4096;
constexpr size_t kBlockBytes = 64u << 10;
constexpr size_t kMaxPrefixCount = 64u << 20;  // count line numbers through at most this much unread prefix

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

int level_rank(std::string_view level) {
  static constexpr std::array<std::pair<std::string_view, int>, 9> ranks{{{"silly", 0},
                                                                           {"trace", 0},
                                                                           {"debug", 1},
                                                                           {"info", 2},
                                                                           {"notice", 2},
                                                                           {"warn", 3},
                                                                           {"warning", 3},
                                                                           {"error", 4},
                                                                           {"fatal", 5}}};
  for (const auto& [name, rank] : ranks)
    if (level == name) return rank;
  return -1;
}

std::string normalise_level(std::string_view level) {
  std::string text = lower(level);
  if (text == "warning") return "warn";
  if (text == "err") return "error";
  if (text == "crit" || text == "critical" || text == "emerg" || text == "alert" || text == "panic") return "fatal";
  return text;
}

// "gateway/ws" and the console's "[ws]" name the same subsystem: compare without the prefix the console drops.
std::string short_subsystem(std::string_view subsystem) {
  for (std::string_view prefix : {"gateway/", "channels/", "providers/"})
    if (subsystem.substr(0, prefix.size()) == prefix) return std::string(subsystem.substr(prefix.size()));
  return std::string(subsystem);
}

bool is_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Midnight of `now`'s day, in the zone `offset` east of UTC when known, else local time.
double day_start(double now, std::optional<int> offset) {
  if (offset) return std::floor((now + *offset) / 86400.0) * 86400.0 - *offset;
  const std::time_t seconds = static_cast<std::time_t>(now);
  std::tm local{};
  ::localtime_r(&seconds, &local);
  local.tm_hour = 0;
  local.tm_min = 0;
  local.tm_sec = 0;
  local.tm_isdst = -1;
  return static_cast<double>(std::mktime(&local));
}

std::string_view next_token(std::string_view text) { return text.substr(0, text.find(' ')); }

std::string_view skip_spaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  return text;
}

// key=value tokens of a message ("conn=... code=1008 reason=token_mismatch").
void add_key_values(std::string_view message, Json& fields) {
  size_t pos = 0;
  while (pos < message.size()) {
    while (pos < message.size() && message[pos] == ' ') ++pos;
    const size_t start = pos;
    while (pos < message.size() && message[pos] != ' ') ++pos;
    const std::string_view token = message.substr(start, pos - start);
    const size_t equals = token.find('=');
    if (equals == std::string_view::npos || equals == 0 || !std::isalpha(static_cast<unsigned char>(token[0])))
      continue;
    const std::string_view key = token.substr(0, equals);
    if (!std::all_of(key.begin(), key.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
        }))
      continue;
    if (!fields.contains(key)) fields[std::string(key)] = std::string(token.substr(equals + 1));
  }
}

bool parse_tslog(const Json& object, LogLine& line) {
  std::vector<std::pair<long, const Json*>> args;
  for (const auto& [key, value] : object.items())
    if (is_digits(key) && key.size() < 6) args.emplace_back(std::stol(key), &value);
  if (args.empty()) return false;
  std::sort(args.begin(), args.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  line.format = "tslog";
  size_t first_argument = 0;
  // Key "0" is the logger's bindings ({"subsystem":"gateway/ws"} or {"module":"cron",...}) when it parses.
  if (args[0].first == 0 && args[0].second->is_string()) {
    const std::string& text = args[0].second->get_ref<const std::string&>();
    if (!text.empty() && text.front() == '{') {
      const Json context = parse_untrusted_json(text);
      if (context.is_object()) {
        if (context.contains("subsystem") && context["subsystem"].is_string()) line.subsystem = context["subsystem"];
        else if (context.contains("module") && context["module"].is_string()) line.subsystem = context["module"];
        first_argument = 1;
      }
    }
  }
  const Json* message = nullptr;
  for (size_t i = first_argument; i < args.size(); ++i) {
    const Json& value = *args[i].second;
    if (value.is_string()) message = &value;
    if (value.is_object())
      for (const auto& [key, field] : value.items())
        if (field.is_primitive()) line.fields[key] = field;
  }
  if (message != nullptr) line.message = message->get<std::string>();
  else if (object.contains("message") && object["message"].is_string()) line.message = object["message"];
  else if (first_argument < args.size()) line.message = args.back().second->dump();
  if (object.contains("_meta") && object["_meta"].is_object()) {
    const Json& meta = object["_meta"];
    if (meta.contains("logLevelName") && meta["logLevelName"].is_string()) line.level = normalise_level(meta["logLevelName"].get<std::string>());
    if (line.time_text.empty() && meta.contains("date") && meta["date"].is_string()) line.time_text = meta["date"];
  }
  return true;
}

void parse_json_line(const Json& object, LogLine& line) {
  for (const char* key : {"time", "timestamp", "ts", "@timestamp"}) {
    if (object.contains(key) && object[key].is_string()) {
      line.time_text = object[key];
      break;
    }
  }
  if (!parse_tslog(object, line)) {
    line.format = "json";
    for (const char* key : {"msg", "message"})
      if (object.contains(key) && object[key].is_string()) line.message = object[key];
    for (const char* key : {"level", "severity", "lvl"})
      if (object.contains(key) && object[key].is_string()) line.level = normalise_level(object[key].get<std::string>());
    for (const char* key : {"subsystem", "module", "component"})
      if (object.contains(key) && object[key].is_string()) line.subsystem = object[key];
    if (line.message.empty()) line.message = object.dump();
  }
  if (auto parsed = parse_iso8601(line.time_text)) line.time = parsed->epoch;
}

// The console part of a line: [clock] [level] [subsystem | "gateway/ws {json}"] message.
void parse_console(std::string_view rest, double now, bool have_date, LogLine& line) {
  rest = skip_spaces(rest);
  bool timed = have_date;
  if (auto clock = parse_clock(rest)) {
    timed = true;
    if (!have_date) {
      double when = day_start(now, clock->offset_seconds) + clock->seconds_of_day;
      if (when > now + 300) when -= 86400;  // a clock later than now is from yesterday
      line.time = when;
      line.date_inferred = true;
      line.time_text = std::string(rest.substr(0, clock->consumed));
    }
    line.format = have_date ? line.format : "console";
    rest = skip_spaces(rest.substr(clock->consumed));
  }
  std::string_view token = next_token(rest);
  // A level word follows a timestamp; at the start of an untimed line ("FATAL ERROR: ...") it is the message.
  if (timed && level_rank(normalise_level(token)) >= 0) {
    line.level = normalise_level(token);
    rest = skip_spaces(rest.substr(token.size()));
    token = next_token(rest);
  }
  if (token.size() > 2 && token.front() == '[' && token.back() == ']') {
    line.subsystem = std::string(token.substr(1, token.size() - 2));
    rest = skip_spaces(rest.substr(token.size()));
  } else if (!token.empty()) {
    // Non-TTY console: "gateway/ws {"subsystem":"gateway/ws"} message".
    const std::string_view after = skip_spaces(rest.substr(token.size()));
    if (after.substr(0, 13) == "{\"subsystem\":") {
      const size_t close = after.find('}');
      if (close != std::string_view::npos) {
        line.subsystem = std::string(token);
        rest = skip_spaces(after.substr(close + 1));
      }
    }
  }
  line.message = std::string(rest);
}

bool line_in_window(const LogLine& line, std::optional<double> effective_time, const ScanOptions& options) {
  if (effective_time) {
    if (options.since && *effective_time < *options.since) return false;
    if (options.until && *effective_time > *options.until) return false;
  }
  if (options.min_level) {
    // Lines without a level are kept: plain output carries no level to judge.
    if (!line.level.empty() && level_rank(line.level) < level_rank(*options.min_level)) return false;
  }
  if (options.subsystem) {
    const std::string wanted = short_subsystem(*options.subsystem);
    const std::string have = short_subsystem(line.subsystem);
    if (have.rfind(wanted, 0) != 0) return false;
  }
  return true;
}

Json match_json(const LogLine& line, const Pattern* pattern, const std::smatch* groups) {
  Json match = {{"line_no", line.line_no},
                {"time_text", line.time_text},
                {"level", line.level},
                {"subsystem", line.subsystem},
                {"message", line.message},
                {"format", line.format},
                {"captures", Json::array()}};
  if (line.time) match["time"] = *line.time;
  if (line.date_inferred) match["date_inferred"] = true;
  Json fields = line.fields;
  add_key_values(line.message, fields);
  match["fields"] = fields;
  if (pattern != nullptr) {
    match["pattern"] = pattern->id;
    for (const auto& [key, value] : pattern->annotations.items()) match[key] = value;
    if (groups != nullptr)
      for (size_t i = 1; i < groups->size(); ++i) match["captures"].push_back((*groups)[i].matched ? (*groups)[i].str() : "");
  }
  return match;
}

struct Collected {
  std::deque<Json> matches;
  std::map<std::string, size_t> counts;
  bool truncated = false;
  std::optional<double> first_time;
  std::optional<double> last_time;
  size_t scanned = 0;
};

void scan_one(const LogLine& line, std::optional<double> effective_time, const std::vector<Pattern>& patterns,
              const ScanOptions& options, Collected& out) {
  if (!line_in_window(line, effective_time, options)) return;
  ++out.scanned;
  if (effective_time) {
    if (!out.first_time) out.first_time = effective_time;
    out.last_time = effective_time;
  }
  const auto keep = [&](Json match) {
    out.matches.push_back(std::move(match));
    if (out.matches.size() > options.max_matches) {
      out.matches.pop_front();
      out.truncated = true;
    }
  };
  if (patterns.empty()) {
    keep(match_json(line, nullptr, nullptr));
    return;
  }
  // Match against the message plus the structured fields (tslog puts the cause in an object argument).
  std::string haystack = line.message;
  if (!line.fields.empty()) haystack += " " + line.fields.dump();
  const std::string folded = lower(haystack);
  // libstdc++'s regex recurses once per character it backtracks over: a hostile 50 KB line would overflow the
  // stack. Causes are named near the start of a line, so regexes see its first kRegexWindow bytes.
  const std::string regex_haystack = haystack.substr(0, kRegexWindow);
  for (const auto& pattern : patterns) {
    bool matched = false;
    for (const auto& alternative : pattern.alternatives) {
      if (std::all_of(alternative.begin(), alternative.end(),
                      [&](const std::string& needle) { return folded.find(needle) != std::string::npos; })) {
        matched = true;
        break;
      }
    }
    std::smatch groups;
    bool by_regex = false;
    if (pattern.regex && std::regex_search(regex_haystack, groups, *pattern.regex)) {
      matched = true;
      by_regex = true;
    }
    if (!matched) continue;
    ++out.counts[pattern.id];
    keep(match_json(line, &pattern, by_regex ? &groups : nullptr));
  }
}

Json finish(Collected& collected, const std::string& source, bool absolute) {
  Json matches = Json::array();
  for (auto& match : collected.matches) matches.push_back(std::move(match));
  Json out = {{"ok", true},
              {"source", source},
              {"lines_scanned", collected.scanned},
              {"line_numbers", absolute ? "absolute" : "relative"},
              {"matches", matches},
              {"counts", Json(collected.counts)},
              {"truncated", collected.truncated}};
  if (collected.first_time) out["first_time"] = *collected.first_time;
  if (collected.last_time) out["last_time"] = *collected.last_time;
  return out;
}

double now_of(const ScanOptions& options) {
  return options.now ? *options.now : static_cast<double>(std::time(nullptr));
}

// Parses and scans lines (oldest first); `first_line_no` numbers the first one.
Json scan_parsed(const std::vector<std::string_view>& lines, size_t first_line_no, const std::vector<Pattern>& patterns,
                 const ScanOptions& options, const std::string& source, bool absolute) {
  const double now = now_of(options);
  const size_t skip = lines.size() > options.last_lines ? lines.size() - options.last_lines : 0;
  Collected collected;
  std::optional<double> effective_time;
  for (size_t i = skip; i < lines.size(); ++i) {
    const LogLine line = parse_line(lines[i], first_line_no + i, now);
    // Continuation lines (stack traces) carry no time: they belong to the last dated line.
    if (line.time) effective_time = line.time;
    scan_one(line, effective_time, patterns, options, collected);
  }
  return finish(collected, source, absolute);
}

Json file_failure(const std::string& path, int err) {
  std::string kind = err == ENOENT || err == ENOTDIR ? "not_found"
                     : err == EACCES || err == EPERM ? "permission_denied"
                     : err == EISDIR              ? "not_a_file"
                                                  : "io_error";
  return {{"ok", false}, {"error", kind}, {"message", path + ": " + std::strerror(err)}, {"source", path}};
}

}  // namespace

std::vector<Pattern> compile_patterns(const Json& spec) {
  std::vector<Pattern> patterns;
  const auto add_string = [&](const std::string& text) {
    if (text.empty()) throw BadPattern("empty pattern");
    Pattern pattern;
    pattern.id = text;
    pattern.alternatives.push_back({lower(text)});
    patterns.push_back(std::move(pattern));
  };
  const auto add_table = [&](const Json& table, size_t index) {
    Pattern pattern;
    if (table.contains("match")) {
      const Json& match = table["match"];
      const auto add_alternative = [&](const Json& alternative) {
        std::vector<std::string> all;
        if (alternative.is_string()) {
          all.push_back(lower(alternative.get<std::string>()));
        } else if (alternative.is_array() && !alternative.empty()) {
          for (const auto& part : alternative) {
            if (!part.is_string()) throw BadPattern("pattern " + std::to_string(index) + ": match parts must be strings");
            all.push_back(lower(part.get<std::string>()));
          }
        } else {
          throw BadPattern("pattern " + std::to_string(index) + ": match must be a string or a list");
        }
        if (std::any_of(all.begin(), all.end(), [](const std::string& s) { return s.empty(); }))
          throw BadPattern("pattern " + std::to_string(index) + ": empty substring");
        pattern.alternatives.push_back(std::move(all));
      };
      if (match.is_string()) add_alternative(match);
      else if (match.is_array()) for (const auto& alternative : match) add_alternative(alternative);
      else throw BadPattern("pattern " + std::to_string(index) + ": match must be a string or a list");
    }
    if (table.contains("regex")) {
      if (!table["regex"].is_string()) throw BadPattern("pattern " + std::to_string(index) + ": regex must be a string");
      pattern.regex_source = table["regex"];
      try {
        pattern.regex.emplace(pattern.regex_source, std::regex::ECMAScript | std::regex::icase);
      } catch (const std::regex_error& error) {
        throw BadPattern("pattern " + std::to_string(index) + ": bad regex '" + pattern.regex_source + "': " + error.what());
      }
    }
    if (pattern.alternatives.empty() && !pattern.regex)
      throw BadPattern("pattern " + std::to_string(index) + ": needs `match` or `regex`");
    if (table.contains("id") && table["id"].is_string()) pattern.id = table["id"];
    else if (!pattern.alternatives.empty()) pattern.id = table["match"].is_string() ? table["match"].get<std::string>() : "pattern" + std::to_string(index);
    else pattern.id = pattern.regex_source;
    for (const char* key : {"cause", "severity", "finding"})
      if (table.contains(key) && table[key].is_string()) pattern.annotations[key] = table[key];
    patterns.push_back(std::move(pattern));
  };
  if (spec.is_null()) return patterns;
  if (spec.is_string()) {
    add_string(spec);
  } else if (spec.is_object() && (spec.contains("match") || spec.contains("regex"))) {
    add_table(spec, 1);
  } else if (spec.is_object() && spec.empty()) {
    // An empty Lua table: no patterns, every line in the window is returned.
  } else if (spec.is_array()) {
    size_t index = 0;
    for (const auto& item : spec) {
      ++index;
      if (item.is_string()) add_string(item);
      else if (item.is_object()) add_table(item, index);
      else throw BadPattern("pattern " + std::to_string(index) + ": string or table expected");
    }
  } else {
    throw BadPattern("patterns: a string, a pattern table or a list of them expected");
  }
  return patterns;
}

ScanOptions options_from_json(const Json& spec) {
  ScanOptions options;
  if (spec.is_null() || (spec.is_object() && spec.empty())) return options;
  if (!spec.is_object()) throw BadPattern("options: table expected");
  const auto time_option = [&](const char* key) -> std::optional<double> {
    if (!spec.contains(key)) return std::nullopt;
    const Json& value = spec[key];
    if (value.is_number()) return value.get<double>();
    if (value.is_string()) {
      const std::string text = value;
      if (auto duration = parse_duration(text)) return static_cast<double>(std::time(nullptr)) - *duration;
      if (auto iso = parse_iso8601(text)) return iso->epoch;
    }
    throw BadPattern(std::string("options.") + key + ": epoch seconds, an ISO time or a duration like \"15m\" expected");
  };
  options.since = time_option("since");
  options.until = time_option("until");
  if (options.since) options.last_lines = static_cast<size_t>(-1);  // the window decides, unless lines= is given
  if (spec.contains("lines")) {
    if (!spec["lines"].is_number() || spec["lines"].get<double>() < 1) throw BadPattern("options.lines: positive number expected");
    options.last_lines = static_cast<size_t>(spec["lines"].get<double>());
  }
  if (spec.contains("max_matches")) {
    if (!spec["max_matches"].is_number() || spec["max_matches"].get<double>() < 1)
      throw BadPattern("options.max_matches: positive number expected");
    options.max_matches = static_cast<size_t>(spec["max_matches"].get<double>());
  }
  if (spec.contains("subsystem")) {
    if (!spec["subsystem"].is_string()) throw BadPattern("options.subsystem: string expected");
    options.subsystem = spec["subsystem"];
  }
  if (spec.contains("level")) {
    if (!spec["level"].is_string() || level_rank(normalise_level(spec["level"].get<std::string>())) < 0)
      throw BadPattern("options.level: one of trace, debug, info, warn, error, fatal expected");
    options.min_level = normalise_level(spec["level"].get<std::string>());
  }
  return options;
}

LogLine parse_line(std::string_view raw, size_t line_no, double now) {
  LogLine line;
  line.line_no = line_no;
  if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
  if (raw.size() > kMaxLineBytes) raw = raw.substr(0, kMaxLineBytes);
  line.format = "plain";
  if (!raw.empty() && raw.front() == '{') {
    const Json object = parse_untrusted_json(raw);
    if (object.is_object()) {
      parse_json_line(object, line);
      return line;
    }
  }
  std::string_view rest = raw;
  bool have_date = false;
  if (auto syslog = parse_syslog_time(rest, current_year())) {
    // "Nov 22 07:14:18 host ident[pid]: message"
    line.time = syslog->epoch;
    line.time_text = std::string(rest.substr(0, syslog->consumed));
    line.format = "syslog";
    have_date = true;
    const size_t colon = rest.find(": ", syslog->consumed);
    rest = colon == std::string_view::npos ? rest.substr(syslog->consumed) : rest.substr(colon + 2);
  } else if (auto iso = parse_iso8601(rest)) {
    line.time = iso->epoch;
    line.time_text = std::string(rest.substr(0, iso->consumed));
    line.format = "iso";
    have_date = true;
    rest = rest.substr(iso->consumed);
  }
  parse_console(rest, now, have_date, line);
  // A plain line is whatever bytes the program wrote; results are JSON, so they must be UTF-8.
  for (std::string* text : {&line.message, &line.subsystem, &line.level, &line.time_text}) make_valid_utf8(*text);
  return line;
}

Json scan_lines(const std::vector<std::string>& lines, const std::vector<Pattern>& patterns,
                const ScanOptions& options) {
  std::vector<std::string_view> views;
  views.reserve(lines.size());
  // A Lua string may hold several lines (a captured command output): split them.
  for (const auto& text : lines)
    for (std::string_view part : split_lines(text)) views.push_back(part);
  return scan_parsed(views, 1, patterns, options, "lines", true);
}

Json scan_file(const std::string& path, const std::vector<Pattern>& patterns, const ScanOptions& options) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return file_failure(path, errno);
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    const int err = S_ISDIR(info.st_mode) ? EISDIR : errno != 0 ? errno : EINVAL;
    ::close(fd);
    return file_failure(path, err);
  }
  // Read backwards in blocks until enough lines (or a line older than `since`) are in, the start of the file is
  // reached, or max_bytes have been read.
  const double now = now_of(options);
  off_t start = info.st_size;
  std::deque<std::string> blocks;
  size_t bytes = 0;
  size_t newlines = 0;
  bool window_reached = false;
  while (start > 0 && bytes < options.max_bytes && !window_reached) {
    const size_t want = static_cast<size_t>(std::min<off_t>(start, static_cast<off_t>(kBlockBytes)));
    std::string block(want, '\0');
    const ssize_t got = ::pread(fd, block.data(), want, start - static_cast<off_t>(want));
    if (got < 0) {
      const int err = errno;
      ::close(fd);
      return file_failure(path, err);
    }
    if (static_cast<size_t>(got) != want) break;  // truncated meanwhile: use what we have
    start -= static_cast<off_t>(want);
    bytes += want;
    newlines += static_cast<size_t>(std::count(block.begin(), block.end(), '\n'));
    if (options.since) {
      // The first dated complete line of this block tells whether the window starts inside it.
      const size_t first_newline = block.find('\n');
      if (first_newline != std::string::npos) {
        for (std::string_view candidate : split_lines(std::string_view(block).substr(first_newline + 1))) {
          const LogLine parsed = parse_line(candidate, 0, now);
          if (!parsed.time) continue;
          window_reached = *parsed.time < *options.since;
          break;
        }
      }
    }
    if (!options.since && newlines > options.last_lines) window_reached = true;
    blocks.push_front(std::move(block));
  }
  std::string text;
  text.reserve(bytes);
  for (const auto& block : blocks) text += block;
  // Unless the start of the file was read, the first line is partial.
  size_t text_start = 0;
  if (start > 0) {
    const size_t newline = text.find('\n');
    text_start = newline == std::string::npos ? text.size() : newline + 1;
  }
  // Line numbers: count the newlines before the first kept line when that prefix is small enough to read.
  const off_t prefix_end = start + static_cast<off_t>(text_start);
  bool absolute = true;
  size_t first_line_no = 1;
  if (prefix_end > 0) {
    if (static_cast<size_t>(prefix_end) > kMaxPrefixCount) {
      absolute = false;
    } else {
      std::string chunk(kBlockBytes, '\0');
      size_t counted = 0;
      for (off_t at = 0; at < prefix_end;) {
        const size_t want = static_cast<size_t>(std::min<off_t>(prefix_end - at, static_cast<off_t>(kBlockBytes)));
        const ssize_t got = ::pread(fd, chunk.data(), want, at);
        if (got <= 0) {
          absolute = false;
          break;
        }
        counted += static_cast<size_t>(std::count(chunk.begin(), chunk.begin() + got, '\n'));
        at += got;
      }
      first_line_no = counted + 1;
    }
  }
  ::close(fd);
  const auto lines = split_lines(std::string_view(text).substr(text_start));
  return scan_parsed(lines, first_line_no, patterns, options, path, absolute);
}

}  // namespace clawbook::logscan
