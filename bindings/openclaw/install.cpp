#include "openclaw/install.hpp"

#include "clawbook/fingerprint.hpp"
#include "openclaw/config.hpp"
#include "proc/gateway_process.hpp"
#include "proc/procfs.hpp"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>

namespace clawbook::openclaw {
namespace {

constexpr size_t kSmallFile = 1 << 20;
constexpr const char* kTokenVariable = "OPENCLAW_GATEWAY_TOKEN";

std::string strip(std::string text) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  text.erase(text.begin(), std::find_if(text.begin(), text.end(), not_space));
  text.erase(std::find_if(text.rbegin(), text.rend(), not_space).base(), text.end());
  return text;
}

std::string unquote(std::string value) {
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
    return value.substr(1, value.size() - 2);
  return value;
}

// Splits a systemd value into words, honouring double and single quotes.
std::vector<std::string> unit_words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  char quote = 0;
  bool in_word = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == '\\' && i + 1 < text.size()) word += text[++i];
      else if (c == quote) quote = 0;
      else word += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

std::vector<std::string> list_dir(const std::string& dir) {
  std::vector<std::string> names;
  DIR* handle = ::opendir(dir.c_str());
  if (handle == nullptr) return names;
  while (const dirent* entry = ::readdir(handle))
    if (entry->d_name[0] != '.') names.emplace_back(entry->d_name);
  ::closedir(handle);
  std::sort(names.begin(), names.end());
  return names;
}

double mtime_of(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return 0;
  return static_cast<double>(info.st_mtim.tv_sec) + static_cast<double>(info.st_mtim.tv_nsec) / 1e9;
}

Json token_entry(const std::string& source, const std::optional<std::string>& value) {
  Json entry = {{"source", source}, {"set", value.has_value() && !value->empty()}};
  if (value && !value->empty()) entry["fingerprint"] = fingerprint(*value);
  return entry;
}

std::optional<std::string> lookup(const Environment& env, const char* name) {
  auto it = env.find(name);
  if (it == env.end()) return std::nullopt;
  return it->second;
}

// systemd unit files that may run the gateway: user units first (the product's default), then system ones.
std::vector<std::string> unit_files(const Paths& paths, const Environment& env) {
  std::vector<std::string> names = {"openclaw-gateway.service", "clawdbot-gateway.service"};
  if (paths.profile) names.insert(names.begin(), "openclaw-gateway-" + *paths.profile + ".service");
  if (auto custom = lookup(env, "OPENCLAW_SYSTEMD_UNIT")) {
    std::string unit = strip(*custom);
    if (unit.find(".service") == std::string::npos) unit += ".service";
    names.insert(names.begin(), unit);
  }
  const std::vector<std::string> dirs = {paths.home + "/.config/systemd/user", "/etc/systemd/user",
                                         "/etc/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system"};
  std::vector<std::string> files;
  for (const auto& dir : dirs) {
    for (const auto& name : names) {
      const std::string file = dir + "/" + name;
      if (path_exists(file)) files.push_back(file);
      for (const auto& dropin : list_dir(file + ".d"))
        if (dropin.size() > 5 && dropin.compare(dropin.size() - 5, 5, ".conf") == 0) files.push_back(file + ".d/" + dropin);
    }
  }
  return files;
}

}  // namespace

Environment parse_dotenv(const std::string& text) {
  Environment env;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = strip(text.substr(start, end - start));
    start = end + 1;
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("export ", 0) == 0) line = strip(line.substr(7));
    const size_t equals = line.find('=');
    if (equals == std::string::npos || equals == 0) continue;
    std::string value = strip(line.substr(equals + 1));
    if (!value.empty() && value.front() != '"' && value.front() != '\'') {
      const size_t comment = value.find(" #");
      if (comment != std::string::npos) value = strip(value.substr(0, comment));
    }
    env[strip(line.substr(0, equals))] = unquote(value);
    if (end == text.size()) break;
  }
  return env;
}

Environment parse_unit_environment(const std::string& unit_text, std::vector<std::string>* environment_files) {
  Environment env;
  size_t start = 0;
  while (start < unit_text.size()) {
    size_t end = unit_text.find('\n', start);
    if (end == std::string::npos) end = unit_text.size();
    const std::string line = strip(unit_text.substr(start, end - start));
    start = end + 1;
    if (line.rfind("Environment=", 0) == 0) {
      const std::string value = line.substr(12);
      if (strip(value).empty()) {
        env.clear();  // an empty assignment resets the list
        continue;
      }
      for (const auto& word : unit_words(value)) {
        const size_t equals = word.find('=');
        if (equals != std::string::npos && equals > 0) env[word.substr(0, equals)] = word.substr(equals + 1);
      }
    } else if (line.rfind("EnvironmentFile=", 0) == 0 && environment_files != nullptr) {
      std::string file = strip(line.substr(16));
      if (!file.empty() && file[0] == '-') file = file.substr(1);  // "-" = optional file
      if (!file.empty()) environment_files->push_back(file);
    }
  }
  return env;
}

