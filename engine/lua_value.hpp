// Conversions between Lua values and JSON: binding results, recordings, evidence and params all cross here.
#pragma once

#include <lua.hpp>
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace clawbook {

struct ConversionError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Pushes `value` as a Lua value: objects and arrays become tables (arrays 1-based), null becomes nil.
template <class JsonT>
void push_json(lua_State* L, const JsonT& value);

// What a conversion may copy out of Lua (outside its allocator, so outside --max-memory unless counted).
struct ConversionBudget {
  size_t max_bytes = 64u << 20;  // strings and keys, plus a few bytes per value
  size_t bytes = 0;              // what the conversion used
};

// Converts the Lua value at `index`, with raw access only (no metamethod runs). A table with keys 1..n is an
// array, any other table an object (number keys become strings). Strict mode rejects functions, userdata,
// threads and cycles with ConversionError; lenient mode (for evidence) writes them as "<function>" and the
// like, a cycle as "<cycle: $.path>", and a table met again, once copying it again would cost much, as
// "<same table as $.path>": a table that refers to another twice per level no longer doubles per level.
// Beyond `budget.max_bytes` either mode throws ConversionError.
enum class Conversion { strict, lenient };
template <class JsonT>
JsonT to_json_value(lua_State* L, int index, Conversion mode = Conversion::strict, ConversionBudget* budget = nullptr);

extern template void push_json(lua_State*, const nlohmann::json&);
extern template void push_json(lua_State*, const nlohmann::ordered_json&);
extern template nlohmann::json to_json_value(lua_State*, int, Conversion, ConversionBudget*);
extern template nlohmann::ordered_json to_json_value(lua_State*, int, Conversion, ConversionBudget*);

}  // namespace clawbook
