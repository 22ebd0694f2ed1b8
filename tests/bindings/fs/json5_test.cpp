// JSON5 parser: every feature of the spec, number typing, limits, error positions, and the public
// json5/json5-tests conformance cases (tests/bindings/fs/json5-tests/).
#include "fs/json5.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>
#include "test_paths.hpp"

namespace {

using clawbook::json5::ParseError;
using nlohmann::json;
namespace json5 = clawbook::json5;
namespace stdfs = std::filesystem;

std::string read_bytes(const stdfs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct Failure {
  int line;
  int column;
  std::string message;
};

// Parses `text`, which must fail; returns where and why.
Failure failure_of(std::string_view text) {
  try {
    const json value = json5::parse(text);
    FAIL("expected a parse error, got " << value.dump());
  } catch (const ParseError& error) {
    return {error.line(), error.column(), error.what()};
  }
  return {};
}

const stdfs::path conformance_dir = stdfs::path(CLAWBOOK_TESTS_DIR) / "bindings/fs/json5-tests";

std::vector<stdfs::path> conformance_cases() {
  std::vector<stdfs::path> cases;
  for (const auto& entry : stdfs::recursive_directory_iterator(conformance_dir)) {
    const auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".json" || ext == ".json5" || ext == ".js" || ext == ".txt"))
      cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

}  // namespace

TEST_CASE("json5 conformance: .json and .json5 cases parse, .js and .txt cases are rejected", "[json5][fs]") {
  // The suite's README: .json is valid JSON (and so JSON5), .json5 is valid JSON5, .js is ES5 that JSON5
  // disallows, .txt is not even ES5. Both of the latter must fail.
  const auto cases = conformance_cases();
  REQUIRE(cases.size() == 113);
  int accepted = 0;
  int rejected = 0;
  for (const auto& path : cases) {
    const std::string text = read_bytes(path);
    const auto ext = path.extension();
    INFO(stdfs::relative(path, conformance_dir).string());
    if (ext == ".json" || ext == ".json5") {
      json value;
      REQUIRE_NOTHROW(value = json5::parse(text));
      // Valid JSON must come out exactly as nlohmann/json's strict parser reads it, number types included.
      if (ext == ".json") CHECK(value == json::parse(text));
      ++accepted;
    } else {
      CHECK_THROWS_AS(json5::parse(text), ParseError);
      ++rejected;
    }
  }
  CHECK(accepted == 82);
  CHECK(rejected == 31);
}

TEST_CASE("json5 conformance: error positions agree with the suite's .errorSpec files", "[json5][fs]") {
  int compared = 0;
  for (const auto& entry : stdfs::recursive_directory_iterator(conformance_dir)) {
    if (entry.path().extension() != ".errorSpec") continue;
    const auto name = stdfs::relative(entry.path(), conformance_dir).string();
    INFO(name);
    // The specs are JSON5 themselves.
    const json spec = json5::parse(read_bytes(entry.path()));
    auto input = entry.path();
    input.replace_extension(".txt");
    if (!stdfs::exists(input)) continue;  // strings/no-comma-array.errorSpec has no case next to it
    const Failure failure = failure_of(read_bytes(input));
    if (name == "strings/unescaped-multi-line-string.errorSpec") {
      // The reference reports the character after the raw line break (2:0); we point at the line break
      // itself, the end of line 1.
      CHECK(failure.message == "1:5: line break in string (end the line with a backslash to continue the string)");
    } else if (name == "comments/top-level-inline-comment.errorSpec") {
      // The reference says 1:67 for the end of this 65-character line; the end of input is at 1:66 (its
      // block-comment twin, top-level-block-comment, agrees with us).
      CHECK(failure.message == "1:66: unexpected end of input, expected a value");
    } else {
      CHECK(failure.line == spec.at("lineNumber").get<int>());
      CHECK(failure.column == spec.at("columnNumber").get<int>());
    }
    ++compared;
  }
  CHECK(compared == 7);
}

TEST_CASE("json5 conformance: the npm package.json written in JSON5 equals its JSON twin", "[json5][fs]") {
  const json from_json5 = json5::parse(read_bytes(conformance_dir / "misc/npm-package.json5"));
  const json from_json = json::parse(read_bytes(conformance_dir / "misc/npm-package.json"));
  CHECK(from_json5 == from_json);
  CHECK(from_json5.size() > 10);
}

TEST_CASE("json5 comments", "[json5][fs]") {
  CHECK(json5::parse("// line\n1") == 1);
  CHECK(json5::parse("1 // trailing, no newline") == 1);
  CHECK(json5::parse("/* block */ 1 /* after */") == 1);
  CHECK(json5::parse("/**/1") == 1);
  CHECK(json5::parse("/*** stars **/1") == 1);
  CHECK(json5::parse("[1, /* inside\n an array */ 2 // and here\n]") == json({1, 2}));
  CHECK(json5::parse("{/*a*/a/*b*/:/*c*/1/*d*/,/*e*/}") == json({{"a", 1}}));
  CHECK(json5::parse("'// not a comment'") == "// not a comment");
  CHECK(json5::parse("\"/* not a comment */\"") == "/* not a comment */");
  // Line comments end at CR, LF, U+2028 and U+2029.
  CHECK(json5::parse("// a\r1") == 1);
  CHECK(json5::parse("// a\xE2\x80\xA8" "1") == 1);
  CHECK(json5::parse("// a\xE2\x80\xA9" "1") == 1);
  const Failure only_comment = failure_of("// nothing else");
  CHECK(only_comment.message == "1:16: unexpected end of input, expected a value");
  const Failure unterminated = failure_of("[1,\n  /* never closed\n");
  CHECK(unterminated.message == "2:3: unterminated block comment");
  CHECK(failure_of("1 / 2").message == "1:3: unexpected '/' after the top-level value");
}

TEST_CASE("json5 trailing commas", "[json5][fs]") {
  CHECK(json5::parse("[1,2,]") == json({1, 2}));
  CHECK(json5::parse("{a:1,}") == json({{"a", 1}}));
  CHECK(json5::parse("[[],{},]") == json::parse("[[],{}]"));
  CHECK(failure_of("[1,,]").message == "1:4: unexpected ',', expected a value");
  CHECK(failure_of("[,]").message == "1:2: unexpected ',', expected a value");
  CHECK(failure_of("{,}").column == 2);
  CHECK(failure_of("{a:1,,}").column == 6);
}

TEST_CASE("json5 unquoted keys are ECMAScript identifier names", "[json5][fs]") {
  const json value = json5::parse("{ a: 1, _b: 2, $c: 3, d4: 5, $_$: 6, while: 7, null: 8, true: 9, Infinity: 10 }");
  CHECK(value == json::parse(R"({"a":1,"_b":2,"$c":3,"d4":5,"$_$":6,"while":7,"null":8,"true":9,"Infinity":10})"));
  // Unicode letters anywhere, combining marks and digits after the first character, \u escapes.
  CHECK(json5::parse("{ caf\xC3\xA9: 1 }") == json({{"caf\xC3\xA9", 1}}));
  CHECK(json5::parse("{ \xCE\xA3\xCF\x83: 1 }") == json({{"\xCE\xA3\xCF\x83", 1}}));
  CHECK(json5::parse("{ a\xCC\x81: 1 }") == json({{"a\xCC\x81", 1}}));          // a + U+0301 combining
  CHECK(json5::parse("{ x\xD9\xA3: 1 }") == json({{"x\xD9\xA3", 1}}));          // Arabic-Indic digit
  CHECK(json5::parse("{ a\xE2\x80\x8D" "b: 1 }") == json({{"a\xE2\x80\x8D" "b", 1}}));  // ZWJ
  CHECK(json5::parse("{ \\u0061b: 1, c\\u0064: 2 }") == json({{"ab", 1}, {"cd", 2}}));
  CHECK(json5::parse("{ sig\\u03A3ma: 1 }") == json({{"sig\xCE\xA3ma", 1}}));
  CHECK(json5::parse("{ 'single': 1, \"double\": 2 }") == json({{"single", 1}, {"double", 2}}));

  CHECK(failure_of("{ 1a: 1 }").message ==
        "1:3: invalid object key: expected a string or an identifier, got '1'");
  CHECK(failure_of("{ \xCC\x81: 1 }").column == 3);  // a combining mark cannot start a key
  CHECK(failure_of("{ a-b: 1 }").message == "1:4: expected ':' after key 'a', got '-'");
  CHECK(failure_of("{ \\u0020: 1 }").message == "1:3: escape \\u0020 is not an identifier character");
  CHECK(failure_of("{ a\\x41: 1 }").message == "1:4: invalid escape in identifier, expected \\uXXXX");
  CHECK(failure_of("{ a\\u00G1: 1 }").column == 4);
}

TEST_CASE("json5 strings: quotes, escapes, line continuations", "[json5][fs]") {
  CHECK(json5::parse(R"('single "with" double')") == "single \"with\" double");
  CHECK(json5::parse(R"("double 'with' single")") == "double 'with' single");
  CHECK(json5::parse(R"('I can\'t')") == "I can't");
  CHECK(json5::parse(R"("\"\\\/\b\f\n\r\t\v")") == "\"\\/\b\f\n\r\t\v");
  CHECK(json5::parse(R"('\0')") == std::string(1, '\0'));
  CHECK(json5::parse(R"('\x41\x7e\xE9')") == "A~\xC3\xA9");
  CHECK(json5::parse(R"('\u0041\u00e9\u20AC')") == "A\xC3\xA9\xE2\x82\xAC");
  CHECK(json5::parse(R"('\uD83D\uDE00')") == "\xF0\x9F\x98\x80");  // surrogate pair -> U+1F600
  CHECK(json5::parse(R"('\uD83Dx')") == "\xEF\xBF\xBDx");            // lone high surrogate -> U+FFFD
  CHECK(json5::parse(R"('\uDE00')") == "\xEF\xBF\xBD");              // lone low surrogate -> U+FFFD
  CHECK(json5::parse(R"('\uD83D\u0041')") == "\xEF\xBF\xBD" "A");
  CHECK(json5::parse(R"('\a\c\d\ \é')") == "acd \xC3\xA9");  // a NonEscapeCharacter stands for itself
  // Line continuations: a backslash before LF, CR, CRLF, U+2028 or U+2029 removes the break.
  CHECK(json5::parse("'one \\\ntwo'") == "one two");
  CHECK(json5::parse("'one \\\rtwo'") == "one two");
  CHECK(json5::parse("'one \\\r\ntwo'") == "one two");
  CHECK(json5::parse("'one \\\xE2\x80\xA8two'") == "one two");
  CHECK(json5::parse("'one \\\xE2\x80\xA9two'") == "one two");
  // U+2028/U+2029 and control characters other than CR and LF may appear unescaped.
  CHECK(json5::parse("'a\xE2\x80\xA8" "b'") == "a\xE2\x80\xA8" "b");
  CHECK(json5::parse("'tab\there'") == "tab\there");
  CHECK(json5::parse(std::string("'nul\0here'", 10)) == std::string("nul\0here", 8));

  CHECK(failure_of("'abc").message == "1:1: unterminated string");
  CHECK(failure_of("'abc\\").message == "1:1: unterminated string");
  CHECK(failure_of("[\n  'abc\n']").message ==
        "2:7: line break in string (end the line with a backslash to continue the string)");
  CHECK(failure_of("'a\rb'").column == 3);
  CHECK(failure_of(R"('\1')").message == "1:2: invalid escape sequence \\1");
  CHECK(failure_of(R"('\01')").message == "1:2: octal escape sequences are not allowed");
  CHECK(failure_of(R"('ab\x4')").message == "1:4: invalid \\x escape, expected two hex digits");
  CHECK(failure_of(R"('\u12')").message == "1:2: invalid \\u escape, expected four hex digits");
  CHECK(failure_of(R"('\uD83D\uZZZZ')").column == 8);
}

TEST_CASE("json5 numbers: hex, decimal points, signs, Infinity, NaN", "[json5][fs]") {
  CHECK(json5::parse("0xFF") == 255);
  CHECK(json5::parse("0XfF") == 255);
  CHECK(json5::parse("-0x10") == -16);
  CHECK(json5::parse("+0x10") == 16);
  CHECK(json5::parse("0xc8e4") == 0xc8e4);  // 'e' is a hex digit here, not an exponent
  CHECK(json5::parse(".5") == 0.5);
  CHECK(json5::parse("5.") == 5.0);
  CHECK(json5::parse("-.5") == -0.5);
  CHECK(json5::parse("+.5") == 0.5);
  CHECK(json5::parse("1.e2") == 100.0);
  CHECK(json5::parse("+1") == 1);
  CHECK(json5::parse("1e3") == 1000.0);
  CHECK(json5::parse("2E-2") == 0.02);
  CHECK(json5::parse("1e+2") == 100.0);
  CHECK(json5::parse("Infinity").get<double>() == std::numeric_limits<double>::infinity());
  CHECK(json5::parse("+Infinity").get<double>() == std::numeric_limits<double>::infinity());
  CHECK(json5::parse("-Infinity").get<double>() == -std::numeric_limits<double>::infinity());
  CHECK(std::isnan(json5::parse("NaN").get<double>()));
  CHECK(std::isnan(json5::parse("-NaN").get<double>()));
  CHECK(std::isnan(json5::parse("+NaN").get<double>()));
  CHECK(json5::parse("[Infinity,-Infinity]")[1].get<double>() < 0);
  CHECK(json5::parse("1e400").get<double>() == std::numeric_limits<double>::infinity());
  CHECK(json5::parse("1e-400").get<double>() == 0.0);

  CHECK(failure_of("01").message == "1:1: invalid number: leading zeros are not allowed (octal is not JSON5)");
  CHECK(failure_of("-012").column == 1);
  CHECK(failure_of("0x").message == "1:1: invalid hexadecimal number: no digits after '0x'");
  CHECK(failure_of("0xg").column == 1);
  CHECK(failure_of(".").message == "1:1: invalid number: expected digits, Infinity or NaN after '.', got end of input");
  CHECK(failure_of("-").column == 1);
  CHECK(failure_of("[1e]").message == "1:2: invalid number: the exponent has no digits");
  CHECK(failure_of("1e0x4").message == "1:4: invalid number: unexpected 'x' after '1e0'");
  CHECK(failure_of("12abc").column == 3);
  CHECK(failure_of("0b101").column == 2);
  CHECK(failure_of("-Inf").column == 1);
  CHECK(failure_of("Infinityx").message ==
        "1:1: unexpected word 'Infinityx', expected a value (strings need quotes)");
  CHECK(failure_of("1.5.2").message == "1:4: unexpected '.' after the top-level value");
}

TEST_CASE("json5 numbers: integers stay integers when they fit 64 bits, as in nlohmann/json", "[json5][fs]") {
  CHECK(json5::parse("42").is_number_unsigned());
  CHECK(json5::parse("-42").get<std::int64_t>() == -42);
  CHECK(json5::parse("-42").is_number_integer());
  CHECK(json5::parse("9223372036854775807").get<std::int64_t>() == std::numeric_limits<std::int64_t>::max());
  CHECK(json5::parse("18446744073709551615").get<std::uint64_t>() == std::numeric_limits<std::uint64_t>::max());
  CHECK(json5::parse("18446744073709551616").is_number_float());
  CHECK(json5::parse("-9223372036854775808").get<std::int64_t>() == std::numeric_limits<std::int64_t>::min());
  CHECK(json5::parse("-9223372036854775809").is_number_float());
  CHECK(json5::parse("0xFFFFFFFFFFFFFFFF").get<std::uint64_t>() == std::numeric_limits<std::uint64_t>::max());
  CHECK(json5::parse("0x10000000000000000").get<double>() == 18446744073709551616.0);
  CHECK(json5::parse("-0x8000000000000000").get<std::int64_t>() == std::numeric_limits<std::int64_t>::min());
  CHECK(json5::parse("1.0").is_number_float());
  CHECK(json5::parse("1e0").is_number_float());
  const json negative_zero = json5::parse("-0");
  CHECK(negative_zero.is_number_float());
  CHECK(std::signbit(negative_zero.get<double>()));
  for (const char* text : {"0", "-1", "123456789012345678", "-123456789012345678", "0.1", "-2.5e-3", "1E+10",
                           "[1,-1,18446744073709551615,18446744073709551616,-9223372036854775809]"}) {
    INFO(text);
    const json ours = json5::parse(text);
    const json theirs = json::parse(text);
    CHECK(ours == theirs);
    CHECK(ours.type() == theirs.type());
  }
}

TEST_CASE("json5 whitespace: every JSON5 space and line terminator", "[json5][fs]") {
  const std::string spaces = std::string(" \t\n\r\v\f") + "\xC2\xA0" /* NBSP */ + "\xEF\xBB\xBF" /* BOM */ +
                             "\xE1\x9A\x80" /* U+1680 */ + "\xE2\x80\x80" /* U+2000 */ + "\xE2\x80\x8A" /* U+200A */ +
                             "\xE2\x80\xAF" /* U+202F */ + "\xE2\x81\x9F" /* U+205F */ + "\xE3\x80\x80" /* U+3000 */ +
                             "\xE2\x80\xA8" /* LS */ + "\xE2\x80\xA9" /* PS */;
  CHECK(json5::parse(spaces + "[" + spaces + "1" + spaces + "," + spaces + "]" + spaces) == json({1}));
  CHECK(json5::parse("\xEF\xBB\xBF{a:1}") == json({{"a", 1}}));  // a leading byte order mark
  // U+0085 (NEL) and U+200B (zero width space) are not JSON5 whitespace.
  CHECK(failure_of("\xC2\x85" "1").message == "1:1: unexpected U+0085, expected a value");
  CHECK(failure_of("1 \xE2\x80\x8B").message == "1:3: unexpected U+200B after the top-level value");
}

TEST_CASE("json5 literals and multi-line documents", "[json5][fs]") {
  CHECK(json5::parse("true") == true);
  CHECK(json5::parse("false") == false);
  CHECK(json5::parse("null").is_null());
  CHECK(json5::parse("{a:true,b:false,c:null}") == json::parse(R"({"a":true,"b":false,"c":null})"));
  CHECK(failure_of("{ mode: local }").message ==
        "1:9: unexpected word 'local', expected a value (strings need quotes)");
  CHECK(failure_of("undefined").column == 1);
  CHECK(failure_of("truex").column == 1);
  CHECK(failure_of("[true false]").message == "1:7: expected ',' or ']' after an array element, got 'f'");

  // An OpenClaw-style config: comments, unquoted keys, single quotes, trailing commas, a multi-line string.
  const std::string config = R"(// ~/.openclaw/openclaw.json
{
  meta: { lastTouchedVersion: '2026.3.1', },
  gateway: {
    mode: 'local',
    port: 18789,
    bind: 'loopback',
    auth: { mode: 'token', token: "abc\u0031", },
    controlUi: { allowedOrigins: ['http://localhost:18789', ], },
  },
  /* logging */
  logging: { level: 'info', file: '/tmp/openclaw/\
openclaw.log' },
  agents: { defaults: { workspace: '~/.openclaw/workspace' } },
}
)";
  const json value = json5::parse(config);
  CHECK(value["gateway"]["port"] == 18789);
  CHECK(value["gateway"]["auth"]["token"] == "abc1");
  CHECK(value["gateway"]["controlUi"]["allowedOrigins"] == json({"http://localhost:18789"}));
  CHECK(value["logging"]["file"] == "/tmp/openclaw/openclaw.log");
  CHECK(value["meta"]["lastTouchedVersion"] == "2026.3.1");
  CHECK(json5::parse("{a:1,a:2}") == json({{"a", 2}}));  // the last duplicate wins, as in JSON.parse
}

