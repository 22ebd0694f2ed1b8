// TOML to JSON through toml++: every value type, Traefik's file-provider configs (tests/fixtures/toml/), errors
// with their position, and the limits an untrusted file meets (size, nesting by dotted keys, headers, arrays and
// inline tables, value count).
#include "fs/toml.hpp"
#include "test_paths.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

namespace {

using clawbook::fs::LimitError;
using clawbook::fs::parse_toml;
using clawbook::fs::scan_toml_depth;
using clawbook::fs::TomlLimits;
using clawbook::json5::ParseError;
using nlohmann::json;

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(CLAWBOOK_TESTS_DIR) + "/fixtures/toml/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string error_of(std::string_view text, const TomlLimits& limits = {}) {
  try {
    parse_toml(text, limits);
  } catch (const LimitError& error) {
    return std::string("limit ") + error.what();
  } catch (const ParseError& error) {
    return error.what();
  }
  return "(no error)";
}

int depth_of(const json& value) {
  if (!value.is_structured()) return 0;
  int deepest = 0;
  for (const auto& child : value) deepest = std::max(deepest, depth_of(child));
  return deepest + 1;
}

std::string repeat(std::string_view part, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += part;
  return out;
}

}  // namespace

TEST_CASE("toml values become JSON", "[toml][fs]") {
  const json value = parse_toml(
      "a = 18789\nb = -12\nc = 0x1F\nd = 0o17\ne = 1.5\nf = 1e3\ng = inf\nh = true\ni = false\n"
      "j = \"3600\"\nk = 'C:\\path'\nl = \"\"\"\nmulti\nline\"\"\"\nm = 1979-05-27T07:32:00Z\nn = 1979-05-27\n"
      "o = 07:32:00\np = [1, \"two\", [3]]\nq = { x = 1, y.z = 2 }\n\"quoted.key\" = 1\nr = 1_000\n");
  CHECK(value["a"] == 18789);
  CHECK(value["b"] == -12);
  CHECK(value["c"] == 31);
  CHECK(value["d"] == 15);
  CHECK(value["e"] == 1.5);
  CHECK(value["f"] == 1000.0);
  CHECK(std::isinf(value["g"].get<double>()));
  CHECK(value["h"] == true);
  CHECK(value["i"] == false);
  CHECK(value["j"] == "3600");
  CHECK(value["k"] == "C:\\path");
  CHECK(value["l"] == "multi\nline");
  CHECK(value["m"] == "1979-05-27T07:32:00Z");
  CHECK(value["n"] == "1979-05-27");
  CHECK(value["o"] == "07:32:00");
  CHECK(value["p"] == json::parse(R"([1, "two", [3]])"));
  CHECK(value["q"] == json::parse(R"({"x": 1, "y": {"z": 2}})"));
  CHECK(value["quoted.key"] == 1);  // a quoted key is one key, dots and all
  CHECK(value["r"] == 1000);
}

TEST_CASE("toml: Traefik's static and dynamic file-provider configs", "[toml][fs]") {
  const json static_config = parse_toml(fixture("traefik-static.toml"));
  CHECK(static_config["entryPoints"]["websecure"]["transport"]["respondingTimeouts"]["readTimeout"] == "30s");
  CHECK(static_config["providers"]["file"] == json::parse(R"({"directory": "/etc/traefik/dynamic", "watch": true})"));
  const json dynamic = parse_toml(fixture("traefik-dynamic.toml"));
  CHECK(dynamic["http"]["routers"]["openclaw"]["rule"] == "Host(`claw.example.com`)");
  CHECK(dynamic["http"]["routers"]["openclaw"]["entryPoints"] == json::array({"websecure"}));
  CHECK(dynamic["http"]["services"]["openclaw"]["loadBalancer"]["servers"] ==
        json::parse(R"([{"url": "http://127.0.0.1:18789"}])"));
}

TEST_CASE("toml errors name the line and column", "[toml][fs]") {
  CHECK(error_of("a = 1\nb = \n").rfind("2:", 0) == 0);
  CHECK(error_of("a = 1\na = 2\n").rfind("2:", 0) == 0);     // a key defined twice
  CHECK(error_of("[t]\nx = 1\n[t]\n").rfind("3:", 0) == 0);  // a table defined twice
  CHECK(error_of("s = \"unterminated\n").rfind("1:", 0) == 0);
  CHECK(error_of("s = \"\xff\xfe\"\n").rfind("1:", 0) == 0);                            // not UTF-8
  CHECK(error_of(std::string("a = 1\0b = 2", 11)).find("limit") == std::string::npos);  // an error, not a crash
  CHECK(error_of("]]]]\n") != "(no error)");
  CHECK(error_of("x = [1, 2\n") != "(no error)");
}

TEST_CASE("toml limits: size and value count", "[toml][fs]") {
  CHECK(error_of(std::string(1024 * 1024 + 1, '#')).rfind("limit 1:1: larger than 1048576 bytes", 0) == 0);
  TomlLimits small;
  small.max_values = 10;
  CHECK(error_of("a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]\n", small).find("limit") == 0);
  CHECK(error_of("a = [1, 2, 3]\n", small) == "(no error)");
}

TEST_CASE("toml limits: nesting by dotted keys, headers, arrays and inline tables", "[toml][fs]") {
  const std::string deep_key = "a" + repeat(".a", 100) + " = 1\n";  // 101 levels from one line
  CHECK(error_of(deep_key).rfind("limit 1:", 0) == 0);
  CHECK(error_of("[" + std::string("t") + repeat(".t", 70) + "]\n").rfind("limit 1:", 0) == 0);
  CHECK(error_of("[[" + std::string("t") + repeat(".t", 70) + "]]\n").rfind("limit 1:", 0) == 0);
  CHECK(error_of("x = " + repeat("[", 80) + repeat("]", 80) + "\n").rfind("limit 1:", 0) == 0);
  CHECK(error_of("x = " + repeat("{ a = ", 80) + "1" + repeat(" }", 80) + "\n").rfind("limit 1:", 0) == 0);
  // A header and a dotted key add up: 40 + 40 levels.
  CHECK(error_of("[" + std::string("t") + repeat(".t", 39) + "]\n" + "k" + repeat(".k", 39) + " = 1\n")
            .rfind("limit 2:", 0) == 0);
  // The hostile case the scan exists for: a dotted key of 300000 parts (toml++ would build it, and free it
  // recursively) stops before any parsing.
  CHECK(error_of("a" + repeat(".a", 300'000) + " = 1\n").rfind("limit 1:", 0) == 0);
  // Dots inside strings, floats and comments are not keys.
  const std::string dotted_values = "a = \"" + repeat(".", 500) + "\"\nb = [" + repeat("1.5, ", 200) + "1.5]\n# " +
                                    repeat(".", 500) + "\nc = '''\n" + repeat("x.", 500) + "'''\n";
  CHECK(error_of(dotted_values) == "(no error)");
  // Within the limit, the value is as deep as the scan said and no deeper than the limit.
  const std::string ok = "[t" + repeat(".t", 25) + "]\nk" + repeat(".k", 25) + " = [[{ a = 1 }]]\n";
  const json value = parse_toml(ok);
  const int scanned = scan_toml_depth(ok, 64).depth;
  CHECK(depth_of(value) <= scanned + 1);
  CHECK(scanned <= 64);
}
