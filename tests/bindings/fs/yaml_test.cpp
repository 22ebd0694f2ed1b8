// YAML to JSON through yaml-cpp's events: the core schema, merge keys, several documents, and the limits an
// untrusted file meets (alias bombs, deep nesting, size). Fixtures: tests/fixtures/yaml/.
#include "fs/yaml.hpp"
#include "test_paths.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

namespace {

using clawbook::fs::LimitError;
using clawbook::fs::parse_yaml;
using clawbook::fs::YamlLimits;
using clawbook::json5::ParseError;
using nlohmann::json;

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(CLAWBOOK_TESTS_DIR) + "/fixtures/yaml/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

json one(std::string_view text) {
  auto parsed = parse_yaml(text);
  REQUIRE(parsed.count == 1);
  return parsed.value;
}

std::string error_of(std::string_view text, const YamlLimits& limits = {}) {
  try {
    parse_yaml(text, limits);
  } catch (const LimitError& error) {
    return std::string("limit ") + error.what();
  } catch (const ParseError& error) {
    return error.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("yaml scalars follow the core schema", "[yaml][fs]") {
  const json value = one(
      "a: 18789\nb: -12\nc: 0x1F\nd: 0o17\ne: 1.5\nf: 1e3\ng: .inf\nh: true\ni: False\nj: ~\nk: null\nl:\n"
      "m: \"3600\"\nn: '1.0'\no: !!str 42\np: 1.2.3\nq: yes\nr: 0755\ns: 99999999999999999999\nt: +7\n");
  CHECK(value["a"] == 18789);
  CHECK(value["a"].is_number_unsigned());
  CHECK(value["b"] == -12);
  CHECK(value["c"] == 31);
  CHECK(value["d"] == 15);
  CHECK(value["e"] == 1.5);
  CHECK(value["f"] == 1000.0);
  CHECK(std::isinf(value["g"].get<double>()));
  CHECK(value["h"] == true);
  CHECK(value["i"] == false);
  CHECK(value["j"].is_null());
  CHECK(value["k"].is_null());
  CHECK(value["l"].is_null());
  CHECK(value["m"] == "3600");  // quoted: a string, as Kubernetes annotations must be
  CHECK(value["n"] == "1.0");
  CHECK(value["o"] == "42");
  CHECK(value["p"] == "1.2.3");
  CHECK(value["q"] == "yes");  // YAML 1.2: not a boolean
  CHECK(value["r"] == 755);    // YAML 1.2: decimal
  CHECK(value["s"].is_number_float());
  CHECK(value["t"] == 7);
}

TEST_CASE("yaml keys, flow collections and merge keys", "[yaml][fs]") {
  CHECK(one("{a: [1, {b: c}], 80: x, true: y}") == json::parse(R"({"a": [1, {"b": "c"}], "80": "x", "true": "y"})"));
  CHECK(one("a: 1\na: 2\n") == json{{"a", 2}});  // the last duplicate wins
  const json merged = one("base: &b {x: 1, y: 2}\nother: &o {z: 3}\nc:\n  <<: [*b, *o]\n  y: 9\nd:\n  \"<<\": *b\n");
  CHECK(merged["c"] == json::parse(R"({"x": 1, "y": 9, "z": 3})"));
  CHECK(merged["d"] == json::parse(R"({"<<": {"x": 1, "y": 2}})"));  // a quoted "<<" is an ordinary key
  CHECK(error_of("? [a, b]\n: c\n") == "1:3: a sequence or mapping as a mapping key is not supported");
  CHECK(error_of("<<: 3\n") == "1:5: a merge key's value must be a mapping or a list of mappings");
}

TEST_CASE("yaml documents: one is its value, several are a list", "[yaml][fs]") {
  auto empty = parse_yaml("");
  CHECK(empty.count == 0);
  CHECK(empty.value == json::array());
  auto single_null = parse_yaml("~\n");
  CHECK(single_null.count == 1);
  CHECK(single_null.value.is_null());
  auto list = parse_yaml("- 1\n- 2\n");
  CHECK(list.count == 1);
  CHECK(list.value == json({1, 2}));
  auto manifests = parse_yaml(fixture("k8s-ingress.yaml"));  // two documents and a trailing empty one
  REQUIRE(manifests.count == 2);
  CHECK(manifests.value[0]["kind"] == "Service");
  CHECK(manifests.value[0]["spec"]["ports"][0]["targetPort"] == 18789);
  CHECK(manifests.value[1]["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-read-timeout"] == "3600");
  CHECK(manifests.value[1]["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["port"]["number"] == 80);
}

TEST_CASE("yaml: a real Traefik dynamic config with an anchor and a merge key", "[yaml][fs]") {
  const json config = one(fixture("traefik-dynamic.yml"));
  CHECK(config["http"]["routers"]["openclaw"]["rule"] == "Host(`claw.example.com`)");
  CHECK(config["http"]["routers"]["openclaw"]["entryPoints"] == json({"websecure"}));
  CHECK(config["http"]["services"]["openclaw"]["loadBalancer"]["servers"][0]["url"] == "http://127.0.0.1:18789");
  // The explicit forwardingTimeouts replaces the merged one (a merge is shallow).
  CHECK(config["http"]["serversTransports"]["long"]["forwardingTimeouts"] == json{{"responseHeaderTimeout", "0s"}});
}

TEST_CASE("yaml errors carry line and column", "[yaml][fs]") {
  CHECK(error_of(fixture("broken.yaml")) == "4:3: end of map flow not found");
  CHECK(error_of("a: *missing\n") == "1:4: the referenced anchor is not defined");
  CHECK(error_of("a: [1, 2\n") == "2:1: end of sequence flow not found");
  CHECK(error_of("a: b: c\n") == "1:5: illegal map value");
  CHECK(error_of("a:\n\t- x\n") == "2:2: illegal block entry");
}

TEST_CASE("yaml alias bombs stop at the node limit", "[yaml][fs][limits]") {
  // 9 levels of 9 aliases: 387 million strings once expanded; stopped before any copy beyond the limit.
  const std::string bomb = fixture("billion-laughs.yaml");
  const std::string error = error_of(bomb);
  CHECK(error.starts_with("limit "));
  CHECK(error == "limit 7:18: more than 250000 values (aliases count as their copies)");
  // Byte-heavy aliases: a 1 MiB string referenced 20 times passes the node limit but not the text limit.
  std::string big = "a: &a " + std::string(1 << 20, 'x') + "\nb: [";
  for (int i = 0; i < 20; ++i) big += "*a, ";
  big += "*a]\n";
  CHECK(error_of(big).find("bytes of text (aliases count as their copies)") != std::string::npos);
  // A few aliases of a small anchor are fine.
  CHECK(one("a: &a {x: 1}\nb: [*a, *a]\n")["b"] == json::parse(R"([{"x": 1}, {"x": 1}])"));
}

TEST_CASE("yaml: broken bytes that yaml-cpp turns into endless empty documents stop at the document limit",
          "[yaml][fs][limits]") {
  // Found by yaml_fuzz (an out-of-memory: yaml-cpp keeps state for each document it emits).
  CHECK(error_of(fixture("endless-documents.yaml")) == "limit 2:6: more than 10000 documents");
}

TEST_CASE("yaml nesting, size and node limits", "[yaml][fs][limits]") {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK(error_of(deep).starts_with("limit "));
  const std::string block_deep = [] {
    std::string text;
    for (int i = 0; i < 300; ++i) text += std::string(static_cast<std::size_t>(i) * 2, ' ') + "k:\n";
    return text;
  }();
  CHECK(error_of(block_deep).find("nested deeper than 128 levels") != std::string::npos);
  CHECK(one(std::string(100, '[') + std::string(100, ']')).is_array());
  YamlLimits small;
  small.max_input_bytes = 16;
  CHECK(error_of("a: 0123456789abcdef\n", small) == "limit 1:1: larger than 16 bytes");
  small = {};
  small.max_nodes = 10;
  CHECK(error_of("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]", small).starts_with("limit 1:"));
}
