// JSON from a peer the runbook does not control (a gateway, a proxy, the Docker engine, a journal line).
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace clawbook {

// nlohmann::json parses iteratively but copies and destroys a value recursively, one stack frame per level: a
// hostile peer sending `[[[[...]]]]` 100,000 deep would exhaust the stack. Deeper than `max_depth` is treated
// like any other invalid document: the result is discarded (check with is_discarded()).
inline nlohmann::json parse_untrusted_json(std::string_view text, int max_depth = 256) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return nlohmann::json(nlohmann::json::value_t::discarded);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return nlohmann::json::parse(text, nullptr, false);
}

}  // namespace clawbook
