// Lua module `fs`: read-only access to files the runbook may read. Support code: bindings/fs/.
//
//   fs.stat(path) -> {ok, path, resolved, exists, type, mode="0644", uid, user, gid, group, size, mtime,
//                     readable, writable, symlink, link_target}
//   fs.read(path [, {max=bytes}]) -> {ok, path, resolved, text, bytes, size, truncated}   (max: default 1 MiB)
//   fs.glob(pattern) -> {ok, pattern, matches={paths}, truncated, denied=<matches dropped by the path policy>}
//   fs.list(dir) -> {ok, path, resolved, entries={{name, type, size, mtime}}, truncated}
//   fs.tail(path [, n=10]) -> {ok, path, resolved, lines={...}, truncated}
//   fs.json5(source) -> value | nil, "where:line:col: message", error
//   fs.json(source) -> value | nil, "where:line:col: message", error      (strict JSON, nlohmann/json)
//   fs.yaml(source) -> value, documents | nil, "where:line:col: message", error   (YAML 1.2, yaml-cpp)
//       value: the document, or the list of documents of a stream with several (`---`; empty ones dropped);
//       documents: how many. Limits (bindings/fs/yaml.hpp): 8 MiB, 128 levels, 250000 values and 16 MiB of
//       text with aliases counted as their copies; a limit fails with error "too_large".
//   fs.toml(source) -> value | nil, "where:line:col: message", error   (TOML 1.0, toml++)
//       value: the document's table; dates and times as their TOML text. Limits (bindings/fs/toml.hpp): 1 MiB,
//       64 levels (headers, dotted keys, arrays and inline tables together), 100000 values; "too_large".
//
// Failures of the environment: stat/read/glob/list/tail return their table with ok=false, error (not_found,
// permission_denied, is_directory, not_a_directory, not_a_file, symlink_loop, ...) and message; a missing path
// is not a failure for stat (exists=false). json5/json/yaml return the parsed value itself, so they fail with
// nil, message, error (error: a code above, or "parse_error", or "too_large").
//
// `source` of json5/json/yaml: a table {text=...} or {path=...}; or a string, taken as text when it starts (after
// whitespace) with '{' or '[' or contains a newline, and as a path otherwise. Paths start with '~/' for $HOME.
//
// Paths: only what the path policy allows (bindings/fs/path_policy.hpp): the OpenClaw state, config, log and
// lock locations, /proc, web server and systemd unit directories, plus every "fs:<pattern>" capability the
// runbook declares. `..` and symlinks are resolved first. A path outside raises (misuse) naming the capability
// to add; matches of fs.glob outside are dropped and counted in `denied`.
//
// Secrets: values assigned to secret names (clawbook/secret_name.hpp: token, password, apiKey, ...) and what
// clawbook/secret_patterns.hpp finds (a DSN's password, token shapes) in what fs returns are registered as
// secrets, so every output shows only their fingerprint.
#include "clawbook/binding.hpp"
#include "clawbook/options.hpp"
#include "clawbook/secret_patterns.hpp"
#include "fs/files.hpp"
#include "fs/json5.hpp"
#include "fs/path_policy.hpp"
#include "fs/secrets.hpp"
#include "fs/strict_json.hpp"
#include "fs/toml.hpp"
#include "fs/yaml.hpp"

#include <optional>

