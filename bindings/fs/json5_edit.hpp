// Edits of a JSON5 document (OpenClaw's openclaw.json) that change one member and leave every other byte as the
// user wrote it: comments, key order, quoting style, trailing commas, blank lines, line endings.
//
// The text is validated with json5::parse first; a small span-aware scanner then finds the bytes to change.
// Postcondition of every edit: json5::parse(result) equals json5::parse(text) with the one change applied.
#pragma once

#include "fs/json5.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace clawbook::json5 {

// Thrown when an edit cannot keep the file's comments and layout (the caller then refuses and says why).
struct EditRefused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// `text` with the value at `path` (object keys, outermost first, e.g. {"gateway","auth","token"}) set to
// `value`, every other byte unchanged.
//  - An existing value (of any type, even an object) is replaced by value.dump() (JSON is valid JSON5; a NaN
//    or infinite double is written as NaN, Infinity, -Infinity).
//  - A missing key is inserted as the last member of the deepest existing object on the path, the missing
//    intermediate objects created inline (`auth: { token: "x" }`), indented like its siblings (or the parent
//    + 2 spaces), with the file's line ending; a single-line object stays single-line. The new key is bare when
//    it is an identifier, quoted otherwise, and always quoted when every key of the file is double-quoted (a
//    plain JSON file stays JSON). A trailing comma after the last member is kept, and given to the new one.
// Throws ParseError when `text` is not valid JSON5; EditRefused when the top-level value is not an object,
// when the path goes through a non-object value (array, string...), or when a key on the path appears twice in
// the same object (which one wins would be ambiguous to a reader); std::invalid_argument when `path` is empty;
// nlohmann::json::type_error when a string in `value` or `path` is not valid UTF-8.
std::string set_value(std::string_view text, const std::vector<std::string>& path, const nlohmann::json& value);

// `text` without the member at `path`, and its comma. A member alone on its line(s) goes with its whole line(s),
// a comment after it on its last line included; comments elsewhere stay. When it was the last member without
// a trailing comma, the comma before it goes instead. A missing key (at any depth) returns `text` unchanged.
// Throws like set_value.
std::string remove_value(std::string_view text, const std::vector<std::string>& path);

}  // namespace clawbook::json5
