// Lua module `action`: the functions that change the machine. Capability `action`.
//
// Every function takes one options table (an unknown option raises) and returns a result table; none of them
// raises for an environmental failure. By default nothing changes: without `clawbook run --apply` each call only reports
// what it would do (the exact command, or a diff of the file it would edit) and returns {applied=false}.
// With --apply the user confirms each action at a prompt (--yes: unattended); destructive actions (deleting
// state, resetting config) also need --allow-destructive and a typed "destroy", and take a backup first.
// Every attempt under --apply is appended to the audit log; every call adds an entry to the report's actions.
//
// Result: {ok, applied, status="planned"|"applied"|"failed"|"refused"|"declined"|"skipped", summary, command?,
//          diff?, reason?, backup?, ...} - ok=false when the action was refused or failed.
//
//   action.snapshot{paths={...}, label=}      copies the files into a timestamped folder of the backup dir (no
//                                             prompt: it changes nothing but clawbook's own state)
//   action.remove_stale_lock{path=}           a lock or PID file whose PID is gone (refused while it lives)
//   action.stop_process{pid=, expect=, wait=10, kill=false}
//                                             SIGTERM, wait for the exit (SIGKILL after `wait` s with kill=true);
//                                             refused unless the process's command line contains `expect`
//   action.start_unit{unit=, scope="user"|"system"} / action.restart_unit{...}
//                                             systemctl [--user] start|restart UNIT
//   action.start_container{container=} / action.restart_container{container=}
//                                             Docker Engine API; refused when the name matches several containers
//   action.set_config{path=, key="gateway.mode" | {"gateway","mode"}, value=, secret=false} | {path=, key=, remove=true}
//                                             a JSON5-preserving edit (comments and layout kept), or a refusal;
//                                             removing a key (back to OpenClaw's default) is destructive
//   action.pin_token{token=, env_file=, name="OPENCLAW_GATEWAY_TOKEN"} | {token=, config=, key=}
//                                             writes the token (a secret: shown only as its fingerprint)
//   action.openclaw{args={...}, detach=false, log=, timeout=60, backup={paths}}
//                                             an allowed command of the OpenClaw CLI ($CLAWBOOK_OPENCLAW_CLI, else
//                                             `openclaw` on PATH, shown by its absolute path): devices approve ID,
//                                             doctor --fix, gateway start|stop|restart, `gateway run` (detach=true)
//
// What runs is what was shown: a program is resolved to its absolute path when the action is planned, shown
// so in the dry run, the prompt and the audit line (`argv`), and checked to be the same file before it runs. A
// file is pinned when it is checked (action/checked_file.hpp) and changed only if it is still that file.
#include "action/checked_file.hpp"
#include "action/safety.hpp"
#include "clawbook/secret_patterns.hpp"
#include "clawbook/binding.hpp"
#include "clawbook/options.hpp"
#include "docker/docker_client.hpp"
#include "fs/env_file.hpp"
#include "fs/json5.hpp"
#include "fs/json5_edit.hpp"
#include "fs/path_policy.hpp"
#include "openclaw/install.hpp"
#include "proc/process.hpp"
#include "systemd/command_runner.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <sstream>
#include <thread>

extern char** environ;

