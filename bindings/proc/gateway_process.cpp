#include "proc/gateway_process.hpp"

#include "proc/sockets.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <set>
#include <string_view>
#include <unordered_map>

namespace clawbook::proc {
namespace {

std::string_view base_name(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool is_node(std::string_view argv0) {
  const std::string_view name = base_name(argv0);
  return name == "node" || name == "nodejs" || (name.rfind("node", 0) == 0 && name.size() <= 8 &&
                                                std::all_of(name.begin() + 4, name.end(), [](char c) {
                                                  return (c >= '0' && c <= '9') || c == '.' || c == '-';
                                                }));
}

// The entry scripts OpenClaw ships: dist/index.js (systemd unit, compose file), openclaw.mjs (Docker CMD, npm
// bin target) and the `openclaw` bin link itself.
bool is_openclaw_script(std::string_view script, const std::optional<std::string>& cwd) {
  if (ends_with(script, "openclaw/dist/index.js") || ends_with(script, "openclaw/dist/entry.js") ||
      base_name(script) == "openclaw.mjs" || base_name(script) == "openclaw")
    return true;
  // `node dist/index.js gateway` run from the package directory (the compose file's command, WORKDIR /app).
  if (script == "dist/index.js" || script == "./dist/index.js")
    return cwd && (cwd->find("openclaw") != std::string::npos || *cwd == "/app");
  return false;
}

// Node options that take their value as the next argument.
bool node_option_takes_value(std::string_view option) {
  static const std::set<std::string_view> with_value = {"-r", "--require", "--import", "--loader",
                                                        "--experimental-loader", "--env-file", "--conditions",
                                                        "-C", "--inspect-port", "--title"};
  return with_value.count(option) != 0;
}

std::optional<int> parse_port(std::string_view text) {
  int port = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (ec != std::errc() || end != text.data() + text.size() || port <= 0 || port > 65535) return std::nullopt;
  return port;
}

// Parses the OpenClaw CLI arguments after the entry script: root options, then `gateway`, then the gateway
// subcommand. Returns false when this is not the gateway server (another command or a gateway subcommand
// such as `status`).
bool parse_cli_args(const std::vector<std::string>& argv, size_t first, GatewayIdentity& identity) {
  size_t i = first;
  // Root options before the command: --profile <p>, --profile=<p>, --dev, --no-color, --log-level <l>.
  for (; i < argv.size() && argv[i].rfind("-", 0) == 0; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--profile" && i + 1 < argv.size()) identity.profile = argv[++i];
    else if (arg.rfind("--profile=", 0) == 0) identity.profile = std::string(arg.substr(10));
    else if (arg == "--dev") identity.profile = "dev";
    else if (arg == "--log-level" || arg == "--container") ++i;
  }
  if (i >= argv.size() || argv[i] != "gateway") return false;
  ++i;
  // `gateway` alone runs the server in the foreground, as does `gateway run`; any other subcommand (status,
  // stop, probe, ...) is a CLI call. Commander puts the subcommand right after `gateway`.
  if (i < argv.size() && argv[i].rfind("-", 0) != 0) {
    if (argv[i] != "run") return false;
    ++i;
  }
  for (; i < argv.size(); ++i) {
    const std::string_view arg = argv[i];
    auto value_of = [&](std::string_view name) -> std::optional<std::string> {
      if (arg == name && i + 1 < argv.size()) return argv[++i];
      if (arg.size() > name.size() && arg.substr(0, name.size()) == name && arg[name.size()] == '=')
        return std::string(arg.substr(name.size() + 1));
      return std::nullopt;
    };
    if (auto port = value_of("--port")) {
      identity.port = parse_port(*port);
    } else if (auto bind = value_of("--bind")) {
      identity.bind = *bind;
    } else if (auto profile = value_of("--profile")) {
      identity.profile = *profile;
    } else if (arg == "--dev") {
      identity.profile = identity.profile.value_or("dev");
    }
  }
  return true;
}

}  // namespace

bool holds_gateway_lifecycle_lock(int pid) {
  std::error_code ec;
  const std::filesystem::directory_iterator end;
  for (std::filesystem::directory_iterator it("/proc/" + std::to_string(pid) + "/fd", ec); !ec && it != end;
       it.increment(ec)) {
    std::error_code link_error;
    const std::string target = std::filesystem::read_symlink(it->path(), link_error).string();
    const std::string_view name = base_name(target);
    if (!link_error && name.rfind("gateway-lifecycle.", 0) == 0 && name.find(".lock") != std::string_view::npos)
      return true;
  }
  return false;
}

std::optional<GatewayIdentity> title_window_identity(const Process& process) {
  // The bare title: one "openclaw" argument (the padding is dropped when /proc is read), run by Node.
  if (process.argv.size() != 1 || process.argv[0] != "openclaw") return std::nullopt;
  if (!process.exe || !is_node(*process.exe)) return std::nullopt;
  if (!holds_gateway_lifecycle_lock(process.pid)) return std::nullopt;
  return GatewayIdentity{.form = "title-window", .script = std::nullopt, .port = std::nullopt, .bind = std::nullopt,
                         .profile = std::nullopt};
}

std::optional<GatewayIdentity> openclaw_gateway_identity(const Process& process) {
  const auto& argv = process.argv;
  GatewayIdentity identity;
  // Retitled: Node's process.title rewrites argv (one string, maybe padded) and comm (truncated to 15 bytes).
  if (process.comm == "openclaw-gatewa" ||
      (argv.size() == 1 && argv[0].rfind("openclaw-gateway", 0) == 0 &&
       (argv[0].size() == 16 || argv[0][16] == ' '))) {
    identity.form = "retitled";
    return identity;
  }
  if (argv.empty()) return std::nullopt;

  if (is_node(argv[0])) {
    size_t i = 1;
    while (i < argv.size() && argv[i].rfind("-", 0) == 0) {
      if (node_option_takes_value(argv[i])) ++i;
      ++i;
    }
    if (i >= argv.size() || !is_openclaw_script(argv[i], process.cwd)) return std::nullopt;
    identity.script = argv[i];
    identity.form = base_name(argv[i]) == "openclaw" ? "cli" : "node-entry";
    if (!parse_cli_args(argv, i + 1, identity)) return std::nullopt;
    return identity;
  }
  if (base_name(argv[0]) == "openclaw") {
    identity.form = "cli";
    identity.script = argv[0];
    if (!parse_cli_args(argv, 1, identity)) return std::nullopt;
    return identity;
  }
  return std::nullopt;
}

Json gateway_processes() {
  std::vector<std::pair<Process, GatewayIdentity>> found;
  for (auto& process : list()) {
    // A zombie is a gateway that already died (SIGKILL, a crash) and waits for its parent to reap it.
    if (process.state == 'Z' || process.state == 'X') continue;
    auto identity = openclaw_gateway_identity(process);
    if (!identity) identity = title_window_identity(process);
    if (identity) found.emplace_back(std::move(process), std::move(*identity));
  }
  Json out = Json::array();
  if (found.empty()) return out;

  std::unordered_map<int, Json> listening;
  for (const auto& socket : tcp_sockets({TcpState::listen, std::nullopt, 0, true}))
    for (const auto& owner : socket.owners)
      listening[owner.pid].push_back({{"address", socket.local_address}, {"port", socket.local_port}});
  std::set<int> gateway_pids;
  for (const auto& [process, identity] : found) gateway_pids.insert(process.pid);

  for (const auto& [process, identity] : found) {
    Json entry = to_json(process);
    Json gateway = {{"form", identity.form}};
    if (identity.script) gateway["script"] = *identity.script;
    if (identity.port) gateway["port"] = *identity.port;
    if (identity.bind) gateway["bind"] = *identity.bind;
    if (identity.profile) gateway["profile"] = *identity.profile;
    entry["gateway"] = gateway;
    auto it = listening.find(process.pid);
    entry["listening"] = it == listening.end() ? Json::array() : it->second;
    if (gateway_pids.count(process.ppid) != 0) entry["parent_gateway"] = process.ppid;
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace clawbook::proc
