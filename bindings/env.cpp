// Lua module `env`: the environment of the clawbook process.
//
//   env.get(name [, {secret=bool}]) -> string | nil
//     Values whose name looks like a credential (TOKEN, PASSWORD, SECRET, KEY, ...) or that the caller marks
//     secret are registered as secrets: every output shows them only as a fingerprint.
//   env.fingerprint(name) -> {set=bool, fingerprint=string|nil}
//     For drift checks that never need the value itself.
#include "clawbook/binding.hpp"
#include "clawbook/options.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

namespace clawbook {
namespace {

bool looks_secret(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
  static constexpr std::array markers{"TOKEN", "PASSWORD", "PASSWD", "SECRET", "API_KEY", "APIKEY", "PRIVATE_KEY",
                                      "CREDENTIAL", "AUTH"};
  return std::any_of(markers.begin(), markers.end(),
                     [&](const char* marker) { return name.find(marker) != std::string::npos; });
}

int env_get(Call& call) {
  const std::string name = call.str(1);
  const bool marked = Options(call, 2, {"secret"}).boolean("secret", false);
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) {
    lua_pushnil(call.L);
    return 1;
  }
  std::string text = value;
  if (marked || looks_secret(name)) call.secret(text);
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
