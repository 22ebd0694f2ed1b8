// Fuzzes the TOML reader (fs.toml: Traefik's file-provider configs). Besides "no crash, no sanitizer report", it
// checks:
//   - only json5::ParseError (LimitError for a limit) leaves the parser, with a position >= 1:1;
//   - what it returns stays within the limits: nesting at most max_depth, at most max_values values;
//   - the depth scan that guards toml++ is an upper bound of the nesting of what is returned;
//   - what it returns serialises as JSON.
#include "fs/toml.hpp"
#include "fuzz_check.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using clawbook::fuzz::require;
using nlohmann::json;

// Small limits, so the fuzzer reaches them often.
const clawbook::fs::TomlLimits kLimits{.max_input_bytes = 64 * 1024, .max_depth = 16, .max_values = 2000};

int depth_of(const json& value) {
  if (!value.is_structured()) return 0;
  int deepest = 0;
  for (const auto& child : value) deepest = std::max(deepest, depth_of(child));
  return deepest + 1;
}

std::size_t values_of(const json& value) {
  std::size_t count = 1;
  if (value.is_structured())
    for (const auto& child : value) count += values_of(child);
  return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const json value = clawbook::fs::parse_toml(text, kLimits);
    require(value.is_object(), "a document is a table");
    const int depth = depth_of(value);
    require(depth <= kLimits.max_depth + 1, "nesting within the limit");
    require(depth <= clawbook::fs::scan_toml_depth(text, kLimits.max_depth).depth + 1, "the scan bounds the nesting");
    require(values_of(value) <= kLimits.max_values, "values within the limit");
    (void)value.dump(-1, ' ', false, json::error_handler_t::replace);
  } catch (const clawbook::json5::ParseError& error) {
    require(error.line() >= 1 && error.column() >= 1, "an error position is 1-based", error.what());
  }
  return 0;
}
