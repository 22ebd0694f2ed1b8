// Layout-preserving JSON5 edits: exact bytes for the common shapes of openclaw.json, refusals, and a randomized
// run. Every edit is also checked against the parser: the result must parse to the input's tree with exactly
// that one change.
#include "fs/json5_edit.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using clawbook::json5::EditRefused;
using clawbook::json5::ParseError;
using nlohmann::json;
namespace json5 = clawbook::json5;
using Path = std::vector<std::string>;

json with_value(json doc, const Path& path, const json& value) {
  json* node = &doc;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) node = &(*node)[path[i]];
  (*node)[path.back()] = value;
  return doc;
}

json without_value(json doc, const Path& path) {
  json* node = &doc;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    if (!node->contains(path[i])) return doc;
    node = &(*node)[path[i]];
  }
  node->erase(path.back());
  return doc;
}

// set_value, with the postcondition checked.
std::string set(const std::string& text, const Path& path, const json& value) {
  std::string out = json5::set_value(text, path, value);
  INFO("input:\n" << text << "\noutput:\n" << out);
  CHECK(json5::parse(out) == with_value(json5::parse(text), path, value));
  return out;
}

// remove_value, with the postcondition checked.
std::string remove(const std::string& text, const Path& path) {
  std::string out = json5::remove_value(text, path);
  INFO("input:\n" << text << "\noutput:\n" << out);
  CHECK(json5::parse(out) == without_value(json5::parse(text), path));
  return out;
}

// The comments of a JSON5 text (strings skipped, so "ws://host" is not one), for the randomized test.
std::vector<std::string> comments_of(const std::string& text) {
  std::vector<std::string> found;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"' || c == '\'') {
      for (++i; i < text.size() && text[i] != c; ++i)
        if (text[i] == '\\') ++i;
    } else if (text.compare(i, 2, "//") == 0) {
      const std::size_t end = text.find_first_of("\r\n", i);
      found.push_back(text.substr(i, end == std::string::npos ? std::string::npos : end - i));
      i = end == std::string::npos ? text.size() : end;
    } else if (text.compare(i, 2, "/*") == 0) {
      const std::size_t end = text.find("*/", i + 2) + 2;
      found.push_back(text.substr(i, end - i));
      i = end - 1;
    }
  }
  return found;
}

// The shape OpenClaw's docs show: comments, single quotes, trailing commas, members sharing lines.
const std::string compact_sample =
    "{ gateway: { mode: \"local\", // comment\n port: 18789, auth: { mode: 'token', token: \"abc\" }, }, }";

const std::string pretty_sample = R"(// OpenClaw config
{
  // Gateway settings
  gateway: {
    mode: "local",
    port: 18789, // default port
    bind: 'loopback',
    auth: {
      mode: "token",
      token: "s3cr3t", /* rotate me */
    },
    controlUi: { enabled: true },
  },
  /* agents */
  agents: {
    defaults: { model: "anthropic/claude" },
    list: [ { id: "main" } ],
  },
}
)";

const std::string plain_json_sample = R"({
  "gateway": {
    "mode": "local",
    "port": 18789
  },
  "meta": {}
}
)";

}  // namespace

