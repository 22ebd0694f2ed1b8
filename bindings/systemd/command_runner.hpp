// Runs a helper program (systemctl, journalctl) asynchronously on an io_context with Boost.Process v2: stdout and
// stderr collected, bounded by a deadline after which the child's process group is killed by its PID.
#pragma once

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace clawbook::systemd {

struct CommandOutput {
  enum class Status { exited, not_found, spawn_failed, timed_out };
  Status status = Status::spawn_failed;
  int exit_code = -1;       // when exited
  std::string out;          // raw bytes, at most max_output (then out_truncated)
  std::string err;
  bool out_truncated = false;
  bool err_truncated = false;
  std::string executable;   // resolved path, empty when not found
  std::string spawn_error;  // when not_found / spawn_failed
  double seconds = 0;
};

struct CommandSpec {
  std::string program;                 // a name looked up in PATH, or a path
  std::vector<std::string> args;
  std::vector<std::string> env;        // "NAME=VALUE" overrides on top of the inherited environment
  bool inherit_environment = true;     // false: the child sees only `env` (exec.run's clean environment)
  std::chrono::steady_clock::duration timeout = std::chrono::seconds(5);
  std::size_t max_output = 16 * 1024 * 1024;
  std::size_t max_error_output = 65536;  // stderr kept; the rest is read and dropped (err_truncated)
};

using CommandDone = std::function<void(CommandOutput)>;

// `done` runs exactly once, on the io_context's thread, never inline.
void run_command_async(boost::asio::io_context& io, CommandSpec spec, CommandDone done);

// Synchronous form on a private io_context (tests, benchmarks).
CommandOutput run_command(CommandSpec spec);

}  // namespace clawbook::systemd
