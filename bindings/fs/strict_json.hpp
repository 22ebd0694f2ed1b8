// Strict JSON (RFC 8259) through nlohmann/json, with errors reported like the JSON5 parser's:
// json5::ParseError whose what() is "line:column: message" (column in code points).
#pragma once

#include "fs/json5.hpp"

#include <nlohmann/json.hpp>

#include <string_view>

namespace clawbook::fs {

// Same limits as json5::parse (input size, nesting depth). Throws json5::ParseError.
nlohmann::json parse_strict_json(std::string_view text);

}  // namespace clawbook::fs
