// YAML (1.2, through yaml-cpp's event parser) to nlohmann::json, for configs read from outside: Traefik,
// cloudflared, Kubernetes manifests.
//
// Scalars follow the YAML 1.2 core schema: plain null/~/empty -> null, true/false -> boolean, decimal, 0x and
// 0o integers -> integers (doubles when they do not fit 64 bits), floats and .inf/.nan -> doubles, everything
// else (and every quoted or !!str scalar) -> string. Mapping keys become strings (a non-string scalar key its
// text; a sequence or mapping as a key is an error). Merge keys (`<<: *base`, `<<: [*a, *b]`) are applied; a
// duplicate key keeps its last value. A stream of several documents (`---`) is a list of its non-empty
// documents; a single document is its value.
//
// Untrusted input: at most max_input_bytes, nesting at most max_depth, at most max_nodes values,
// max_scalar_bytes of scalar text in the result and max_documents documents. Aliases count as the copies they become,
// so an alias bomb
// ("billion laughs") stops at the node limit with LimitError instead of expanding. Errors throw
// json5::ParseError ("line:column: message", 1-based); limits throw LimitError, a ParseError.
#pragma once

#include "fs/json5.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace clawbook::fs {

struct YamlLimits {
  std::size_t max_input_bytes = 8u * 1024u * 1024u;
  int max_depth = 128;
  std::size_t max_nodes = 250'000;
  std::size_t max_scalar_bytes = 16u * 1024u * 1024u;
  std::size_t max_documents = 10'000;  // yaml-cpp keeps state per document: a stream of empty ones grows it
};

struct LimitError : json5::ParseError {
  using json5::ParseError::ParseError;
};

struct YamlDocuments {
  nlohmann::json value;   // the one document, or the list of documents
  std::size_t count = 0;  // documents in the list (0 for an empty stream, whose value is an empty list)
};

// Parses a YAML stream. Throws json5::ParseError (LimitError for a limit).
YamlDocuments parse_yaml(std::string_view text, const YamlLimits& limits = {});

}  // namespace clawbook::fs
