// Lua module `proc`: processes, sockets, memory and the kernel log, read from /proc and /sys directly (never by
// running ps, ss or lsof). Support code: bindings/proc/.
//
//   proc.list{ name=, cmdline=, cmdline_regex=, user=, kernel=false } -> { process, ... }
//       process = {pid, ppid, uid, user?, comm, exe?, cwd?, argv, cmdline, start_time, start_ticks, state, rss,
//       threads}. name matches comm (or its 15-byte truncation) or argv[0]'s basename; cmdline is a plain
//       substring of the space-joined argv; cmdline_regex an RE2 regex; user a name or a uid. A search by
//       cmdline or cmdline_regex never lists clawbook's own process (its params would match).
//   proc.get(pid) -> process | nil, message
//   proc.alive(pid) -> boolean, "alive"|"zombie"|"dead"     (kill(pid, 0); EPERM counts as existing; a
//       zombie has exited)
//   proc.children(pid) -> { process, ... }
//   proc.env_fingerprints(pid, {names}) -> {ok, pid, vars={NAME={set, fingerprint?}}} | {ok=false, error, message}
//       never the values; permission denied is a result
//   proc.listeners{ port=, netns_pid= } -> { {family, address, port, loopback, wildcard, uid, inode, pids,
//       processes={{pid, comm}}} , ... } | nil, message
//   proc.connections{ port= } -> established sockets, as listeners plus remote_address, remote_port
//   proc.meminfo() -> {ok, total, available, free, buffers, cached, swap_total, swap_free} (bytes)
//   proc.uptime() -> {ok, seconds, idle_seconds, boot_time}
//   proc.cgroup([pid]) -> {ok, kind="docker"|"podman"|"containerd"|"kubernetes"|"lxc"|"systemd"|"plain",
//       container_id?, unit?, manager?, path, memory_limit?, memory_usage?}
//   proc.oom_kills() -> {ok, source, kills={{pid, comm, time, scope, message}}} | {ok=false, error="not_readable"}
//   proc.is_openclaw_gateway(process) -> boolean, form?   (form: "retitled", "node-entry", "cli")
//   proc.gateway_processes() -> { process + gateway={form, script?, port?, bind?, profile?}, listening,
//       parent_gateway? }
#include "clawbook/binding.hpp"
#include "clawbook/options.hpp"
#include "clawbook/secret_name.hpp"
#include "clawbook/secret_patterns.hpp"
#include "proc/gateway_process.hpp"
#include "proc/process.hpp"
#include "proc/sockets.hpp"
#include "proc/system.hpp"

#include <unistd.h>

#include <memory>