TEST_CASE("json5 edit: an existing value is replaced and nothing else moves", "[json5][edit][fs]") {
  CHECK(set(compact_sample, {"gateway", "auth", "token"}, "n3w") ==
        "{ gateway: { mode: \"local\", // comment\n port: 18789, auth: { mode: 'token', token: \"n3w\" }, }, }");
  CHECK(set(compact_sample, {"gateway", "port"}, 18790) ==
        "{ gateway: { mode: \"local\", // comment\n port: 18790, auth: { mode: 'token', token: \"abc\" }, }, }");
  CHECK(set(compact_sample, {"gateway", "mode"}, "remote") ==
        "{ gateway: { mode: \"remote\", // comment\n port: 18789, auth: { mode: 'token', token: \"abc\" }, }, }");
  // Any type, objects included, becomes its compact JSON.
  CHECK(set(compact_sample, {"gateway", "auth"}, json{{"mode", "none"}}) ==
        "{ gateway: { mode: \"local\", // comment\n port: 18789, auth: {\"mode\":\"none\"}, }, }");
  CHECK(set(compact_sample, {"gateway", "mode"}, json::array({1, "two", nullptr})) ==
        "{ gateway: { mode: [1,\"two\",null], // comment\n port: 18789, auth: { mode: 'token', token: \"abc\" }, }, }");
  CHECK(set(pretty_sample, {"agents", "list"}, json::array()) ==
        R"(// OpenClaw config
{
  // Gateway settings
  gateway: {
    mode: "local",
    port: 18789, // default port
    bind: 'loopback',
    auth: {
      mode: "token",
      token: "s3cr3t", /* rotate me */
    },
    controlUi: { enabled: true },
  },
  /* agents */
  agents: {
    defaults: { model: "anthropic/claude" },
    list: [],
  },
}
)");
  // Strings are escaped as JSON; non-finite doubles become JSON5 literals.
  CHECK(set("{ t: 'x' }", {"t"}, "a \"q\" \\ \n é") == "{ t: \"a \\\"q\\\" \\\\ \\n é\" }");
  CHECK(set("{ t: 1 }", {"t"}, 0.5) == "{ t: 0.5 }");
  CHECK(json5::set_value("{ t: 1 }", {"t"}, std::numeric_limits<double>::infinity()) == "{ t: Infinity }");
  CHECK(json5::set_value("{ t: 1 }", {"t"}, -std::numeric_limits<double>::infinity()) == "{ t: -Infinity }");
  const std::string nan = json5::set_value("{ t: 1 }", {"t"}, std::numeric_limits<double>::quiet_NaN());
  CHECK(nan == "{ t: NaN }");
  CHECK(std::isnan(json5::parse(nan)["t"].get<double>()));
  // Values of other forms: hex, +Infinity, multi-line strings.
  CHECK(set("{ a: 0x1F, b: +Infinity, c: 'x\\\ny', d: -.5 }", {"b"}, 1) == "{ a: 0x1F, b: 1, c: 'x\\\ny', d: -.5 }");
  CHECK(set("{ a: 0x1F, b: +Infinity, c: 'x\\\ny', d: -.5 }", {"d"}, 2) ==
        "{ a: 0x1F, b: +Infinity, c: 'x\\\ny', d: 2 }");
}

TEST_CASE("json5 edit: a new member follows its siblings' indentation in multi-line objects", "[json5][edit][fs]") {
  // After a last member with a trailing comma and a block comment: the new one gets its own line and a comma.
  CHECK(set(pretty_sample, {"gateway", "auth", "password"}, "pw") == R"(// OpenClaw config
{
  // Gateway settings
  gateway: {
    mode: "local",
    port: 18789, // default port
    bind: 'loopback',
    auth: {
      mode: "token",
      token: "s3cr3t", /* rotate me */
      password: "pw",
    },
    controlUi: { enabled: true },
  },
  /* agents */
  agents: {
    defaults: { model: "anthropic/claude" },
    list: [ { id: "main" } ],
  },
}
)");
  CHECK(set(pretty_sample, {"gateway", "tailscale"}, json{{"mode", "off"}}) == R"(// OpenClaw config
{
  // Gateway settings
  gateway: {
    mode: "local",
    port: 18789, // default port
    bind: 'loopback',
    auth: {
      mode: "token",
      token: "s3cr3t", /* rotate me */
    },
    controlUi: { enabled: true },
    tailscale: {"mode":"off"},
  },
  /* agents */
  agents: {
    defaults: { model: "anthropic/claude" },
    list: [ { id: "main" } ],
  },
}
)");
  // Without a trailing comma, a comma is added after the last value (before its comment).
  CHECK(set("{\n  a: 1 // one\n}", {"b"}, 2) == "{\n  a: 1, // one\n  b: 2\n}");
  CHECK(set("{\n    a: 1,\n    b: 'x'\n}\n", {"c"}, true) == "{\n    a: 1,\n    b: 'x',\n    c: true\n}\n");
  // A member whose key shares a line: the indentation comes from the last member that starts a line.
  CHECK(set("{\n  a: 1, b: 2\n}", {"c"}, 3) == "{\n  a: 1, b: 2,\n  c: 3\n}");
  CHECK(set(compact_sample, {"gateway", "bind"}, "lan") ==
        "{ gateway: { mode: \"local\", // comment\n port: 18789, auth: { mode: 'token', token: \"abc\" },\n bind: "
        "\"lan\", }, }");
  // Closing brace on the last member's line.
  CHECK(set("{\n  a: 1,\n  b: 2 }", {"c"}, 3) == "{\n  a: 1,\n  b: 2,\n  c: 3 }");
  // A comment spanning lines after the last member stays after it.
  CHECK(set("{\n  a: 1, /* first\n  second */\n}", {"b"}, 2) == "{\n  a: 1,\n  b: 2, /* first\n  second */\n}");
  // Blank lines and comments before the closing brace stay where they are.
  CHECK(set("{\n  a: 1,\n\n  // b: 2,\n}", {"c"}, 3) == "{\n  a: 1,\n  c: 3,\n\n  // b: 2,\n}");
  // Tabs.
  CHECK(set("{\n\ta: {\n\t\tb: 1\n\t}\n}", {"a", "c"}, 2) == "{\n\ta: {\n\t\tb: 1,\n\t\tc: 2\n\t}\n}");
}

