// Fuzzes the JSON5 parser and the strict JSON helper. Besides "no crash, no sanitizer report", it checks:
//   - an error position is a real position of the input (line and column >= 1, line within the input);
//   - strict JSON that nlohmann/json accepts (without NUL bytes) is accepted by both parsers with an identical
//     tree (within the nesting limit);
//   - what the parser returns serialises as valid UTF-8, and re-parsing that JSON gives the same text again.
#include "fs/json5.hpp"
#include "fs/strict_json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace {

using nlohmann::json;
namespace json5 = clawbook::json5;

void check(bool condition) {
  if (!condition) std::abort();
}

// Every line break is a CR, an LF or starts with 0xE2 (U+2028, U+2029), so these bound the line count.
void check_position(std::string_view text, const json5::ParseError& error) {
  const auto breaks = std::count_if(text.begin(), text.end(), [](char c) {
    return c == '\n' || c == '\r' || static_cast<unsigned char>(c) == 0xE2;
  });
  check(error.line() >= 1 && error.line() <= breaks + 1);
  check(error.column() >= 1 && static_cast<std::size_t>(error.column()) <= text.size() + 1);
}

// nlohmann/json stops at a NUL byte ("1\0x" is 1); both of our parsers reject it, so no reference then.
std::optional<json> nlohmann_strict(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) return std::nullopt;
  try {
    return json::parse(text);
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

int depth_of(const json& value) {
  if (!value.is_structured()) return 0;
  int deepest = 0;
  for (const auto& child : value) deepest = std::max(deepest, depth_of(child));
  return deepest + 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::optional<json> reference = nlohmann_strict(text);
  const bool within_limits = !reference || depth_of(*reference) <= json5::max_depth;

  try {
    const json value = json5::parse(text);
    if (reference) check(value == *reference);
    // Throws (and so aborts, uncaught) if a string holds invalid UTF-8.
    const std::string dumped = value.dump();
    check(json5::parse(dumped).dump() == dumped);
  } catch (const json5::ParseError& error) {
    check_position(text, error);
    check(!reference || !within_limits);
  }

  try {
    const json value = clawbook::fs::parse_strict_json(text);
    check(reference && value == *reference);
  } catch (const json5::ParseError& error) {
    check_position(text, error);
    check(!reference || !within_limits);
  }
  return 0;
}
