// Lua module `openclaw`: the local OpenClaw installation as OpenClaw itself resolves it. Support code:
// bindings/openclaw/ (paths.hpp documents the resolution rules).
//
//   openclaw.paths{ profile=, pid= } -> {home, profile?, state_dir, config_path, config_exists, env_file,
//       log_files={{path, kind, exists}}, lock_dirs, lock_name, tmpdir, workspace, ...(with *_source fields)}
//     pid: resolve from a running process's environment (a gateway's) instead of clawbook's own
//   openclaw.config{ profile=, pid= } -> {ok, path, source, config (secrets as fingerprints), gateway={port,
//       mode, bind, auth, remote, control_ui, trusted_proxies, tls, workspace}, legacy={{key, message, use}},
//       backups={{path, kind, mtime, size}}} | {ok=false, error="not_found"|"invalid"|..., line?, column?,
//       message, backups}
//   openclaw.token_sources{ profile= } -> {sources={{source, set, fingerprint?, path?, pid?}}, drift={distinct,
//       drift, effective?, effective_source?, mismatched}}          (also needs capability `proc`)
//   openclaw.client_token{ profile= } -> {set=true, kind="token"|"password", value (a registered secret: shown
//       only as a fingerprint anywhere it is output), source, fingerprint} | {set=false, skipped={refs}}
//     the shared secret a local client would send (its env, then the config, then the dotenv)
//   openclaw.server_token{ profile=, pid= } -> the same shape: the secret the gateway expects (config first,
//     then its environment, then the dotenv); with pid, as that running gateway resolves it (needs `proc`)
//   openclaw.node_version{ pid= } -> {version="v24.21.0", executable} | nil, message   (pid needs `proc`)
//   openclaw.locks{ profile= } -> {{path, pid, status, stale, matches_config, ...}}
//   openclaw.version() -> {ok, version?, cli?, resolved?, package_dir?, running?={{pid, version?}}}
//     running: only when the runbook also has capability `proc`
// Secrets read from files and environments never come back: only fingerprints.
#include "clawbook/binding.hpp"
#include "clawbook/options.hpp"
#include "openclaw/config.hpp"
#include "openclaw/install.hpp"
#include "proc/process.hpp"
#include "systemd/command_runner.hpp"