TEST_CASE("json5 edit: empty objects and single-line objects", "[json5][edit][fs]") {
  CHECK(set("{}", {"a"}, 1) == "{ a: 1 }");
  CHECK(set("{}\n", {"a"}, 1) == "{ a: 1 }\n");
  CHECK(set("{ }", {"a"}, 1) == "{ a: 1 }");
  CHECK(set("{ /* none yet */ }", {"a"}, 1) == "{ a: 1 /* none yet */ }");
  CHECK(set("{\n}\n", {"a"}, 1) == "{\n  a: 1\n}\n");
  CHECK(set("{\n  // nothing yet\n}", {"a"}, 1) == "{\n  // nothing yet\n  a: 1\n}");
  CHECK(set("{\n  gateway: {\n  },\n}", {"gateway", "port"}, 18789) == "{\n  gateway: {\n    port: 18789\n  },\n}");
  CHECK(set("{\n  gateway: {},\n}", {"gateway", "port"}, 18789) == "{\n  gateway: { port: 18789 },\n}");
  CHECK(set("{ a: 1 }", {"b"}, 2) == "{ a: 1, b: 2 }");
  CHECK(set("{ a: 1, }", {"b"}, 2) == "{ a: 1, b: 2, }");
  CHECK(set("{a:1}", {"b"}, 2) == "{a:1, b: 2}");
  CHECK(set("{ a: 1 /* one */ }", {"b"}, 2) == "{ a: 1, b: 2 /* one */ }");
  CHECK(set("{ a: 1, // one\n}", {"b"}, 2) == "{ a: 1, b: 2, // one\n}");
  CHECK(set("{ a: [1,\n 2] }", {"b"}, 2) == "{ a: [1,\n 2], b: 2 }");
  CHECK(set(pretty_sample, {"gateway", "controlUi", "basePath"}, "/ui")
            .find("    controlUi: { enabled: true, basePath: \"/ui\" },\n") != std::string::npos);
  // A BOM before the top-level object.
  CHECK(set("\xEF\xBB\xBF{ a: 1 }", {"b"}, 2) == "\xEF\xBB\xBF{ a: 1, b: 2 }");
}

TEST_CASE("json5 edit: missing intermediate objects are created inline", "[json5][edit][fs]") {
  CHECK(set("{ gateway: { mode: 'local' } }", {"gateway", "auth", "token"}, "x") ==
        "{ gateway: { mode: 'local', auth: { token: \"x\" } } }");
  CHECK(set("{}", {"a", "b", "c", "d"}, json::object()) == "{ a: { b: { c: { d: {} } } } }");
  CHECK(set(pretty_sample, {"channels", "telegram", "enabled"}, true) == R"(// OpenClaw config
{
  // Gateway settings
  gateway: {
    mode: "local",
    port: 18789, // default port
    bind: 'loopback',
    auth: {
      mode: "token",
      token: "s3cr3t", /* rotate me */
    },
    controlUi: { enabled: true },
  },
  /* agents */
  agents: {
    defaults: { model: "anthropic/claude" },
    list: [ { id: "main" } ],
  },
  channels: { telegram: { enabled: true } },
}
)");
  // Created under an existing object deep down, and set again through what was just created.
  std::string text = set(pretty_sample, {"gateway", "auth", "rateLimit", "max"}, 10);
  CHECK(text.find("      rateLimit: { max: 10 },\n    },") != std::string::npos);
  text = set(text, {"gateway", "auth", "rateLimit", "windowMs"}, 60000);
  CHECK(text.find("      rateLimit: { max: 10, windowMs: 60000 },\n") != std::string::npos);
}

