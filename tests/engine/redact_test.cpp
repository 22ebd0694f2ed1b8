#include "redact.hpp"

#include <catch2/catch.hpp>

using clawbook::Redactor;

TEST_CASE("redaction replaces every occurrence with a stable fingerprint", "[redact]") {
  Redactor redactor;
  redactor.add("s3cr3t-token");
  redactor.add("s3cr3t");  // contained in the first: the longer one is replaced whole
  const std::string fp = clawbook::fingerprint("s3cr3t-token");
  CHECK(fp.rfind("sha256:", 0) == 0);
  CHECK(fp.size() == 15);
  CHECK(redactor.apply("a s3cr3t-token b s3cr3t-token") == "a " + fp + " b " + fp);
  CHECK(redactor.apply("only s3cr3t") == "only " + clawbook::fingerprint("s3cr3t"));
  nlohmann::json doc = {{"k", "Bearer s3cr3t-token"}, {"list", {"x", "s3cr3t-token"}}};
  redactor.apply_in_place(doc);
  CHECK(doc.dump().find("s3cr3t") == std::string::npos);
}

TEST_CASE("short secrets are replaced only as whole values", "[redact]") {
  Redactor redactor;
  redactor.add("ab");
  CHECK(redactor.apply("ab") == clawbook::fingerprint("ab"));
  CHECK(redactor.apply("cab") == "cab");
}

TEST_CASE("object keys are redacted too: evidence keys, nested keys, fact names", "[redact][secrets]") {
  Redactor redactor;
  redactor.add("key-secret-0123456789");
  nlohmann::ordered_json doc = {
      {"steps", {{{"evidence", {{"key-secret-0123456789", "v"}, {"nested", {{"inner key-secret-0123456789", 1}}}}}}}},
      {"facts", {{"key-secret-0123456789", true}, {"plain", 2}}}};
  redactor.apply_in_place(doc);
  const std::string text = doc.dump();
  CHECK(text.find("key-secret") == std::string::npos);
  const std::string fp = clawbook::fingerprint("key-secret-0123456789");
  CHECK(doc["facts"].contains(fp));
  CHECK(doc["facts"]["plain"] == 2);
  CHECK(doc["steps"][0]["evidence"]["nested"].contains("inner " + fp));
  // Order stays, and two keys that only differ in the secret both stay.
  nlohmann::ordered_json two = {{"a", 1}, {"key-secret-0123456789", 2}, {"key-secret-0123456789-x", 3}};
  redactor.apply_in_place(two);
  CHECK(two.size() == 3);
  CHECK(two.begin().key() == "a");
}

TEST_CASE("known secrets are matched in their common encodings and by long prefixes", "[redact][secrets]") {
  Redactor redactor;
  const std::string token = "tok/en+with=odd&chars:0123456789";
  redactor.add(token);
  const std::string fp = clawbook::fingerprint(token);
  // URL-encoded (query strings), form-encoded, lower-case hex, JSON-escaped.
  CHECK(redactor.apply("GET /x?token=tok%2Fen%2Bwith%3Dodd%26chars%3A0123456789 HTTP/1.1").find("0123456789") ==
        std::string::npos);
  CHECK(redactor.apply("tok%2fen%2bwith%3dodd%26chars%3a0123456789").find("0123456789") == std::string::npos);
  Redactor quoted;
  quoted.add("pass\"word\\with-quotes-123");
  CHECK(quoted.apply(R"({"p":"pass\"word\\with-quotes-123"})").find("with-quotes") == std::string::npos);
  // base64, on its own and inside a longer blob at every alignment (Basic auth "user:TOKEN").
  Redactor b64;
  const std::string secret = "b64-secret-value-42";
  b64.add(secret);
  for (const std::string user : {"u", "us", "usr"}) {
    // Standard base64 of user + ":" + secret, computed here by a tiny encoder.
    const std::string plain = user + ":" + secret;
    static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string encoded;
    for (std::size_t i = 0; i < plain.size(); i += 3) {
      unsigned n = static_cast<unsigned char>(plain[i]) << 16;
      if (i + 1 < plain.size()) n |= static_cast<unsigned char>(plain[i + 1]) << 8;
      if (i + 2 < plain.size()) n |= static_cast<unsigned char>(plain[i + 2]);
      for (std::size_t k = 0; k < 4; ++k) encoded += k <= (plain.size() - i) ? alphabet[(n >> (18 - 6 * k)) & 63] : '=';
    }
    const std::string shown = b64.apply("Authorization: Basic " + encoded);
    INFO(encoded << " -> " << shown);
    // Only the characters mixed with the user name or the padding stay.
    CHECK(shown.find(clawbook::fingerprint(secret)) != std::string::npos);
  }
  // A log that prints the first 16 characters of a known token; 12 are enough to be taken.
  Redactor prefix;
  const std::string long_token = "abcdef0123456789abcdef0123456789";
  prefix.add(long_token);
  CHECK(prefix.apply("using token abcdef0123456789... (truncated)") ==
        "using token " + clawbook::fingerprint(long_token) + "... (truncated)");
  CHECK(prefix.apply("abcdef012345") == clawbook::fingerprint(long_token));
  CHECK(prefix.apply("abcdef01234") == "abcdef01234");  // 11 characters: too short to say
  // Numbers equal to a secret (an integer param) become its fingerprint; others stay numbers.
  Redactor numbers;
  numbers.add("12345678");
  nlohmann::json values = {{"pin", 12345678}, {"count", 123456789}};
  numbers.apply_in_place(values);
  CHECK(values["pin"] == clawbook::fingerprint("12345678"));
  CHECK(values["count"] == 123456789);
}