namespace clawbook {
namespace {

// The resolved path for `path`, or a raised error naming the capability that would allow it.
std::string allowed_path(Call& call, const std::string& path) {
  if (path.empty()) call.arg_error(1, "non-empty path expected");
  try {
    return fs::PathPolicy::for_capabilities(call.capabilities()).require(path);
  } catch (const fs::PathDenied& denied) {
    throw Misuse(denied.what());  // the dispatcher prefixes "fs.<function>: "
  }
}

// Results show the path as the runbook wrote it, with where it led.
Json with_paths(Json result, const std::string& path, const std::string& resolved) {
  result["path"] = path;
  result["resolved"] = resolved;
  return result;
}

void register_text_secrets(Call& call, std::string_view text) {
  for (const auto& value : fs::secret_values_in_text(text)) call.secret(value);
  // And what the bundle's patterns find: a DSN's password, an Authorization header, token shapes.
  redact_secret_patterns(text, [&](std::string_view value) { call.secret(std::string(value)); });
}

int fs_stat(Call& call) {
  const std::string path = call.str(1);
  const std::string resolved = allowed_path(call, path);
  // stat the path itself (not the resolved one) so that symlink/link_target describe what the runbook named.
  return call.push(with_paths(fs::stat_path(fs::expand_home(path)), path, resolved));
}

int fs_read(Call& call) {
  const std::string path = call.str(1);
  const auto max = static_cast<std::size_t>(
      Options(call, 2, {"max"})
          .integer("max", static_cast<long long>(fs::default_read_max), 0, static_cast<long long>(fs::read_max_limit)));
  const std::string resolved = allowed_path(call, path);
  Json result = fs::read_file(resolved, max);
  if (result["ok"] == true) register_text_secrets(call, result["text"].get_ref<const std::string&>());
  return call.push(with_paths(std::move(result), path, resolved));
}

int fs_glob(Call& call) {
  const std::string pattern = call.str(1);
  if (pattern.empty()) call.arg_error(1, "non-empty pattern expected");
  Json result = fs::glob_paths(fs::expand_home(pattern));
  if (result["ok"] != true) return call.push(result);
  const auto policy = fs::PathPolicy::for_capabilities(call.capabilities());
  Json allowed = Json::array();
  int denied = 0;
  for (const auto& match : result["matches"]) {
    if (policy.allows_resolved(fs::resolve_path(match.get<std::string>()))) {
      allowed.push_back(match);
    } else {
      ++denied;
    }
  }
  result["pattern"] = pattern;
  result["matches"] = std::move(allowed);
  result["denied"] = denied;
  return call.push(result);
}

int fs_list(Call& call) {
  const std::string path = call.str(1);
  const std::string resolved = allowed_path(call, path);
  return call.push(with_paths(fs::list_dir(resolved), path, resolved));
}

int fs_tail(Call& call) {
  const std::string path = call.str(1);
  const auto lines = call.opt_integer(2).value_or(static_cast<long long>(fs::default_tail_lines));
  if (lines < 0 || lines > static_cast<long long>(fs::tail_lines_limit))
    call.arg_error(2, "line count must be from 0 to " + std::to_string(fs::tail_lines_limit));
  const std::string resolved = allowed_path(call, path);
  Json result = fs::tail_file(resolved, static_cast<std::size_t>(lines));
  if (result["ok"] == true) {
    for (const auto& line : result["lines"]) register_text_secrets(call, line.get_ref<const std::string&>());
  }
  return call.push(with_paths(std::move(result), path, resolved));
}

// A document to parse: its text and the name errors are reported under.
struct Source {
  std::string text;
  std::string where;
};

bool looks_like_text(const std::string& value) {
  const auto first = value.find_first_not_of(" \t\r\n");
  return value.find('\n') != std::string::npos ||
         (first != std::string::npos && (value[first] == '{' || value[first] == '['));
}

// Reads the source of fs.json5/fs.json/fs.yaml; on failure pushes nil, message, error and returns false.
bool load_source(Call& call, Source& source, int& pushed, std::size_t max_bytes = json5::max_input_bytes) {
  std::optional<std::string> text;
  std::optional<std::string> path;
  if (lua_type(call.L, 1) == LUA_TTABLE) {
    const Options opts(call, 1, {"text", "path"});
    text = opts.str("text");
    path = opts.str("path");
    if (text.has_value() == path.has_value()) opts.error("table with exactly one of 'text' or 'path' expected");
  } else {
    const std::string value = call.str(1);
    (looks_like_text(value) ? text : path) = value;
  }
  if (text) {
    source = {*text, "(text)"};
    return true;
  }
  const std::string resolved = allowed_path(call, *path);
  // One byte over the parser's limit, to tell "too large" from "fits".
  const Json read = fs::read_file(resolved, max_bytes + 1);
  auto fail = [&](const std::string& message, const std::string& error) {
    lua_pushnil(call.L);
    lua_pushlstring(call.L, message.data(), message.size());
    lua_pushlstring(call.L, error.data(), error.size());
    pushed = 3;
    return false;
  };
  if (read["ok"] != true)  // the message names the resolved path: show the runbook's own
    return fail(*path + read["message"].get<std::string>().substr(resolved.size()), read["error"].get<std::string>());
  if (read["bytes"].get<std::size_t>() > max_bytes)
    return fail(*path + ": larger than " + std::to_string(max_bytes) + " bytes", "too_large");
  source = {read["text"].get<std::string>(), *path};
  return true;
}

template <class Parse>
int parse_document(Call& call, Parse parse) {
  Source source;
  int pushed = 0;
  if (!load_source(call, source, pushed)) return pushed;
  Json value;
  try {
    value = parse(source.text);
  } catch (const json5::ParseError& error) {
    const std::string message = source.where + ":" + error.what();
    lua_pushnil(call.L);
    lua_pushlstring(call.L, message.data(), message.size());
    lua_pushliteral(call.L, "parse_error");
    return 3;
  }
  for (const auto& secret : fs::secret_values_in_json(value)) call.secret(secret);
  return call.push(value);
}

int fs_json5(Call& call) {
  return parse_document(call, [](const std::string& text) { return json5::parse(text); });
}

int fs_json(Call& call) {
  return parse_document(call, [](const std::string& text) { return fs::parse_strict_json(text); });
}

int fs_yaml(Call& call) {
  const fs::YamlLimits limits;
  Source source;
  int pushed = 0;
  if (!load_source(call, source, pushed, limits.max_input_bytes)) return pushed;
  fs::YamlDocuments parsed;
  try {
    parsed = fs::parse_yaml(source.text, limits);
  } catch (const json5::ParseError& error) {
    const std::string message = source.where + ":" + error.what();
    lua_pushnil(call.L);
    lua_pushlstring(call.L, message.data(), message.size());
    if (dynamic_cast<const fs::LimitError*>(&error) != nullptr) {
      lua_pushliteral(call.L, "too_large");
    } else {
      lua_pushliteral(call.L, "parse_error");
    }
    return 3;
  }
  for (const auto& secret : fs::secret_values_in_json(parsed.value)) call.secret(secret);
  call.push(parsed.value);
  lua_pushinteger(call.L, static_cast<lua_Integer>(parsed.count));
  return 2;
}

int fs_toml(Call& call) {
  const fs::TomlLimits limits;
  Source source;
  int pushed = 0;
  if (!load_source(call, source, pushed, limits.max_input_bytes)) return pushed;
  Json value;
  try {
    value = fs::parse_toml(source.text, limits);
  } catch (const json5::ParseError& error) {
    const std::string message = source.where + ":" + error.what();
    lua_pushnil(call.L);
    lua_pushlstring(call.L, message.data(), message.size());
    if (dynamic_cast<const fs::LimitError*>(&error) != nullptr) {
      lua_pushliteral(call.L, "too_large");
    } else {
      lua_pushliteral(call.L, "parse_error");
    }
    return 3;
  }
  for (const auto& secret : fs::secret_values_in_json(value)) call.secret(secret);
  return call.push(value);
}

ModuleSpec make_fs_module() {
  return {.name = "fs",
          .capability = "fs",
          .summary =
              "Read files the runbook may read (OpenClaw state, config, logs, locks, /proc, fs:<path>): stat, "
              "capped read, glob, list, tail, JSON5, JSON, YAML and TOML parsing with line:col errors.",
          .functions = {{"stat", fs_stat},
                        {"read", fs_read},
                        {"glob", fs_glob},
                        {"list", fs_list},
                        {"tail", fs_tail},
                        {"json5", fs_json5},
                        {"json", fs_json},
                        {"yaml", fs_yaml},
                        {"toml", fs_toml}},
          .prelude = "",
          .capability_forms = {"fs:/PATH"}};
}

}  // namespace

CLAWBOOK_MODULE(make_fs_module());

}  // namespace clawbook