TEST_CASE("json5 edit: keys in any quoting, escapes, and comments between tokens", "[json5][edit][fs]") {
  const std::string text = R"({ "a b": 1, 'q\'k': 2, \u0061bc: 3, "\x41": 4, "\uD83D\uDE00": 5, 'l\
ong': 6 })";
  CHECK(set(text, {"a b"}, 10).find("\"a b\": 10,") != std::string::npos);
  CHECK(set(text, {"q'k"}, 20).find(R"('q\'k': 20,)") != std::string::npos);
  CHECK(set(text, {"abc"}, 30).find(R"(\u0061bc: 30,)") != std::string::npos);
  CHECK(set(text, {"A"}, 40).find(R"("\x41": 40,)") != std::string::npos);
  CHECK(set(text, {"\xF0\x9F\x98\x80"}, 50).find(R"("\uD83D\uDE00": 50,)") != std::string::npos);
  CHECK(set(text, {"long"}, 60).find("ong': 60 }") != std::string::npos);
  // Comments between key and colon, colon and value, value and comma.
  CHECK(set("{ a /* k */ : /* v */ 1 /* c */ , b // x\n : 2 }", {"a"}, 7) ==
        "{ a /* k */ : /* v */ 7 /* c */ , b // x\n : 2 }");
  CHECK(set("{ a /* k */ : /* v */ 1 /* c */ , b // x\n : 2 }", {"b"}, 8) ==
        "{ a /* k */ : /* v */ 1 /* c */ , b // x\n : 8 }");
  // Strings that look like comments or braces are just strings.
  CHECK(set("{ url: 'ws://h:1/*x', b: \"}//\" }", {"c"}, 1) == "{ url: 'ws://h:1/*x', b: \"}//\", c: 1 }");
  // Unicode whitespace and a line comment ended by U+2028.
  CHECK(set("{\xC2\xA0" "a: 1, // c\xE2\x80\xA8 b: 2 }", {"b"}, 3) == "{\xC2\xA0" "a: 1, // c\xE2\x80\xA8 b: 3 }");
}

TEST_CASE("json5 edit: new keys are bare identifiers unless they need quotes", "[json5][edit][fs]") {
  CHECK(set("{ a: 1 }", {"x-y"}, 1) == "{ a: 1, \"x-y\": 1 }");
  CHECK(set("{ a: 1 }", {"$ok_1"}, 1) == "{ a: 1, $ok_1: 1 }");
  CHECK(set("{ a: 1 }", {"1st"}, 1) == "{ a: 1, \"1st\": 1 }");
  CHECK(set("{ a: 1 }", {"ключ"}, 1) == "{ a: 1, ключ: 1 }");
  CHECK(set("{ a: 1 }", {""}, 1) == "{ a: 1, \"\": 1 }");
  CHECK(set("{ a: 1 }", {"say \"hi\""}, 1) == "{ a: 1, \"say \\\"hi\\\"\": 1 }");
  CHECK(set("{ a: 1 }", {"null"}, 1) == "{ a: 1, null: 1 }");
  // A file whose keys are all double-quoted is plain JSON, and stays JSON.
  const std::string edited = set(plain_json_sample, {"gateway", "auth", "token"}, "t");
  CHECK(edited == R"({
  "gateway": {
    "mode": "local",
    "port": 18789,
    "auth": { "token": "t" }
  },
  "meta": {}
}
)");
  CHECK(json::parse(edited) == json5::parse(edited));
  CHECK(set(plain_json_sample, {"meta", "lastTouchedAt"}, "2025-01-01") ==
        R"({
  "gateway": {
    "mode": "local",
    "port": 18789
  },
  "meta": { "lastTouchedAt": "2025-01-01" }
}
)");
}