Json token_sources(const Environment& env, const PathOptions& options) {
  Json config_tree;
  const Paths paths = resolve_paths(env, options);
  const Json read = read_config_file(paths.config_path, &config_tree);
  Json sources = Json::array();

  // This process: what a CLI started from here would send.
  sources.push_back(token_entry("env", lookup(env, kTokenVariable)));

  // The config: gateway.auth.token (the gateway's, which wins over its env) and gateway.remote.token.
  if (read["ok"] == true) {
    Json gateway = effective_gateway(config_tree, env, paths);
    Json server = gateway["auth"].contains("secret") ? gateway["auth"]["secret"] : Json::object();
    const Json& literal = config_tree.contains("gateway") ? config_tree["gateway"] : Json();
    Json config_entry = {{"source", "config"}, {"path", paths.config_path}};
    if (json_text(server, "source", "").rfind("config", 0) == 0) {
      config_entry["set"] = json_flag(server, "set");
      if (server.contains("fingerprint")) config_entry["fingerprint"] = server["fingerprint"];
      config_entry["via"] = server["source"];
      if (server.contains("ref")) config_entry["ref"] = server["ref"];
    } else {
      config_entry["set"] = false;
    }
    sources.push_back(config_entry);
    if (gateway["remote"].contains("token")) {
      Json remote = gateway["remote"]["token"];
      Json entry = {{"source", "config:remote"}, {"path", paths.config_path}, {"set", json_flag(remote, "set")}};
      if (remote.contains("fingerprint")) entry["fingerprint"] = remote["fingerprint"];
      sources.push_back(entry);
    }
    if (literal.is_object() && literal.contains("token") && literal["token"].is_string()) {
      // The legacy key is not read by OpenClaw, but users believe it is: show it so drift against it is visible.
      Json entry = token_entry("config:legacy gateway.token", literal["token"].get<std::string>());
      entry["path"] = paths.config_path;
      entry["ignored_by_openclaw"] = true;
      sources.push_back(entry);
    }
  } else {
    sources.push_back({{"source", "config"}, {"path", paths.config_path}, {"set", false},
                       {"error", json_text(read, "error", "io_error")}, {"message", json_text(read, "message", "")}});
  }

  // The global dotenv the CLI loads.
  if (auto text = proc::read_file(paths.env_file, kSmallFile)) {
    Json entry = token_entry("dotenv", lookup(parse_dotenv(*text), kTokenVariable));
    entry["path"] = paths.env_file;
    sources.push_back(entry);
  }

  // Each running gateway: the environment it actually started with.
  for (const auto& process : proc::gateway_processes()) {
    if (process.contains("parent_gateway")) continue;  // a child shares its parent's token
    const int pid = process["pid"];
    std::string error;
    std::string message;
    const auto environment = proc::read_environ(pid, &error, &message);
    Json entry = {{"source", "process"}, {"pid", pid}};
    if (!environment) {
      entry["set"] = false;
      entry["error"] = error;
      entry["message"] = message;
    } else {
      entry.update(token_entry("process", lookup(*environment, kTokenVariable)));
    }
    sources.push_back(entry);
  }

  // systemd units and their environment files.
  for (const auto& file : unit_files(paths, env)) {
    const auto text = proc::read_file(file, kSmallFile);
    if (!text) continue;
    std::vector<std::string> environment_files;
    const Environment unit_env = parse_unit_environment(*text, &environment_files);
    Json entry = token_entry("systemd", lookup(unit_env, kTokenVariable));
    entry["path"] = file;
    sources.push_back(entry);
    for (const auto& env_file : environment_files) {
      const auto env_text = proc::read_file(expand_home(env_file, paths.home), kSmallFile);
      Json file_entry = {{"source", "systemd:EnvironmentFile"}, {"path", env_file}, {"unit", file}};
      if (env_text) file_entry.update(token_entry("systemd:EnvironmentFile", lookup(parse_dotenv(*env_text), kTokenVariable)));
      else file_entry.update({{"set", false}, {"error", "not_readable"}});
      sources.push_back(file_entry);
    }
  }

  // Drift: the token the gateway uses (config first, then its environment) against every other copy.
  const auto label = [](const Json& source) {
    std::string text = source["source"];
    if (source.contains("pid")) text += ":" + std::to_string(source["pid"].get<int>());
    else if (source.contains("path")) text += ":" + source["path"].get<std::string>();
    return text;
  };
  std::map<std::string, Json> groups;
  std::optional<std::string> effective;
  std::string effective_source;
  for (const std::string wanted : {"config", "process", "systemd", "systemd:EnvironmentFile", "dotenv"}) {
    if (effective) break;
    for (const auto& source : sources) {
      if (source["source"] == wanted && source.contains("fingerprint")) {
        effective = source["fingerprint"];
        effective_source = label(source);
        break;
      }
    }
  }
  Json mismatched = Json::array();
  for (const auto& source : sources) {
    if (!source.contains("fingerprint") || json_flag(source, "ignored_by_openclaw")) continue;
    groups[source["fingerprint"]].push_back(label(source));
    if (effective && source["fingerprint"] != *effective) mismatched.push_back(label(source));
  }
  Json drift = {{"distinct", groups.size()}, {"drift", groups.size() > 1}, {"mismatched", mismatched},
                {"groups", groups}};
  if (effective) {
    drift["effective"] = *effective;
    drift["effective_source"] = effective_source;
  }
  return {{"sources", sources}, {"drift", drift}};
}

