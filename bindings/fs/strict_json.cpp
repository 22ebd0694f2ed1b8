#include "fs/strict_json.hpp"

#include <algorithm>
#include <string>

namespace clawbook::fs {
namespace {

[[noreturn]] void fail(std::string_view text, std::size_t offset, const std::string& message) {
  const json5::Position pos = json5::position_of(text, offset);
  throw json5::ParseError(message, pos.line, pos.column);
}

// One pass over the bytes before nlohmann/json sees them, for two things it lets through: nesting without
// limit (whatever walks the tree later recurses), and a NUL byte, which it takes for the end of the input
// ("1\0garbage" parses as 1). A raw NUL is never valid JSON, not even inside a string.
void prescan(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\0') fail(text, i, "unexpected NUL byte");
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > json5::max_depth)
        fail(text, i, "nesting deeper than " + std::to_string(json5::max_depth) + " levels");
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
}

// nlohmann's DOM builder, keeping the first error's position instead of throwing it (json_sax_dom_parser is
// in nlohmann's detail namespace; sax_parse calls parse_error on this static type, so hiding it works).
struct PositionedDomBuilder : nlohmann::detail::json_sax_dom_parser<nlohmann::json> {
  using json_sax_dom_parser::json_sax_dom_parser;

  bool parse_error(std::size_t chars_read, const std::string& last_token, const nlohmann::detail::exception& error) {
    failed = true;
    // chars_read counts the offending character; for a number out of double range, point at its start.
    const std::size_t back = error.id == 406 ? last_token.size() : 1;
    offset = chars_read - std::min(chars_read, back);
    reason = error.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..." -> "syntax error ...":
    // the position is reported our way instead.
    if (const auto id_end = reason.find("] "); id_end != std::string::npos) reason.erase(0, id_end + 2);
    if (reason.starts_with("parse error at line ")) reason.erase(0, reason.find(": ") + 2);
    return false;
  }

  bool failed = false;
  std::size_t offset = 0;
  std::string reason;
};

}  // namespace

nlohmann::json parse_strict_json(std::string_view text) {
  if (text.size() > json5::max_input_bytes)
    throw json5::ParseError("input of " + std::to_string(text.size()) + " bytes is larger than the limit of " +
                                std::to_string(json5::max_input_bytes) + " bytes",
                            1, 1);
  prescan(text);
  nlohmann::json result;
  PositionedDomBuilder builder(result, false);
  nlohmann::json::sax_parse(text, &builder);
  if (builder.failed) fail(text, builder.offset, builder.reason);
  return result;
}

}  // namespace clawbook::fs