TEST_CASE("json5 edit: CRLF files get CRLF lines", "[json5][edit][fs]") {
  const std::string text = "{\r\n\tgateway: {\r\n\t\tport: 18789,\r\n\t\t// note\r\n\t},\r\n}\r\n";
  CHECK(set(text, {"gateway", "bind"}, "lan") ==
        "{\r\n\tgateway: {\r\n\t\tport: 18789,\r\n\t\tbind: \"lan\",\r\n\t\t// note\r\n\t},\r\n}\r\n");
  CHECK(set(text, {"agents", "x"}, 1) ==
        "{\r\n\tgateway: {\r\n\t\tport: 18789,\r\n\t\t// note\r\n\t},\r\n\tagents: { x: 1 },\r\n}\r\n");
  CHECK(set("{\r\n\ta: {\r\n\t},\r\n}", {"a", "b"}, 1) == "{\r\n\ta: {\r\n\t\tb: 1\r\n\t},\r\n}");
  CHECK(set("{\r\n  a: 1 // one\r\n}\r\n", {"b"}, 2) == "{\r\n  a: 1, // one\r\n  b: 2\r\n}\r\n");
  CHECK(set("{\r\n  a: 1,\r\n  b: 2 }", {"c"}, 3) == "{\r\n  a: 1,\r\n  b: 2,\r\n  c: 3 }");
  CHECK(remove(text, {"gateway", "port"}) == "{\r\n\tgateway: {\r\n\t\t// note\r\n\t},\r\n}\r\n");
  CHECK(remove("{\r\n  a: 1,\r\n  b: 2\r\n}", {"b"}) == "{\r\n  a: 1\r\n}");
}

TEST_CASE("json5 edit: refusals", "[json5][edit][fs]") {
  // A key on the path written twice: which one a reader believes wins is unclear.
  const std::string duplicated = "{ gateway: { port: 1 }, gateway: { port: 2 } }";
  CHECK_THROWS_AS(json5::set_value(duplicated, {"gateway", "port"}, 3), EditRefused);
  CHECK_THROWS_AS(json5::set_value(duplicated, {"gateway"}, 3), EditRefused);
  CHECK_THROWS_AS(json5::remove_value(duplicated, {"gateway"}), EditRefused);
  CHECK_THROWS_WITH(json5::set_value("{ a: { b: 1, 'b': 2 } }", {"a", "b"}, 3),
                    Catch::Contains("a.b appears more than once"));
  CHECK_THROWS_AS(json5::set_value("{ a: { b: 1, \"\\u0062\": 2 } }", {"a", "b", "c"}, 3), EditRefused);
  // Duplicates elsewhere are no obstacle.
  CHECK(set(duplicated, {"other"}, 1) == "{ gateway: { port: 1 }, gateway: { port: 2 }, other: 1 }");
  // Through something that is not an object.
  CHECK_THROWS_WITH(json5::set_value("{ a: [ { b: 1 } ] }", {"a", "b"}, 3),
                    Catch::Contains("a is array, not an object"));
  CHECK_THROWS_AS(json5::set_value("{ a: [ { b: 1 } ] }", {"a", "0", "b"}, 3), EditRefused);
  CHECK_THROWS_WITH(json5::set_value(compact_sample, {"gateway", "auth", "token", "value"}, 3),
                    Catch::Contains("gateway.auth.token is string, not an object"));
  CHECK_THROWS_AS(json5::set_value("{ a: null }", {"a", "b"}, 3), EditRefused);
  CHECK_THROWS_AS(json5::remove_value("{ a: 'x' }", {"a", "b"}), EditRefused);
  // The top-level value must be an object.
  CHECK_THROWS_WITH(json5::set_value("[1, 2]", {"a"}, 3), Catch::Contains("top-level value is array"));
  CHECK_THROWS_AS(json5::set_value("'x'", {"a"}, 3), EditRefused);
  CHECK_THROWS_AS(json5::remove_value("null", {"a"}), EditRefused);
  // An empty path names no member.
  CHECK_THROWS_AS(json5::set_value("{}", {}, 3), std::invalid_argument);
  CHECK_THROWS_AS(json5::remove_value("{}", {}), std::invalid_argument);
  // Neither refusal changes anything by accident: the same text still edits fine elsewhere.
  CHECK(set("{ a: [ { b: 1 } ] }", {"a"}, 1) == "{ a: 1 }");
}

