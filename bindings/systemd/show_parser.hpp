// Parsers for systemctl and journalctl output. Pure functions over text, so they are tested on recorded output
// (a real `systemctl --user show` capture) and fuzzed; they never see a live manager.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clawbook::systemd {

using Json = nlohmann::json;

// `systemctl show` output: KEY=VALUE lines in the manager's order; a key may repeat (one ExecStart= line per
// command). Lines without '=' are skipped.
using Properties = std::vector<std::pair<std::string, std::string>>;
Properties parse_properties(std::string_view text);

// The unit table the `systemd.unit` function returns (snake_case names, see show_parser.cpp for the list).
// Environment= values never appear: only names and fingerprints.
Json unit_from_properties(const Properties& properties);

// One `{ path=... ; argv[]=... ; ignore_errors=... ; ... }` value of ExecStart= (or ExecStartEx=).
// systemctl joins argv with single spaces and no quoting, so an argument containing a space cannot be told
// apart from two arguments; `command` keeps the joined text.
Json parse_exec_command(std::string_view value);

// Words of a string-array property as systemctl prints them: space-separated, each word shell-quoted by
// systemd's shell_maybe_quote() when it needs it ("..." with \-escapes; $'...' and '...' also accepted).
// Words are the unescaped bytes: \xNN and octal escapes may make them invalid UTF-8.
std::vector<std::string> split_quoted_words(std::string_view text);

// "5s", "1min 30s", "500ms", "2h 3min", "1d", "infinity" -> seconds (nullopt for infinity or garbage).
std::optional<double> parse_timespan(std::string_view text);
// "Sun 2026-11-22 07:38:10 UTC" -> seconds since the epoch (only for UTC, which the runner asks for with TZ=UTC;
// nullopt for a year outside 1970..9999 or garbage).
std::optional<double> parse_timestamp(std::string_view text);

// `systemctl list-units --output=json` / `list-unit-files --output=json`, and their plain-text forms for
// systemctl versions without JSON tables (--plain --no-legend --full). Each returns an array of
// {name, load_state, active_state, sub_state, description} or {name, unit_file_state, preset}; nullopt when
// the text is not what was expected.
std::optional<Json> parse_list_units_json(std::string_view text);
std::optional<Json> parse_list_unit_files_json(std::string_view text);
Json parse_list_units_text(std::string_view text);
Json parse_list_unit_files_text(std::string_view text);

// `journalctl -o json` output: one JSON object per line. MESSAGE may be a string, an array of bytes (not valid
// UTF-8 or binary), an array of values (a repeated field) or absent. Returns {entries=[...], skipped=N} where
// an entry is {time, time_us, pid, priority, priority_name, message, unit, user_unit, identifier, comm, cursor}.
Json parse_journal(std::string_view text, std::size_t max_message_bytes = 16384);

}  // namespace clawbook::systemd