namespace clawbook {
namespace {

// The environment to resolve paths from and the path options, from an options table {profile=, pid=}. With a
// pid, the environment is that process's (a gateway's), so paths come out as the gateway sees them. Returns an
// error message when that environment cannot be read.
std::optional<std::string> resolution(Call& call, openclaw::Environment& env, openclaw::PathOptions& options) {
  const Options opts(call, 1, {"profile", "pid"});
  options.profile = opts.str("profile");
  env = openclaw::process_environment();
  const auto pid = opts.integer("pid", 1, 0x7fffffff);
  if (!pid) return std::nullopt;
  call.require_capability("proc");
  std::string error;
  std::string message;
  auto environment = proc::read_environ(static_cast<int>(*pid), &error, &message);
  if (!environment) return error + ": " + message;
  env = std::move(*environment);
  if (auto process = proc::get(static_cast<int>(*pid))) {
    options.uid = process->uid;
    options.uid_given = true;
  }
  return std::nullopt;
}

// Path options of the calls that take only {profile=}.
openclaw::PathOptions profile_only(const Call& call) {
  openclaw::PathOptions options;
  options.profile = Options(call, 1, {"profile"}).str("profile");
  return options;
}

int openclaw_paths(Call& call) {
  openclaw::Environment env;
  openclaw::PathOptions options;
  if (auto error = resolution(call, env, options)) return call.fail(*error);
  // logging.file from the config, when it parses.
  const auto paths = openclaw::resolve_paths(env, options);
  Json tree;
  std::optional<std::string> logging_file;
  if (openclaw::read_config_file(paths.config_path, &tree)["ok"] == true && tree.contains("logging") &&
      tree["logging"].is_object() && tree["logging"].contains("file") && tree["logging"]["file"].is_string())
    logging_file = tree["logging"]["file"].get<std::string>();
  return call.push(openclaw::to_json(openclaw::resolve_paths(env, options, logging_file)));
}

int openclaw_config(Call& call) {
  openclaw::Environment env;
  openclaw::PathOptions options;
  if (auto error = resolution(call, env, options)) return call.fail(*error);
  return call.push(openclaw::load_config(env, options));
}

int openclaw_token_sources(Call& call) {
  const openclaw::PathOptions options = profile_only(call);
  return call.push(openclaw::token_sources(openclaw::process_environment(), options));
}

int openclaw_client_token(Call& call) {
  const openclaw::PathOptions options = profile_only(call);
  const auto secret = openclaw::client_secret(openclaw::process_environment(), options);
  if (!secret.value) return call.push(Json{{"set", false}, {"skipped", secret.skipped}});
  Json result = {{"set", true},
                 {"kind", secret.kind},
                 {"value", call.secret(*secret.value)},
                 {"source", secret.source},
                 {"fingerprint", Call::fingerprint(*secret.value)}};
  return call.push(result);
}

// What a running gateway (pid=) expects clients to send, or a gateway started from this environment would.
int openclaw_server_token(Call& call) {
  openclaw::Environment env;
  openclaw::PathOptions options;
  if (auto error = resolution(call, env, options)) return call.fail(*error);
  const auto secret = openclaw::server_secret(env, options);
  if (!secret.value) return call.push(Json{{"set", false}, {"skipped", secret.skipped}});
  return call.push(Json{{"set", true},
                        {"kind", secret.kind},
                        {"value", call.secret(*secret.value)},
                        {"source", secret.source},
                        {"fingerprint", Call::fingerprint(*secret.value)}});
}

// The Node.js version a running gateway runs on: its own executable asked with --version (nothing but a
// `node` binary is run). With no pid, the `node` found on PATH.
int openclaw_node_version(Call& call) {
  const Options opts(call, 1, {"pid", "timeout"});
  std::string program = "node";
  if (const auto pid = opts.integer("pid", 1, 0x7fffffff)) {
    call.require_capability("proc");
    const auto process = proc::get(static_cast<int>(*pid));
    if (!process || !process->exe) return call.fail("pid " + std::to_string(*pid) + ": executable unreadable");
    program = *process->exe;
    const auto slash = program.find_last_of('/');
    const std::string base = program.substr(slash == std::string::npos ? 0 : slash + 1);
    if (base.rfind("node", 0) != 0) return call.fail(program + " is not a node executable");
  }
  systemd::CommandSpec spec;
  spec.program = program;
  spec.args = {"--version"};
  spec.timeout = opts.deadline(3);
  const auto out = systemd::run_command(spec);
  if (out.status != systemd::CommandOutput::Status::exited || out.exit_code != 0)
    return call.fail(program + ": " + (out.spawn_error.empty() ? "--version failed" : out.spawn_error));
  std::string version = out.out;
  while (!version.empty() && (version.back() == '\n' || version.back() == '\r')) version.pop_back();
  return call.push(Json{{"version", version}, {"executable", out.executable.empty() ? program : out.executable}});
}

int openclaw_locks(Call& call) {
  const openclaw::PathOptions options = profile_only(call);
  return call.push(openclaw::locks(openclaw::process_environment(), options));
}

// The running gateways' versions come from /proc: only with the `proc` capability.
int openclaw_version(Call& call) {
  return call.push(openclaw::version(openclaw::process_environment(), call.has_capability("proc")));
}

ModuleSpec make_openclaw_module() {
  return {.name = "openclaw",
          .capability = "fs",
          .summary = "OpenClaw's paths, config (secrets as fingerprints), token sources, locks and versions, resolved "
                     "as OpenClaw does.",
          .functions = {{"paths", openclaw_paths},
                        {"config", openclaw_config},
                        {"token_sources", openclaw_token_sources, "proc"},
                        {"client_token", openclaw_client_token},
                        {"server_token", openclaw_server_token},
                        {"node_version", openclaw_node_version},
                        {"locks", openclaw_locks},
                        {"version", openclaw_version}},
          .prelude = ""};
}

}  // namespace

CLAWBOOK_MODULE(make_openclaw_module());

}  // namespace clawbook
