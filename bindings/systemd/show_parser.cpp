#include "systemd/show_parser.hpp"

#include "clawbook/fingerprint.hpp"
#include "clawbook/lines.hpp"
#include "clawbook/untrusted_json.hpp"
#include "docker/sanitize.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <ctime>
#include <map>

namespace clawbook::systemd {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<long long> to_integer(std::string_view text) {
  text = trim(text);
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// "MainPID" -> "main_pid", "NRestarts" -> "n_restarts", "OOMPolicy" -> "oom_policy".
std::string snake_case(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (std::isupper(c) && i > 0) {
      const auto prev = static_cast<unsigned char>(name[i - 1]);
      const bool next_lower = i + 1 < name.size() && std::islower(static_cast<unsigned char>(name[i + 1]));
      if (std::islower(prev) || std::isdigit(prev) || (std::isupper(prev) && next_lower)) out += '_';
    }
    out += static_cast<char>(std::tolower(c));
  }
  return out;
}

const char* exit_code_name(long long code) {
  // siginfo si_code values for SIGCHLD, as systemd stores them in ExecMainCode.
  switch (code) {
    case 1: return "exited";
    case 2: return "killed";
    case 3: return "dumped";
    case 4: return "trapped";
    case 5: return "stopped";
    case 6: return "continued";
    default: return nullptr;
  }
}

std::vector<std::string> split_spaces(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > start) out.emplace_back(text.substr(start, i - start));
  }
  return out;
}

// Appends the UTF-8 encoding of a code point.
void append_code_point(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | ((cp >> 18) & 0x07));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// One C-style escape after a backslash at text[i] (i points past the backslash); returns the index after it.
std::size_t unescape_one(std::string_view text, std::size_t i, std::string& out) {
  if (i >= text.size()) {
    out += '\\';
    return i;
  }
  const char c = text[i];
  static const std::map<char, char> simple{{'n', '\n'}, {'t', '\t'}, {'r', '\r'}, {'a', '\a'}, {'b', '\b'},
                                          {'f', '\f'}, {'v', '\v'}, {'e', '\x1b'}};
  if (auto it = simple.find(c); it != simple.end()) {
    out += it->second;
    return i + 1;
  }
  const auto hex_run = [&](std::size_t from, std::size_t count) -> std::optional<unsigned long> {
    if (from + count > text.size()) return std::nullopt;
    unsigned long value = 0;
    const auto [end, error] = std::from_chars(text.data() + from, text.data() + from + count, value, 16);
    if (error != std::errc() || end != text.data() + from + count) return std::nullopt;
    return value;
  };
  if (c == 'x') {
    if (auto value = hex_run(i + 1, 2)) {
      out += static_cast<char>(*value);
      return i + 3;
    }
  } else if (c == 'u' || c == 'U') {
    const std::size_t count = c == 'u' ? 4 : 8;
    if (auto value = hex_run(i + 1, count); value && *value <= 0x10FFFF) {
      append_code_point(out, *value);
      return i + 1 + count;
    }
  } else if (c >= '0' && c <= '7' && i + 3 <= text.size()) {
    unsigned long value = 0;
    const auto [end, error] = std::from_chars(text.data() + i, text.data() + i + 3, value, 8);
    if (error == std::errc() && end == text.data() + i + 3 && value < 256) {
      out += static_cast<char>(value);
      return i + 3;
    }
  }
  out += c;  // \" \\ \` \$ \' and anything unknown: the character itself
  return i + 1;
}

Json exec_status(std::string_view text) {
  // "0/0", "78", "9/KILL": the number, then a signal name when the command did not simply exit.
  Json status = Json::object();
  const auto slash = text.find('/');
  if (auto number = to_integer(text.substr(0, slash))) status["status"] = *number;
  if (slash != std::string_view::npos) {
    const std::string_view signal = text.substr(slash + 1);
    if (!signal.empty() && !to_integer(signal)) status["signal"] = std::string(signal);
  }
  return status;
}

std::optional<std::string> bracketed(std::string_view text) {
  text = trim(text);
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (text.empty() || text == "n/a") return std::nullopt;
  return std::string(text);
}

