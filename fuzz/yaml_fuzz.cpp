// Fuzzes the YAML reader (fs.yaml: Traefik, cloudflared and Kubernetes configs). Besides "no crash, no sanitizer
// report", it checks:
//   - only json5::ParseError (LimitError for a limit) leaves the parser, with a position >= 1:1;
//   - what it returns stays within the limits: nesting at most max_depth, at most max_nodes values;
//   - the document count matches the value (one document is its value; 0 or several are a list of that size);
//   - what it returns serialises as JSON (no invalid UTF-8 slips through a scalar unnoticed: dump() replaces it).
#include "fs/yaml.hpp"
#include "fuzz_check.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using clawbook::fuzz::require;
using nlohmann::json;

// Small limits, so the fuzzer reaches them often.
const clawbook::fs::YamlLimits kLimits{.max_input_bytes = 64 * 1024,
                                       .max_depth = 32,
                                       .max_nodes = 5000,
                                       .max_scalar_bytes = 256 * 1024,
                                       .max_documents = 100};

int depth_of(const json& value) {
  if (!value.is_structured()) return 0;
  int deepest = 0;
  for (const auto& child : value) deepest = std::max(deepest, depth_of(child));
  return deepest + 1;
}

std::size_t nodes_of(const json& value) {
  std::size_t count = 1;
  if (value.is_structured())
    for (const auto& child : value) count += nodes_of(child);
  return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto parsed = clawbook::fs::parse_yaml(text, kLimits);
    if (parsed.count != 1) {
      require(parsed.value.is_array() && parsed.value.size() == parsed.count, "a stream is the list of its documents");
    }
    // A list of documents adds one level and one node of its own.
    const int extra = parsed.count == 1 ? 0 : 1;
    require(depth_of(parsed.value) <= kLimits.max_depth + extra, "nesting within the limit");
    require(nodes_of(parsed.value) <= kLimits.max_nodes + static_cast<std::size_t>(extra), "values within the limit");
    (void)parsed.value.dump(-1, ' ', false, json::error_handler_t::replace);
  } catch (const clawbook::json5::ParseError& error) {
    require(error.line() >= 1 && error.column() >= 1, "an error position is 1-based", error.what());
  }
  return 0;
}