TEST_CASE("json5 limits: nesting depth, input size, UTF-8", "[json5][fs]") {
  const auto nested = [](int depth) { return std::string(static_cast<std::size_t>(depth), '[') +
                                             std::string(static_cast<std::size_t>(depth), ']'); };
  CHECK(json5::parse(nested(json5::max_depth)).is_array());
  CHECK(failure_of(nested(json5::max_depth + 1)).message == "1:513: nesting deeper than 512 levels");
  std::string deep_objects;
  for (int i = 0; i < 100000; ++i) deep_objects += "{a:";
  CHECK(failure_of(deep_objects).message == "1:1537: nesting deeper than 512 levels");

  const std::string huge(json5::max_input_bytes + 1, ' ');
  CHECK(failure_of(huge).message == "1:1: input of 67108865 bytes is larger than the limit of 67108864 bytes");

  CHECK(failure_of("'\xFF'").message == "1:2: invalid UTF-8 byte sequence");
  CHECK(failure_of("'\xC0\x80'").column == 2);          // overlong NUL
  CHECK(failure_of("'\xED\xA0\x80'").column == 2);      // an encoded surrogate
  CHECK(failure_of("'\xF4\x90\x80\x80'").column == 2);  // above U+10FFFF
  CHECK(failure_of("'\xE2\x82'").column == 2);          // truncated sequence at the end
  CHECK(failure_of("\xFF").message == "1:1: invalid UTF-8 byte sequence");
  CHECK(json5::parse("'\xF0\x9F\x98\x80'") == "\xF0\x9F\x98\x80");
}

