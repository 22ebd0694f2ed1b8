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
//   openclaw.node_version{ pid=, timeout=3 } -> {version="v24.21.0", executable, sqlite_checked, sqlite?="3.53.4",
//       sqlite_source?="node:sqlite"|"process.versions", sqlite_available?, sqlite_shared?, sqlite_error?}
//       | nil, message                                                                     (pid needs `proc`)
//     Without `exec:node` only `node --version` runs (sqlite_checked=false); with it a fixed probe also reads
//     the SQLite the Node loads (absent: it has none, e.g. Node 20) and whether it is the system's (shared).
//   openclaw.locks{ profile= } -> {{path, pid, status, stale, matches_config, ...}}
//   openclaw.gateways{ profile= } -> every gateway process as proc.gateway_processes() lists it, plus
//       home={from="environ"|"argv", state_dir, config_path, config_exists, profile?, namespace?, error?} (the
//       install it serves, resolved from its /proc environ and --profile: paths only, never a value) and
//       own (the same state dir or config as this install's, with `profile`)             (capability `proc`)
//   openclaw.version() -> {ok, version?, cli?, resolved?, package_dir?, running?={{pid, version?}}}
//     running: only when the runbook also has capability `proc`
//   openclaw.config_schema{ timeout=30, refresh=false } -> {ok=true, version, path, source="cache"|"cli", bytes,
//       cli, duration_ms?} | {ok=false, error="no_cli"|"no_version"|"not_cached"|"timeout"|"cli_failed"|
//       "invalid_schema"|"write_failed", message, version?, path?}
//     The installed release's config schema (`openclaw config schema`), cached per version outside the clone
//     (bindings/openclaw/schema_cache.hpp says where). On a cache miss the CLI runs (no shell, a timeout, a 16 MiB
//     output cap) only when the runbook declares `exec:openclaw`; otherwise error="not_cached".
//   openclaw.validate_config{ profile=, pid=, timeout=30, max_violations=50 } -> {ok=true, valid, count, truncated,
//       unchecked, violations={{path, pointer, message, keyword?}}, config_path, schema={version, path, source}}
//       | {ok=false, error, message, config_path?, schema?}
//     The config file as OpenClaw parses it (before redaction: exact types) against that schema; messages never
//     quote a value under a secret's key. The verdict is kept beside the cached schema (verdicts/, mode 0700) and
//     reused, with cached=true, while neither the config nor the schema file changes: no schema parse then.
// Secrets read from files and environments never come back: only fingerprints.
#include "clawbook/binding.hpp"
#include "clawbook/options.hpp"
#include "openclaw/config.hpp"
#include "openclaw/install.hpp"
#include "openclaw/instances.hpp"
#include "openclaw/schema_cache.hpp"
#include "json/schema.hpp"
#include "clawbook/atomic_file.hpp"

#include <boost/asio/post.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include "proc/gateway_process.hpp"
#include "proc/process.hpp"
#include "systemd/command_runner.hpp"
#include "exec/program.hpp"
#include "clawbook/utf8.hpp"

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

// The probe `node -e` runs with `exec:node`: the Node version and the SQLite it loads, as OpenClaw's own runtime
// check reads them (sqlite_version() of an in-memory node:sqlite database, else process.versions.sqlite), and
// whether the build links the system's SQLite (--shared-sqlite). Fixed text: nothing from the caller goes in.
constexpr const char* kNodeProbe = R"js(let loaded = null, error = null;
try {
  const { DatabaseSync } = require("node:sqlite");
  const db = new DatabaseSync(":memory:");
  loaded = db.prepare("SELECT sqlite_version() AS v").get().v;
  db.close();
} catch (e) { error = String((e && e.code) || e); }
const vars = (process.config && process.config.variables) || {};
process.stdout.write(JSON.stringify({ node: process.version, loaded, embedded: process.versions.sqlite || null,
  error, shared: vars.node_shared_sqlite === true || vars.node_shared_sqlite === "true" }));)js";

// The probe's JSON into the result's sqlite fields; false when it is not the probe's shape.
bool read_node_probe(const std::string& text, Json& result) {
  const Json probe = Json::parse(text, nullptr, false);
  if (!probe.is_object() || !probe.contains("node") || !probe["node"].is_string()) return false;
  result["version"] = probe["node"];
  const auto text_of = [&](const char* key) -> std::optional<std::string> {
    const auto it = probe.find(key);
    if (it == probe.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) return std::nullopt;
    return it->get<std::string>();
  };
  const auto loaded = text_of("loaded");
  const auto embedded = text_of("embedded");
  result["sqlite_available"] = loaded.has_value();
  if (loaded || embedded) {
    result["sqlite"] = loaded ? *loaded : *embedded;
    result["sqlite_source"] = loaded ? "node:sqlite" : "process.versions";
  }
  const auto shared = probe.find("shared");
  result["sqlite_shared"] = shared != probe.end() && *shared == true;
  if (const auto error = text_of("error"); error && !loaded) result["sqlite_error"] = valid_utf8(*error);
  return true;
}

