#include "lua_value.hpp"

#include "clawbook/utf8.hpp"

#include <cmath>
#include <vector>

namespace clawbook {
namespace {
constexpr int kMaxDepth = 100;  // deeper than any plain result; also stops cycles
}

template <class JsonT>
void push_json(lua_State* L, const JsonT& value) {
  luaL_checkstack(L, 3, "result too deeply nested");
  switch (value.type()) {
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded: lua_pushnil(L); break;
    case nlohmann::json::value_t::boolean: lua_pushboolean(L, value.template get<bool>()); break;
    case nlohmann::json::value_t::number_integer: lua_pushinteger(L, value.template get<long long>()); break;
    case nlohmann::json::value_t::number_unsigned: {
      auto u = value.template get<unsigned long long>();
      if (u <= static_cast<unsigned long long>(LUA_MAXINTEGER)) lua_pushinteger(L, static_cast<lua_Integer>(u));
      else lua_pushnumber(L, static_cast<lua_Number>(u));
      break;
    }
    case nlohmann::json::value_t::number_float: lua_pushnumber(L, value.template get<double>()); break;
    case nlohmann::json::value_t::string: {
      const auto& s = value.template get_ref<const std::string&>();
      lua_pushlstring(L, s.data(), s.size());
      break;
    }
    case nlohmann::json::value_t::binary: lua_pushnil(L); break;
    case nlohmann::json::value_t::array: {
      lua_createtable(L, static_cast<int>(value.size()), 0);
      lua_Integer i = 0;
      for (const auto& item : value) {
        push_json(L, item);
        lua_rawseti(L, -2, ++i);
      }
      break;
    }
    case nlohmann::json::value_t::object: {
      lua_createtable(L, 0, static_cast<int>(value.size()));
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (it.value().is_null()) continue;
        lua_pushlstring(L, it.key().data(), it.key().size());
        push_json(L, it.value());
        lua_rawset(L, -3);
      }
      break;
    }
  }
}

template <class JsonT>
JsonT to_json_value(lua_State* L, int index, Conversion mode, int depth) {
  index = lua_absindex(L, index);
  switch (lua_type(L, index)) {
    case LUA_TNONE:
    case LUA_TNIL: return nullptr;
    case LUA_TBOOLEAN: return static_cast<bool>(lua_toboolean(L, index));
    case LUA_TNUMBER:
      if (lua_isinteger(L, index)) return static_cast<long long>(lua_tointeger(L, index));
      {
        double d = lua_tonumber(L, index);
        if (!std::isfinite(d)) return std::isnan(d) ? "nan" : (d > 0 ? "inf" : "-inf");
        return d;
      }
    case LUA_TSTRING: {
      size_t length = 0;
      const char* s = lua_tolstring(L, index, &length);
      // Lua strings are bytes; reports, recordings and JSON output need UTF-8.
      return valid_utf8(std::string_view(s, length));
    }
    case LUA_TTABLE: {
      if (depth >= kMaxDepth) {
        if (mode == Conversion::strict) throw ConversionError("table nested too deeply (or cyclic)");
        return "<table: too deep>";
      }
      luaL_checkstack(L, 4, "table nested too deeply");
      const lua_Integer length = static_cast<lua_Integer>(lua_rawlen(L, index));
      // An array when keys are exactly 1..n.
      lua_Integer count = 0;
      bool array = true;
      lua_pushnil(L);
      while (lua_next(L, index) != 0) {
        ++count;
        if (!lua_isinteger(L, -2)) array = false;
        lua_pop(L, 1);
      }
      if (count == 0) return JsonT::object();
      if (array && count == length) {
        JsonT out = JsonT::array();
        for (lua_Integer i = 1; i <= length; ++i) {
          lua_rawgeti(L, index, i);
          out.push_back(to_json_value<JsonT>(L, -1, mode, depth + 1));
          lua_pop(L, 1);
        }
        return out;
      }
      JsonT out = JsonT::object();
      lua_pushnil(L);
      while (lua_next(L, index) != 0) {
        std::string key;
        if (lua_type(L, -2) == LUA_TSTRING) {
          size_t n = 0;
          const char* k = lua_tolstring(L, -2, &n);
          key = valid_utf8(std::string_view(k, n));
        } else if (lua_type(L, -2) == LUA_TNUMBER) {
          lua_pushvalue(L, -2);  // tostring on a copy: lua_next needs the original key untouched
          key = lua_tostring(L, -1);
          lua_pop(L, 1);
        } else if (mode == Conversion::strict) {
          std::string type = luaL_typename(L, -2);
          lua_pop(L, 2);
          throw ConversionError("table key of type " + type + " is not plain data");
        } else {
          key = std::string("<") + luaL_typename(L, -2) + ">";
        }
        out[key] = to_json_value<JsonT>(L, -1, mode, depth + 1);
        lua_pop(L, 1);
      }
      return out;
    }
    default:
      if (mode == Conversion::strict)
        throw ConversionError(std::string(luaL_typename(L, index)) + " is not plain data");
      return std::string("<") + luaL_typename(L, index) + ">";
  }
}

template void push_json(lua_State*, const nlohmann::json&);
template void push_json(lua_State*, const nlohmann::ordered_json&);
template nlohmann::json to_json_value(lua_State*, int, Conversion, int);
template nlohmann::ordered_json to_json_value(lua_State*, int, Conversion, int);

}  // namespace clawbook
