// Lua module `exec`: runs a program the runbook declares, for reading (`nginx -t`, `pg_isready`, `df`); changing
// the system stays with `action` and its dry run. Support code: bindings/exec/, bindings/systemd/command_runner.
//
//   exec.run(argv, {timeout=10, max_output=1048576, env={NAME=value}})
//       -> {ok, program, status, stdout, stderr, timed_out, truncated, duration_ms, error?, message?}
//
// argv is a list of strings run without a shell. argv[1] is a program the runbook declares: capability
// "exec:/usr/sbin/nginx" (that path) or "exec:nginx" (the name, looked up on the PATH clawbook was started
// with; the absolute path it resolves to is accepted too). Running anything else raises; `--deny exec` refuses
// every program. The child gets a clean environment: PATH (a fixed system PATH) and LC_ALL=C, plus opts.env.
// Its own process group is killed when the timeout strikes. stdout and stderr are each kept up to max_output
// bytes (the rest is read and dropped, `truncated` set) and made valid UTF-8.
//
// ok is true when the program ran and exited with status 0. Otherwise error is one of not_found (declared but
// absent), spawn_failed, timeout, exit_status (status holds the code), with a message; the output read so far
// is returned either way.
#include "clawbook/binding.hpp"
#include "clawbook/options.hpp"
#include "clawbook/secret_patterns.hpp"
#include "clawbook/utf8.hpp"
#include "exec/program.hpp"
#include "systemd/command_runner.hpp"

#include <cstdlib>

namespace clawbook {
namespace {

std::vector<std::string> argv_of(const Call& call) {
  if (lua_type(call.L, 1) != LUA_TTABLE) call.arg_error(1, "argv list expected (a table of strings)");
  const Json list = call.table(1);
  if (!list.is_array() || list.empty()) call.arg_error(1, "non-empty argv list expected");
  std::vector<std::string> argv;
  for (const auto& item : list) {
    if (!item.is_string()) call.arg_error(1, "argv must hold only strings");
    const auto& text = item.get_ref<const std::string&>();
    if (text.find('\0') != std::string::npos) call.arg_error(1, "argv strings must not contain NUL bytes");
    argv.push_back(text);
  }
  if (argv.front().empty()) call.arg_error(1, "argv[1] must name a program");
  return argv;
}

// Values that look like credentials in `text` (a variable, the output) are registered as secrets.
template <class Register>
void register_secrets(std::string_view text, Register&& secret) {
  redact_secret_patterns(text, [&](std::string_view value) { secret(std::string(value)); });
}

int exec_run(Call& call) {
  std::vector<std::string> argv = argv_of(call);
  const Options opts(call, 2, {"timeout", "max_output", "env"});
  const auto max_output = static_cast<std::size_t>(opts.integer("max_output", 1 << 20, 0, 64LL << 20));
  const auto variables = opts.string_map("env");
  for (const auto& [name, value] : variables) {
    if (name.empty() || name.find_first_of("=\0", 0, 2) != std::string::npos)
      opts.error("env: bad variable name '" + name + "'");
    if (value.find('\0') != std::string::npos) opts.error("env: the value of " + name + " holds a NUL byte");
    register_secrets(name + "=" + value, [&](const std::string& secret) { call.secret(secret); });
  }
  const auto deadline = opts.deadline(10);

  const char* path_env = std::getenv("PATH");
  const auto program = exec::match_program(argv.front(), call.capabilities(),
                                           path_env != nullptr ? path_env : exec::kCleanPath);
  if (!program) {
    const std::string& name = argv.front();
    throw Misuse("program '" + name + "' is not declared by the runbook (add \"exec:" + name +
                 "\" to its capabilities)");
  }
  call.require_capability(program->capability);  // --deny exec / --deny exec:NAME

  Json base = {{"program", argv.front()}, {"stdout", ""},       {"stderr", ""},
               {"timed_out", false},      {"truncated", false}, {"duration_ms", 0}};
  if (program->executable.empty()) {
    base["ok"] = false;
    base["error"] = "not_found";
    base["message"] = argv.front() + ": declared, but " +
                      (argv.front().front() == '/' ? "not an executable file" : "not found on PATH");
    return call.push(base);
  }
  systemd::CommandSpec spec{.program = program->executable,
                            .args = std::vector<std::string>(argv.begin() + 1, argv.end()),
                            .env = exec::clean_environment(variables),
                            .inherit_environment = false,
                            .timeout = deadline,
                            .max_output = max_output,
                            .max_error_output = max_output};
  Completion done = call.suspend();
  systemd::run_command_async(call.io(), std::move(spec), [done, base](systemd::CommandOutput output) mutable {
    Json result = std::move(base);
    result["executable"] = output.executable;
    result["duration_ms"] = output.seconds * 1000.0;
    result["truncated"] = output.out_truncated || output.err_truncated;
    register_secrets(output.out, [&](const std::string& secret) { done.secret(secret); });
    register_secrets(output.err, [&](const std::string& secret) { done.secret(secret); });
    result["stdout"] = valid_utf8(output.out);
    result["stderr"] = valid_utf8(output.err);
    using Status = systemd::CommandOutput::Status;
    switch (output.status) {
      case Status::exited:
        result["status"] = output.exit_code;
        result["ok"] = output.exit_code == 0;
        if (output.exit_code != 0) {
          result["error"] = "exit_status";
          result["message"] = "exited with status " + std::to_string(output.exit_code);
        }
        break;
      case Status::timed_out:
        result["ok"] = false;
        result["timed_out"] = true;
        result["error"] = "timeout";
        result["message"] = "still running when the timeout struck; killed";
        break;
      case Status::not_found:
        result["ok"] = false;
        result["error"] = "not_found";
        result["message"] = output.spawn_error;
        break;
      case Status::spawn_failed:
        result["ok"] = false;
        result["error"] = "spawn_failed";
        result["message"] = output.spawn_error;
        break;
    }
    done.complete(std::move(result));
  });
  return call.yield();
}

ModuleSpec make_exec_module() {
  return {.name = "exec",
          .capability = "",  // each program is its own capability, checked in exec_run
          .summary =
              "Run a declared program (exec:/PATH or exec:NAME) without a shell, for reading: argv only, a "
              "timeout, an output cap, a clean environment.",
          .functions = {{"run", exec_run}},
          .prelude = "",
          .capability_forms = {"exec:/PATH", "exec:NAME"}};
}

}  // namespace

CLAWBOOK_MODULE(make_exec_module());

}  // namespace clawbook