// The Node.js a running gateway runs on (its own executable, pid needs `proc`), or the `node` on PATH. Without
// `exec:node` it is asked only `--version`; with it, the probe above also reads its SQLite. Nothing but a
// `node` binary is run, without a shell, in a clean environment (no NODE_OPTIONS, no preloads), with a timeout.
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
  const bool probe = call.has_capability("exec:node");
  systemd::CommandSpec spec{
      .program = program,
      .args = probe ? std::vector<std::string>{"-e", kNodeProbe} : std::vector<std::string>{"--version"},
      .env = exec::clean_environment({}),
      .inherit_environment = false,
      .timeout = opts.deadline(3),
      .max_output = 64 * 1024,
      .max_error_output = 4096};
  Completion done = call.suspend();
  systemd::run_command_async(call.io(), std::move(spec), [done, program, probe](systemd::CommandOutput out) {
    using Status = systemd::CommandOutput::Status;
    if (out.status != Status::exited || out.exit_code != 0) {
      std::string why = out.spawn_error;
      if (why.empty())
        why = out.status == Status::timed_out ? "timed out" : (probe ? "-e" : "--version") + std::string(" failed");
      return done.fail(program + ": " + why);
    }
    Json result = {{"executable", out.executable.empty() ? program : out.executable}};
    if (probe) {
      result["sqlite_checked"] = true;
      if (!read_node_probe(out.out, result)) return done.fail(program + ": the version probe printed no result");
    } else {
      std::string version = out.out;
      while (!version.empty() && (version.back() == '\n' || version.back() == '\r')) version.pop_back();
      result["version"] = valid_utf8(version);
      result["sqlite_checked"] = false;
    }
    done.complete(std::move(result));
  });
  return call.yield();
}

int openclaw_locks(Call& call) {
  const openclaw::PathOptions options = profile_only(call);
  return call.push(openclaw::locks(openclaw::process_environment(), options));
}

// Every gateway process with the install it serves. Several profiles run several gateways on one host: a
// runbook judges only this install's (`own`) and names the others as context.
int openclaw_gateways(Call& call) {
  const openclaw::PathOptions options = profile_only(call);
  const auto mine = openclaw::resolve_paths(openclaw::process_environment(), options);
  Json out = proc::gateway_processes();
  for (auto& entry : out) {
    std::optional<std::string> argv_profile;
    if (entry["gateway"].contains("profile")) argv_profile = entry["gateway"]["profile"].get<std::string>();
    const auto home = openclaw::gateway_home(entry["pid"].get<int>(), argv_profile);
    entry["home"] = openclaw::to_json(home);
    entry["own"] = openclaw::same_install(home.paths, mine);
  }
  return call.push(out);
}

// The running gateways' versions come from /proc: only with the `proc` capability.
int openclaw_version(Call& call) {
  return call.push(openclaw::version(openclaw::process_environment(), call.has_capability("proc")));
}

// ---- the config schema ----

using SchemaDone = std::function<void(Json info, std::shared_ptr<json_schema::Compiled> schema)>;

// OpenClaw's schema as the gateway applies it: a property with a default may be left out (see Limits).
json_schema::Limits openclaw_limits() {
  json_schema::Limits limits;
  limits.optional_defaults = true;
  return limits;
}

