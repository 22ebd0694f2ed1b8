// Fuzzes JSON Schema compilation and validation (bindings/json/schema): the input is a schema text, a NUL byte,
// then a document (JSON). Besides "no crash, no sanitizer report", it checks:
//   - compiling fails only with one of the documented errors, and the schema placed beside a `$ref` to an
//     http URL never compiles (nothing is ever fetched);
//   - validating the same document twice gives the same verdict and count (the regex cache changes nothing);
//   - an invalid document has at least one violation, `count` >= the violations kept, and every pointer is
//     empty or starts with '/'; a valid one has none.
// Strings longer than 16 bytes in the document are skipped: std::regex backtracks, and a hostile pattern on a
// long string is slow by design of that engine (docs/fuzzing.md), not a bug to find again.
#include "json/schema.hpp"

#include "fuzz_check.hpp"

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

namespace {

using clawbook::fuzz::require;
using clawbook::json_schema::Json;

bool short_strings(const Json& value, int depth = 0) {
  if (depth > 80) return false;
  if (value.is_string()) return value.get_ref<const std::string&>().size() <= 16;
  if (value.is_object())
    for (const auto& [key, item] : value.items())
      if (key.size() > 16 || !short_strings(item, depth + 1)) return false;
  if (value.is_array())
    for (const auto& item : value)
      if (!short_strings(item, depth + 1)) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 8192) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto nul = input.find('\0');
  const std::string_view schema_text = input.substr(0, nul);
  const auto compiled = clawbook::json_schema::compile_text(schema_text);
  static const std::set<std::string> kErrors = {"invalid_json", "too_large", "too_deep", "remote_ref",
                                                "invalid_schema"};
  if (!compiled.schema) {
    require(kErrors.count(compiled.error) == 1, "unknown compile error", compiled.error);
    return 0;
  }
  // The same schema under a property next to a remote reference never compiles: nothing is fetched.
  const Json parsed = Json::parse(schema_text, nullptr, false);
  if (!parsed.is_discarded()) {
    const Json wrapped = {{"properties", {{"a", parsed}, {"b", {{"$ref", "http://127.0.0.1:1/s.json"}}}}}};
    require(clawbook::json_schema::compile(wrapped).error != "", "a remote $ref compiled");
  }
  if (nul == std::string_view::npos) return 0;
  const Json document = Json::parse(input.substr(nul + 1), nullptr, false);
  if (document.is_discarded() || !short_strings(document)) return 0;
  const auto first = clawbook::json_schema::validate(*compiled.schema, document);
  const auto second = clawbook::json_schema::validate(*compiled.schema, document);
  require(first.ok == second.ok && first.valid == second.valid && first.count == second.count, "not deterministic");
  if (!first.ok) return 0;
  if (first.valid) {
    require(first.violations.empty() && first.count == 0, "a valid document with violations");
  } else {
    require(!first.violations.empty(), "an invalid document without violations");
    require(first.count >= first.violations.size(), "count below the violations kept");
  }
  for (const auto& v : first.violations)
    require(v.pointer.empty() || v.pointer.front() == '/', "bad pointer", v.pointer);
  return 0;
}