namespace clawbook {
namespace {

namespace fs = std::filesystem;
namespace fs_policy = clawbook::fs;

// What one call would do, built before anything changes.
struct Plan {
  Plan(std::string action_name, std::string target_name, std::string one_line, std::string shell = {})
      : action(std::move(action_name)), target(std::move(target_name)), summary(std::move(one_line)), command(std::move(shell)) {}
  std::string action;   // "remove_stale_lock"
  std::string target;   // the file, PID, unit or container it acts on
  std::string summary;  // one line for the report and the prompt
  std::string command;  // the shell equivalent, when there is one
  std::string diff;     // for file edits
  std::vector<std::string> argv;  // the exact program and arguments that run, when the action runs one
  bool destructive = false;
  std::vector<action::BackupItem> backup;  // files copied before the change
  std::optional<std::string> refuse;  // why it must not run at all
  std::optional<std::string> noop;    // why there is nothing to do (already in the wanted state)
  bool confirm = true;                // false: changes only clawbook's own state (a snapshot), never asked
  Json extra = Json::object();        // fields added to the result (pid, key, ...)
};

std::string shell_quote(const std::string& word) {
  if (!word.empty() && word.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-./:=@+,") ==
                           std::string::npos)
    return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string join_command(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + shell_quote(w);
  return out;
}

Json entry_of(const Plan& plan, const std::string& status) {
  Json entry = {{"action", plan.action}, {"target", plan.target}, {"summary", plan.summary}, {"status", status}};
  if (!plan.command.empty()) entry["command"] = plan.command;
  if (!plan.argv.empty()) entry["argv"] = plan.argv;
  if (!plan.diff.empty()) entry["diff"] = plan.diff;
  if (plan.destructive) entry["destructive"] = true;
  return entry;
}

void audit(Call& call, const Json& args, const Json& entry) {
  const auto& policy = call.action_policy();
  Json line = {{"time", action::iso_utc_now()},
               {"runbook", call.runbook_id()},
               {"runbook_version", call.runbook_version()},
               {"action", entry.value("action", "")},
               {"target", entry.value("target", "")},
               {"args", args},
               {"status", entry.value("status", "")},
               {"uid", ::getuid()},
               {"pid", ::getpid()}};
  for (const char* key : {"reason", "backup", "argv"})
    if (entry.contains(key)) line[key] = entry[key];
  // What came back: ok, and what the action reported (pid, exit code, signal...), without the plan's own text.
  Json result = Json::object();
  for (const auto& [key, value] : entry.items())
    if (key != "action" && key != "target" && key != "summary" && key != "status" && key != "command" && key != "diff" &&
        key != "destructive" && key != "reason" && key != "backup" && key != "argv")
      result[key] = value;
  line["result"] = result;
  // Secrets (tokens, registered by the runbook or by pin_token) become fingerprints before the line is written.
  const std::string redacted = call.redact(line.dump(-1, ' ', false, Json::error_handler_t::replace));
  const std::string problem = action::append_audit_line(policy.audit_log, Json::parse(redacted));
  if (!problem.empty()) call.log(problem);
}

// Ends a call: the report entry, the audit line (under --apply), and the Lua result.
int finish(Call& call, const Json& args, Json entry, bool ok) {
  entry["ok"] = ok;
  entry["applied"] = entry["status"] == "applied";
  if (call.action_policy().apply && entry["status"] != "planned") audit(call, args, entry);
  call.report_action(entry);
  return call.push(entry);
}

bool yes(const std::optional<std::string>& answer) {
  if (!answer) return false;
  std::string a;
  for (char c : *answer) a += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return a == "y" || a == "yes";
}

// Dry run, refusal, confirmation and backup: everything before `apply` runs. `apply` returns the result fields
// ({ok, reason?, ...}) of doing it.
int carry_out(Call& call, const Json& args, Plan plan, const std::function<Json()>& apply) {
  if (plan.refuse) {
    Json entry = entry_of(plan, "refused");
    entry["reason"] = *plan.refuse;
    entry.update(plan.extra);
    return finish(call, args, entry, false);
  }
  if (plan.noop) {
    Json entry = entry_of(plan, "skipped");
    entry["reason"] = *plan.noop;
    entry.update(plan.extra);
    return finish(call, args, entry, true);
  }
  const auto& policy = call.action_policy();
  if (!policy.apply) {
    Json entry = entry_of(plan, "planned");
    entry.update(plan.extra);
    return finish(call, args, entry, true);
  }
  if (plan.destructive && !policy.allow_destructive) {
    Json entry = entry_of(plan, "skipped");
    entry["reason"] = "destructive: it runs only with --allow-destructive (a backup is taken first)";
    entry.update(plan.extra);
    return finish(call, args, entry, false);
  }
  if (!policy.assume_yes && plan.confirm) {
    std::string prompt = "\nclawbook: " + plan.summary + "\n";
    if (!plan.command.empty()) prompt += "  $ " + plan.command + "\n";
    if (!plan.diff.empty()) prompt += plan.diff;
    std::optional<std::string> answer;
    bool confirmed = false;
    if (plan.destructive) {
      answer = call.ask(prompt + "This deletes state (a backup is taken first). Type \"destroy\" to go ahead: ");
      confirmed = answer && *answer == "destroy";
    } else {
      answer = call.ask(prompt + "Apply? [y/N] ");
      confirmed = yes(answer);
    }
    if (!confirmed) {
      Json entry = entry_of(plan, "declined");
      entry["reason"] = answer ? "not confirmed at the prompt" : "no terminal to confirm on: use --yes for unattended runs";
      entry.update(plan.extra);
      return finish(call, args, entry, false);
    }
  }
  Json entry = entry_of(plan, "applied");
  entry.update(plan.extra);
  // No audit, no action: a change nobody can trace afterwards is not made.
  if (const std::string problem = action::audit_log_problem(policy.audit_log); !problem.empty()) {
    entry["status"] = "refused";
    entry["reason"] = "the audit log cannot be written, so nothing was changed: " + problem;
    call.report_action(entry);
    entry["ok"] = false;
    entry["applied"] = false;
    return call.push(entry);
  }
  if (plan.destructive || !plan.backup.empty()) {
    std::string error;
    auto folder = action::back_up(policy.backup_dir, plan.action, plan.backup, error);
    if (!folder) {
      entry["status"] = "failed";
      entry["reason"] = "no backup, so nothing was changed: " + error;
      return finish(call, args, entry, false);
    }
    entry["backup"] = *folder;
  }
  Json result = apply();
  const bool ok = result.value("ok", false);
  if (!ok) {
    entry["status"] = "failed";
    entry["reason"] = result.value("reason", result.value("message", "failed"));
  }
  result.erase("ok");
  for (auto& [key, value] : result.items())
    if (key != "reason") entry[key] = value;
  return finish(call, args, entry, ok);
}

Json failure(const std::string& reason) { return {{"ok", false}, {"reason", reason}}; }

// A file an action reads or writes: only where `fs` may read (OpenClaw's state, config, logs and lock dirs,
// plus the runbook's "fs:" capabilities). Returns the path resolved as the policy judged it (symlinks followed
// to where they lead: that is the file shown and acted on); raises naming the capability.
std::string allowed_file(Call& call, const std::string& path) {
  try {
    return fs_policy::PathPolicy::for_capabilities(call.capabilities()).require(fs_policy::expand_home(path));
  } catch (const fs_policy::PathDenied& denied) {
    throw Misuse(call.name() + ": " + denied.what());
  }
}

// Files named in `key` (a list of paths), each through the path policy.
std::vector<std::string> allowed_files(Call& call, const Options& opts, const char* key) {
  std::vector<std::string> paths;
  for (const auto& p : opts.strings(key)) paths.push_back(allowed_file(call, p));
  return paths;
}

// The absolute path of a program on PATH (an empty or relative PATH entry is never searched).
std::optional<std::string> find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  const std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    const std::string dir = dirs.substr(start, end - start);
    start = end + 1;
    if (dir.empty() || dir.front() != '/') continue;
    const std::string candidate = dir + "/" + name;
    struct stat info {};
    if (::stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(candidate.c_str(), X_OK) == 0)
      return candidate;
  }
  return std::nullopt;
}

// A program pinned when the action is planned: what runs after the prompt must be the file that was shown.
struct Program {
  std::string path;
  dev_t dev = 0;
  ino_t ino = 0;
  static std::optional<Program> at(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return std::nullopt;
    return Program{path, info.st_dev, info.st_ino};
  }
  std::optional<std::string> changed() const {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 || info.st_dev != dev || info.st_ino != ino)
      return path + " changed after the action was shown: nothing was run";
    return std::nullopt;
  }
};

