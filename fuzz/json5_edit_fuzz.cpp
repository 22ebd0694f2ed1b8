// Fuzzes the JSON5-preserving edit (action.set_config, action.pin_token edit configs users wrote by hand).
// Besides "no crash, no sanitizer report", for each of a few key paths it checks:
//   - only the documented exceptions leave set_value/remove_value (ParseError, EditRefused, invalid_argument,
//     and nlohmann's type_error for invalid UTF-8);
//   - an edit that succeeds parses, and equals the original tree with the key set (or removed);
//   - setting a value that is already there changes nothing else on a second edit (idempotent).
#include "fs/json5.hpp"
#include "fs/json5_edit.hpp"

#include "fuzz_check.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

using nlohmann::json;
namespace json5 = clawbook::json5;
using clawbook::fuzz::require;

json with_set(json tree, const std::vector<std::string>& path, const json& value) {
  json* at = &tree;
  for (const auto& key : path) at = &(*at)[key];
  *at = value;
  return tree;
}

json with_removed(json tree, const std::vector<std::string>& path) {
  json* at = &tree;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    if (!at->is_object() || !at->contains(path[i])) return tree;
    at = &(*at)[path[i]];
  }
  if (at->is_object()) at->erase(path.back());
  return tree;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  json original;
  try {
    original = json5::parse(text);
  } catch (const json5::ParseError&) {
    original = nullptr;
  }
  static const std::vector<std::vector<std::string>> paths = {
      {"gateway", "mode"}, {"gateway", "auth", "token"}, {"a"}, {"x y", "z"}, {"models", "providers", "p", "apiKey"}};
  const json value = "local";
  for (const auto& path : paths) {
    try {
      const std::string edited = json5::set_value(text, path, value);
      require(original.is_object(), "set_value succeeded on a text whose top level is not an object");
      // Compared as text: a NaN in the file never equals itself as a tree, and dumps as null on both sides.
      require(json5::parse(edited).dump() == with_set(original, path, value).dump(), "set_value result differs from the tree",
              edited);
      require(json5::set_value(edited, path, value) == edited, "setting the same value twice changed the text", edited);
    } catch (const json5::ParseError&) {
    } catch (const json5::EditRefused&) {
    } catch (const std::invalid_argument&) {
    } catch (const json::type_error&) {
    }
    try {
      const std::string removed = json5::remove_value(text, path);
      require(original.is_object(), "remove_value succeeded on a text whose top level is not an object");
      require(json5::parse(removed).dump() == with_removed(original, path).dump(), "remove_value result differs from the tree",
              removed);
    } catch (const json5::ParseError&) {
    } catch (const json5::EditRefused&) {
    } catch (const std::invalid_argument&) {
    } catch (const json::type_error&) {
    }
  }
  return 0;
}
