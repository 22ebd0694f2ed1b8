// Options of a binding call (include/clawbook/options.hpp): unknown keys and wrong types raise in one style.
#include "clawbook/options.hpp"

#include <algorithm>
#include <cmath>

namespace clawbook {
namespace {

std::string type_name(const Json& value) {
  if (value.is_string()) return "string";
  if (value.is_boolean()) return "boolean";
  if (value.is_number()) return "number";
  if (value.is_array()) return "list";
  if (value.is_object()) return "table";
  return "nil";
}

}  // namespace

std::vector<std::string_view> option_keys(std::initializer_list<std::string_view> base,
                                          const std::vector<std::string_view>& more) {
  std::vector<std::string_view> keys(base);
  keys.insert(keys.end(), more.begin(), more.end());
  return keys;
}

Options::Options(const Call& call, int index, std::initializer_list<std::string_view> known)
    : Options(call, index, std::vector<std::string_view>(known)) {}

Options::Options(const Call& call, int index, const std::vector<std::string_view>& known)
    : call_(call), index_(index), table_(call.table(index)) {
  if (!table_.is_object()) {
    // An empty Lua table converts to an empty list: that is an empty options table too.
    if (table_.is_array() && table_.empty()) table_ = Json::object();
    else error("options must be a table of named fields");
  }
  for (const auto& [key, value] : table_.items()) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::vector<std::string_view> sorted(known.begin(), known.end());
    std::sort(sorted.begin(), sorted.end());
    std::string names;
    for (const auto name : sorted) names += (names.empty() ? "" : ", ") + std::string(name);
    error("unknown option '" + key + "'" + (names.empty() ? "; it takes no options" : "; known: " + names));
  }
}

void Options::error(std::string_view message) const { call_.arg_error(index_, message); }

std::chrono::steady_clock::duration Options::deadline(double default_seconds) const {
  const double seconds = num("timeout", default_seconds);
  if (seconds < 0) error("option 'timeout' must be a non-negative number of seconds");
  return call_.deadline(seconds);
}

bool Options::has(std::string_view key) const {
  const auto it = table_.find(std::string(key));
  return it != table_.end() && !it->is_null();
}

std::optional<Json> Options::value(std::string_view key) const {
  if (!has(key)) return std::nullopt;
  return table_.at(std::string(key));
}

std::optional<std::string> Options::str(std::string_view key) const {
  if (!has(key)) return std::nullopt;
  const Json& v = table_.at(std::string(key));
  if (!v.is_string()) error("option '" + std::string(key) + "' must be a string, not a " + type_name(v));
  return v.get<std::string>();
}

std::string Options::str(std::string_view key, std::string fallback) const {
  return str(key).value_or(std::move(fallback));
}

std::string Options::required_str(std::string_view key) const {
  auto v = str(key);
  if (!v || v->empty()) error("option '" + std::string(key) + "' (a non-empty string) is required");
  return *v;
}

std::optional<double> Options::num(std::string_view key) const {
  if (!has(key)) return std::nullopt;
  const Json& v = table_.at(std::string(key));
  if (!v.is_number()) error("option '" + std::string(key) + "' must be a number, not a " + type_name(v));
  const double d = v.get<double>();
  if (!std::isfinite(d)) error("option '" + std::string(key) + "' must be a finite number");
  return d;
}

double Options::num(std::string_view key, double fallback) const { return num(key).value_or(fallback); }

std::optional<long long> Options::integer(std::string_view key, long long low, long long high) const {
  if (!has(key)) return std::nullopt;
  const Json& v = table_.at(std::string(key));
  const bool integral = v.is_number_integer() || (v.is_number_float() && std::trunc(v.get<double>()) == v.get<double>() &&
                                                  std::fabs(v.get<double>()) < 9.0e15);
  const long long n = integral ? (v.is_number_integer() ? v.get<long long>() : static_cast<long long>(v.get<double>())) : 0;
  if (!integral || n < low || n > high) {
    std::string range;
    if (low != LLONG_MIN || high != LLONG_MAX)
      range = " in " + (low == LLONG_MIN ? std::string("..") : std::to_string(low) + "..") +
              (high == LLONG_MAX ? std::string() : std::to_string(high));
    error("option '" + std::string(key) + "' must be an integer" + range);
  }
  return n;
}

long long Options::integer(std::string_view key, long long fallback, long long low, long long high) const {
  return integer(key, low, high).value_or(fallback);
}

std::optional<bool> Options::boolean(std::string_view key) const {
  if (!has(key)) return std::nullopt;
  const Json& v = table_.at(std::string(key));
  if (!v.is_boolean()) error("option '" + std::string(key) + "' must be a boolean, not a " + type_name(v));
  return v.get<bool>();
}

bool Options::boolean(std::string_view key, bool fallback) const { return boolean(key).value_or(fallback); }

std::vector<std::string> Options::strings(std::string_view key) const {
  std::vector<std::string> out;
  if (!has(key)) return out;
  const Json& v = table_.at(std::string(key));
  if (v.is_object() && v.empty()) return out;  // {} converts as an empty table
  if (!v.is_array()) error("option '" + std::string(key) + "' must be a list of strings, not a " + type_name(v));
  for (const auto& item : v) {
    if (!item.is_string()) error("option '" + std::string(key) + "' must hold strings only");
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> Options::string_map(std::string_view key) const {
  std::vector<std::pair<std::string, std::string>> out;
  if (!has(key)) return out;
  const Json& v = table_.at(std::string(key));
  if (v.is_array() && v.empty()) return out;
  if (!v.is_object()) error("option '" + std::string(key) + "' must be a table of names to strings");
  for (const auto& [name, item] : v.items()) {
    if (!item.is_string()) error("option '" + std::string(key) + "." + name + "' must be a string");
    out.emplace_back(name, item.get<std::string>());
  }
  return out;
}

}  // namespace clawbook