Json locks(const Environment& env, const PathOptions& options) {
  const Paths paths = resolve_paths(env, options);
  std::vector<std::string> dirs = paths.lock_dirs;
  // Other users' lock dirs in the same temp dir: a gateway of another account may hold the port.
  for (const auto& name : list_dir(paths.tmpdir)) {
    const std::string dir = paths.tmpdir + "/" + name;
    if (name.rfind("openclaw-", 0) == 0 && std::find(dirs.begin(), dirs.end(), dir) == dirs.end()) dirs.push_back(dir);
  }
  Json found = Json::array();
  const auto describe_owner = [](Json& entry, int pid, std::optional<unsigned long long> start_ticks) {
    const proc::Liveness liveness = proc::liveness(pid);
    std::string status = proc::to_string(liveness);
    if (liveness == proc::Liveness::alive) {
      if (const auto process = proc::get(pid)) {
        // OpenClaw records the owner's start time: another process now holding the pid is not the owner.
        if (start_ticks && process->start_ticks != *start_ticks) status = "reused";
        entry["owner"] = {{"comm", process->comm},
                          {"cmdline", proc::joined_cmdline(*process)},
                          {"is_gateway", proc::is_openclaw_gateway(*process)}};
      }
    }
    entry["status"] = status;
    entry["stale"] = status != "alive";
  };
  for (const auto& dir : dirs) {
    for (const auto& name : list_dir(dir)) {
      if (name.rfind("gateway.", 0) != 0 || name.size() < 6 || name.compare(name.size() - 5, 5, ".lock") != 0) continue;
      const std::string path = dir + "/" + name;
      Json entry = {{"path", path}, {"kind", "lock"}, {"matches_config", name == paths.lock_name},
                    {"mtime", mtime_of(path)}};
      int err = 0;
      const auto text = proc::read_file(path, kSmallFile, &err);
      if (!text) {
        entry["error"] = proc::classify_errno(err);
        entry["message"] = path + ": " + std::strerror(err);
        found.push_back(entry);
        continue;
      }
      const Json payload = Json::parse(*text, nullptr, false);
      if (!payload.is_object() || !payload.contains("pid") || !payload["pid"].is_number_integer()) {
        entry["error"] = "invalid";
        entry["message"] = path + ": not a gateway lock payload";
        found.push_back(entry);
        continue;
      }
      entry["pid"] = payload["pid"];
      for (const auto& [key, field] : {std::pair{"createdAt", "created_at"}, std::pair{"configPath", "config_path"},
                                       std::pair{"port", "port"}, std::pair{"role", "role"},
                                       std::pair{"startTime", "start_time"}})
        if (payload.contains(key)) entry[field] = payload[key];
      std::optional<unsigned long long> start_ticks;
      if (payload.contains("startTime") && payload["startTime"].is_number_unsigned())
        start_ticks = payload["startTime"].get<unsigned long long>();
      describe_owner(entry, payload["pid"].get<int>(), start_ticks);
      found.push_back(entry);
    }
  }
  // The PID file the seeds tell users to delete: not written by current releases, but it may be there.
  const std::string pid_file = paths.state_dir + "/gateway.pid";
  if (const auto text = proc::read_file(pid_file, 64)) {
    Json entry = {{"path", pid_file}, {"kind", "pidfile"}, {"matches_config", true}, {"mtime", mtime_of(pid_file)}};
    char* end = nullptr;
    const long pid = std::strtol(text->c_str(), &end, 10);
    if (pid > 0 && pid < INT_MAX) {
      entry["pid"] = pid;
      describe_owner(entry, static_cast<int>(pid), std::nullopt);
    } else {
      entry["error"] = "invalid";
      entry["message"] = pid_file + ": no pid";
    }
    found.push_back(entry);
  }
  return found;
}