// Duration properties: systemctl prints them as *USec; the table names them as in unit files (*_sec).
const std::map<std::string, std::string>& duration_properties() {
  static const std::map<std::string, std::string> names{
      {"RestartUSec", "restart_sec"},
      {"TimeoutStartUSec", "timeout_start_sec"},
      {"TimeoutStopUSec", "timeout_stop_sec"},
      {"TimeoutAbortUSec", "timeout_abort_sec"},
      {"StartLimitIntervalUSec", "start_limit_interval_sec"},
      {"StartLimitIntervalSec", "start_limit_interval_sec"},
      {"RuntimeMaxUSec", "runtime_max_sec"},
      {"WatchdogUSec", "watchdog_sec"},
      {"RestartMaxDelayUSec", "restart_max_delay_sec"}};
  return names;
}

constexpr std::array string_properties{
    "Id",          "Description", "LoadState",      "ActiveState",    "SubState",         "Result",
    "UnitFileState", "UnitFilePreset", "FragmentPath", "SourcePath",   "WorkingDirectory", "Restart",
    "Type",        "KillMode",    "User",           "Group",          "OOMPolicy",        "StandardOutput",
    "StandardError", "ControlGroup", "InvocationID", "LoadError",      "FreezerState",     "Slice",
    "NotifyAccess", "ExitType",   "StartLimitAction"};

constexpr std::array integer_properties{"MainPID", "ControlPID", "ExecMainPID", "ExecMainStatus", "ExecMainCode",
                                        "NRestarts", "StartLimitBurst", "StatusErrno", "TasksCurrent",
                                        "MemoryCurrent", "UID", "GID"};

constexpr std::array timestamp_properties{"ActiveEnterTimestamp",   "ActiveExitTimestamp",  "InactiveEnterTimestamp",
                                          "InactiveExitTimestamp",  "StateChangeTimestamp", "ExecMainStartTimestamp",
                                          "ExecMainExitTimestamp",  "ConditionTimestamp"};

constexpr std::array list_properties{"Names", "DropInPaths", "RestartPreventExitStatus", "SuccessExitStatus",
                                     "Wants", "WantedBy", "After", "Requires"};

template <typename Array>
bool contains(const Array& names, std::string_view key) {
  return std::find(names.begin(), names.end(), key) != names.end();
}

}  // namespace

Properties parse_properties(std::string_view text) {
  Properties out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const auto eq = line.find('=');
    if (eq != std::string_view::npos && eq > 0) {
      out.emplace_back(sanitize::to_utf8(line.substr(0, eq)), sanitize::to_utf8(line.substr(eq + 1)));
    }
    start = end + 1;
  }
  return out;
}

std::vector<std::string> split_quoted_words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size()) break;
    std::string word;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) {
      const char c = text[i];
      if (c == '"') {
        ++i;
        while (i < text.size() && text[i] != '"') {
          if (text[i] == '\\') {
            i = unescape_one(text, i + 1, word);
          } else {
            word += text[i++];
          }
        }
        ++i;  // closing quote (or past the end of an unterminated word)
      } else if (c == '$' && i + 1 < text.size() && text[i + 1] == '\'') {
        i += 2;
        while (i < text.size() && text[i] != '\'') {
          if (text[i] == '\\') {
            i = unescape_one(text, i + 1, word);
          } else {
            word += text[i++];
          }
        }
        ++i;
      } else if (c == '\'') {
        ++i;
        while (i < text.size() && text[i] != '\'') word += text[i++];
        ++i;
      } else if (c == '\\') {
        i = unescape_one(text, i + 1, word);
      } else {
        word += c;
        ++i;
      }
    }
    words.push_back(std::move(word));
  }
  return words;
}

std::optional<double> parse_timespan(std::string_view text) {
  text = trim(text);
  if (text.empty() || text == "infinity") return std::nullopt;
  static const std::map<std::string, double, std::less<>> units{
      {"us", 1e-6},  {"usec", 1e-6}, {"ms", 1e-3},     {"msec", 1e-3},   {"s", 1},      {"sec", 1},
      {"m", 60},     {"min", 60},    {"h", 3600},      {"hr", 3600},     {"d", 86400},  {"w", 604800},
      {"month", 2629800}, {"M", 2629800}, {"y", 31557600}, {"year", 31557600}};
  double total = 0;
  std::size_t i = 0;
  bool any = false;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size()) break;
    double number = 0;
    const auto [end, error] = std::from_chars(text.data() + i, text.data() + text.size(), number);
    if (error != std::errc()) return std::nullopt;
    i = static_cast<std::size_t>(end - text.data());
    const std::size_t unit_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    const std::string_view unit = text.substr(unit_start, i - unit_start);
    const auto it = units.find(unit.empty() ? std::string_view("s") : unit);
    if (it == units.end()) return std::nullopt;
    total += number * it->second;
    any = true;
  }
  if (!any) return std::nullopt;
  // from_chars reads "inf" and "nan" as numbers, and a huge count overflows: none of them is a time span.
  const double seconds = std::round(total * 1e6) / 1e6;
  if (!std::isfinite(seconds)) return std::nullopt;
  return seconds;
}

