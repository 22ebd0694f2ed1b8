// TOML (1.0, through toml++) to nlohmann::json, for configs read from outside: Traefik's file provider, which
// is as often TOML as YAML.
//
// Tables become objects, arrays arrays, strings strings, integers 64-bit integers, floats doubles (inf and nan
// included), booleans booleans; dates, times and date-times become their TOML text ("1979-05-27T07:32:00Z").
//
// Untrusted input: at most max_input_bytes, nesting at most max_depth (table headers, dotted keys, inline tables
// and arrays together), at most max_values values. The nesting is bounded before toml++ builds anything, by a scan
// of the keys' dots and the brackets (toml++ itself bounds only inline nesting; a dotted key of 100000 parts would
// build, and destroy recursively, a tree that deep). Errors throw json5::ParseError ("line:column: message",
// 1-based); limits throw LimitError (fs/yaml.hpp), a ParseError.
#pragma once

#include "fs/yaml.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string_view>

namespace clawbook::fs {

struct TomlLimits {
  std::size_t max_input_bytes = 1024u * 1024u;
  int max_depth = 64;
  std::size_t max_values = 100'000;
};

// Parses one TOML document. Throws json5::ParseError (LimitError for a limit).
nlohmann::json parse_toml(std::string_view text, const TomlLimits& limits = {});

// The deepest nesting `text` can build (table header and dotted-key parts, open arrays and inline tables), and
// where it first exceeds `max_depth` (1-based line and column; 0 when it does not). Exposed for the tests.
struct TomlDepth {
  int depth = 0;
  int line = 0;
  int column = 0;
};
TomlDepth scan_toml_depth(std::string_view text, int max_depth);

}  // namespace clawbook::fs