std::string process_label(const proc::Process& process) {
  std::string cmdline;
  for (const auto& a : process.argv) cmdline += (cmdline.empty() ? "" : " ") + a;
  return "pid " + std::to_string(process.pid) + " (" + (cmdline.empty() ? process.comm : cmdline.substr(0, 120)) + ")";
}

// --- snapshot -----------------------------------------------------------------------------------------------

int action_snapshot(Call& call) {
  const Options opts(call, 1, {"paths", "label"});
  if (!opts.has("paths")) opts.error("option 'paths' (a list of files) is required");
  const std::vector<std::string> paths = allowed_files(call, opts, "paths");
  std::string label = opts.str("label", "snapshot");
  for (char& c : label)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '-';
  std::vector<std::string> existing;
  std::error_code ec;
  for (const auto& p : paths)
    if (fs::is_regular_file(fs::symlink_status(p, ec))) existing.push_back(p);
  const std::string& folder = call.action_policy().backup_dir;
  Plan plan("snapshot", folder, "Copy " + std::to_string(existing.size()) + " file(s) into a snapshot under " + folder);
  for (const auto& p : existing) plan.backup.push_back({p, std::nullopt, 0600});
  plan.confirm = false;  // it writes only into clawbook's own backup folder
  plan.extra["files"] = existing;
  if (existing.empty()) plan.noop = "none of the files exists";
  return carry_out(call, opts.json(), plan, [] { return Json{{"ok", true}}; });
}

// --- locks and processes --------------------------------------------------------------------------------------

// Why a lock's owner may not be declared gone (nullopt: its PID is dead, so the lock is stale).
std::optional<std::string> lock_still_owned(const std::string& content) {
  const auto pid = action::pid_in_lock(content);
  if (!pid) return std::string("it names no PID, so nothing proves its owner is gone");
  if (!action::process_alive(*pid)) return std::nullopt;
  const auto process = proc::get(*pid);
  return "its owner is alive: " + (process ? process_label(*process) : "pid " + std::to_string(*pid)) +
         "; stop that process instead";
}