TEST_CASE("json5 edit: invalid JSON5 throws ParseError with its position", "[json5][edit][fs]") {
  for (const char* bad : {"", "{ a: 1,, }", "{ a: 1", "{ a: 'x }", "// only a comment", "{ a: 01 }", "{ a b: 1 }",
                          "{ a: 1 } }", "{ a: undefined }", "{ a: 1 /* open"}) {
    INFO(bad);
    CHECK_THROWS_AS(json5::set_value(bad, {"a"}, 1), ParseError);
    CHECK_THROWS_AS(json5::remove_value(bad, {"a"}), ParseError);
  }
  try {
    (void)json5::set_value("{\n  a: 1\n  b: 2\n}", {"a"}, 1);
    FAIL("expected a ParseError");
  } catch (const ParseError& error) {
    CHECK(error.line() == 3);
    CHECK(error.column() == 3);
  }
  // Invalid UTF-8 is refused by the parser too, and in a new key by the JSON writer.
  CHECK_THROWS_AS(json5::set_value("{ a: '\xFF' }", {"a"}, 1), ParseError);
  CHECK_THROWS_AS(json5::set_value("{ a: 1 }", {"\xFF"}, 1), json::type_error);
}

TEST_CASE("json5 edit: remove_value takes the member and its comma", "[json5][edit][fs]") {
  CHECK(remove("{ a: 1, b: 2, c: 3 }", {"a"}) == "{ b: 2, c: 3 }");
  CHECK(remove("{ a: 1, b: 2, c: 3 }", {"b"}) == "{ a: 1, c: 3 }");
  CHECK(remove("{ a: 1, b: 2, c: 3 }", {"c"}) == "{ a: 1, b: 2 }");
  CHECK(remove("{ a: 1, b: 2, c: 3, }", {"c"}) == "{ a: 1, b: 2, }");
  CHECK(remove("{ a: 1, /* keep */ b: 2 }", {"b"}) == "{ a: 1 /* keep */ }");
  CHECK(remove("{ a: 1, /* keep */ b: 2 }", {"a"}) == "{ /* keep */ b: 2 }");
  CHECK(remove("{ a: 1 }", {"a"}) == "{}");
  CHECK(remove("{ a: 1, }", {"a"}) == "{}");
  CHECK(remove("{ a: { b: 1 } }", {"a", "b"}) == "{ a: {} }");
  CHECK(remove("{ a: 1,\n  b: 2 }", {"a"}) == "{\n  b: 2 }");
  CHECK(remove("{ a: 1,\n  b: 2 }", {"b"}) == "{ a: 1 }");
  CHECK(remove("{ a: 1, // one\n  b: 2 }", {"b"}) == "{ a: 1 // one\n }");
  // On their own lines: the lines go, with a comment that ends the member's line; other comments stay.
  CHECK(remove("{\n  a: 1,\n  b: 2\n}", {"a"}) == "{\n  b: 2\n}");
  CHECK(remove("{\n  a: 1,\n  b: 2\n}", {"b"}) == "{\n  a: 1\n}");
  CHECK(remove("{\n  a: 1, // one\n  b: 2 // two\n}", {"b"}) == "{\n  a: 1 // one\n}");
  CHECK(remove("{\n  a: 1\n}\n", {"a"}) == "{\n}\n");
  CHECK(remove(pretty_sample, {"gateway", "auth", "token"}) == R"(// OpenClaw config
{
  // Gateway settings
  gateway: {
    mode: "local",
    port: 18789, // default port
    bind: 'loopback',
    auth: {
      mode: "token",
    },
    controlUi: { enabled: true },
  },
  /* agents */
  agents: {
    defaults: { model: "anthropic/claude" },
    list: [ { id: "main" } ],
  },
}
)");
  CHECK(remove(pretty_sample, {"agents"}) == R"(// OpenClaw config
{
  // Gateway settings
  gateway: {
    mode: "local",
    port: 18789, // default port
    bind: 'loopback',
    auth: {
      mode: "token",
      token: "s3cr3t", /* rotate me */
    },
    controlUi: { enabled: true },
  },
  /* agents */
}
)");
  CHECK(remove(compact_sample, {"gateway", "port"}) ==
        "{ gateway: { mode: \"local\", // comment\n auth: { mode: 'token', token: \"abc\" }, }, }");
  CHECK(remove(plain_json_sample, {"gateway", "port"}) == R"({
  "gateway": {
    "mode": "local"
  },
  "meta": {}
}
)");
  // Missing keys, at any depth, change nothing.
  CHECK(remove(pretty_sample, {"nope"}) == pretty_sample);
  CHECK(remove(pretty_sample, {"gateway", "nope", "deeper"}) == pretty_sample);
  CHECK(remove("{}", {"a"}) == "{}");
}

