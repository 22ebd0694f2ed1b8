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
#include "clawbook/options.hpp"
#include "systemd/systemd_client.hpp"

#include <cmath>

namespace clawbook {
namespace {

namespace sd = systemd;

sd::Scope scope_option(const Options& opts) {
  const std::string name = opts.str("scope", "system");
  const auto scope = sd::scope_from_name(name);
  if (!scope) opts.error("option 'scope' must be \"system\" or \"user\"");
  return *scope;
}

std::string unit_name(Call& call, int index) {
  std::string name = call.str(index);
  if (name.empty() || name.find_first_of(std::string("\n\r\0", 3)) != std::string::npos) {
    call.arg_error(index, "unit name expected");
  }
  return name;
}

int systemd_unit(Call& call) {
  const std::string name = unit_name(call, 1);
  const Options opts(call, 2, {"scope", "timeout"});
  sd::Options settings;
  settings.scope = scope_option(opts);
  settings.timeout = opts.deadline(5);
  return call.await_result([&](sd::Done done) { sd::async_unit(call.io(), name, settings, std::move(done)); });
}

int systemd_units(Call& call) {
  std::string pattern;
  sd::Options settings;
  if (lua_type(call.L, 1) == LUA_TSTRING) {
    pattern = call.str(1);
    settings.timeout = call.deadline(5);
  } else {
    const Options opts(call, 1, {"pattern", "timeout"});
    pattern = opts.required_str("pattern");
    settings.timeout = opts.deadline(5);
  }
  if (pattern.empty()) call.arg_error(1, "pattern must not be empty");
  return call.await_result([&](sd::Done done) { sd::async_units(call.io(), pattern, settings, std::move(done)); });
}

int systemd_journal(Call& call) {
  const std::string name = unit_name(call, 1);
  const Options opts(call, 2, {"scope", "lines", "since", "timeout"});
  sd::JournalOptions settings;
  settings.scope = scope_option(opts);
  settings.timeout = opts.deadline(10);
  settings.lines = std::min(opts.integer("lines", settings.lines, 1, LLONG_MAX), 100000LL);
  if (const auto since = opts.value("since")) {
    if (since->is_number()) settings.since = "@" + std::to_string(static_cast<long long>(std::floor(*opts.num("since"))));
    else if (since->is_string()) settings.since = since->get<std::string>();
    else opts.error("option 'since' must be epoch seconds or a journalctl time");
  }
  return call.await_result([&](sd::Done done) { sd::async_journal(call.io(), name, settings, std::move(done)); });
}

int systemd_available(Call& call) {
  sd::Options settings;
  settings.timeout = Options(call, 1, {"timeout"}).deadline(5);
  return call.await_result([&](sd::Done done) { sd::async_available(call.io(), settings, std::move(done)); });
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
