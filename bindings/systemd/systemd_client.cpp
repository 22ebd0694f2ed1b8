#include "systemd/systemd_client.hpp"
#include "clawbook/run_sync.hpp"

#include "docker/sanitize.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <map>
#include <memory>

#include <unistd.h>

namespace clawbook::systemd {
namespace asio = boost::asio;

namespace {

// The programs' output must not depend on the caller's locale, terminal or timezone (timestamps in UTC
// parse to epoch seconds).
const std::vector<std::string>& tool_environment() {
  static const std::vector<std::string> env{"LC_ALL=C", "TZ=UTC", "SYSTEMD_COLORS=0", "SYSTEMD_PAGER=cat",
                                            "SYSTEMD_URLIFY=0", "PAGER=cat"};
  return env;
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r')) text.remove_suffix(1);
  while (!text.empty() && (text.front() == '\n' || text.front() == ' ')) text.remove_prefix(1);
  return sanitize::to_utf8(text);
}

bool contains(std::string_view text, std::string_view needle) { return text.find(needle) != std::string_view::npos; }

void run_tool(asio::io_context& io, const std::string& program, std::vector<std::string> args,
              std::chrono::steady_clock::duration timeout, CommandDone done) {
  CommandSpec spec;
  spec.program = program;
  spec.args = std::move(args);
  spec.env = tool_environment();
  spec.timeout = timeout;
  run_command_async(io, std::move(spec), std::move(done));
}

std::vector<std::string> systemctl_args(Scope scope, std::initializer_list<std::string> rest) {
  std::vector<std::string> args{"--no-pager"};
  if (scope == Scope::user) args.emplace_back("--user");
  args.insert(args.end(), rest);
  return args;
}

bool succeeded(const CommandOutput& output) {
  return output.status == CommandOutput::Status::exited && output.exit_code == 0;
}

}  // namespace

const char* scope_name(Scope scope) { return scope == Scope::user ? "user" : "system"; }

std::optional<Scope> scope_from_name(std::string_view name) {
  if (name == "system") return Scope::system;
  if (name == "user") return Scope::user;
  return std::nullopt;
}

Json classify_failure(const CommandOutput& output, std::string_view tool) {
  Json result = {{"ok", false}};
  switch (output.status) {
    case CommandOutput::Status::not_found:
      result["error"] = "unavailable";
      result["reason"] = "no_" + std::string(tool);
      result["message"] = output.spawn_error;
      return result;
    case CommandOutput::Status::spawn_failed:
      result["error"] = "unavailable";
      result["reason"] = "spawn_failed";
      result["message"] = output.spawn_error;
      return result;
    case CommandOutput::Status::timed_out:
      result["error"] = "timeout";
      result["reason"] = "deadline";
      result["message"] = std::string(tool) + " did not finish within " + std::to_string(output.seconds) + " s";
      return result;
    case CommandOutput::Status::exited:
      break;
  }
  const std::string err = trimmed(output.err);
  result["exit_code"] = output.exit_code;
  result["message"] = err.empty() ? std::string(tool) + " exited with status " + std::to_string(output.exit_code) : err;
  if (contains(err, "has not been booted with systemd")) {
    result["error"] = "unavailable";
    result["reason"] = "not_booted_with_systemd";
  } else if (contains(err, "Failed to connect to bus") || contains(err, "Failed to get D-Bus connection") ||
             contains(err, "Failed to connect to user scope bus")) {
    result["error"] = "unavailable";
    result["reason"] = "no_bus";
  } else if (contains(err, "No journal files were found")) {
    result["error"] = "unavailable";
    result["reason"] = "no_journal_files";
  } else if (contains(err, "insufficient permissions") || contains(err, "Access denied") ||
             contains(err, "Permission denied") || contains(err, "Interactive authentication required")) {
    result["error"] = "permission_denied";
    result["reason"] = "permission_denied";
  } else {
    result["error"] = "failed";
    result["reason"] = "exit_status";
  }
  return result;
}

void async_unit(asio::io_context& io, const std::string& name, const Options& options, Done done) {
  const Scope scope = options.scope;
  run_tool(io, options.tools.systemctl, systemctl_args(scope, {"show", "--", name}), options.timeout,
           [done = std::move(done), scope, name](CommandOutput output) {
             if (!succeeded(output)) {
               Json failure = classify_failure(output, "systemctl");
               failure["scope"] = scope_name(scope);
               failure["unit"] = name;
               return done(std::move(failure));
             }
             const Properties properties = parse_properties(output.out);
             if (properties.empty()) {
               return done({{"ok", false}, {"error", "malformed"}, {"reason", "no_properties"}, {"scope", scope_name(scope)},
                            {"unit", name}, {"message", "systemctl show printed no KEY=VALUE lines"}});
             }
             Json unit = unit_from_properties(properties);
             unit["ok"] = true;
             unit["scope"] = scope_name(scope);
             unit["unit"] = name;
             done(std::move(unit));
           });
}

namespace {

struct UnitsGather {
  std::string pattern;
  Done done;
  int pending = 4;
  std::map<std::pair<std::string, std::string>, Json> units;  // (scope, name) -> entry
  Json scopes = Json::object();
  std::vector<Json> failures;
  int successes = 0;

