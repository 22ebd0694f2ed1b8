#include "openclaw/config.hpp"

#include "clawbook/fingerprint.hpp"
#include "clawbook/secret_name.hpp"
#include "fs/json5.hpp"
#include "openclaw/install.hpp"
#include "proc/procfs.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

namespace clawbook::openclaw {
namespace {

constexpr int kDefaultPort = 18789;

// The value at a dotted path, or null.
const Json& at_path(const Json& tree, std::initializer_list<const char*> keys) {
  static const Json null_value;
  const Json* node = &tree;
  for (const char* key : keys) {
    if (!node->is_object()) return null_value;
    auto it = node->find(key);
    if (it == node->end()) return null_value;
    node = &*it;
  }
  return *node;
}

std::optional<std::string> env_value(const Environment& env, const char* name) {
  auto it = env.find(name);
  if (it == env.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

bool is_secret_ref(const Json& value) {
  return value.is_object() && value.contains("source") && value["source"].is_string() && value.contains("id");
}

// OPENCLAW_GATEWAY_PORT accepts "18789", "host:18789" and "[::1]:18789" (src/config/paths.ts).
std::optional<int> parse_port_env(const std::string& raw) {
  std::string text = raw;
  text.erase(0, text.find_first_not_of(" \t"));
  text.erase(text.find_last_not_of(" \t") + 1);
  std::string digits;
  if (!text.empty() && std::all_of(text.begin(), text.end(), ::isdigit)) {
    digits = text;
  } else if (!text.empty() && text.front() == '[') {
    const size_t close = text.find("]:");
    if (close == std::string::npos) return std::nullopt;
    digits = text.substr(close + 2);
  } else {
    const size_t first = text.find(':');
    if (first == std::string::npos || first == 0 || first != text.rfind(':')) return std::nullopt;
    digits = text.substr(first + 1);
  }
  int port = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc() || end != digits.data() + digits.size() || port < 1 || port > 65535) return std::nullopt;
  return port;
}

bool in_container() { return path_exists("/.dockerenv") || path_exists("/run/.containerenv"); }

// "${NAME}" -> NAME (a config env substitution). A hand parser: config text is untrusted and may be long.
std::optional<std::string> substitution_name(std::string_view text) {
  if (text.size() < 4 || text.substr(0, 2) != "${" || text.back() != '}') return std::nullopt;
  const std::string_view name = text.substr(2, text.size() - 3);
  const auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  if (!letter(name.front())) return std::nullopt;
  for (const char c : name)
    if (!letter(c) && !(c >= '0' && c <= '9')) return std::nullopt;
  return std::string(name);
}

// Where a secret-valued config entry comes from, with its fingerprint when it can be resolved here.
Json describe_secret(const Json& value, const Environment& env, const char* config_key) {
  Json out = {{"key", config_key}};
  if (value.is_string()) {
    const std::string text = value;
    if (auto substituted = substitution_name(text)) {
      const std::string name = *substituted;
      out["source"] = "config:env-substitution";
      out["env"] = name;
      const auto resolved = env_value(env, name.c_str());
      out["set"] = resolved.has_value();
      if (resolved) out["fingerprint"] = fingerprint(*resolved);
      return out;
    }
    out["source"] = "config";
    out["set"] = !text.empty();
    if (!text.empty()) out["fingerprint"] = fingerprint(text);
    return out;
  }
  if (is_secret_ref(value)) {
    out["source"] = "config:secretref";
    out["ref"] = value;
    if (value["source"] == "env" && value["id"].is_string()) {
      const auto resolved = env_value(env, value["id"].get<std::string>().c_str());
      out["set"] = resolved.has_value();
      if (resolved) out["fingerprint"] = fingerprint(*resolved);
    } else {
      out["set"] = true;
      out["resolved"] = false;  // file and exec providers are resolved by the gateway, not here
    }
    return out;
  }
  out["source"] = "none";
  out["set"] = false;
  return out;
}

Json describe_env_secret(const Environment& env, const char* name) {
  const auto value = env_value(env, name);
  Json out = {{"source", std::string("env:") + name}, {"env", name}, {"set", value.has_value()}};
  if (value) out["fingerprint"] = fingerprint(*value);
  return out;
}

std::string strip_position(const std::string& message) {
  // json5::ParseError::what() is "line:column: message".
  const auto digits = [&](size_t at) {
    size_t end = at;
    while (end < message.size() && message[end] >= '0' && message[end] <= '9') ++end;
    return end;
  };
  const size_t line_end = digits(0);
  if (line_end == 0 || line_end >= message.size() || message[line_end] != ':') return message;
  const size_t column_end = digits(line_end + 1);
  if (column_end == line_end + 1 || message.compare(column_end, 2, ": ") != 0) return message;
  return message.substr(column_end + 2);
}

}  // namespace

bool is_secret_key(std::string_view key) { return is_secret_name(key); }

namespace {

// Under a secret key every string and number is a secret, however deep; SecretRefs name a location, not a
// secret, and stay.
Json redact_all(const Json& node) {
  if (is_secret_ref(node)) return node;
  if (node.is_string()) return node.get<std::string>().empty() ? Json("") : Json(fingerprint(node.get<std::string>()));
  if (node.is_number()) return fingerprint(node.dump());
  if (node.is_array()) {
    Json out = Json::array();
    for (const auto& item : node) out.push_back(redact_all(item));
    return out;
  }
  if (node.is_object()) {
    Json out = Json::object();
    for (const auto& [key, value] : node.items()) out[key] = redact_all(value);
    return out;
  }
  return node;
}

}  // namespace

Json redact_secrets(const Json& tree) {
  if (tree.is_array()) {
    Json out = Json::array();
    for (const auto& item : tree) out.push_back(redact_secrets(item));
    return out;
  }
  if (!tree.is_object()) return tree;
  Json out = Json::object();
  // "auth" names a section ({mode, token}): judged key by key. Under any other secret key everything goes.
  for (const auto& [key, value] : tree.items()) {
    const bool section = value.is_object() && key.size() >= 4 &&
                         std::equal(key.end() - 4, key.end(), "auth",
                                    [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
    out[key] = is_secret_key(key) && !section ? redact_all(value) : redact_secrets(value);
  }
  return out;
}

Json effective_gateway(const Json& config, const Environment& env, const Paths& paths) {
  Json gateway = Json::object();

  // Port: OPENCLAW_GATEWAY_PORT > gateway.port > (dev profile 19001) > 18789. Service units pass --port too.
  const auto env_port_text = env_value(env, "OPENCLAW_GATEWAY_PORT");
  const auto env_port = env_port_text ? parse_port_env(*env_port_text) : std::nullopt;
  const Json& config_port = at_path(config, {"gateway", "port"});
  if (env_port) {
    gateway["port"] = {{"value", *env_port}, {"source", "env:OPENCLAW_GATEWAY_PORT"}};
  } else if (config_port.is_number() && config_port.get<double>() > 0) {
    gateway["port"] = {{"value", config_port}, {"source", "config"}};
  } else if (paths.default_port) {
    gateway["port"] = {{"value", *paths.default_port}, {"source", "profile:dev"}};
  } else {
    gateway["port"] = {{"value", kDefaultPort}, {"source", "default"}};
  }
  if (env_port_text && !env_port) gateway["port"]["ignored_env"] = *env_port_text;  // not a port: OpenClaw skips it
  if (config_port.is_number() && (env_port || paths.default_port)) gateway["port"]["config_value"] = config_port;

  // Mode: "local" allows a local gateway; "remote" makes this machine a client; unset blocks the start.
  const Json& mode = at_path(config, {"gateway", "mode"});
  if (mode.is_string())
    gateway["mode"] = {{"value", mode}, {"source", "config"}, {"valid", mode == "local" || mode == "remote"}};
  else gateway["mode"] = {{"value", nullptr}, {"source", "unset"}, {"valid", false}};

  // Bind: gateway.bind, default loopback (auto in a container), forced loopback by tailscale serve/funnel.
  const Json& bind = at_path(config, {"gateway", "bind"});
  const Json& tailscale_mode = at_path(config, {"gateway", "tailscale", "mode"});
  std::string bind_mode;
  std::string bind_source;
  if (tailscale_mode == "serve" || tailscale_mode == "funnel") {
    bind_mode = "loopback";
    bind_source = "tailscale";
  } else if (bind.is_string()) {
    bind_mode = bind;
    bind_source = "config";
  } else {
    bind_mode = in_container() ? "auto" : "loopback";
    bind_source = "default";
  }
  Json bind_json = {{"value", bind_mode}, {"source", bind_source}};
  if (bind_mode == "loopback") bind_json["host"] = "127.0.0.1";
  else if (bind_mode == "lan") bind_json["host"] = "0.0.0.0";
  else if (bind_mode == "auto") bind_json["host"] = in_container() ? "0.0.0.0" : "127.0.0.1";
  else if (bind_mode == "tailnet") bind_json["host"] = "tailnet (100.64.0.0/10) else 127.0.0.1";
  else if (bind_mode == "custom") {
    const Json& custom = at_path(config, {"gateway", "customBindHost"});
    bind_json["host"] = custom.is_string() ? custom : Json(nullptr);
  } else {
    bind_json["valid"] = false;  // an address or "host:port" from a blog post: OpenClaw rejects it
  }
  bind_json["loopback_only"] = bind_json.contains("host") && bind_json["host"] == "127.0.0.1";
  gateway["bind"] = bind_json;

  // Auth: override > gateway.auth.mode > password when a password resolves > token. Secrets: config first,
  // then OPENCLAW_GATEWAY_TOKEN / OPENCLAW_GATEWAY_PASSWORD.
  const Json& auth_mode = at_path(config, {"gateway", "auth", "mode"});
  const Json token_config = describe_secret(at_path(config, {"gateway", "auth", "token"}), env, "gateway.auth.token");
  const Json password_config = describe_secret(at_path(config, {"gateway", "auth", "password"}), env,
                                               "gateway.auth.password");
  const Json token_env = describe_env_secret(env, "OPENCLAW_GATEWAY_TOKEN");
  const Json password_env = describe_env_secret(env, "OPENCLAW_GATEWAY_PASSWORD");
  const bool password_resolves = json_flag(password_config, "set") || json_flag(password_env, "set");
  Json auth;
  if (auth_mode.is_string()) auth["mode"] = {{"value", auth_mode}, {"source", "config"}};
  else if (password_resolves) auth["mode"] = {{"value", "password"}, {"source", "inferred"}};
  else auth["mode"] = {{"value", "token"}, {"source", "default"}};
  const std::string effective_mode = auth["mode"]["value"];
  if (effective_mode == "token" || effective_mode == "password") {
    const Json& from_config = effective_mode == "token" ? token_config : password_config;
    const Json& from_env = effective_mode == "token" ? token_env : password_env;
    Json secret = json_text(from_config, "source", "none") != "none" ? from_config
                  : json_flag(from_env, "set")                       ? from_env
                                                                     : Json{{"source", "none"}, {"set", false}};
    secret["kind"] = effective_mode;
    if (!json_flag(secret, "set") && effective_mode == "token") {
      // The gateway generates a token at start and writes it to the config: clients must follow it.
      secret["generated_on_start"] = true;
    }
    if (json_flag(from_config, "set") && json_flag(from_env, "set"))
      secret["shadowed_env"] = from_env;  // config wins: the env value is ignored
    auth["secret"] = secret;
  } else {
    auth["secret"] = {{"kind", "none"}, {"source", "none"}, {"set", false}};
  }
  gateway["auth"] = auth;

  // Client side: where `openclaw` connects in remote mode, with which secret.
  Json remote = Json::object();
  const Json& remote_url = at_path(config, {"gateway", "remote", "url"});
  if (remote_url.is_string()) remote["url"] = remote_url;
  const Json& remote_token = at_path(config, {"gateway", "remote", "token"});
  if (!remote_token.is_null()) remote["token"] = describe_secret(remote_token, env, "gateway.remote.token");
  const Json& remote_password = at_path(config, {"gateway", "remote", "password"});
  if (!remote_password.is_null()) remote["password"] = describe_secret(remote_password, env, "gateway.remote.password");
  gateway["remote"] = remote;

  const Json& origins = at_path(config, {"gateway", "controlUi", "allowedOrigins"});
  gateway["control_ui"] = {
      {"allowed_origins", origins.is_array() ? origins : Json::array()},
      {"allow_insecure_auth", at_path(config, {"gateway", "controlUi", "allowInsecureAuth"}) == true},
      {"device_auth_disabled", at_path(config, {"gateway", "controlUi", "dangerouslyDisableDeviceAuth"}) == true}};
  const Json& proxies = at_path(config, {"gateway", "trustedProxies"});
  gateway["trusted_proxies"] = proxies.is_array() ? proxies : Json::array();
  gateway["tls"] = at_path(config, {"gateway", "tls", "enabled"}) == true;
  const Json& workspace = at_path(config, {"agents", "defaults", "workspace"});
  gateway["workspace"] = {{"value", workspace.is_string() ? expand_home(workspace, paths.home) : paths.workspace},
                          {"source", workspace.is_string() ? "config" : "default"}};
  return gateway;
}

Json legacy_keys(const Json& config, const Environment& env) {
  Json found = Json::array();
  const auto flag = [&](std::string key, const Json& value, std::string message, std::string use) {
    Json entry = {{"key", std::move(key)}, {"message", std::move(message)}, {"use", std::move(use)}};
    if (!value.is_null() && !is_secret_key(entry["key"].get<std::string>())) entry["value"] = value;
    found.push_back(std::move(entry));
  };
  const Json& gateway = at_path(config, {"gateway"});
  if (gateway.contains("token"))
    flag("gateway.token", nullptr, "gateway.token is not read: the gateway's token is gateway.auth.token",
         "gateway.auth.token");
  if (gateway.contains("password"))
    flag("gateway.password", nullptr, "gateway.password is not read: use gateway.auth.password",
         "gateway.auth.password");
  if (gateway.contains("host"))
    flag("gateway.host", gateway["host"],
         "gateway.host is not an OpenClaw key: the listen address comes from gateway.bind",
         "gateway.bind (loopback|lan|tailnet|auto|custom) and gateway.customBindHost");
  if (gateway.contains("websocket"))
    flag("gateway.websocket", gateway["websocket"],
         "gateway.websocket (keepAlive) is not an OpenClaw key: the gateway sends its own tick events",
         "proxy idle timeouts (proxy_read_timeout) instead");
  const Json& mode = at_path(config, {"gateway", "mode"});
  if (mode.is_string() && mode != "local" && mode != "remote")
    flag("gateway.mode", mode,
         "gateway.mode accepts local or remote; \"" + mode.get<std::string>() +
             "\" comes from blog posts that confuse it with the bind address",
         "gateway.mode=local and gateway.bind=lan to listen on all interfaces");
  if (mode == "remote" && at_path(config, {"gateway", "remote", "url"}).is_null())
    flag("gateway.mode", mode,
         "gateway.mode=remote makes this machine a client of gateway.remote.url (unset) and blocks a local gateway",
         "gateway.mode=local (and gateway.bind=lan for all interfaces)");
  const Json& bind = at_path(config, {"gateway", "bind"});
  static const std::vector<std::string> bind_modes = {"loopback", "lan", "tailnet", "auto", "custom"};
  if (bind.is_string() && std::find(bind_modes.begin(), bind_modes.end(), bind.get<std::string>()) == bind_modes.end())
    flag("gateway.bind", bind, "gateway.bind takes a mode, not an address or host:port",
         "gateway.bind=lan (0.0.0.0) or loopback, custom + gateway.customBindHost, and gateway.port");
  const Json& port = at_path(config, {"gateway", "port"});
  if (port == 3001)
    flag("gateway.port", port, "port 3001 comes from blog posts; OpenClaw's default is 18789 and clients must match",
         "gateway.port=18789 (or point every client at 3001)");
  const Json& auth_mode = at_path(config, {"gateway", "auth", "mode"});
  static const std::vector<std::string> auth_modes = {"none", "token", "password", "trusted-proxy"};
  if (auth_mode.is_string() &&
      std::find(auth_modes.begin(), auth_modes.end(), auth_mode.get<std::string>()) == auth_modes.end())
    flag("gateway.auth.mode", auth_mode, "gateway.auth.mode accepts none, token, password or trusted-proxy",
         "gateway.auth.mode=token");
  // Environment variables from blog posts that OpenClaw never reads.
  static const std::vector<std::pair<const char*, const char*>> env_names = {
      {"OPENCLAW_GATEWAY_MODE", "gateway.mode in the config (openclaw config set gateway.mode local)"},
      {"OPENCLAW_GATEWAY_AUTH_TOKEN", "OPENCLAW_GATEWAY_TOKEN"},
      {"OPENCLAW_GATEWAY_AUTH_MODE", "gateway.auth.mode in the config"},
      {"OPENCLAW_GATEWAY_HOST", "gateway.bind in the config"}};
  for (const auto& [name, use] : env_names)
    if (env.count(name) != 0)
      flag(std::string("env:") + name, nullptr, std::string(name) + " is set but OpenClaw does not read it", use);
  return found;
}

Json config_backups(const std::string& config_path) {
  Json backups = Json::array();
  const size_t slash = config_path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : config_path.substr(0, slash);
  const std::string base = (slash == std::string::npos ? config_path : config_path.substr(slash + 1)) + ".";
  DIR* handle = ::opendir(dir.c_str());
  if (handle == nullptr) return backups;
  while (const dirent* entry = ::readdir(handle)) {
    const std::string name = entry->d_name;
    if (name.rfind(base, 0) != 0) continue;
    const std::string suffix = name.substr(base.size());
    std::string kind;
    if (suffix.rfind("bak", 0) == 0) kind = "backup";
    else if (suffix.rfind("rejected", 0) == 0) kind = "rejected";
    else if (suffix.rfind("clobbered", 0) == 0) kind = "clobbered";
    else if (suffix.rfind("last-good", 0) == 0 || suffix.rfind("lastgood", 0) == 0) kind = "last_good";
    else continue;
    struct stat info {};
    const std::string full = dir + "/" + name;
    if (::stat(full.c_str(), &info) != 0) continue;
    backups.push_back(
        {{"path", full},
         {"kind", kind},
         {"mtime", static_cast<double>(info.st_mtim.tv_sec) + static_cast<double>(info.st_mtim.tv_nsec) / 1e9},
         {"size", static_cast<unsigned long long>(info.st_size)}});
  }
  ::closedir(handle);
  std::sort(backups.begin(), backups.end(),
            [](const Json& a, const Json& b) { return a["mtime"].get<double>() > b["mtime"].get<double>(); });
  return backups;
}

Json read_config_file(const std::string& path, Json* tree) {
  int err = 0;
  const auto text = proc::read_file(path, json5::max_input_bytes + 1, &err);
  if (!text) {
    return {{"ok", false},
            {"error", proc::classify_errno(err)},
            {"path", path},
            {"message", path + ": " + std::strerror(err)}};
  }
  try {
    *tree = json5::parse(*text);
  } catch (const json5::ParseError& error) {
    return {{"ok", false},          {"error", "invalid"},       {"path", path},
            {"line", error.line()}, {"column", error.column()}, {"message", strip_position(error.what())}};
  }
  if (!tree->is_object())
    return {{"ok", false},  {"error", "invalid"},
            {"path", path}, {"line", 1},
            {"column", 1},  {"message", "the config must be an object, not " + std::string(tree->type_name())}};
  return {{"ok", true}, {"path", path}};
}

Json load_config(const Environment& env, const PathOptions& options) {
  Paths paths = resolve_paths(env, options);
  Json tree;
  Json result = read_config_file(paths.config_path, &tree);
  result["source"] = paths.config_source;
  result["backups"] = config_backups(paths.config_path);
  if (result["ok"] != true) return result;
  result["config"] = redact_secrets(tree);
  result["gateway"] = effective_gateway(tree, env, paths);
  Json legacy = legacy_keys(tree, env);
  if (paths.config_source == "legacy_name" || paths.state_dir_source == "legacy")
    legacy.push_back({{"key", "file:" + paths.config_path},
                      {"message", "the config is in a pre-rename location (~/.clawdbot or clawdbot.json)"},
                      {"use", paths.home + "/.openclaw/openclaw.json"}});
  result["legacy"] = legacy;
  return result;
}

namespace {

// The value behind a config secret: a literal, "${VAR}", or an env SecretRef. File and exec refs stay null.
std::optional<std::string> secret_value(const Json& value, const Environment& env) {
  if (value.is_string()) {
    const std::string text = value;
    if (auto name = substitution_name(text)) return env_value(env, name->c_str());
    if (text.empty()) return std::nullopt;
    return text;
  }
  if (is_secret_ref(value) && value["source"] == "env" && value["id"].is_string())
    return env_value(env, value["id"].get<std::string>().c_str());
  return std::nullopt;
}

std::string secret_source(const Json& value) {
  if (value.is_string()) return value.get<std::string>().rfind("${", 0) == 0 ? "config:env-substitution" : "config";
  return "config:secretref";
}

}  // namespace

namespace {

enum class Side { client, server };

// The shared secret as one side resolves it. A client's own environment overrides the config (so a stale
// exported token is what it really sends); a gateway reads the config first (src/gateway/auth.ts). Both fall
// back to the dotenv; a client to gateway.remote.*, which comes first in remote mode.
ClientSecret resolve_secret(const Environment& env, const PathOptions& options, Side side) {
  ClientSecret out;
  const Paths paths = resolve_paths(env, options);
  Json config;
  if (read_config_file(paths.config_path, &config)["ok"] != true) config = Json::object();
  Environment dotenv;
  if (std::ifstream in{paths.env_file}) {
    std::stringstream text;
    text << in.rdbuf();
    dotenv = parse_dotenv(text.str());
  }
  struct Found {
    std::string value, source;
  };
  const auto resolve = [&](const char* key, const char* variable) -> std::optional<Found> {
    const auto from_env = [&]() -> std::optional<Found> {
      if (auto value = env_value(env, variable); value && !value->empty()) return Found{*value, "env"};
      return std::nullopt;
    };
    if (side == Side::client)
      if (auto found = from_env()) return found;
    const Json& configured = at_path(config, {"gateway", "auth", key});
    if (auto value = secret_value(configured, env)) return Found{*value, secret_source(configured)};
    if (is_secret_ref(configured)) out.skipped.push_back(std::string("gateway.auth.") + key);
    if (side == Side::server)
      if (auto found = from_env()) return found;
    if (auto value = env_value(dotenv, variable); value && !value->empty()) return Found{*value, "dotenv"};
    return std::nullopt;
  };
  // A client in remote mode sends gateway.remote.* first (src/gateway/credentials.ts, resolveGatewayProbeAuth):
  // a remote.token that differs from auth.token is what it really sends (real-cases P10).
  const auto remote_secret = [&]() -> bool {
    for (const char* key : {"token", "password"}) {
      if (auto value = secret_value(at_path(config, {"gateway", "remote", key}), env)) {
        out.value = value;
        out.kind = key;
        out.source = "config:remote";
        return true;
      }
    }
    return false;
  };
  if (side == Side::client && at_path(config, {"gateway", "mode"}) == "remote" && remote_secret()) return out;
  const Json& mode = at_path(config, {"gateway", "auth", "mode"});
  const auto password = resolve("password", "OPENCLAW_GATEWAY_PASSWORD");
  const bool password_mode = mode == "password" || (!mode.is_string() && password);
  const auto chosen = password_mode ? password : resolve("token", "OPENCLAW_GATEWAY_TOKEN");
  if (chosen) {
    out.value = chosen->value;
    out.kind = password_mode ? "password" : "token";
    out.source = chosen->source;
    return out;
  }
  if (side == Side::server) return out;
  remote_secret();
  return out;
}

}  // namespace

ClientSecret client_secret(const Environment& env, const PathOptions& options) {
  return resolve_secret(env, options, Side::client);
}

ClientSecret server_secret(const Environment& env, const PathOptions& options) {
  return resolve_secret(env, options, Side::server);
}

}  // namespace clawbook::openclaw
