// systemd units and the journal, read through the systemctl and journalctl programs.
//
// Why the programs and not sd-bus (libsystemd's D-Bus client):
//  - reliability without a bus: `journalctl` reads journal files directly and `systemctl list-unit-files` reads
//    unit files from disk, so both still answer where no manager or bus runs (containers, this CI machine);
//    sd-bus only offers the D-Bus half, and the journal API would be a second library;
//  - identical output format: `systemctl show` prints the same KEY=VALUE text a user pastes into a bug report
//    (a real capture is the test fixture), so recorded and live data go through one parser;
//  - no new dependency: libsystemd-dev is not installed here, and a clawbook binary that links libsystemd would
//    not start on a machine without it.
// The cost is one fork+exec per call (a few milliseconds), which is small next to what a runbook waits for.
//
// Every function completes with a plain result table: {ok=true, ...} or {ok=false, error=CLASS, reason=...,
// message=REAL TEXT}. CLASS is one of unavailable (no manager, no bus, no journal files, program missing),
// permission_denied, timeout, failed, malformed. Nothing throws for an environmental failure and every program
// runs under a deadline.
#pragma once

#include "systemd/command_runner.hpp"
#include "systemd/show_parser.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace clawbook::systemd {

enum class Scope { system, user };
const char* scope_name(Scope scope);
std::optional<Scope> scope_from_name(std::string_view name);

struct Tools {
  std::string systemctl = "systemctl";
  std::string journalctl = "journalctl";
};

struct Options {
  Scope scope = Scope::system;
  std::chrono::steady_clock::duration timeout = std::chrono::seconds(5);
  Tools tools;
};

struct JournalOptions {
  Scope scope = Scope::system;
  long long lines = 100;
  std::optional<std::string> since;  // anything journalctl --since accepts ("-1h", "2026-11-22 07:00", "@EPOCH")
  std::chrono::steady_clock::duration timeout = std::chrono::seconds(5);
  Tools tools;
};

using Done = std::function<void(Json)>;

// Each `done` runs once, on the io_context's thread.
void async_unit(boost::asio::io_context& io, const std::string& name, const Options& options, Done done);
// Units of BOTH scopes matching a glob, loaded (list-units --all) and on disk (list-unit-files); options.scope is
// ignored.
void async_units(boost::asio::io_context& io, const std::string& pattern, const Options& options, Done done);
void async_journal(boost::asio::io_context& io, const std::string& unit, const JournalOptions& options, Done done);
// Whether a manager answers in each scope and whether journal files exist, with the reason when not.
void async_available(boost::asio::io_context& io, const Options& options, Done done);

// The classified failure for a program run that did not succeed (exposed for tests).
Json classify_failure(const CommandOutput& output, std::string_view tool);

// Synchronous forms on a private io_context (tests, benchmarks).
Json unit(const std::string& name, const Options& options);
Json units(const std::string& pattern, const Options& options);
Json journal(const std::string& unit, const JournalOptions& options);
Json available(const Options& options);

}  // namespace clawbook::systemd
