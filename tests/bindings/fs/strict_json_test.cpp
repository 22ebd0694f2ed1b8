// Strict JSON through nlohmann/json: same values as json::parse, errors as "line:column: reason".
#include "fs/strict_json.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

using clawbook::fs::parse_strict_json;
using clawbook::json5::ParseError;
using nlohmann::json;

std::string error_of(std::string_view text) {
  try {
    parse_strict_json(text);
  } catch (const ParseError& error) {
    return error.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("strict json parses what nlohmann/json parses", "[json][fs]") {
  const std::string text = R"({"gateway": {"port": 18789, "bind": "loopback", "ratio": 0.5, "list": [1, -2, null]}})";
  CHECK(parse_strict_json(text) == json::parse(text));
  CHECK(parse_strict_json("\xEF\xBB\xBF[1]") == json({1}));  // nlohmann skips a UTF-8 byte order mark
  CHECK(parse_strict_json("\"\\uD83D\\uDE00\"") == "\xF0\x9F\x98\x80");
}

TEST_CASE("strict json rejects JSON5 and reports line:column", "[json][fs]") {
  CHECK(error_of("{\n  // comment\n  \"a\": 1\n}").starts_with("2:3: syntax error while parsing object key"));
  CHECK(error_of("{\"a\": 1,}") ==
        "1:9: syntax error while parsing object key - unexpected '}'; expected string literal");
  CHECK(error_of("{a: 1}").starts_with("1:2: syntax error while parsing object key"));
  CHECK(error_of("[1x]").starts_with("1:3: syntax error while parsing array - invalid literal"));
  CHECK(error_of("").starts_with("1:1: syntax error while parsing value - unexpected end of input"));
  CHECK(error_of("[1,").starts_with("1:4: syntax error while parsing value - unexpected end of input"));
  // Lines break at CRLF as well; columns count code points.
  CHECK(error_of("[\r\n\"\xC3\xA9\", x]").starts_with("2:6: syntax error while parsing value - invalid literal"));
  CHECK(error_of("\"ab\ncd\"").starts_with("1:4: syntax error while parsing value - invalid string: control"));
  CHECK(error_of("[1, 1e400]") == "1:5: number overflow parsing '1e400'");
  CHECK(error_of(std::string("[1]\0garbage", 11)) == "1:4: unexpected NUL byte");
  CHECK(error_of(std::string("\"a\0\"", 4)) == "1:3: unexpected NUL byte");
  CHECK(error_of("\"\xFF\"").starts_with("1:2: syntax error while parsing value - invalid string: ill-formed UTF-8"));
}

TEST_CASE("strict json limits nesting depth and input size", "[json][fs]") {
  const std::string ok(512, '[');
  CHECK(parse_strict_json(ok + std::string(512, ']')).is_array());
  CHECK(error_of(std::string(513, '[') + std::string(513, ']')) == "1:513: nesting deeper than 512 levels");
  // Brackets inside strings do not count.
  CHECK(parse_strict_json("[\"" + std::string(1000, '[') + "\\\"\"]")[0].get<std::string>().size() == 1001);
  CHECK(error_of(std::string(clawbook::json5::max_input_bytes + 1, ' ')).starts_with("1:1: input of 67108865 bytes"));
}
