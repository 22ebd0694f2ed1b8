// Lua module `systemd`: units and the journal, read with systemctl and journalctl (why not sd-bus: see
// bindings/systemd/systemd_client.hpp). Every function yields while the program runs, under the call's deadline,
// and returns a plain table: {ok=true, ...} or {ok=false, error=CLASS, reason=..., message=REAL TEXT}.
//
//   systemd.unit(name [, {scope="system"|"user", timeout=s}]) -> load_state, active_state, sub_state, result,
//       main_pid, exec_main_status/_code, n_restarts, active_enter_timestamp/_time, exec_start (argv),
//       working_directory, environment (names and fingerprints only), fragment_path, restart, restart_sec,
//       restart_prevent_exit_status, start_limit_burst/_interval_sec, timeout_start_sec/_stop_sec, ...
//   systemd.units{pattern="openclaw*"} -> units of both scopes (loaded and on disk), duplicates, per-scope status
//   systemd.journal(unit [, {scope=, lines=100, since="-1h"|epoch seconds, timeout=}]) -> entries {time, pid,
//       priority, priority_name, message, ...}; user units are matched with --user-unit
//   systemd.available([{timeout=}]) -> {system={available, reason, message}, user=..., journal=...}
#include "clawbook/binding.hpp"
#include "systemd/systemd_client.hpp"

#include <cmath>

namespace clawbook {
namespace {

namespace sd = systemd;

sd::Scope scope_option(Call& call, const Json& options, int index) {
  if (!options.contains("scope")) return sd::Scope::system;
  const Json& value = options["scope"];
  if (value.is_string()) {
    if (auto scope = sd::scope_from_name(value.get<std::string>())) return *scope;
  }
  call.arg_error(index, "scope must be \"system\" or \"user\"");
}

std::string unit_name(Call& call, int index) {
  std::string name = call.str(index);
  if (name.empty() || name.find_first_of(std::string("\n\r\0", 3)) != std::string::npos) {
    call.arg_error(index, "unit name expected");
  }
  return name;
}

int finish_with(Call& call, const std::function<void(sd::Done)>& start) {
  Completion completion = call.suspend();
  start([completion](Json result) { completion.complete(std::move(result)); });
  return call.yield();
}

int systemd_unit(Call& call) {
  const std::string name = unit_name(call, 1);
  const Json options = call.table(2);
  sd::Options settings;
  settings.scope = scope_option(call, options, 2);
  settings.timeout = call.deadline(2, 5);
  return finish_with(call, [&](sd::Done done) { sd::async_unit(call.io(), name, settings, std::move(done)); });
}

int systemd_units(Call& call) {
  std::string pattern;
  if (lua_type(call.L, 1) == LUA_TSTRING) {
    pattern = call.str(1);
  } else {
    const Json options = call.table(1);
    if (!options.contains("pattern") || !options["pattern"].is_string()) call.arg_error(1, "{pattern=string} expected");
    pattern = options["pattern"].get<std::string>();
  }
  if (pattern.empty()) call.arg_error(1, "pattern must not be empty");
  sd::Options settings;
  settings.timeout = call.deadline(1, 5);
  return finish_with(call, [&](sd::Done done) { sd::async_units(call.io(), pattern, settings, std::move(done)); });
}

int systemd_journal(Call& call) {
  const std::string name = unit_name(call, 1);
  const Json options = call.table(2);
  sd::JournalOptions settings;
  settings.scope = scope_option(call, options, 2);
  settings.timeout = call.deadline(2, 10);
  if (options.contains("lines")) {
    if (!options["lines"].is_number() || options["lines"].get<double>() < 1) call.arg_error(2, "lines must be a positive number");
    settings.lines = static_cast<long long>(std::min(options["lines"].get<double>(), 100000.0));
  }
  if (options.contains("since")) {
    const Json& since = options["since"];
    if (since.is_number()) {
      settings.since = "@" + std::to_string(static_cast<long long>(std::floor(since.get<double>())));
    } else if (since.is_string()) {
      settings.since = since.get<std::string>();
    } else {
      call.arg_error(2, "since must be epoch seconds or a journalctl time");
    }
  }
  return finish_with(call, [&](sd::Done done) { sd::async_journal(call.io(), name, settings, std::move(done)); });
}

int systemd_available(Call& call) {
  sd::Options settings;
  settings.timeout = call.deadline(1, 5);
  return finish_with(call, [&](sd::Done done) { sd::async_available(call.io(), settings, std::move(done)); });
}

ModuleSpec make_systemd_module() {
  return {.name = "systemd",
          .capability = "systemd",
          .summary = "systemd units (systemctl show) and the journal (journalctl), for both scopes.",
          .functions = {{"unit", systemd_unit},
                        {"units", systemd_units},
                        {"journal", systemd_journal},
                        {"available", systemd_available}},
          .prelude = ""};
}

}  // namespace

CLAWBOOK_MODULE(make_systemd_module());

}  // namespace clawbook