int action_remove_stale_lock(Call& call) {
  const Options opts(call, 1, {"path"});
  const std::string path = allowed_file(call, opts.required_str("path"));
  Plan plan("remove_stale_lock", path, "Remove the stale lock " + path, "rm -- " + shell_quote(path));
  plan.destructive = true;
  // Pinned now; after the prompt it must be the same file, with the same content, still naming a dead PID.
  const auto lock = std::make_shared<action::CheckedFile>(action::CheckedFile::open(path));
  if (lock->problem()) {
    plan.refuse = "cannot check it: " + *lock->problem();
  } else if (!lock->exists()) {
    plan.noop = "it is already gone";
  } else if (auto owned = lock_still_owned(lock->content())) {
    plan.refuse = *owned;
    if (auto pid = action::pid_in_lock(lock->content())) plan.extra["pid"] = *pid;
  } else {
    const int pid = *action::pid_in_lock(lock->content());
    plan.extra["pid"] = pid;
    plan.summary += " (pid " + std::to_string(pid) + " is gone)";
    plan.backup.push_back({path, lock->content(), lock->mode()});
  }
  return carry_out(call, opts.json(), plan, [lock] {
    if (auto changed = lock->changed_since_check()) return failure(*changed + "; left in place");
    if (auto owned = lock_still_owned(lock->content())) return failure("a process took the lock meanwhile (" + *owned + "); left in place");
    if (auto error = lock->remove()) return failure(*error);
    return Json{{"ok", true}};
  });
}

