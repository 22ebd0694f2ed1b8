// Env files (~/.openclaw/.env, systemd EnvironmentFile=): reading a variable, and setting one with every other
// line left as it was.
#include "fs/env_file.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

namespace {

namespace envfile = clawbook::envfile;
using Catch::Matchers::Contains;

const std::string sample = R"(# OpenClaw environment
OPENCLAW_GATEWAY_PORT=18789
export OPENCLAW_GATEWAY_TOKEN="abc def"

QUOTED='single $x "q"'
EMPTY=
SPACED = value with spaces   # trailing comment
ESC="a\"b\\c\$d\`e\nf"
HASH=bar#baz
  INDENTED=yes
#COMMENTED=1
not an assignment
DUP=1
DUP=2
)";

}  // namespace

TEST_CASE("env file: get reads dotenv and systemd shapes", "[envfile][fs]") {
  CHECK(envfile::get(sample, "OPENCLAW_GATEWAY_PORT") == "18789");
  CHECK(envfile::get(sample, "OPENCLAW_GATEWAY_TOKEN") == "abc def");
  CHECK(envfile::get(sample, "QUOTED") == "single $x \"q\"");
  CHECK(envfile::get(sample, "EMPTY") == "");
  CHECK(envfile::get(sample, "SPACED") == "value with spaces");
  CHECK(envfile::get(sample, "ESC") == "a\"b\\c$d`e\\nf");  // \n is not an escape in the shell either
  CHECK(envfile::get(sample, "HASH") == "bar#baz");
  CHECK(envfile::get(sample, "INDENTED") == "yes");
  CHECK(envfile::get(sample, "DUP") == "2");  // the last assignment wins
  CHECK_FALSE(envfile::get(sample, "COMMENTED"));
  CHECK_FALSE(envfile::get(sample, "MISSING"));
  CHECK_FALSE(envfile::get(sample, "not"));
  CHECK_FALSE(envfile::get(sample, ""));
  CHECK_FALSE(envfile::get("", "A"));
  // CRLF, a BOM, no final newline, a quoted value followed by a comment, an unterminated quote.
  CHECK(envfile::get("A=1\r\nB=\"x y\"\r\n", "A") == "1");
  CHECK(envfile::get("A=1\r\nB=\"x y\"\r\n", "B") == "x y");
  CHECK(envfile::get("\xEF\xBB\xBF" "A=1\n", "A") == "1");
  CHECK(envfile::get("A=last", "A") == "last");
  CHECK(envfile::get("A='x' # note", "A") == "x");
  CHECK(envfile::get("A=\"abc", "A") == "\"abc");
  CHECK(envfile::get("A= #only a comment", "A") == "");
  CHECK(envfile::get("export A=1", "A") == "1");
  CHECK(envfile::get("export=1", "export") == "1");
  CHECK(envfile::get("AB=1", "A") == std::nullopt);
}

TEST_CASE("env file: set rewrites the last assignment in place", "[envfile][fs]") {
  CHECK(envfile::set("export TOKEN=old\n", "TOKEN", "new") == "export TOKEN=new\n");
  CHECK(envfile::set("A=1\nA=2\nB=3\n", "A", "9") == "A=1\nA=9\nB=3\n");
  CHECK(envfile::set("A=old # note\n", "A", "new") == "A=new # note\n");
  CHECK(envfile::set("A = old\n", "A", "new") == "A = new\n");
  CHECK(envfile::set("A=\"old value\" # c\n", "A", "new") == "A=new # c\n");
  CHECK(envfile::set("A='x'\n", "A", "two words") == "A=\"two words\"\n");
  CHECK(envfile::set("A=\n", "A", "v") == "A=v\n");
  CHECK(envfile::set("A=v\n", "A", "") == "A=\n");
  CHECK(envfile::set("A=1\r\nB=2\r\n", "A", "5") == "A=5\r\nB=2\r\n");
  CHECK(envfile::set("A=1", "A", "5") == "A=5");
  // Every other byte of a real-shaped file stays.
  const std::string edited = envfile::set(sample, "OPENCLAW_GATEWAY_TOKEN", "n3w-t0k3n");
  std::string expected = sample;
  expected.replace(expected.find("\"abc def\""), 9, "n3w-t0k3n");
  CHECK(edited == expected);
  CHECK(envfile::set(sample, "SPACED", "x") ==
        std::string(sample).replace(sample.find("value with spaces"), 17, "x"));
}

TEST_CASE("env file: set appends a missing variable", "[envfile][fs]") {
  CHECK(envfile::set("", "B", "2") == "B=2\n");
  CHECK(envfile::set("A=1\n", "B", "2") == "A=1\nB=2\n");
  CHECK(envfile::set("A=1", "B", "2") == "A=1\nB=2\n");
  CHECK(envfile::set("A=1\r\n", "B", "2") == "A=1\r\nB=2\r\n");
  CHECK(envfile::set("A=1\r\nC=3", "B", "2") == "A=1\r\nC=3\r\nB=2\r\n");
  CHECK(envfile::set("#B=1\n", "B", "2") == "#B=1\nB=2\n");
  CHECK(envfile::set(sample, "NEW_VAR", "x") == sample + "NEW_VAR=x\n");
}

TEST_CASE("env file: values are bare when safe, double-quoted and escaped otherwise", "[envfile][fs]") {
  CHECK(envfile::set("", "A", "tok-1.2_x:/@+") == "A=tok-1.2_x:/@+\n");
  CHECK(envfile::set("", "A", "") == "A=\n");
  CHECK(envfile::set("", "A", "two words") == "A=\"two words\"\n");
  CHECK(envfile::set("", "A", "a\"b\\c$d`e") == "A=\"a\\\"b\\\\c\\$d\\`e\"\n");
  CHECK(envfile::set("", "A", "x#y") == "A=\"x#y\"\n");
  CHECK(envfile::set("", "A", "it's") == "A=\"it's\"\n");
  CHECK(envfile::set("", "A", "caf\xC3\xA9") == "A=\"caf\xC3\xA9\"\n");
  // Whatever set writes, get reads back.
  for (const char* value : {"", "plain", "two words", "a\"b\\c$d`e", "'single'", "#hash", " lead", "trail ",
                            "x=y", "\\n", "$HOME", "tab\there", "caf\xC3\xA9"}) {
    INFO(value);
    for (const std::string& text : {std::string(), sample, std::string("export A=old # c\r\n")}) {
      const std::string edited = envfile::set(text, "A", value);
      CHECK(envfile::get(edited, "A") == value);
      CHECK(envfile::get(edited, "OPENCLAW_GATEWAY_PORT") == envfile::get(text, "OPENCLAW_GATEWAY_PORT"));
    }
  }
}

TEST_CASE("env file: set refuses names and values an env file cannot hold", "[envfile][fs]") {
  for (const char* name : {"", "1A", "A-B", "A B", "A=B", "export A", "ä"}) {
    INFO(name);
    CHECK_THROWS_AS(envfile::set("", name, "v"), std::invalid_argument);
  }
  CHECK_THROWS_WITH(envfile::set("", "A", "line\nbreak"), Contains("line break"));
  CHECK_THROWS_AS(envfile::set("", "A", "cr\rhere"), std::invalid_argument);
  CHECK_THROWS_AS(envfile::set("", "A", std::string("nul\0here", 8)), std::invalid_argument);
  CHECK_NOTHROW(envfile::set("", "_a1", "v"));
}
