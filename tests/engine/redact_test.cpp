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
