// JSON5 (https://spec.json5.org, 1.0.0) parser producing nlohmann::json.
//
// OpenClaw's config is JSON5 and no Debian library parses it, so this one is ours. It accepts the whole
// spec: comments, trailing commas, unquoted (ECMAScript IdentifierName) keys, single-quoted strings, all
// escapes including \x, \u (surrogate pairs combine; a lone surrogate becomes U+FFFD), line continuations,
// hexadecimal numbers, leading/trailing decimal points, an explicit '+', Infinity and NaN, and every JSON5
// whitespace and line terminator (CR, LF, CRLF, U+2028, U+2029).
//
// Values follow nlohmann::json::parse, so strict JSON parses to an identical tree: integers without a
// fraction or exponent stay integers (negative -> number_integer, non-negative -> number_unsigned) when they
// fit 64 bits, else they become doubles; a duplicate key keeps its last value. "-0" is the double -0.0.
//
// Limits: input at most 64 MiB, nesting at most 512 arrays/objects, and the input must be valid UTF-8.
// Errors throw ParseError; what() is "line:column: message" with a 1-based line and a 1-based column counted
// in code points.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace clawbook::json5 {

inline constexpr std::size_t max_input_bytes = 64u * 1024u * 1024u;
inline constexpr int max_depth = 512;

struct ParseError : std::runtime_error {
  ParseError(std::string msg, int line, int column);
  int line() const { return line_; }
  int column() const { return column_; }

 private:
  int line_;
  int column_;
};

// Parses one JSON5 value (surrounded by optional whitespace and comments). Throws ParseError.
nlohmann::json parse(std::string_view text);

// 1-based line and column (in code points) of byte `offset` of `text`, counting CR, LF, CRLF, U+2028 and
// U+2029 as line breaks. Shared with the strict JSON helper so both report positions the same way.
struct Position {
  int line;
  int column;
};
Position position_of(std::string_view text, std::size_t offset);

}  // namespace clawbook::json5
