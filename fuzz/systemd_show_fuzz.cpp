// Fuzzes the parsers of systemctl's output (bindings/systemd/show_parser.cpp), all on the same bytes:
// `systemctl show` (parse_properties, then unit_from_properties, which uses parse_exec_command,
// split_quoted_words, parse_timespan and parse_timestamp), and the list-units / list-unit-files tables in their
// JSON and plain-text forms. Checks:
//   - properties have a non-empty key without '=', no line break in key or value, valid UTF-8 (the parser
//     promises it), and there are no more of them than lines;
//   - the unit table serialises (the systemd.unit result), Environment= entries carry only a name and a
//     fingerprint, and an ExecStart= command is its argv joined by spaces;
//   - a time span or timestamp is a finite number when there is one (the header: nullopt for infinity or
//     garbage);
//   - a value without quotes, backslashes or '$' splits into its whitespace-separated words;
//   - every table the list parsers return serialises and names each unit.
#include "systemd/show_parser.hpp"

#include "fuzz_check.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace sd = clawbook::systemd;
using clawbook::fuzz::no_throw;
using clawbook::fuzz::require;
using clawbook::fuzz::serialises;
using clawbook::fuzz::valid_utf8;
using Json = nlohmann::json;

std::vector<std::string> whitespace_words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    const std::size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) words.emplace_back(text.substr(start, i - start));
  }
  return words;
}

void check_value(const std::string& value) {
  std::optional<double> span;
  std::optional<double> stamp;
  std::vector<std::string> words;
  no_throw("a systemctl value parser threw", [&] {
    span = sd::parse_timespan(value);
    stamp = sd::parse_timestamp(value);
    words = sd::split_quoted_words(value);
  });
  if (span) require(std::isfinite(*span), "parse_timespan gives a finite number or nothing", value);
  if (stamp) require(std::isfinite(*stamp), "parse_timestamp gives a finite number or nothing", value);
  if (value.find_first_of("\"'\\$") == std::string::npos) {
    require(words == whitespace_words(value), "split_quoted_words splits plain text at whitespace", value);
  }
}

void check_exec(const std::string& value) {
  Json command;
  no_throw("parse_exec_command threw", [&] { command = sd::parse_exec_command(value); });
  require(serialises(command), "a parsed ExecStart= serialises", value);
  if (!command.contains("argv")) return;
  std::string joined;
  for (const Json& arg : command.at("argv")) joined += (joined.empty() ? "" : " ") + arg.get<std::string>();
  require(command.at("command") == joined, "an ExecStart= command is its argv joined by spaces");
}

void check_unit(const Json& unit) {
  if (!serialises(unit)) {
    require(false, "the unit table serialises", unit.dump(-1, ' ', false, Json::error_handler_t::replace));
  }
  for (const Json& entry : unit.at("environment")) {
    require(entry.is_object() && entry.contains("name") && entry.at("name").is_string(), "an Environment= entry is named");
    for (const auto& [key, value] : entry.items()) {
      require(key == "name" || key == "fingerprint", "an Environment= entry shows no value", key);
      if (key == "fingerprint") require(value.get<std::string>().rfind("sha256:", 0) == 0, "a fingerprint, not a value");
    }
  }
}

void check_table(const std::optional<Json>& table, const char* what) {
  if (!table) return;
  require(table->is_array(), what);
  if (!serialises(*table)) require(false, what, table->dump(-1, ' ', false, Json::error_handler_t::replace));
  for (const Json& row : *table) require(row.contains("name") && row.at("name").is_string(), what);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  sd::Properties properties;
  no_throw("parse_properties threw", [&] { properties = sd::parse_properties(text); });
  require(properties.size() <= static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1,
          "no more properties than lines");
  for (const auto& [key, value] : properties) {
    require(!key.empty() && key.find('=') == std::string::npos, "a property key is non-empty and has no '='", key);
    require(key.find('\n') == std::string::npos && value.find('\n') == std::string::npos,
            "a property holds no line break");
    require(valid_utf8(key) && valid_utf8(value), "property keys and values are valid UTF-8");
    check_value(value);
    if (key == "ExecStart") check_exec(value);
  }
  Json unit;
  no_throw("unit_from_properties threw", [&] { unit = sd::unit_from_properties(properties); });
  check_unit(unit);

  no_throw("a list-units parser threw", [&] {
    check_table(sd::parse_list_units_json(text), "list-units JSON gives named units that serialise");
    check_table(sd::parse_list_unit_files_json(text), "list-unit-files JSON gives named files that serialise");
    check_table(sd::parse_list_units_text(text), "list-units text gives named units that serialise");
    check_table(sd::parse_list_unit_files_text(text), "list-unit-files text gives named files that serialise");
  });
  return 0;
}
