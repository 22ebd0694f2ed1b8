#include "fake_calls.hpp"

#include "lua_value.hpp"
#include "test_case_keys.hpp"

namespace clawbook {

bool matches_pattern(const Json& pattern, const Json& value) {
  if (pattern.is_null()) return true;
  if (pattern.is_object()) {
    // An empty Lua table converts to [] or {}: both mean "empty".
    if (pattern.empty()) return (value.is_object() || value.is_array()) && value.empty();
    if (!value.is_object()) return false;
    for (const auto& [key, expected] : pattern.items()) {
      auto it = value.find(key);
      if (it == value.end()) {
        if (!expected.is_null()) return false;
        continue;
      }
      if (!matches_pattern(expected, *it)) return false;
    }
    return true;
  }
  if (pattern.is_array()) {
    if (pattern.empty()) return (value.is_object() || value.is_array()) && value.empty();
    if (!value.is_array() || value.size() != pattern.size()) return false;
    for (size_t i = 0; i < pattern.size(); ++i)
      if (!matches_pattern(pattern[i], value[i])) return false;
    return true;
  }
  if (pattern.is_number() && value.is_number()) return pattern.get<double>() == value.get<double>();
  return pattern == value;
}

bool matches_args(const Json& pattern, const Json& args) {
  if (!pattern.is_array() || !args.is_array()) return matches_pattern(pattern, args);
  // By position; arguments past the pattern (trailing options) match anything, and a pattern position past
  // the call's arguments must be null (the call left it out).
  for (size_t i = 0; i < pattern.size(); ++i)
    if (!matches_pattern(pattern[i], i < args.size() ? args[i] : Json())) return false;
  return true;
}

namespace {

// A fake for a function no module has ("gateway.conect") would never answer: an error, with the near names.
void check_function_exists(const std::string& name, const std::string& where) {
  const std::string module = name.substr(0, name.find('.'));
  const std::string function = name.substr(name.find('.') + 1);
  for (const ModuleSpec* spec : registered_modules()) {
    if (spec->name != module) continue;
    std::string known;
    for (const auto& f : spec->functions) {
      if (f.name == function) return;
      known += (known.empty() ? "" : ", ") + std::string(f.name);
    }
    throw LoadError(where + ": \"call\": module " + module + " has no function " + function + " (it has: " + known +
                    ")");
  }
  throw LoadError(where + ": \"call\": no module " + module + " (" + name + ")");
}

}  // namespace

FakeCalls::FakeCalls(const Json& calls, std::shared_ptr<RecordingFile> recording, std::string origin)
    : recording_(std::move(recording)), origin_(std::move(origin)) {
  if (calls.is_null()) return;
  if (!calls.is_array()) throw LoadError(origin_ + ": \"calls\" must be a list");
  size_t index = 0;
  for (const auto& entry : calls) {
    ++index;
    const std::string where = origin_ + ": calls[" + std::to_string(index) + "]";
    if (!entry.is_object() || !entry.contains("call") || !entry["call"].is_string())
      throw LoadError(where + " needs \"call\": \"module.function\"");
    test_case::check_keys(entry, test_case::kCallKeys, where);
    Fake fake;
    fake.name = entry["call"].get<std::string>();
    if (fake.name.find('.') == std::string::npos)
      throw LoadError(where + ": \"" + fake.name + "\" is not module.function");
    check_function_exists(fake.name, where);
    if (entry.contains("args")) {
      fake.args = entry["args"];
      if (!fake.args.is_array()) throw LoadError(where + ": \"args\" must be a list");
    }
    const int answers = static_cast<int>(entry.contains("result")) + static_cast<int>(entry.contains("results")) +
                        static_cast<int>(entry.contains("error"));
    if (answers != 1) throw LoadError(where + " needs exactly one of \"result\", \"results\", \"error\"");
    if (entry.contains("result")) fake.results = Json::array({entry["result"]});
    if (entry.contains("results")) {
      fake.results = entry["results"];
      if (!fake.results.is_array()) throw LoadError(where + ": \"results\" must be a list");
    }
    if (entry.contains("error")) {
      if (!entry["error"].is_string()) throw LoadError(where + ": \"error\" must be a string");
      fake.error = entry["error"].get<std::string>();
    }
    if (entry.contains("times")) {
      if (!entry["times"].is_number_integer() || entry["times"].get<long long>() < 1)
        throw LoadError(where + ": \"times\" must be a positive integer");
      fake.times = entry["times"].get<long long>();
    }
    if (entry.contains("optional")) {
      if (!entry["optional"].is_boolean()) throw LoadError(where + ": \"optional\" must be true or false");
      fake.optional = entry["optional"].get<bool>();
    }
    fake.where = where;
    fakes_.push_back(std::move(fake));
  }
}

int FakeCalls::replay(lua_State* L, Call::Impl& call, std::string& error) {
  Json args = Json::array();
  for (int i = 1; i <= call.nargs; ++i) args.push_back(to_json_value<Json>(L, i, Conversion::lenient));
  // Authors write fakes against what the runbook passes; secrets are matched in either form.
  Json redacted = args;
  call.engine.redactor.apply_in_place(redacted);
  for (auto& fake : fakes_) {
    if (fake.name != call.fn.qualified || (fake.times >= 0 && fake.used >= fake.times)) continue;
    if (!fake.args.is_null() && !matches_args(fake.args, args) && !matches_args(fake.args, redacted)) continue;
    ++fake.used;
    if (!fake.error.empty()) {
      error = fake.error;
      return 0;
    }
    luaL_checkstack(L, static_cast<int>(fake.results.size()) + 1, "too many fake results");
    for (const auto& value : fake.results) push_json(L, value);
    return static_cast<int>(fake.results.size());
  }
  if (recording_) {
    std::string miss;
    const int results = recording_->replay(L, call, miss);
    if (miss.empty()) return results;
  }
  if (call.fn.qualified == "time.sleep") return 0;  // a test never waits
  if (call.fn.qualified == "time.now" || call.fn.qualified == "time.monotonic") return kLive;
  std::string shown = redacted.dump();
  if (shown.size() > 300) shown = shown.substr(0, 300) + "…";
  error = "no fake for " + call.fn.qualified + " with arguments " + shown + " (add it to \"calls\" in " + origin_ + ")";
  return 0;
}

std::vector<std::string> FakeCalls::unused() const {
  std::vector<std::string> names;
  for (const auto& fake : fakes_)
    if (fake.used == 0 && !fake.optional)
      names.push_back(fake.where + ": no call used this fake of " + fake.name +
                      (fake.args.is_null() ? "" : " with args " + fake.args.dump()) +
                      " (a misspelt call or args? mark it \"optional\": true if a path may skip it)");
  return names;
}

}  // namespace clawbook
