// JSON Schema (draft-07) validation with valijson (Debian's libvalijson-dev), for the `json` module and
// openclaw.validate_config. The schema and the document are untrusted input: sizes and depths are capped, a
// `$ref` may point only inside the schema's own document (no remote fetch, ever), and validation runs on a
// thread with a large stack of its own, because valijson and std::regex recurse.
//
// Violations come out as OpenClaw prints its own ("models.providers.openrouter.models.0: expected object,
// received string"): a dotted path, a JSON pointer and a message built from the schema at that path, one per
// cause (valijson's "failed to validate property X" chains up to the root are folded away).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace clawbook::json_schema {

using Json = nlohmann::json;

struct Limits {
  std::size_t max_schema_bytes = 16u << 20;  // the OpenClaw schema is 2.4 MB
  std::size_t max_document_bytes = 4u << 20;
  int max_depth = 64;               // nesting of the schema and of the document (OpenClaw's schema: 26)
  std::size_t max_violations = 50;  // violations kept; `count` still counts them all
  // A longer string (or key) is not validated: std::regex recurses about once per character (a config's longest
  // strings, system prompts, are a few KiB).
  std::size_t max_string_bytes = 64u << 10;
  // OpenClaw's schema is zod's JSON Schema output, which lists properties that have a default as required,
  // though a config may leave them out. true: such a property is optional (openclaw.validate_config).
  bool optional_defaults = false;
};

struct Violation {
  std::string path;     // "models.providers.openrouter.models.0"; "" for the root
  std::string pointer;  // "/models/providers/openrouter/models/0"
  std::string message;  // "expected object, received string"
  std::string keyword;  // the schema keyword that failed: type, additionalProperties, enum, required, pattern, ...
};

class Compiled;  // a parsed schema, ready to validate many documents (valijson's Schema and its regex cache)

struct CompileResult {
  std::shared_ptr<Compiled> schema;  // null on error
  std::string error;                 // invalid_json | too_large | too_deep | remote_ref | invalid_schema
  std::string message;
};

// Parses and compiles a schema. Compiled schemas are kept in a small process-wide cache keyed by the SHA-256 of
// their text, so one run (or many cases of `clawbook test`) parses the 2.4 MB OpenClaw schema once.
CompileResult compile_text(std::string_view text, const Limits& limits = {});
CompileResult compile(const Json& schema, const Limits& limits = {});

struct Outcome {
  bool ok = false;  // validation ran (false: error/message say why: too_large, too_deep, unsupported)
  std::string error;
  std::string message;
  bool valid = false;
  std::vector<Violation> violations;  // at most limits.max_violations
  std::size_t count = 0;              // all violations found
  std::size_t unchecked = 0;          // schema parts not checked: patterns std::regex lacks, $refs to nowhere
};

Outcome validate(Compiled& schema, const Json& document, const Limits& limits = {});

// {ok=true, valid, count, truncated, unchecked, violations={{path, pointer, message, keyword}}} or {ok=false, error,
// message}
Json to_json(const Outcome& outcome);

// Nesting depth of a JSON value (a scalar is 0).
int depth_of(const Json& value);

}  // namespace clawbook::json_schema