  void add(Scope scope, const char* source, const CommandOutput& output) {
    const std::string scope_text = scope_name(scope);
    const bool files = std::string_view(source) == "file";
    // list-unit-files exits 1 with an empty table when nothing matches: that is an answer, not a failure.
    const bool empty_answer = output.status == CommandOutput::Status::exited && output.exit_code == 1 &&
                              trimmed(output.err).empty();
    Json& scope_info = scopes[scope_text];
    const char* key = files ? "files" : "manager";
    if (!succeeded(output) && !empty_answer) {
      Json failure = classify_failure(output, "systemctl");
      failures.push_back(failure);
      scope_info[key] = {{"available", false}, {"error", failure["error"]}, {"reason", failure["reason"]},
                         {"message", failure["message"]}};
      return finish_one();
    }
    // Asked for --output=json; a systemctl older than v246 ignores that for tables and prints plain text.
    std::optional<Json> rows = files ? parse_list_unit_files_json(output.out) : parse_list_units_json(output.out);
    if (!rows) rows = files ? parse_list_unit_files_text(output.out) : parse_list_units_text(output.out);
    ++successes;
    scope_info[key] = {{"available", true}, {"count", rows->size()}};
    for (Json& row : *rows) {
      const std::string name = row["name"].get<std::string>();
      Json& entry = units[{scope_text, name}];
      if (entry.is_null()) entry = {{"name", name}, {"scope", scope_text}, {"sources", Json::array()}};
      entry["sources"].push_back(source);
      for (auto& [field, value] : row.items()) {
        if (field != "name") entry[field] = value;
      }
    }
    finish_one();
  }

