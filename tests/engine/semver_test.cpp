#include "semver.hpp"

#include <catch2/catch.hpp>

using clawbook::semver::Range;
using clawbook::semver::Version;

namespace {
bool satisfies(const char* version, const char* range) {
  auto v = Version::parse(version);
  auto r = Range::parse(range);
  REQUIRE(v);
  REQUIRE(r);
  return r->satisfied_by(*v);
}
}  // namespace

TEST_CASE("versions parse and order as semver says", "[semver]") {
  CHECK(Version::parse("1.2.3")->str() == "1.2.3");
  CHECK_FALSE(Version::parse("1.2"));
  CHECK_FALSE(Version::parse("01.2.3"));
  CHECK_FALSE(Version::parse("1.2.3.4"));
  CHECK(*Version::parse("1.0.0-alpha") < *Version::parse("1.0.0"));
  CHECK(*Version::parse("1.0.0-alpha.2") < *Version::parse("1.0.0-alpha.10"));
  CHECK(*Version::parse("1.9.0") < *Version::parse("1.10.0"));
}

TEST_CASE("ranges: caret, tilde, x-ranges, comparators, hyphens and alternatives", "[semver]") {
  CHECK(satisfies("1.0.0", "^1"));
  CHECK(satisfies("1.9.3", "^1"));
  CHECK_FALSE(satisfies("2.0.0", "^1"));
  CHECK_FALSE(satisfies("2.0.0-rc.1", "^1"));
  CHECK(satisfies("0.2.5", "^0.2.3"));
  CHECK_FALSE(satisfies("0.3.0", "^0.2.3"));
  CHECK(satisfies("1.2.9", "~1.2"));
  CHECK_FALSE(satisfies("1.3.0", "~1.2"));
  CHECK(satisfies("1.2.0", "1.2.x"));
  CHECK(satisfies("5.0.0", "*"));
  CHECK(satisfies("1.5.0", ">=1.0 <2"));
  CHECK_FALSE(satisfies("2.0.0", ">=1.0 <2"));
  CHECK(satisfies("1.5.0", "1.0.0 - 1.5.0"));
  CHECK(satisfies("3.1.0", "^1 || ^3"));
  CHECK(satisfies("1.2.0", "1.2.0"));
  CHECK_FALSE(satisfies("1.2.1", "1.2.0"));
  CHECK_FALSE(satisfies("1.2.0-beta", ">=1.0.0"));
  CHECK(satisfies("1.2.0-beta.2", ">=1.2.0-beta.1"));
  CHECK_FALSE(Range::parse("^x.y"));
  CHECK_FALSE(Range::parse(">=banana"));
}