// The compiled schema of the installed version, from the cache or (with exec:openclaw) from the CLI; `done` runs
// once on the io_context, never inline.
void obtain_schema(const Call& call, std::chrono::steady_clock::duration timeout, bool refresh, SchemaDone done) {
  auto& io = call.io();
  const auto finish = [&io, done](Json info, std::shared_ptr<json_schema::Compiled> schema) {
    boost::asio::post(io, [done, info = std::move(info), schema = std::move(schema)]() { done(info, schema); });
  };
  const auto env = openclaw::process_environment();
  const Json installed = openclaw::version(env, false);
  if (!installed.contains("cli"))
    return finish({{"ok", false}, {"error", "no_cli"}, {"message", installed.value("message", "no openclaw CLI")}},
                  nullptr);
  const std::string cli = installed["cli"];
  if (installed["ok"] != true)
    return finish({{"ok", false}, {"error", "no_version"}, {"cli", cli}, {"message", installed.value("message", "")}},
                  nullptr);
  const std::string version = installed["version"];
  const std::string dir = openclaw::schema_cache_dir(env, ::geteuid() == 0);
  const auto path = openclaw::schema_cache_path(dir, version);
  if (!path)
    return finish({{"ok", false}, {"error", "no_version"}, {"cli", cli}, {"message", "unusable version string"}},
                  nullptr);
  Json info = {{"version", version}, {"path", *path}, {"cli", cli}};

  if (!refresh) {
    if (const auto text = openclaw::read_cached_schema(*path)) {
      auto compiled = json_schema::compile_text(*text, openclaw_limits());
      if (compiled.schema) {
        info["ok"] = true;
        info["source"] = "cache";
        info["bytes"] = text->size();
        return finish(info, compiled.schema);
      }
    }
  }
  if (!call.has_capability("exec:openclaw")) {
    info["ok"] = false;
    info["error"] = "not_cached";
    info["message"] = "no cached schema for " + version + " and the runbook may not run openclaw (exec:openclaw)";
    return finish(info, nullptr);
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::string scratch = dir + "/scratch-XXXXXX";
  if (ec || ::mkdtemp(scratch.data()) == nullptr) {
    info["ok"] = false;
    info["error"] = "write_failed";
    info["message"] = "cannot create a scratch dir in " + dir;
    return finish(info, nullptr);
  }
  systemd::run_command_async(
      io, openclaw::schema_command(cli, env, scratch, timeout),
      [done, info, scratch, path = *path](systemd::CommandOutput out) mutable {
        std::error_code ignored;
        std::filesystem::remove_all(scratch, ignored);
        info["duration_ms"] = out.seconds * 1000.0;
        using Status = systemd::CommandOutput::Status;
        if (out.status != Status::exited || out.exit_code != 0 || out.out_truncated) {
          info["ok"] = false;
          info["error"] = out.status == Status::timed_out ? "timeout" : "cli_failed";
          std::string why = out.status == Status::timed_out ? "timed out"
                            : out.out_truncated             ? "printed more than 16 MiB"
                            : !out.spawn_error.empty()      ? out.spawn_error
                                                            : "exited with status " + std::to_string(out.exit_code);
          const auto first_line = out.err.substr(0, std::min(out.err.find('\n'), std::size_t{300}));
          info["message"] = "openclaw config schema: " + why + (first_line.empty() ? "" : ": " + first_line);
          return done(info, nullptr);
        }
        auto compiled = json_schema::compile_text(out.out, openclaw_limits());
        if (!compiled.schema) {
          info["ok"] = false;
          info["error"] = "invalid_schema";
          info["message"] = "openclaw config schema printed no usable schema: " + compiled.message;
          return done(info, nullptr);
        }
        try {
          write_atomically(path, out.out);
        } catch (const std::exception& e) {
          info["cache_error"] = e.what();  // still usable for this run
        }
        info["ok"] = true;
        info["source"] = "cli";
        info["bytes"] = out.out.size();
        done(info, compiled.schema);
      });
}

int openclaw_config_schema(Call& call) {
  const Options opts(call, 1, {"timeout", "refresh"});
  const auto timeout = opts.deadline(30);
  const bool refresh = opts.boolean("refresh", false);
  return call.await_result([&](auto complete) {
    obtain_schema(call, timeout, refresh,
                  [complete](Json info, std::shared_ptr<json_schema::Compiled>) { complete(std::move(info)); });
  });
}

// Where the verdict for this config (as parsed) against the cached schema of the installed version is kept:
// with it, a later run whose config and schema file are unchanged does not parse the 2.4 MB schema again (about
// 0.15 s). nullopt when no schema is cached yet. Verdicts quote short non-secret values: the directory is 0700.
std::optional<std::string> verdict_path(const Json& tree, std::size_t max_violations) {
  const auto env = openclaw::process_environment();
  const Json installed = openclaw::version(env, false);
  if (installed["ok"] != true) return std::nullopt;
  const std::string dir = openclaw::schema_cache_dir(env, ::geteuid() == 0);
  const auto schema = openclaw::schema_cache_path(dir, installed["version"].get<std::string>());
  struct stat info {};
  if (!schema || ::stat(schema->c_str(), &info) != 0) return std::nullopt;
  const std::string text = tree.dump();
  const std::string key = Call::fingerprint(
      text + "\n" + *schema + "\n" + std::to_string(info.st_size) + "\n" + std::to_string(info.st_mtim.tv_sec) + "." +
      std::to_string(info.st_mtim.tv_nsec) + "\n" + std::to_string(max_violations) + "\nverdict-1");
  return dir + "/verdicts/" + key.substr(key.find(':') + 1) + "-" + std::to_string(text.size()) + ".json";
}

void store_verdict(const std::string& path, const Json& result) {
  const std::string dir = path.substr(0, path.rfind('/'));
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || ::chmod(dir.c_str(), 0700) != 0) return;
  try {
    write_atomically(path, result.dump());
  } catch (const std::exception&) {
  }
}

