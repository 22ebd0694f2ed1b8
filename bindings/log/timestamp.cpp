#include "log/timestamp.hpp"

#include <array>
#include <cctype>
#include <ctime>

namespace clawbook::logscan {
namespace {

bool digits(std::string_view text, size_t at, size_t count, int& out) {
  if (at + count > text.size()) return false;
  int value = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    value = value * 10 + (text[i] - '0');
  }
  out = value;
  return true;
}

// ".551" -> 0.551; advances `at`.
double fraction(std::string_view text, size_t& at) {
  if (at >= text.size() || (text[at] != '.' && text[at] != ',')) return 0;
  size_t pos = at + 1;
  double value = 0;
  double scale = 0.1;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
    value += (text[pos] - '0') * scale;
    scale /= 10;
    ++pos;
  }
  if (pos == at + 1) return 0;
  at = pos;
  return value;
}

// "Z", "+00:00", "-0530", "+01" -> seconds east of UTC; advances `at`.
std::optional<int> zone(std::string_view text, size_t& at) {
  if (at < text.size() && text[at] == 'Z') {
    ++at;
    return 0;
  }
  if (at >= text.size() || (text[at] != '+' && text[at] != '-')) return std::nullopt;
  const int sign = text[at] == '-' ? -1 : 1;
  int hours = 0;
  int minutes = 0;
  size_t pos = at + 1;
  if (!digits(text, pos, 2, hours)) return std::nullopt;
  pos += 2;
  if (pos < text.size() && text[pos] == ':') {
    if (!digits(text, pos + 1, 2, minutes)) return std::nullopt;
    pos += 3;
  } else if (digits(text, pos, 2, minutes)) {
    pos += 2;
  }
  if (hours > 14 || minutes > 59) return std::nullopt;
  at = pos;
  return sign * (hours * 3600 + minutes * 60);
}

bool valid_clock(int hour, int minute, int second) { return hour < 24 && minute < 60 && second <= 60; }

double from_fields(int year, int month, int day, int hour, int minute, int second, std::optional<int> offset) {
  std::tm fields{};
  fields.tm_year = year - 1900;
  fields.tm_mon = month - 1;
  fields.tm_mday = day;
  fields.tm_hour = hour;
  fields.tm_min = minute;
  fields.tm_sec = second;
  if (offset) return static_cast<double>(::timegm(&fields)) - *offset;
  fields.tm_isdst = -1;
  return static_cast<double>(std::mktime(&fields));
}

}  // namespace

std::optional<ParsedTime> parse_iso8601(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!digits(text, 0, 4, year) || text.size() < 19 || text[4] != '-' || !digits(text, 5, 2, month) ||
      text[7] != '-' || !digits(text, 8, 2, day) || (text[10] != 'T' && text[10] != ' ') ||
      !digits(text, 11, 2, hour) || text[13] != ':' || !digits(text, 14, 2, minute) || text[16] != ':' ||
      !digits(text, 17, 2, second))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > 31 || !valid_clock(hour, minute, second)) return std::nullopt;
  size_t at = 19;
  const double frac = fraction(text, at);
  const std::optional<int> offset = zone(text, at);
  return ParsedTime{from_fields(year, month, day, hour, minute, second, offset) + frac, at};
}

std::optional<ParsedTime> parse_syslog_time(std::string_view text, int year) {
  static constexpr std::array<std::string_view, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (text.size() < 15) return std::nullopt;
  int month = 0;
  for (size_t i = 0; i < months.size(); ++i)
    if (text.substr(0, 3) == months[i]) month = static_cast<int>(i) + 1;
  if (month == 0 || text[3] != ' ') return std::nullopt;
  // The day is space-padded: "Nov  2".
  int day = 0;
  if (text[4] == ' ') {
    if (!digits(text, 5, 1, day)) return std::nullopt;
  } else if (!digits(text, 4, 2, day)) {
    return std::nullopt;
  }
  int hour = 0, minute = 0, second = 0;
  if (text[6] != ' ' || !digits(text, 7, 2, hour) || text[9] != ':' || !digits(text, 10, 2, minute) ||
      text[12] != ':' || !digits(text, 13, 2, second) || day < 1 || day > 31 || !valid_clock(hour, minute, second))
    return std::nullopt;
  size_t at = 15;
  const double frac = fraction(text, at);
  return ParsedTime{from_fields(year, month, day, hour, minute, second, std::nullopt) + frac, at};
}

std::optional<ClockTime> parse_clock(std::string_view text) {
  int hour = 0, minute = 0, second = 0;
  if (text.size() < 8 || !digits(text, 0, 2, hour) || text[2] != ':' || !digits(text, 3, 2, minute) ||
      text[5] != ':' || !digits(text, 6, 2, second) || !valid_clock(hour, minute, second))
    return std::nullopt;
  size_t at = 8;
  const double frac = fraction(text, at);
  ClockTime clock;
  clock.offset_seconds = zone(text, at);
  clock.seconds_of_day = hour * 3600 + minute * 60 + second + frac;
  clock.consumed = at;
  // A clock must end the token: "07:14:18abc" is not a timestamp.
  if (at < text.size() && !std::isspace(static_cast<unsigned char>(text[at]))) return std::nullopt;
  return clock;
}

std::optional<double> parse_duration(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  double value = 0;
  size_t at = 0;
  while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) {
    value = value * 10 + (text[at] - '0');
    ++at;
  }
  if (at == 0 || at + 1 != text.size()) return std::nullopt;
  switch (text[at]) {
    case 's':
      return value;
    case 'm':
      return value * 60;
    case 'h':
      return value * 3600;
    case 'd':
      return value * 86400;
    default:
      return std::nullopt;
  }
}

int current_year() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  return local.tm_year + 1900;
}

}  // namespace clawbook::logscan