int action_stop_process(Call& call) {
  const Options opts(call, 1, {"pid", "expect", "wait", "kill"});
  if (!opts.has("pid")) opts.error("option 'pid' (an integer) is required");
  const int pid = static_cast<int>(*opts.integer("pid", 1, 4194304));
  const std::string expect = opts.required_str("expect");
  const double wait = opts.num("wait", 10.0);
  if (!(wait >= 0 && wait <= 3600)) opts.error("option 'wait' must be 0..3600 seconds");
  const bool kill_after = opts.boolean("kill", false);
  Plan plan("stop_process", "pid " + std::to_string(pid), "Stop pid " + std::to_string(pid),
            "kill -TERM " + std::to_string(pid));
  plan.extra["pid"] = pid;
  const auto process = proc::get(pid);
  if (!process || !action::process_alive(pid)) {
    plan.noop = "pid " + std::to_string(pid) + " is not running";
  } else {
    std::string cmdline = process->comm;
    for (const auto& a : process->argv) cmdline += " " + a;
    plan.summary = "Stop " + process_label(*process);
    if (cmdline.find(expect) == std::string::npos)
      plan.refuse = "pid " + std::to_string(pid) + " is not '" + expect + "' (" + process_label(*process) +
                    "): the PID may have been reused";
    else if (process->uid != ::getuid() && ::getuid() != 0)
      plan.refuse = "pid " + std::to_string(pid) + " belongs to " + (process->user.empty() ? std::to_string(process->uid) : process->user) +
                    ", not to this user";
  }
  // The process that was shown: after the prompt the PID must still be it (same start time), not a reuse.
  const auto started_at = process ? process->start_ticks : 0ULL;
  const auto deadline_budget = call.deadline(wait);
  return carry_out(call, opts.json(), plan, [&] {
    const auto again = proc::get(pid);
    if (!again || again->start_ticks != started_at)
      return failure("pid " + std::to_string(pid) + " is another process now; nothing was signalled");
    if (::kill(pid, SIGTERM) != 0) return failure("kill " + std::to_string(pid) + ": " + std::strerror(errno));
    const auto started = std::chrono::steady_clock::now();
    const auto deadline = started + deadline_budget;
    while (std::chrono::steady_clock::now() < deadline) {
      ::waitpid(pid, nullptr, WNOHANG);  // reaps it when it is our own child
      if (!action::process_alive(pid))
        return Json{{"ok", true}, {"signal", "TERM"},
                    {"seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()}};
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!kill_after) return failure("still running " + std::to_string(wait) + " s after SIGTERM");
    ::kill(pid, SIGKILL);
    for (int i = 0; i < 100 && action::process_alive(pid); ++i) {
      ::waitpid(pid, nullptr, WNOHANG);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (action::process_alive(pid)) return failure("still running after SIGKILL");
    return Json{{"ok", true}, {"signal", "KILL"}};
  });
}

// --- systemd --------------------------------------------------------------------------------------------------

int unit_action(Call& call, const char* verb) {
  const Options opts(call, 1, {"unit", "scope", "timeout"});
  const std::string unit = opts.required_str("unit");
  if (unit.front() == '-') opts.error("option 'unit' must be a unit name, not an option");
  const std::string scope = opts.str("scope", "user");
  if (scope != "user" && scope != "system") opts.error("option 'scope' must be \"user\" or \"system\"");
  const auto timeout = opts.deadline(60);
  const std::string title = std::string(verb) == "start" ? "Start" : "Restart";
  Plan plan(std::string(verb) + "_unit", unit, title + " the " + scope + " unit " + unit);
  const auto systemctl = find_program("systemctl");
  std::optional<Program> program;
  if (systemctl) program = Program::at(*systemctl);
  std::vector<std::string> args;
  if (scope == "user") args.push_back("--user");
  args.insert(args.end(), {verb, "--", unit});
  if (!program) {
    plan.refuse = "systemctl is not on PATH: no service manager to ask";
  } else {
    plan.argv = {program->path};
    plan.argv.insert(plan.argv.end(), args.begin(), args.end());
    plan.command = join_command(plan.argv);
    // The unit must exist in that scope, and a system unit that runs as another user is not ours to bounce.
    systemd::CommandSpec show;
    show.program = program->path;
    show.timeout = std::min(timeout, std::chrono::steady_clock::duration(std::chrono::seconds(5)));
    if (scope == "user") show.args.push_back("--user");
    show.args.insert(show.args.end(), {"show", "--property=LoadState,User,ActiveState", "--", unit});
    const auto shown_state = systemd::run_command(show);
    if (shown_state.status != systemd::CommandOutput::Status::exited || shown_state.exit_code != 0) {
      plan.refuse = "cannot read the unit: " +
                    (shown_state.spawn_error.empty() ? (shown_state.err.empty() ? std::string("systemctl show failed") : shown_state.err)
                                                     : shown_state.spawn_error);
    } else {
      std::map<std::string, std::string> props;
      std::istringstream lines(shown_state.out);
      for (std::string line; std::getline(lines, line);)
        if (auto eq = line.find('='); eq != std::string::npos) props[line.substr(0, eq)] = line.substr(eq + 1);
      plan.extra["active_state_before"] = props["ActiveState"];
      if (props["LoadState"] != "loaded") {
        plan.refuse = "no such " + scope + " unit (LoadState=" + props["LoadState"] + ")";
      } else if (scope == "system" && ::getuid() != 0) {
        plan.refuse = "a system unit" + (props["User"].empty() ? std::string() : " running as " + props["User"]) +
                      ": only root may " + verb + " it (sudo clawbook ..., or use the user unit)";
      }
    }
  }
  return carry_out(call, opts.json(), plan, [&] {
    if (auto changed = program->changed()) return failure(*changed);
    systemd::CommandSpec spec;
    spec.program = program->path;
    spec.args = args;
    spec.timeout = timeout;
    const auto out = systemd::run_command(spec);
    if (out.status == systemd::CommandOutput::Status::timed_out) return failure("systemctl timed out");
    if (out.status != systemd::CommandOutput::Status::exited) return failure(out.spawn_error);
    if (out.exit_code != 0)
      return failure("systemctl exited " + std::to_string(out.exit_code) + (out.err.empty() ? "" : ": " + out.err));
    return Json{{"ok", true}};
  });
}

int action_start_unit(Call& call) { return unit_action(call, "start"); }
int action_restart_unit(Call& call) { return unit_action(call, "restart"); }

// --- Docker ---------------------------------------------------------------------------------------------------

int container_action(Call& call, const char* verb) {
  const Options opts(call, 1, {"container", "timeout"});
  const std::string wanted = opts.required_str("container");
  docker::Options options;
  options.timeout = opts.deadline(30);
  const std::string title = std::string(verb) == "start" ? "Start" : "Restart";
  Plan plan(std::string(verb) + "_container", wanted, title + " the container " + wanted,
            "docker " + std::string(verb) + " " + shell_quote(wanted));
  // Resolve the name to exactly one container: Docker's name filter matches substrings.
  docker::ContainerQuery query;
  query.all = true;
  const Json listed = docker::containers(query, options);
  std::string id;
  if (!listed.value("ok", false)) {
    plan.refuse = "cannot list containers: " + listed.value("message", listed.value("error", "docker unavailable"));
  } else {
    std::vector<Json> exact, partial;
    for (const auto& c : listed["containers"]) {
      bool named = false;
      for (const auto& n : c["names"]) named = named || n == wanted;
      const std::string cid = c.value("id", "");
      if (named || cid == wanted || (wanted.size() >= 12 && cid.rfind(wanted, 0) == 0)) exact.push_back(c);
      else if (c.value("name", "").find(wanted) != std::string::npos) partial.push_back(c);
    }
    if (exact.size() == 1) {
      id = exact[0].value("id", "");
      plan.extra["container_id"] = exact[0].value("short_id", id);
      plan.target = wanted + " (" + exact[0].value("short_id", id) + ")";
      plan.extra["state_before"] = exact[0].value("state", "");
      if (std::string(verb) == "start" && exact[0].value("state", "") == "running") plan.noop = "it is already running";
    } else if (exact.size() > 1) {
      plan.refuse = "'" + wanted + "' names " + std::to_string(exact.size()) + " containers; give the full id";
    } else if (!partial.empty()) {
      std::string names;
      for (const auto& c : partial) names += (names.empty() ? "" : ", ") + c.value("name", "");
      plan.refuse = "no container is named '" + wanted + "' exactly (close: " + names + ")";
    } else {
      plan.refuse = "no container named '" + wanted + "'";
    }
  }
  return carry_out(call, opts.json(), plan, [&] {
    const Json result = std::string(verb) == "start" ? docker::start(id, options) : docker::restart(id, options);
    if (!result.value("ok", false)) return failure(result.value("message", result.value("error", "docker refused")));
    return Json{{"ok", true}};
  });
}

int action_start_container(Call& call) { return container_action(call, "start"); }
int action_restart_container(Call& call) { return container_action(call, "restart"); }

// --- files ----------------------------------------------------------------------------------------------------

std::vector<std::string> key_path(const Options& opts) {
  std::vector<std::string> path;
  const auto key = opts.value("key");
  if (key && key->is_string()) {
    const std::string text = key->get<std::string>();
    size_t start = 0;
    while (true) {
      const size_t dot = text.find('.', start);
      path.push_back(text.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
  } else if (key) {
    path = opts.strings("key");
  }
  if (path.empty()) opts.error("option 'key' (\"gateway.mode\" or {\"gateway\",\"mode\"}) is required");
  for (const auto& k : path)
    if (k.empty()) opts.error("option 'key' has an empty component");
  return path;
}

std::string dotted(const std::vector<std::string>& path) {
  std::string out;
  for (const auto& k : path) out += (out.empty() ? "" : ".") + k;
  return out;
}

// What a diff may show of a file: registered secrets and credential-shaped values (a token line, a DSN
// password next to the edited key) as fingerprints, on both sides, so the change still shows.
std::string shown_text(const Call& call, const std::string& text) { return redact_secret_patterns(call.redact(text)); }

// Plans writing `after` over the pinned file (whose checked text is the "before"), and applies it atomically to
// that same file: refused when it changed after the check.
int edit_file(Call& call, const Json& args, Plan plan, const std::shared_ptr<action::CheckedFile>& file,
              const std::string& after, mode_t new_mode) {
  if (!plan.refuse && file->problem()) plan.refuse = "cannot check it: " + *file->problem();
  const std::string& before = file->content();
  if (!plan.refuse) plan.diff = action::unified_diff(shown_text(call, before), shown_text(call, after), file->path());
  if (!plan.refuse && file->exists() && before == after) plan.noop = "it already has that value";
  if (file->exists()) plan.backup.push_back({file->path(), before, file->mode()});
  return carry_out(call, args, plan, [file, after, new_mode] {
    if (auto changed = file->changed_since_check()) return failure(*changed + "; nothing was written");
    if (auto error = file->replace(after, new_mode)) return failure(*error);
    return Json{{"ok", true}};
  });
}

// Plans a JSON5-preserving edit of the config at `path`: `value` set at `keys`, or the key removed (nullopt).
int edit_config(Call& call, const Json& args, Plan plan, const std::string& path, const std::vector<std::string>& keys,
                const std::optional<Json>& value) {
  plan.extra["key"] = dotted(keys);
  const auto file = std::make_shared<action::CheckedFile>(action::CheckedFile::open(path));
  std::string after;
  if (file->problem()) {
    plan.refuse = "cannot read the config: " + *file->problem();
  } else if (!file->exists()) {
    plan.refuse = "cannot read the config: " + path + ": no such file";
  } else {
    try {
      after = value ? json5::set_value(file->content(), keys, *value) : json5::remove_value(file->content(), keys);
    } catch (const json5::ParseError& e) {
      plan.refuse = "the config is not valid JSON5 (" + std::string(e.what()) + "): fix it by hand first";
    } catch (const json5::EditRefused& e) {
      plan.refuse = std::string("cannot edit it without losing comments or layout: ") + e.what();
    } catch (const std::exception& e) {
      plan.refuse = std::string("cannot edit it: ") + e.what();
    }
  }
  return edit_file(call, args, plan, file, after, 0600);
}

int action_set_config(Call& call) {
  const Options opts(call, 1, {"path", "key", "value", "secret", "remove"});
  const std::string path = allowed_file(call, opts.required_str("path"));
  const auto keys = key_path(opts);
  const bool secret = opts.boolean("secret", false);
  if (opts.boolean("remove", false)) {
    if (opts.has("value")) opts.error("option 'value' and remove=true exclude each other");
    // Removing a key resets it to OpenClaw's default: destructive, so it needs --allow-destructive.
    Plan plan("set_config", path, "Remove " + dotted(keys) + " from " + path);
    plan.destructive = true;
    return edit_config(call, opts.json(), plan, path, keys, std::nullopt);
  }
  const auto value = opts.value("value");
  if (!value) opts.error("option 'value' is required (or remove=true to delete the key)");
  Json shown = opts.json();
  if (secret && value->is_string()) {
    call.secret(value->get<std::string>());
    shown["value"] = Call::fingerprint(value->get<std::string>());
  }
  return edit_config(call, shown, Plan("set_config", path, "Set " + dotted(keys) + " in " + path), path, keys, *value);
}

int action_pin_token(Call& call) {
  const Options opts(call, 1, {"token", "env_file", "name", "config", "key"});
  const std::string token = opts.required_str("token");
  call.secret(token);
  Json shown = opts.json();
  shown["token"] = Call::fingerprint(token);
  if (opts.has("env_file") == opts.has("config")) opts.error("give one of 'env_file' or 'config': where the token is pinned");
  if (opts.has("env_file")) {
    if (opts.has("key")) opts.error("option 'key' goes with 'config'; an env file takes 'name'");
    const std::string path = allowed_file(call, opts.required_str("env_file"));
    const std::string name = opts.str("name", "OPENCLAW_GATEWAY_TOKEN");
    Plan plan("pin_token", path, "Pin " + name + " = " + Call::fingerprint(token) + " in " + path);
    const auto file = std::make_shared<action::CheckedFile>(action::CheckedFile::open(path));
    std::string after;
    if (!file->problem()) {
      try {
        after = envfile::set(file->content(), name, token);
      } catch (const std::invalid_argument& e) {
        plan.refuse = e.what();
      }
    }
    return edit_file(call, shown, plan, file, after, 0600);
  }
  if (opts.has("name")) opts.error("option 'name' goes with 'env_file'; a config takes 'key'");
  const std::string path = allowed_file(call, opts.required_str("config"));
  std::vector<std::string> keys{"gateway", "remote", "token"};
  if (opts.has("key")) keys = key_path(opts);
  Plan plan("pin_token", path, "Pin " + dotted(keys) + " = " + Call::fingerprint(token) + " in " + path);
  return edit_config(call, shown, plan, path, keys, Json(token));
}

// --- the openclaw CLI -----------------------------------------------------------------------------------------

// The commands runbooks may run: each repairs, none reveals a secret or changes what the user did not ask for.
bool allowed(const std::vector<std::string>& a, bool detach, std::string& why, bool& destructive) {
  destructive = false;
  if (a.size() == 3 && a[0] == "devices" && a[1] == "approve") {
    if (!a[2].empty() && a[2][0] != '-') return true;
    why = "devices approve takes a request id, not an option";
    return false;
  }
  if (a.size() >= 2 && a[0] == "doctor" && a[1] == "--fix") {
    destructive = true;  // it may rewrite the config
    for (size_t i = 2; i < a.size(); ++i)
      if (a[i] != "--non-interactive" && a[i] != "--yes") {
        why = "doctor --fix takes only --non-interactive or --yes here";
        return false;
      }
    return true;
  }
  if (a.size() == 2 && a[0] == "gateway" && (a[1] == "start" || a[1] == "stop" || a[1] == "restart")) return true;
  if (a.size() >= 2 && a[0] == "gateway" && a[1] == "run") {
    if (!detach) {
      why = "gateway run stays in the foreground: use detach=true";
      return false;
    }
    for (size_t i = 2; i < a.size(); ++i) {
      if (a[i] == "--port" && i + 1 < a.size() && a[i + 1].find_first_not_of("0123456789") == std::string::npos) {
        ++i;
        continue;
      }
      if (a[i] == "--allow-unconfigured") continue;
      why = "gateway run takes only --port N here";
      return false;
    }
    return true;
  }
  why = "not an allowed openclaw command (devices approve ID, doctor --fix, gateway start|stop|restart, gateway run)";
  return false;
}

// Starts `argv` in its own session, detached from clawbook (it outlives the run), output appended to `log`.
Json spawn_detached(const std::vector<std::string>& argv, const std::string& log) {
  std::error_code ec;
  if (const auto parent = fs::path(log).parent_path(); !parent.empty() && !fs::exists(parent, ec)) {
    fs::create_directories(parent, ec);
    if (ec) return failure("cannot create " + parent.string() + " for the output: " + ec.message());
  }
  if (const int probe = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600); probe < 0)
    return failure("cannot write the output to " + log + ": " + std::strerror(errno));
  else
    ::close(probe);
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigfillset(&defaults);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  std::vector<char*> raw;
  for (const auto& a : argv) raw.push_back(const_cast<char*>(a.c_str()));
  raw.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0].c_str(), &files, &attributes, raw.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0) return failure("cannot start " + argv[0] + ": " + std::strerror(rc));
  // Not waited for: it is meant to outlive us. A start that fails at once shows as an exit within 300 ms.
  for (int i = 0; i < 15; ++i) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid)
      return failure(argv[0] + " exited at once (status " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                     "); see " + log);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return {{"ok", true}, {"pid", pid}, {"log", log}};
}

int action_openclaw(Call& call) {
  const Options opts(call, 1, {"args", "detach", "log", "timeout", "backup"});
  const std::vector<std::string> args = opts.strings("args");
  if (args.empty()) opts.error("option 'args' (a list of strings, e.g. {\"devices\", \"approve\", id}) is required");
  const bool detach = opts.boolean("detach", false);
  std::string log = opts.str("log", "");
  if (!log.empty()) log = allowed_file(call, log);
  if (!log.empty() && !detach) opts.error("option 'log' goes with detach=true");
  Plan plan("openclaw", join_command(args), "Run openclaw " + join_command(args));
  for (const auto& path : allowed_files(call, opts, "backup")) plan.backup.push_back({path, std::nullopt, 0600});
  std::string why;
  if (!allowed(args, detach, why, plan.destructive)) plan.refuse = why;
  // Only the OpenClaw CLI the user has (or configured), by its absolute path: what the dry run, the prompt and
  // the audit line show is what runs.
  std::optional<Program> program;
  if (const auto cli = openclaw::cli_path(openclaw::process_environment())) program = Program::at(*cli);
  if (!program && !plan.refuse) plan.refuse = "no OpenClaw CLI: no executable `openclaw` on PATH (or set $CLAWBOOK_OPENCLAW_CLI)";
  if (program) {
    plan.argv = {program->path};
    plan.argv.insert(plan.argv.end(), args.begin(), args.end());
    plan.command = join_command(plan.argv);
    plan.summary = "Run " + plan.command;
  }
  if (detach) {
    if (log.empty()) log = "/dev/null";
    if (!plan.command.empty()) plan.command += " >>" + shell_quote(log) + " 2>&1 &";
  }
  const auto timeout = opts.deadline(60);
  return carry_out(call, opts.json(), plan, [&] {
    if (auto changed = program->changed()) return failure(*changed);
    if (detach) return spawn_detached(plan.argv, log);
    systemd::CommandSpec spec;
    spec.program = program->path;
    spec.args = args;
    spec.timeout = timeout;
    const auto out = systemd::run_command(spec);
    if (out.status == systemd::CommandOutput::Status::timed_out) return failure("openclaw timed out");
    if (out.status != systemd::CommandOutput::Status::exited) return failure(out.spawn_error);
    Json result = {{"ok", out.exit_code == 0}, {"exit_code", out.exit_code}, {"stdout", out.out.substr(0, 4000)},
                   {"stderr", out.err.substr(0, 4000)}};
    if (out.exit_code != 0) result["reason"] = "exited " + std::to_string(out.exit_code) + (out.err.empty() ? "" : ": " + out.err.substr(0, 300));
    return result;
  });
}

ModuleSpec make_action_module() {
  return {.name = "action",
          .capability = "action",
          .summary = "Changes to the machine, dry run unless --apply: locks, processes, units, containers, config, "
                     "tokens and allowed openclaw commands, each confirmed, backed up and audited.",
          .functions = {{"snapshot", action_snapshot},
                        {"remove_stale_lock", action_remove_stale_lock},
                        {"stop_process", action_stop_process},
                        {"start_unit", action_start_unit},
                        {"restart_unit", action_restart_unit},
                        {"start_container", action_start_container},
                        {"restart_container", action_restart_container},
                        {"set_config", action_set_config},
                        {"pin_token", action_pin_token},
                        {"openclaw", action_openclaw}},
          .prelude = "",
          // Declared by runbooks that name the program an action runs ("exec:openclaw"); reserved, no call
          // checks it yet.
          .capability_forms = {"exec:NAME"}};
}

}  // namespace

CLAWBOOK_MODULE(make_action_module());

}  // namespace clawbook