std::optional<std::string> openclaw_package_dir(const std::string& path) {
  std::error_code error;
  std::filesystem::path dir = std::filesystem::canonical(path, error);
  if (error) return std::nullopt;
  if (!std::filesystem::is_directory(dir, error)) dir = dir.parent_path();
  for (int depth = 0; depth < 6 && !dir.empty(); ++depth) {
    if (const auto text = proc::read_file((dir / "package.json").string(), kSmallFile)) {
      const Json package = Json::parse(*text, nullptr, false);
      if (package.is_object() && json_text(package, "name", "") == "openclaw") return dir.string();
    }
    if (dir == dir.root_path()) break;
    dir = dir.parent_path();
  }
  return std::nullopt;
}

std::optional<std::string> cli_path(const Environment& env) {
  const auto executable = [](const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(path.c_str(), X_OK) == 0;
  };
  if (const auto configured = env.find("CLAWBOOK_OPENCLAW_CLI"); configured != env.end() && !configured->second.empty())
    return configured->second.front() == '/' && executable(configured->second) ? std::optional(configured->second) : std::nullopt;
  const std::string path_value = env.count("PATH") ? env.at("PATH") : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= path_value.size()) {
    size_t end = path_value.find(':', start);
    if (end == std::string::npos) end = path_value.size();
    const std::string dir = path_value.substr(start, end - start);
    start = end + 1;
    // An empty or relative PATH entry means the current directory: never a CLI clawbook runs as root.
    if (dir.empty() || dir.front() != '/') continue;
    if (const std::string candidate = dir + "/openclaw"; executable(candidate)) return candidate;
  }
  return std::nullopt;
}

Json version(const Environment& env, bool include_running) {
  Json result = {{"ok", false}};
  const auto package_version = [](const std::string& dir) -> std::optional<std::string> {
    const auto text = proc::read_file(dir + "/package.json", kSmallFile);
    if (!text) return std::nullopt;
    const Json package = Json::parse(*text, nullptr, false);
    if (!package.is_object() || !package.contains("version") || !package["version"].is_string()) return std::nullopt;
    return package["version"].get<std::string>();
  };

  // The CLI (see cli_path), through its symlinks, to the package.json of the openclaw package.
  if (const auto candidate = cli_path(env)) {
    result["cli"] = *candidate;
    std::error_code error;
    const auto resolved = std::filesystem::canonical(*candidate, error);
    if (!error) result["resolved"] = resolved.string();
    if (const auto package = openclaw_package_dir(*candidate)) {
      result["package_dir"] = *package;
      if (const auto installed = package_version(*package)) {
        result["ok"] = true;
        result["version"] = *installed;
      }
    }
  }
  if (!result.contains("cli")) {
    result["error"] = "not_found";
    result["message"] = env.count("CLAWBOOK_OPENCLAW_CLI") ? "$CLAWBOOK_OPENCLAW_CLI is not an absolute path to an executable"
                                                          : "no executable `openclaw` on PATH";
  } else if (result["ok"] != true) {
    result["error"] = "no_package";
    result["message"] = "no package.json of the openclaw package above " + result["cli"].get<std::string>();
  }

  if (!include_running) return result;
  // What the running gateways were started from: their entry script's package, else the version the service
  // installer wrote into their environment.
  Json running = Json::array();
  for (const auto& process : proc::gateway_processes()) {
    if (process.contains("parent_gateway")) continue;
    Json entry = {{"pid", process["pid"]}};
    const Json& gateway = process["gateway"];
    std::optional<std::string> package;
    if (gateway.contains("script")) {
      std::string script = gateway["script"];
      if (!script.empty() && script[0] != '/' && process.contains("cwd")) script = process["cwd"].get<std::string>() + "/" + script;
      package = openclaw_package_dir(script);
    }
    if (package) {
      entry["package_dir"] = *package;
      if (const auto v = package_version(*package)) {
        entry["version"] = *v;
        entry["source"] = "package.json";
      }
    }
    if (!entry.contains("version")) {
      if (const auto environment = proc::read_environ(process["pid"].get<int>())) {
        auto it = environment->find("OPENCLAW_SERVICE_VERSION");
        if (it != environment->end()) {
          entry["version"] = it->second;
          entry["source"] = "env:OPENCLAW_SERVICE_VERSION";
        }
      }
    }
    if (result.contains("version") && entry.contains("version"))
      entry["matches_installed"] = entry["version"] == result["version"];
    running.push_back(entry);
  }
  result["running"] = running;
  return result;
}

}  // namespace clawbook::openclaw
