// Timestamps as they appear at the start of log lines: ISO 8601 (tslog's `time`, docker --timestamps,
// rsyslog), syslog's "Nov 22 07:14:18" (journal short format, kern.log) and a bare clock "07:14:18" (OpenClaw's
// console format). Every parser returns nullopt rather than guessing on malformed input.
#pragma once

#include <optional>
#include <string_view>

namespace clawbook::logscan {

struct ParsedTime {
  double epoch = 0;      // seconds since the epoch
  size_t consumed = 0;   // characters of the input the timestamp used
};

// "2026-11-22T07:14:18.551+00:00", "2026-11-22 07:14:18Z", "2026-11-22T07:14:18" (local time when no zone).
std::optional<ParsedTime> parse_iso8601(std::string_view text);

// "Nov 22 07:14:18" in local time; the year is not in the text, so `year` supplies it.
std::optional<ParsedTime> parse_syslog_time(std::string_view text, int year);

// "07:14:18", "07:14:18.551", "07:14:18+00:00": seconds since midnight (in the zone given, else local) in
// `epoch`, without a date. `offset_seconds` is set when the text carried a zone.
struct ClockTime {
  double seconds_of_day = 0;
  std::optional<int> offset_seconds;
  size_t consumed = 0;
};
std::optional<ClockTime> parse_clock(std::string_view text);

// Durations for `since`: "30s", "15m", "2h", "1d" -> seconds.
std::optional<double> parse_duration(std::string_view text);

int current_year();

}  // namespace clawbook::logscan