std::optional<double> parse_timestamp(std::string_view text) {
  // "Sun 2026-11-22 07:38:10 UTC" (weekday optional; fractional seconds possible with --timestamp=us).
  text = trim(text);
  if (text.size() < 4 || text.substr(text.size() - 4) != " UTC") return std::nullopt;
  text.remove_suffix(4);
  const auto space = text.find(' ');
  if (space != std::string_view::npos && space <= 3) text.remove_prefix(space + 1);
  std::tm tm{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
  double second = 0;
  const std::string copy(text);
  if (std::sscanf(copy.c_str(), "%d-%d-%d %d:%d:%lf", &year, &month, &day, &hour, &minute, &second) != 6) {
    return std::nullopt;
  }
  // The year range keeps `year - 1900` from overflowing; %lf also reads "nan" and "inf", which the range refuses.
  if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
      minute < 0 || minute > 59 || !(second >= 0 && second < 61)) {
    return std::nullopt;
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = 0;
  return static_cast<double>(timegm(&tm)) + second;
}

Json parse_exec_command(std::string_view value) {
  std::string_view body = trim(value);
  if (!body.empty() && body.front() == '{') body.remove_prefix(1);
  if (!body.empty() && body.back() == '}') body.remove_suffix(1);
  body = trim(body);

  Json command = Json::object();
  constexpr std::string_view argv_key = " ; argv[]=";
  const auto argv_at = body.find(argv_key);
  if (body.rfind("path=", 0) != 0 || argv_at == std::string_view::npos) {
    command["raw"] = std::string(body);
    return command;
  }
  command["path"] = std::string(body.substr(5, argv_at - 5));
  std::string_view rest = body.substr(argv_at + argv_key.size());
  // argv is free text (it may contain " ; "): it ends at the last field systemctl prints after it.
  std::size_t tail_at = std::string_view::npos;
  for (std::string_view marker : {" ; ignore_errors=", " ; flags="}) {
    const auto at = rest.rfind(marker);
    if (at != std::string_view::npos && (tail_at == std::string_view::npos || at > tail_at)) tail_at = at;
  }
  const std::string_view argv_text = rest.substr(0, tail_at);
  const std::vector<std::string> argv = sanitize::redact_argv(split_spaces(argv_text));
  command["argv"] = argv;
  std::string joined;
  for (const auto& arg : argv) joined += (joined.empty() ? "" : " ") + arg;
  command["command"] = joined;
  if (tail_at == std::string_view::npos) return command;

  std::string_view tail = rest.substr(tail_at + 3);
  while (!tail.empty()) {
    const auto separator = tail.find(" ; ");
    const std::string_view field = tail.substr(0, separator);
    tail = separator == std::string_view::npos ? std::string_view() : tail.substr(separator + 3);
    const auto eq = field.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = field.substr(0, eq);
    const std::string_view val = trim(field.substr(eq + 1));
    if (key == "ignore_errors") {
      command["ignore_errors"] = val == "yes";
    } else if (key == "flags") {
      command["flags"] = split_spaces(val);
    } else if (key == "start_time" || key == "stop_time") {
      if (auto stamp = bracketed(val)) {
        command[std::string(key)] = *stamp;
        if (auto epoch = parse_timestamp(*stamp)) command[std::string(key.substr(0, key.find('_'))) + "_epoch"] = *epoch;
      }
    } else if (key == "pid") {
      if (auto pid = to_integer(val)) command["pid"] = *pid;
    } else if (key == "code") {
      if (val != "(null)") command["code"] = std::string(val);
    } else if (key == "status") {
      command.update(exec_status(val));
    }
  }
  return command;
}

Json unit_from_properties(const Properties& properties) {
  Json unit = Json::object();
  Json exec_start = Json::array();
  Json environment = Json::array();
  Json environment_files = Json::array();
  for (const auto& [key, value] : properties) {
    if (key == "ExecStart") {
      exec_start.push_back(parse_exec_command(value));
    } else if (key == "Environment") {
      // Unescaped words may hold any byte (\xNN, octal, a \u surrogate): names are repaired for the table,
      // values fingerprinted as the bytes they are.
      for (const std::string& word : split_quoted_words(value)) {
        const auto eq = word.find('=');
        Json entry = {{"name", sanitize::to_utf8(std::string_view(word).substr(0, eq))}};
        if (eq != std::string::npos) entry["fingerprint"] = fingerprint(std::string_view(word).substr(eq + 1));
        environment.push_back(std::move(entry));
      }
    } else if (key == "EnvironmentFiles") {
      // "/path (ignore_errors=no)"
      const auto paren = value.rfind(" (ignore_errors=");
      environment_files.push_back({{"path", value.substr(0, paren)},
                                   {"ignore_errors", value.find("ignore_errors=yes") != std::string::npos}});
    } else if (auto it = duration_properties().find(key); it != duration_properties().end()) {
      if (auto seconds = parse_timespan(value)) {
        unit[it->second] = *seconds;
      } else if (trim(value) == "infinity") {
        unit[it->second] = "infinity";
      }
    } else if (contains(integer_properties, key)) {
      if (auto number = to_integer(value)) unit[snake_case(key)] = *number;
    } else if (contains(timestamp_properties, key)) {
      if (value.empty() || value == "n/a") continue;
      const std::string name = snake_case(key);  // active_enter_timestamp
      unit[name] = value;
      if (auto epoch = parse_timestamp(value)) unit[name.substr(0, name.size() - 9) + "time"] = *epoch;
    } else if (contains(list_properties, key)) {
      Json words = Json::array();
      for (const std::string& word : split_quoted_words(value)) words.push_back(sanitize::to_utf8(word));
      unit[snake_case(key)] = std::move(words);
    } else if (contains(string_properties, key)) {
      if (value != "[not set]") unit[snake_case(key)] = value;
    }
  }
  if (!exec_start.empty()) unit["exec_start"] = exec_start;
  unit["environment"] = environment;
  if (!environment_files.empty()) unit["environment_files"] = environment_files;
  if (unit.contains("exec_main_code")) {
    if (const char* name = exit_code_name(unit["exec_main_code"].get<long long>())) unit["exec_main_code_name"] = name;
  }
  if (unit.contains("load_state")) unit["found"] = unit["load_state"] != "not-found";
  return unit;
}

std::optional<Json> parse_list_units_json(std::string_view text) {
  const Json parsed = parse_untrusted_json(text);
  if (!parsed.is_array()) return std::nullopt;
  Json out = Json::array();
  for (const Json& row : parsed) {
    if (!row.is_object() || !row.contains("unit") || !row["unit"].is_string()) continue;
    Json unit = {{"name", row["unit"]}};
    for (const auto& [from, to] : {std::pair{"load", "load_state"}, std::pair{"active", "active_state"},
                                   std::pair{"sub", "sub_state"}, std::pair{"description", "description"}}) {
      if (row.contains(from) && row[from].is_string()) unit[to] = row[from];
    }
    out.push_back(std::move(unit));
  }
  return out;
}

std::optional<Json> parse_list_unit_files_json(std::string_view text) {
  const Json parsed = parse_untrusted_json(text);
  if (!parsed.is_array()) return std::nullopt;
  Json out = Json::array();
  for (const Json& row : parsed) {
    if (!row.is_object() || !row.contains("unit_file") || !row["unit_file"].is_string()) continue;
    Json unit = {{"name", row["unit_file"]}};
    if (row.contains("state") && row["state"].is_string()) unit["unit_file_state"] = row["state"];
    if (row.contains("preset") && row["preset"].is_string()) unit["preset"] = row["preset"];
    out.push_back(std::move(unit));
  }
  return out;
}

Json parse_list_units_text(std::string_view text) {
  Json out = Json::array();
  for (const std::string_view raw : split_lines(text)) {
    std::string_view line = trim(raw);
    // Older versions mark failed units with a bullet even in --plain mode.
    for (std::string_view bullet : {"\xE2\x97\x8F", "*"}) {
      if (line.rfind(bullet, 0) == 0) line = trim(line.substr(bullet.size()));
    }
    std::vector<std::string> columns;
    std::size_t i = 0;
    while (columns.size() < 4 && i < line.size()) {
      while (i < line.size() && line[i] == ' ') ++i;
      const std::size_t column_start = i;
      while (i < line.size() && line[i] != ' ') ++i;
      if (i > column_start) columns.emplace_back(line.substr(column_start, i - column_start));
    }
    if (columns.size() < 4) continue;
    out.push_back({{"name", sanitize::to_utf8(columns[0])},
                   {"load_state", sanitize::to_utf8(columns[1])},
                   {"active_state", sanitize::to_utf8(columns[2])},
                   {"sub_state", sanitize::to_utf8(columns[3])},
                   {"description", sanitize::to_utf8(trim(line.substr(std::min(i, line.size()))))}});
  }
  return out;
}

Json parse_list_unit_files_text(std::string_view text) {
  Json out = Json::array();
  for (const std::string_view raw : split_lines(text)) {
    const std::vector<std::string> columns = split_spaces(trim(raw));
    if (columns.size() < 2) continue;
    Json unit = {{"name", sanitize::to_utf8(columns[0])}, {"unit_file_state", sanitize::to_utf8(columns[1])}};
    if (columns.size() >= 3 && columns[2] != "-") unit["preset"] = sanitize::to_utf8(columns[2]);
    out.push_back(std::move(unit));
  }
  return out;
}

namespace {

const char* priority_name(long long priority) {
  static constexpr std::array names{"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};
  return priority >= 0 && priority < static_cast<long long>(names.size()) ? names[static_cast<std::size_t>(priority)]
                                                                          : nullptr;
}

// A journal field value as text: a string, an array of byte values, or (for a repeated field) an array of
// those, joined by newlines.
std::optional<std::string> field_text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (!value.is_array()) return std::nullopt;
  const bool bytes = !value.empty() && std::all_of(value.begin(), value.end(), [](const Json& v) {
    return v.is_number_unsigned() || (v.is_number_integer() && v.get<long long>() >= 0);
  });
  std::string out;
  if (bytes) {
    for (const Json& b : value) out += static_cast<char>(static_cast<unsigned char>(b.get<unsigned>() & 0xFF));
    return out;
  }
  bool first = true;
  for (const Json& item : value) {
    auto part = field_text(item);
    if (!part) continue;
    if (!first) out += '\n';
    out += *part;
    first = false;
  }
  if (first) return std::nullopt;
  return out;
}

std::optional<long long> field_integer(const Json& entry, const char* name) {
  if (!entry.contains(name)) return std::nullopt;
  if (entry[name].is_number_integer()) return entry[name].get<long long>();
  if (auto text = field_text(entry[name])) return to_integer(*text);
  return std::nullopt;
}

}  // namespace

Json parse_journal(std::string_view text, std::size_t max_message_bytes) {
  Json entries = Json::array();
  long long skipped = 0;
  for (const std::string_view raw : split_lines(text)) {
    const std::string_view line = trim(raw);
    if (line.empty()) continue;
    const Json parsed = parse_untrusted_json(line);
    if (!parsed.is_object()) {
      ++skipped;
      continue;
    }
    Json entry = Json::object();
    if (auto us = field_integer(parsed, "__REALTIME_TIMESTAMP")) {
      entry["time_us"] = *us;
      entry["time"] = static_cast<double>(*us) / 1e6;
    }
    if (auto pid = field_integer(parsed, "_PID")) entry["pid"] = *pid;
    if (auto priority = field_integer(parsed, "PRIORITY")) {
      entry["priority"] = *priority;
      if (const char* name = priority_name(*priority)) entry["priority_name"] = name;
    }
    if (parsed.contains("MESSAGE")) {
      if (auto message = field_text(parsed["MESSAGE"])) {
        if (message->size() > max_message_bytes) {
          message->resize(max_message_bytes);
          entry["message_truncated"] = true;
        }
        entry["message"] = sanitize::to_utf8(*message);
      }
    }
    for (const auto& [field, name] : {std::pair{"_SYSTEMD_UNIT", "unit"}, std::pair{"_SYSTEMD_USER_UNIT", "user_unit"},
                                      std::pair{"SYSLOG_IDENTIFIER", "identifier"}, std::pair{"_COMM", "comm"},
                                      std::pair{"__CURSOR", "cursor"}}) {
      if (!parsed.contains(field)) continue;
      if (auto value = field_text(parsed[field])) entry[name] = sanitize::to_utf8(*value);
    }
    entries.push_back(std::move(entry));
  }
  return {{"entries", entries}, {"skipped", skipped}};
}

}  // namespace clawbook::systemd
