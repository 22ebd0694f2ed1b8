// Lua module `env`: the environment of the clawbook process.
//
//   env.get(name [, {secret=bool}]) -> string | nil
//     Values whose name is a secret name (clawbook/secret_name.hpp: *_TOKEN, *_PASSWORD, *_AUTH, ...) or that the caller marks
//     secret are registered as secrets: every output shows them only as a fingerprint.
//   env.fingerprint(name) -> {set=bool, fingerprint=string|nil}
//     For drift checks that never need the value itself.
#include "clawbook/binding.hpp"
#include "clawbook/options.hpp"
#include "clawbook/secret_name.hpp"

#include <cstdlib>

namespace clawbook {
namespace {

int env_get(Call& call) {
  const std::string name = call.str(1);
  const bool marked = Options(call, 2, {"secret"}).boolean("secret", false);
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) {
    lua_pushnil(call.L);
    return 1;
  }
  std::string text = value;
  if (marked || is_secret_name(name)) call.secret(text);
  lua_pushlstring(call.L, text.data(), text.size());
  return 1;
}

int env_fingerprint(Call& call) {
  const std::string name = call.str(1);
  const char* value = std::getenv(name.c_str());
  Json result = {{"name", name}, {"set", value != nullptr}};
  if (value != nullptr) result["fingerprint"] = Call::fingerprint(value);
  return call.push(result);
}

ModuleSpec make_env_module() {
  return {.name = "env",
          .capability = "env",
          .summary = "Environment variables of the clawbook process; credentials come back marked secret.",
          .functions = {{"get", env_get}, {"fingerprint", env_fingerprint}},
          .prelude = ""};
}

}  // namespace

CLAWBOOK_MODULE(make_env_module());

}  // namespace clawbook