int openclaw_validate_config(Call& call) {
  const Options opts(call, 1, {"profile", "pid", "timeout", "max_violations"});
  openclaw::PathOptions options;
  options.profile = opts.str("profile");
  openclaw::Environment env = openclaw::process_environment();
  if (const auto pid = opts.integer("pid", 1, 0x7fffffff)) {
    call.require_capability("proc");
    std::string error;
    std::string message;
    auto environment = proc::read_environ(static_cast<int>(*pid), &error, &message);
    if (!environment) return call.fail(error + ": " + message);
    env = std::move(*environment);
    if (auto process = proc::get(static_cast<int>(*pid))) {
      options.uid = process->uid;
      options.uid_given = true;
    }
  }
  const auto timeout = opts.deadline(30);
  json_schema::Limits limits = openclaw_limits();
  limits.max_violations = static_cast<std::size_t>(opts.integer("max_violations", 50, 1, 10000));
  const auto paths = openclaw::resolve_paths(env, options);
  auto tree = std::make_shared<Json>();
  const Json read = openclaw::read_config_file(paths.config_path, tree.get());
  if (read["ok"] != true) {
    Json result = {
        {"ok", false},
        {"error", "config_unreadable"},
        {"config_path", paths.config_path},
        {"message", read.value("error", std::string("error")) + ": " + read.value("message", std::string())}};
    return call.push(result);
  }
  const std::string config_path = paths.config_path;
  const auto verdict = verdict_path(*tree, limits.max_violations);
  if (verdict) {
    if (const auto text = openclaw::read_cached_schema(*verdict)) {
      Json cached = Json::parse(*text, nullptr, false);
      if (cached.is_object() && cached.value("ok", false) == true && cached.contains("violations")) {
        cached["config_path"] = config_path;
        cached["cached"] = true;
        return call.push(cached);
      }
    }
  }
  return call.await_result([&](auto complete) {
    obtain_schema(call, timeout, false,
                  [complete, tree, limits, config_path](Json info, std::shared_ptr<json_schema::Compiled> schema) {
                    Json origin = {{"version", info.value("version", "")}, {"path", info.value("path", "")}};
                    if (info.contains("source")) origin["source"] = info["source"];
                    if (!schema) {
                      complete(Json{{"ok", false},
                                    {"error", info.value("error", "no_schema")},
                                    {"message", info.value("message", "")},
                                    {"config_path", config_path},
                                    {"schema", origin}});
                      return;
                    }
                    Json result = json_schema::to_json(json_schema::validate(*schema, *tree, limits));
                    result["config_path"] = config_path;
                    if (const auto where = verdict_path(*tree, limits.max_violations)) {
                      Json stored = result;
                      stored["schema"] = origin;
                      stored["schema"]["source"] = "cache";
                      store_verdict(*where, stored);
                    }
                    result["schema"] = origin;
                    complete(std::move(result));
                  });
  });
}

ModuleSpec make_openclaw_module() {
  return {.name = "openclaw",
          .capability = "fs",
          .summary =
              "OpenClaw's paths, config (secrets as fingerprints), token sources, locks and versions, resolved "
              "as OpenClaw does.",
          .functions = {{"paths", openclaw_paths},
                        {"config", openclaw_config},
                        {"token_sources", openclaw_token_sources, "proc"},
                        {"client_token", openclaw_client_token},
                        {"server_token", openclaw_server_token},
                        {"node_version", openclaw_node_version},
                        {"locks", openclaw_locks},
                        {"gateways", openclaw_gateways, "proc"},
                        {"version", openclaw_version},
                        {"config_schema", openclaw_config_schema},
                        {"validate_config", openclaw_validate_config}},
          .prelude = ""};
}

}  // namespace

CLAWBOOK_MODULE(make_openclaw_module());

}  // namespace clawbook
