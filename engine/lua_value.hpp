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

// Converts the Lua value at `index`. A table with keys 1..n is an array, any other table an object (number
// keys become strings). Strict mode rejects functions, userdata, threads and cycles with ConversionError;
// lenient mode (for evidence) writes them as "<function>" and the like.
enum class Conversion { strict, lenient };
template <class JsonT>
JsonT to_json_value(lua_State* L, int index, Conversion mode = Conversion::strict, int depth = 0);

extern template void push_json(lua_State*, const nlohmann::json&);
extern template void push_json(lua_State*, const nlohmann::ordered_json&);
extern template nlohmann::json to_json_value(lua_State*, int, Conversion, int);
extern template nlohmann::ordered_json to_json_value(lua_State*, int, Conversion, int);

}  // namespace clawbook
