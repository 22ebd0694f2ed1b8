// Peer JSON nested beyond the limit is discarded before nlohmann builds it (its copy would recurse per level).
#include "clawbook/untrusted_json.hpp"

#include <catch2/catch.hpp>

#include <string>

TEST_CASE("parse_untrusted_json discards documents nested beyond the limit", "[json]") {
  CHECK(clawbook::parse_untrusted_json(R"({"a": [1, {"b": "[[[[{{{{"}]})")["a"][1]["b"] == "[[[[{{{{");
  CHECK(clawbook::parse_untrusted_json(R"({"quote": "\"[[["})")["quote"] == "\"[[[");
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK(clawbook::parse_untrusted_json(deep).is_discarded());
  const std::string at_limit = std::string(256, '[') + std::string(256, ']');
  CHECK_FALSE(clawbook::parse_untrusted_json(at_limit).is_discarded());
  CHECK(clawbook::parse_untrusted_json(std::string(257, '[') + std::string(257, ']')).is_discarded());
  CHECK(clawbook::parse_untrusted_json("{not json").is_discarded());
}
