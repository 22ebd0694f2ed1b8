// The options table of a binding call, checked once (the `luaL_checkoption` / `luaL_opt*` of this API).
//
//   const Options opts(call, 2, {"method", "headers", "timeout"});
//   const std::string method = opts.str("method", "GET");
//
// Constructing it raises for any key it does not know, in one message style:
//   bad argument #2 to 'http.request' (unknown option 'verbs'; known: headers, method, timeout)
// Each getter checks the value's type and raises the same way ("option 'timeout' must be a number"). An absent
// or nil argument is an empty table, so every getter then returns its fallback.
#pragma once

#include "clawbook/binding.hpp"

#include <chrono>
#include <climits>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clawbook {

// `base` followed by `more`: the known keys of a call that shares a group of options with others.
std::vector<std::string_view> option_keys(std::initializer_list<std::string_view> base,
                                          const std::vector<std::string_view>& more);

class Options {
 public:
  Options(const Call& call, int index, std::initializer_list<std::string_view> known);
  // For key lists built from shared parts (e.g. a call's own options plus the TLS ones).
  Options(const Call& call, int index, const std::vector<std::string_view>& known);

  bool has(std::string_view key) const;
  // The raw value (nullopt when absent): for options whose shape the binding checks itself.
  std::optional<Json> value(std::string_view key) const;
  const Json& json() const { return table_; }

  std::optional<std::string> str(std::string_view key) const;
  std::string str(std::string_view key, std::string fallback) const;
  // A string that must be present and non-empty.
  std::string required_str(std::string_view key) const;
  std::optional<double> num(std::string_view key) const;
  double num(std::string_view key, double fallback) const;
  std::optional<long long> integer(std::string_view key, long long low = LLONG_MIN, long long high = LLONG_MAX) const;
  long long integer(std::string_view key, long long fallback, long long low, long long high) const;
  std::optional<bool> boolean(std::string_view key) const;
  bool boolean(std::string_view key, bool fallback) const;
  // A list of strings (absent: empty).
  std::vector<std::string> strings(std::string_view key) const;
  // A table of string keys to string values (absent: empty), e.g. HTTP headers or environment variables.
  std::vector<std::pair<std::string, std::string>> string_map(std::string_view key) const;

  // The deadline of the call: option 'timeout' (seconds, >= 0) or `default_seconds`, never past the run's end.
  std::chrono::steady_clock::duration deadline(double default_seconds) const;

  // Raises "bad argument #index to 'mod.fn' (message)".
  [[noreturn]] void error(std::string_view message) const;
  int index() const { return index_; }

 private:
  const Call& call_;
  int index_;
  Json table_;
};

}  // namespace clawbook
