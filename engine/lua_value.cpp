#include "lua_value.hpp"

#include "clawbook/utf8.hpp"

#include <cmath>
#include <string_view>
#include <unordered_map>
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

namespace {

constexpr size_t kValueBytes = 16;             // what one value costs beyond its text, roughly
constexpr size_t kCopyAgainBytes = 64u << 10;  // a table met again is copied again when smaller than this

template <class JsonT>
class Walker {
 public:
  Walker(lua_State* L, Conversion mode, ConversionBudget& budget) : L_(L), mode_(mode), budget_(budget) {}

  JsonT convert(int index, int depth) {
    index = lua_absindex(L_, index);
    switch (lua_type(L_, index)) {
      case LUA_TNONE:
      case LUA_TNIL: return nullptr;
      case LUA_TBOOLEAN: charge(kValueBytes); return static_cast<bool>(lua_toboolean(L_, index));
      case LUA_TNUMBER:
        charge(kValueBytes);
        if (lua_isinteger(L_, index)) return static_cast<long long>(lua_tointeger(L_, index));
        {
          double d = lua_tonumber(L_, index);
          if (!std::isfinite(d)) return std::isnan(d) ? "nan" : (d > 0 ? "inf" : "-inf");
          return d;
        }
      case LUA_TSTRING: {
        size_t length = 0;
        const char* s = lua_tolstring(L_, index, &length);
        charge(length + kValueBytes);  // before the copy
        // Lua strings are bytes; reports, recordings and JSON output need UTF-8.
        return valid_utf8(std::string_view(s, length));
      }
      case LUA_TTABLE: return table(index, depth);
      default:
        if (mode_ == Conversion::strict)
          throw ConversionError(std::string(luaL_typename(L_, index)) + " is not plain data");
        charge(kValueBytes);
        return std::string("<") + luaL_typename(L_, index) + ">";
    }
  }

 private:
  struct Seen {
    std::string path;   // where it was first met
    size_t bytes = 0;   // what copying it cost then
    bool open = false;  // being copied now: meeting it again is a cycle
  };

  void charge(size_t bytes) {
    budget_.bytes += bytes;
    if (budget_.bytes > budget_.max_bytes)
      throw ConversionError("value too large: more than " + std::to_string(budget_.max_bytes >> 10) +
                            " KiB once copied out of Lua");
  }

  JsonT table(int index, int depth) {
    const void* identity = lua_topointer(L_, index);
    auto [it, first] = seen_.try_emplace(identity);
    if (!first) {
      if (it->second.open) {
        if (mode_ == Conversion::strict) throw ConversionError("table is cyclic (it contains itself at " + path_ + ")");
        charge(kValueBytes + it->second.path.size());
        return "<cycle: " + it->second.path + ">";
      }
      if (it->second.bytes > kCopyAgainBytes && mode_ == Conversion::lenient) {
        charge(kValueBytes + it->second.path.size());
        return "<same table as " + it->second.path + ">";
      }
    } else {
      it->second.path = path_;
    }
    if (depth >= kMaxDepth) {
      if (mode_ == Conversion::strict) throw ConversionError("table nested too deeply");
      charge(kValueBytes);
      return "<table: too deep>";
    }
    luaL_checkstack(L_, 4, "table nested too deeply");
    const size_t before = budget_.bytes;
    charge(kValueBytes);
    seen_[identity].open = true;
    JsonT out = contents(index, depth);
    Seen& seen = seen_[identity];  // the map may have grown: look it up again
    seen.open = false;
    seen.bytes = budget_.bytes - before;
    return out;
  }

  JsonT contents(int index, int depth) {
    const lua_Integer length = static_cast<lua_Integer>(lua_rawlen(L_, index));
    // An array when keys are exactly 1..n.
    lua_Integer count = 0;
    bool array = true;
    lua_pushnil(L_);
    while (lua_next(L_, index) != 0) {
      ++count;
      if (!lua_isinteger(L_, -2)) array = false;
      lua_pop(L_, 1);
    }
    if (count == 0) return JsonT::object();
    const size_t mark = path_.size();
    if (array && count == length) {
      JsonT out = JsonT::array();
      for (lua_Integer i = 1; i <= length; ++i) {
        lua_rawgeti(L_, index, i);
        path_ += "[" + std::to_string(i) + "]";
        out.push_back(convert(-1, depth + 1));
        path_.resize(mark);
        lua_pop(L_, 1);
      }
      return out;
    }
    JsonT out = JsonT::object();
    lua_pushnil(L_);
    while (lua_next(L_, index) != 0) {
      std::string key;
      if (lua_type(L_, -2) == LUA_TSTRING) {
        size_t n = 0;
        const char* k = lua_tolstring(L_, -2, &n);
        charge(n);
        key = valid_utf8(std::string_view(k, n));
      } else if (lua_type(L_, -2) == LUA_TNUMBER) {
        lua_pushvalue(L_, -2);  // tostring on a copy: lua_next needs the original key untouched
        key = lua_tostring(L_, -1);
        lua_pop(L_, 1);
      } else if (mode_ == Conversion::strict) {
        std::string type = luaL_typename(L_, -2);
        lua_pop(L_, 2);
        throw ConversionError("table key of type " + type + " is not plain data");
      } else {
        key = std::string("<") + luaL_typename(L_, -2) + ">";
      }
      // Appended in pieces: GCC 12 at -O2 misreads `"." + (a + "...")` as an out-of-bounds copy (-Warray-bounds).
      path_ += '.';
      path_.append(key, 0, 40);
      if (key.size() > 40) path_ += "...";
      out[key] = convert(-1, depth + 1);
      path_.resize(mark);
      lua_pop(L_, 1);
    }
    return out;
  }

  lua_State* L_;
  Conversion mode_;
  ConversionBudget& budget_;
  std::unordered_map<const void*, Seen> seen_;
  std::string path_ = "$";
};

}  // namespace

template <class JsonT>
JsonT to_json_value(lua_State* L, int index, Conversion mode, ConversionBudget* budget) {
  ConversionBudget fallback;
  Walker<JsonT> walker(L, mode, budget != nullptr ? *budget : fallback);
  return walker.convert(index, 0);
}

template void push_json(lua_State*, const nlohmann::json&);
template void push_json(lua_State*, const nlohmann::ordered_json&);
template nlohmann::json to_json_value(lua_State*, int, Conversion, ConversionBudget*);
template nlohmann::ordered_json to_json_value(lua_State*, int, Conversion, ConversionBudget*);

}  // namespace clawbook
