// Lua module `json`: JSON Schema (draft-07) validation of plain Lua data, with valijson (Debian's
// libvalijson-dev). Support code: bindings/json/schema.hpp (limits, wording of the violations).
//
//   json.validate(value, schema, {max_violations=50})
//       -> {ok=true, valid, count, truncated, unchecked, violations={{path, pointer, message, keyword?}}}
//        | {ok=false, error="invalid_schema"|"remote_ref"|"too_large"|"too_deep"|"unsupported", message}
//
// value: any plain value (a table converts as JSON: keys 1..n make an array; an empty table is an object, since
// Lua cannot tell {} from []). schema: a table. Misuse (a schema that is not a table, an unknown option) raises;
// a schema that cannot be compiled is data (it may come from a file) and returns ok=false. Limits: the schema at
// most 16 MiB once serialised, both nested at most 64 levels, `$ref` only inside the schema (never fetched).
// Compiled schemas are cached by content, so validating many values against one schema parses it once.
#include "clawbook/binding.hpp"
#include "clawbook/options.hpp"
#include "json/schema.hpp"

namespace clawbook {
namespace {

Json plain_value(const Call& call, int index) {
  switch (lua_type(call.L, index)) {
    case LUA_TNIL:
    case LUA_TNONE: return nullptr;
    case LUA_TBOOLEAN: return lua_toboolean(call.L, index) != 0;
    case LUA_TNUMBER:
      if (lua_isinteger(call.L, index) != 0) return static_cast<long long>(lua_tointeger(call.L, index));
      return lua_tonumber(call.L, index);
    case LUA_TSTRING: return call.str(index);
    case LUA_TTABLE: return call.table(index);
    default: call.arg_error(index, "plain data expected (nil, boolean, number, string or table)");
  }
}

int json_validate(Call& call) {
  if (lua_type(call.L, 2) != LUA_TTABLE) call.arg_error(2, "schema table expected");
  const Json value = plain_value(call, 1);
  const Json schema = call.table(2);
  const Options opts(call, 3, {"max_violations"});
  json_schema::Limits limits;
  limits.max_violations = static_cast<std::size_t>(opts.integer("max_violations", 50, 1, 10000));
  const auto compiled = json_schema::compile(schema, limits);
  if (!compiled.schema) return call.push(Json{{"ok", false}, {"error", compiled.error}, {"message", compiled.message}});
  return call.push(json_schema::to_json(json_schema::validate(*compiled.schema, value, limits)));
}

ModuleSpec make_json_module() {
  return {.name = "json",
          .capability = "",  // pure computation on the runbook's own data
          .summary = "Validate plain data against a JSON Schema (draft-07): each violation with its path and message.",
          .functions = {{"validate", json_validate}},
          .prelude = ""};
}

}  // namespace

CLAWBOOK_MODULE(make_json_module());

}  // namespace clawbook
