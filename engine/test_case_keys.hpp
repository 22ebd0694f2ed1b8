// The keys a `clawbook test` case file may hold (docs/testing.md), in one place. Any other key is an error that
// names the case and the key, so a misspelling (`verdikt`, `reslut`) cannot quietly check nothing. A new key is
// added here, read where it is used (cli/test_runner.cpp for the case and `expect`, engine/fake_calls.cpp for
// the entries of `calls`) and documented in docs/testing.md.
#pragma once

#include "recording_file.hpp"  // Json, LoadError

#include <array>
#include <string>
#include <string_view>

namespace clawbook::test_case {

// The case itself.
inline constexpr std::array<std::string_view, 6> kCaseKeys = {"description", "runbook", "params",
                                                              "recording",   "calls",   "expect"};
// "expect": what the report must show.
inline constexpr std::array<std::string_view, 5> kExpectKeys = {"verdict", "first", "findings", "absent", "steps"};
// One entry of "calls": a fake binding result.
inline constexpr std::array<std::string_view, 7> kCallKeys = {"call",  "args",  "result",  "results",
                                                              "error", "times", "optional"};

// Throws LoadError "`where`: unknown key "verdikt" (known: ...)" for the first key of `object` not in `known`.
template <size_t N>
void check_keys(const Json& object, const std::array<std::string_view, N>& known, const std::string& where) {
  if (!object.is_object()) return;
  for (const auto& [key, value] : object.items()) {
    bool found = false;
    for (const auto k : known) found = found || k == key;
    if (found) continue;
    std::string list;
    for (const auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    throw LoadError(where + ": unknown key \"" + key + "\" (known: " + list + ")");
  }
}

}  // namespace clawbook::test_case