TEST_CASE("json5 error positions: lines and columns", "[json5][fs]") {
  const Failure lf = failure_of("{\n  a: 1,\n  b: \"abc,\n}");
  CHECK(lf.line == 3);
  CHECK(lf.column == 11);
  CHECK(lf.message == "3:11: line break in string (end the line with a backslash to continue the string)");
  CHECK(failure_of("\r\n\r\n  x").message == "3:3: unexpected word 'x', expected a value (strings need quotes)");
  CHECK(failure_of("\r\r x").line == 3);
  CHECK(failure_of("1\xE2\x80\xA8x").line == 2);
  // Columns count code points, not bytes.
  CHECK(failure_of("'\xC3\xA9\xE2\x82\xAC' x").column == 6);
  CHECK(failure_of("[").message == "1:2: unexpected end of input: array opened at 1:1 is not closed");
  CHECK(failure_of("{a:[1,\n{b:2}").message == "2:6: unexpected end of input: array opened at 1:4 is not closed");
  CHECK(failure_of("{\n a: 1").message == "2:6: unexpected end of input: object opened at 1:1 is not closed");
  CHECK(failure_of("{a 1}").message == "1:4: expected ':' after key 'a', got '1'");
  CHECK(failure_of("{a:1 b:2}").message == "1:6: expected ',' or '}' after an object member, got 'b'");
  CHECK(failure_of("[1]]").message == "1:4: unexpected ']' after the top-level value");
  CHECK(failure_of("").message == "1:1: unexpected end of input, expected a value");
  CHECK(failure_of("[\x01]").message == "1:2: unexpected U+0001, expected a value");

  const ParseError error("unterminated string", 3, 14);
  CHECK(std::string(error.what()) == "3:14: unterminated string");
  CHECK(error.line() == 3);
  CHECK(error.column() == 14);
}

TEST_CASE("json5 position_of counts CR, LF, CRLF, U+2028 and U+2029 as line breaks", "[json5][fs]") {
  const std::string text = "ab\ncd\r\nef\rg\xE2\x80\xA8h\xC3\xA9z";
  const auto at = [&](std::size_t offset) {
    const auto pos = json5::position_of(text, offset);
    return std::to_string(pos.line) + ":" + std::to_string(pos.column);
  };
  CHECK(at(0) == "1:1");
  CHECK(at(2) == "1:3");
  CHECK(at(3) == "2:1");
  CHECK(at(7) == "3:1");
  CHECK(at(10) == "4:1");
  CHECK(at(14) == "5:1");
  CHECK(at(17) == "5:3");  // after 'h' and the two bytes of 'é'
  CHECK(at(1000) == "5:4");
}