namespace clawbook {
namespace {

constexpr size_t kMaxRegexBytes = 4096;

int to_pid(Call& call, int index) {
  const long long pid = call.integer(index);
  if (pid <= 0 || pid > 0x7fffffff) call.arg_error(index, "positive pid expected");
  return static_cast<int>(pid);
}

// Credentials on a command line ("--token X", "--password=X", "TOKEN=X", "https://u:pw@h", "sk-..."): the
// runbook gets argv as it is, and every output shows those values as fingerprints (as the bundle does).
void register_argv_secrets(const Call& call, const Json& process) {
  if (!process.is_object() || !process.contains("argv") || !process["argv"].is_array()) return;
  const Json& argv = process["argv"];
  for (std::size_t i = 0; i < argv.size(); ++i) {
    if (!argv[i].is_string()) continue;
    const std::string& arg = argv[i].get_ref<const std::string&>();
    if (arg.size() > 1 && arg[0] == '-' && arg.find('=') == std::string::npos && is_secret_name(arg) &&
        i + 1 < argv.size() && argv[i + 1].is_string()) {
      call.secret(argv[i + 1].get<std::string>());
      ++i;
      continue;
    }
    redact_secret_patterns(arg, [&](std::string_view value) { call.secret(std::string(value)); });
  }
}

// `processes` (one process or a list), with their argv secrets registered.
Json with_argv_secrets(const Call& call, Json processes) {
  if (processes.is_array()) {
    for (const auto& process : processes) register_argv_secrets(call, process);
  } else {
    register_argv_secrets(call, processes);
  }
  return processes;
}

Json process_list(const Call& call, const std::vector<proc::Process>& processes) {
  Json out = Json::array();
  for (const auto& process : processes) out.push_back(proc::to_json(process));
  return with_argv_secrets(call, std::move(out));
}

int proc_list(Call& call) {
  const Options opts(call, 1, {"name", "cmdline", "cmdline_regex", "user", "kernel"});
  proc::ListFilter filter;
  filter.name = opts.str("name");
  filter.cmdline = opts.str("cmdline");
  if (auto pattern = opts.str("cmdline_regex")) {
    // RE2: linear in the command line (a process may have a 100 kB one), no recursion, no backtracking.
    if (pattern->size() > kMaxRegexBytes) opts.error("cmdline_regex longer than 4096 bytes");
    re2::RE2::Options re_options;
    re_options.set_log_errors(false);
    auto regex = std::make_shared<const re2::RE2>(*pattern, re_options);
    if (!regex->ok()) opts.error("bad cmdline_regex '" + *pattern + "': " + regex->error());
    filter.cmdline_regex = std::move(regex);
  }
  if (const auto user = opts.value("user")) {
    if (user->is_string()) filter.user = user->get<std::string>();
    else filter.user = std::to_string(*opts.integer("user", 0, LLONG_MAX));  // a uid
  }
  filter.include_kernel_threads = opts.boolean("kernel", false);
  auto processes = proc::list(filter);
  // clawbook's own command line holds the runbook's params (`-p pattern=gateway`): a search by command line
  // would find the search itself.
  if (filter.cmdline || filter.cmdline_regex)
    std::erase_if(processes, [self = ::getpid()](const proc::Process& p) { return p.pid == self; });
  return call.push(process_list(call, std::move(processes)));
}

int proc_get(Call& call) {
  const int pid = to_pid(call, 1);
  const auto process = proc::get(pid);
  if (!process) return call.fail("no such process: " + std::to_string(pid));
  return call.push(with_argv_secrets(call, proc::to_json(*process)));
}

int proc_alive(Call& call) {
  const proc::Liveness liveness = proc::liveness(to_pid(call, 1));
  lua_pushboolean(call.L, liveness == proc::Liveness::alive);
  lua_pushstring(call.L, proc::to_string(liveness));
  return 2;
}

int proc_children(Call& call) { return call.push(process_list(call, proc::children(to_pid(call, 1)))); }

int proc_env_fingerprints(Call& call) {
  const int pid = to_pid(call, 1);
  const Json names = call.table(2);
  std::vector<std::string> wanted;
  for (const auto& name : names) {
    if (!name.is_string()) call.arg_error(2, "list of variable names expected");
    wanted.push_back(name.get<std::string>());
  }
  return call.push(proc::env_fingerprints(pid, wanted));
}

proc::SocketQuery socket_query(Call& call, proc::TcpState state) {
  const Options opts(call, 1, {"port", "netns_pid"});
  proc::SocketQuery query;
  query.state = state;
  if (const auto port = opts.integer("port", 0, 65535)) query.port = static_cast<int>(*port);
  if (const auto netns = opts.integer("netns_pid", 0, 0x7fffffff)) query.netns_pid = static_cast<int>(*netns);
  return query;
}

int push_sockets(Call& call, proc::TcpState state) {
  std::string error;
  const auto sockets = proc::tcp_sockets(socket_query(call, state), &error);
  if (!error.empty()) return call.fail(error);
  Json out = Json::array();
  for (const auto& socket : sockets) out.push_back(proc::to_json(socket));
  return call.push(out);
}

int proc_listeners(Call& call) { return push_sockets(call, proc::TcpState::listen); }
int proc_connections(Call& call) { return push_sockets(call, proc::TcpState::established); }
int proc_meminfo(Call& call) { return call.push(proc::meminfo()); }
int proc_uptime(Call& call) { return call.push(proc::uptime()); }

int proc_cgroup(Call& call) {
  const int pid = call.arg_count() >= 1 && !lua_isnil(call.L, 1) ? to_pid(call, 1) : static_cast<int>(::getpid());
  return call.push(proc::cgroup(pid));
}

int proc_oom_kills(Call& call) { return call.push(proc::oom_kills()); }

int proc_is_openclaw_gateway(Call& call) {
  const Json table = call.table(1);
  proc::Process process;
  if (table.contains("comm") && table["comm"].is_string()) process.comm = table["comm"];
  if (table.contains("cwd") && table["cwd"].is_string()) process.cwd = table["cwd"].get<std::string>();
  if (table.contains("argv") && table["argv"].is_array())
    for (const auto& arg : table["argv"])
      if (arg.is_string()) process.argv.push_back(arg);
  const auto identity = proc::openclaw_gateway_identity(process);
  lua_pushboolean(call.L, identity.has_value());
  if (!identity) return 1;
  lua_pushlstring(call.L, identity->form.data(), identity->form.size());
  return 2;
}

int proc_gateway_processes(Call& call) {
  Json processes = proc::gateway_processes();
  if (processes.is_array())
    for (const auto& process : processes)
      if (process.contains("parent_gateway")) register_argv_secrets(call, process["parent_gateway"]);
  return call.push(with_argv_secrets(call, std::move(processes)));
}

ModuleSpec make_proc_module() {
  return {.name = "proc",
          .capability = "proc",
          .summary = "Processes, TCP listeners and connections, memory, cgroups and OOM kills, from /proc and /sys.",
          .functions = {{"list", proc_list},
                        {"get", proc_get},
                        {"alive", proc_alive},
                        {"children", proc_children},
                        {"env_fingerprints", proc_env_fingerprints},
                        {"listeners", proc_listeners},
                        {"connections", proc_connections},
                        {"meminfo", proc_meminfo},
                        {"uptime", proc_uptime},
                        {"cgroup", proc_cgroup},
                        {"oom_kills", proc_oom_kills},
                        {"is_openclaw_gateway", proc_is_openclaw_gateway},
                        {"gateway_processes", proc_gateway_processes}},
          .prelude = ""};
}

}  // namespace

CLAWBOOK_MODULE(make_proc_module());

}  // namespace clawbook