TEST_CASE("json5 edit: randomized paths keep the postcondition and every comment", "[json5][edit][fs]") {
  const std::vector<std::string> configs = {
      compact_sample,
      pretty_sample,
      plain_json_sample,
      "{\r\n\tgateway: {\r\n\t\tport: 18789,\r\n\t\t// note\r\n\t},\r\n}\r\n",
      "{\"gateway\" /* k */ : {'mode':'remote', \"remote\": {url: \"ws://h:1/x\"}}, empty: {}, e2: {\n}}",
      "// top\n{ // open\n  a: { /* inner */ },\n  b: [1, 2, /* in array */ 3],\n  c: 'str', // after c\n}\n// end\n",
      "{}",
  };
  const std::vector<std::string> keys = {"gateway", "auth", "token", "mode", "port",  "remote", "url",
                                         "a",       "b",    "x-y",   "ключ", "empty", "e2"};
  const std::vector<json> values = {
      json(1), json("s"), json(true), json(nullptr), json{{"k", "v"}}, json::array({1, 2}), json(2.5),
      json("quote \" and \\ and // and /* */"), json::object()};
  std::mt19937 random(20250101);
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random); };

  int edits = 0;
  int refusals = 0;
  int replaced_containers = 0;
  for (const std::string& config : configs) {
    for (int round = 0; round < 30; ++round) {
      std::string text = config;
      std::vector<std::string> comments = comments_of(config);
      for (int step = 0; step < 6; ++step) {
        Path path(1 + pick(4));
        for (auto& key : path) key = keys[pick(keys.size())];
        const json& value = values[pick(values.size())];
        INFO("config:\n" << config << "\ntext:\n" << text << "\npath: " << json(path).dump() << " value: "
                         << value.dump());
        const json before = json5::parse(text);
        std::string out;
        try {
          out = json5::set_value(text, path, value);
        } catch (const EditRefused&) {
          // Only for a path through a non-object (these configs have no duplicate keys).
          const json* node = &before;
          bool through_non_object = false;
          for (std::size_t i = 0; i + 1 < path.size() && node->contains(path[i]); ++i) {
            node = &(*node)[path[i]];
            if (!node->is_object()) through_non_object = true;
          }
          CHECK(through_non_object);
          ++refusals;
          continue;
        }
        REQUIRE(json5::parse(out) == with_value(before, path, value));
        // Every comment survives, in order, except those inside an object or array that was replaced: these
        // go as one contiguous run.
        const json::json_pointer pointer(std::accumulate(
            path.begin(), path.end(), std::string(),
            [](std::string acc, const std::string& key) { return acc + "/" + key; }));
        const bool replaced_container = before.contains(pointer) && before.at(pointer).is_structured();
        const std::vector<std::string> after = comments_of(out);
        if (replaced_container) {
          ++replaced_containers;
          REQUIRE(after.size() <= comments.size());
          std::size_t head = 0;
          while (head < after.size() && after[head] == comments[head]) ++head;
          const std::size_t removed = comments.size() - after.size();
          for (std::size_t i = head; i < after.size(); ++i) CHECK(after[i] == comments[i + removed]);
        } else {
          CHECK(after == comments);
        }
        comments = after;
        if (config.find("\r\n") != std::string::npos)
          CHECK(std::count(out.begin(), out.end(), '\n') == std::count(out.begin(), out.end(), '\r'));
        text = std::move(out);
        ++edits;
      }
      // Removal keeps the postcondition too (it may take a comment that ends a removed line).
      for (int step = 0; step < 3; ++step) {
        Path path(1 + pick(3));
        for (auto& key : path) key = keys[pick(keys.size())];
        INFO("text:\n" << text << "\npath: " << json(path).dump());
        try {
          text = remove(text, path);
        } catch (const EditRefused&) {
          ++refusals;
        }
      }
    }
  }
  CHECK(edits > 500);
  CHECK(refusals > 0);
  CHECK(replaced_containers > 0);
}