  void finish_one() {
    if (--pending > 0) return;
    if (successes == 0 && !failures.empty()) {
      Json failure = failures.front();
      failure["pattern"] = pattern;
      failure["scopes"] = scopes;
      return done(std::move(failure));
    }
    Json list = Json::array();
    for (auto& [key, entry] : units) list.push_back(std::move(entry));
    // Two units with the same name in different scopes (a system and a user unit for one service).
    std::map<std::string, int> per_name;
    for (const Json& entry : list) ++per_name[entry["name"].get<std::string>()];
    Json duplicates = Json::array();
    for (const auto& [name, count] : per_name) {
      if (count > 1) duplicates.push_back(name);
    }
    done({{"ok", true}, {"pattern", pattern}, {"units", list}, {"duplicates", duplicates}, {"scopes", scopes}});
  }
};

}  // namespace

void async_units(asio::io_context& io, const std::string& pattern, const Options& options, Done done) {
  auto gather = std::make_shared<UnitsGather>();
  gather->pattern = pattern;
  gather->done = std::move(done);
  for (Scope scope : {Scope::system, Scope::user}) {
    for (const char* source : {"loaded", "file"}) {
      const bool files = std::string_view(source) == "file";
      std::vector<std::string> args = systemctl_args(scope, {files ? "list-unit-files" : "list-units", "--all"});
      args.insert(args.end(), {"--output=json", "--plain", "--no-legend", "--full"});
      args.emplace_back("--");
      args.push_back(pattern);
      run_tool(io, options.tools.systemctl, std::move(args), options.timeout,
               [gather, scope, source](CommandOutput output) { gather->add(scope, source, output); });
    }
  }
}

namespace {

// journalctl -o json says nothing when there are no journal files at all; the short format does.
void probe_journal_files(asio::io_context& io, const std::string& program, std::chrono::steady_clock::duration timeout,
                         std::function<void(Json)> done) {
  run_tool(io, program, {"--no-pager", "-n", "0"}, timeout, [done = std::move(done)](CommandOutput output) {
    if (output.status == CommandOutput::Status::exited && contains(output.err, "No journal files were")) {
      Json failure = classify_failure(output, "journalctl");
      // journalctl exits 0 here; the message is the verdict.
      failure.erase("exit_code");
      failure["message"] = trimmed(output.err.substr(0, output.err.find('\n')));
      return done(std::move(failure));
    }
    if (!succeeded(output)) return done(classify_failure(output, "journalctl"));
    done({{"ok", true}});
  });
}

}  // namespace

void async_journal(asio::io_context& io, const std::string& unit, const JournalOptions& options, Done done) {
  const Scope scope = options.scope;
  std::vector<std::string> args{"--no-pager", "-o", "json", "--all", "-n", std::to_string(std::max(1LL, options.lines)),
                                "--output-fields=MESSAGE,PRIORITY,_PID,_SYSTEMD_UNIT,_SYSTEMD_USER_UNIT,SYSLOG_IDENTIFIER,_COMM"};
  // As root, `--user -u X` finds nothing: user units are matched with --user-unit (REAL-PEERS.md section 3).
  args.push_back(scope == Scope::user ? "--user-unit=" + unit : "--unit=" + unit);
  if (options.since) args.push_back("--since=" + *options.since);
  const std::string program = options.tools.journalctl;
  const auto timeout = options.timeout;
  run_tool(io, program, std::move(args), timeout,
           [&io, program, timeout, scope, unit, done = std::move(done)](CommandOutput output) mutable {
             if (!succeeded(output)) {
               Json failure = classify_failure(output, "journalctl");
               failure["unit"] = unit;
               failure["scope"] = scope_name(scope);
               return done(std::move(failure));
             }
             Json parsed = parse_journal(output.out);
             Json result = {{"ok", true}, {"unit", unit}, {"scope", scope_name(scope)},
                            {"entries", std::move(parsed["entries"])}, {"skipped", parsed["skipped"]}};
             const std::string hint = trimmed(output.err);
             if (!hint.empty()) result["hint"] = hint;
             if (contains(hint, "insufficient permissions")) {
               Json failure = classify_failure(output, "journalctl");
               failure.erase("exit_code");
               failure["unit"] = unit;
               failure["scope"] = scope_name(scope);
               return done(std::move(failure));
             }
             if (!result["entries"].empty()) return done(std::move(result));
             probe_journal_files(io, program, timeout,
                                 [result = std::move(result), unit, scope, done = std::move(done)](Json probe) mutable {
                                   if (probe["ok"] == true) return done(std::move(result));
                                   probe["unit"] = unit;
                                   probe["scope"] = scope_name(scope);
                                   done(std::move(probe));
                                 });
           });
}

void async_available(asio::io_context& io, const Options& options, Done done) {
  struct Gather {
    Done done;
    int pending = 3;
    Json result = {{"ok", true}, {"available", false}};
    void finish_one() {
      if (--pending == 0) done(std::move(result));
    }
  };
  auto gather = std::make_shared<Gather>();
  gather->done = std::move(done);
  for (Scope scope : {Scope::system, Scope::user}) {
    run_tool(io, options.tools.systemctl,
             systemctl_args(scope, {"show", "--property=Version", "--property=SystemState"}), options.timeout,
             [gather, scope](CommandOutput output) {
               Json entry;
               if (succeeded(output)) {
                 entry = {{"available", true}};
                 for (const auto& [key, value] : parse_properties(output.out)) {
                   if (key == "Version") entry["version"] = value;
                   if (key == "SystemState") entry["state"] = value;
                 }
                 gather->result["available"] = true;
               } else {
                 const Json failure = classify_failure(output, "systemctl");
                 entry = {{"available", false}, {"error", failure["error"]}, {"reason", failure["reason"]},
                          {"message", failure["message"]}};
               }
               gather->result[scope_name(scope)] = std::move(entry);
               gather->finish_one();
             });
  }
  probe_journal_files(io, options.tools.journalctl, options.timeout, [gather](Json probe) {
    if (probe["ok"] == true) {
      gather->result["journal"] = {{"available", true}};
    } else {
      gather->result["journal"] = {{"available", false}, {"error", probe["error"]}, {"reason", probe["reason"]},
                                   {"message", probe["message"]}};
    }
    gather->finish_one();
  });
}

Json unit(const std::string& name, const Options& options) {
  return run_sync([&](asio::io_context& io, Done done) { async_unit(io, name, options, std::move(done)); });
}

Json units(const std::string& pattern, const Options& options) {
  return run_sync([&](asio::io_context& io, Done done) { async_units(io, pattern, options, std::move(done)); });
}

Json journal(const std::string& unit_name, const JournalOptions& options) {
  return run_sync([&](asio::io_context& io, Done done) { async_journal(io, unit_name, options, std::move(done)); });
}

Json available(const Options& options) {
  return run_sync([&](asio::io_context& io, Done done) { async_available(io, options, std::move(done)); });
}

}  // namespace clawbook::systemd
