// GCC's -Wnull-dereference fires inside Asio's inlined scheduler code (false positives, not in our code).
#pragma GCC diagnostic ignored "-Wnull-dereference"
// Boost 1.81 ships no compiled Boost.Filesystem here, so Process v2 uses std::filesystem.
#ifndef BOOST_PROCESS_USE_STD_FS
#define BOOST_PROCESS_USE_STD_FS 1
#endif

#include "systemd/command_runner.hpp"

// With BOOST_PROCESS_USE_STD_FS, Process v2 1.81 uses boost::optional and Boost.TypeTraits without including
// them (Boost.Filesystem's headers used to bring them in).
#include <boost/optional.hpp>
#include <boost/type_traits/is_constructible.hpp>
#include <boost/type_traits/remove_pointer.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/process/v2/environment.hpp>
#include <boost/process/v2/posix/default_launcher.hpp>
#include <boost/process/v2/process.hpp>
#include <boost/process/v2/stdio.hpp>

#include <algorithm>
#include <csignal>
#include <map>
#include <memory>
#include <optional>

#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

extern char** environ;

namespace clawbook::systemd {
namespace {

namespace bp = boost::process::v2;
namespace asio = boost::asio;

// Runs in the child between fork and exec:
//  - the child leads its own process group, so a timeout also kills anything it spawned (a pager, a helper)
//    that would otherwise hold the output pipes open;
//  - every inherited descriptor above stderr is marked close-on-exec. Process v2 (1.81) leaves its own pipe
//    ends open in the child, so a daemon started by the child (dockerd.sh start) would hold our stdout pipe
//    and the run would never see EOF. Marking rather than closing keeps the launcher's exec-error pipe working.
struct ChildSetup {
  template <typename Launcher>
  bp::error_code on_exec_setup(Launcher&, const std::filesystem::path&, const char* const*) {
    ::setpgid(0, 0);
#if defined(SYS_close_range) && defined(CLOSE_RANGE_CLOEXEC)
    if (::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return {};
#endif
    const long limit = std::min(::sysconf(_SC_OPEN_MAX), 65536L);
    for (int fd = 3; fd < limit; ++fd) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    return {};
  }
};

// The child's environment: ours plus overrides. (Process v2's own process_environment needs a non-inline
// function from a .ipp file, which only one translation unit of a program may include.)
struct ChildEnvironment {
  std::vector<std::string> variables;
  std::vector<const char*> pointers;

  explicit ChildEnvironment(std::vector<std::string> list) : variables(std::move(list)) {
    for (const std::string& text : variables) pointers.push_back(text.c_str());
    pointers.push_back(nullptr);
  }

  bp::error_code on_setup(bp::posix::default_launcher& launcher, const std::filesystem::path&, const char* const*) {
    launcher.env = pointers.data();
    return {};
  }
};

std::vector<std::string> merged_environment(const std::vector<std::string>& overrides) {
  std::map<std::string, std::string> variables;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string text = *entry;
    const auto eq = text.find('=');
    if (eq != std::string::npos) variables[text.substr(0, eq)] = text;
  }
  for (const std::string& text : overrides) variables[text.substr(0, text.find('='))] = text;
  std::vector<std::string> out;
  out.reserve(variables.size());
  for (auto& [name, text] : variables) out.push_back(std::move(text));
  return out;
}

std::filesystem::path resolve(const std::string& program) {
  if (program.find('/') != std::string::npos) {
    return ::access(program.c_str(), X_OK) == 0 ? std::filesystem::path(program) : std::filesystem::path();
  }
  return bp::environment::find_executable(program);
}

struct Run : std::enable_shared_from_this<Run> {
  Run(asio::io_context& io, CommandSpec s, CommandDone d)
      : spec(std::move(s)), done(std::move(d)), out_pipe(io), err_pipe(io), timer(io), started(std::chrono::steady_clock::now()) {}

  CommandSpec spec;
  CommandDone done;
  asio::readable_pipe out_pipe;
  asio::readable_pipe err_pipe;
  asio::steady_timer timer;
  std::optional<bp::process> child;
  pid_t pid = 0;
  std::chrono::steady_clock::time_point started;
  CommandOutput result;
  int pending = 0;  // outstanding: stdout EOF, stderr EOF, exit
  bool finished = false;
  std::array<char, 65536> out_buffer{};
  std::array<char, 16384> err_buffer{};

  void start() {
    const std::filesystem::path exe = resolve(spec.program);
    if (exe.empty()) {
      result.status = CommandOutput::Status::not_found;
      result.spawn_error = spec.program + ": not found" +
                           (spec.program.find('/') == std::string::npos ? " in PATH" : " or not executable");
      return finish_soon();
    }
    result.executable = exe.string();
    ChildEnvironment env(spec.inherit_environment ? merged_environment(spec.env) : spec.env);
    try {
      child.emplace(out_pipe.get_executor(), exe, spec.args, bp::process_stdio{nullptr, out_pipe, err_pipe},
                    env, ChildSetup{});
    } catch (const std::exception& error) {
      result.status = CommandOutput::Status::spawn_failed;
      result.spawn_error = spec.program + ": " + error.what();
      return finish_soon();
    }
    pid = child->id();
    result.status = CommandOutput::Status::exited;
    pending = 3;
    auto self = shared_from_this();
    read_out();
    read_err();
    child->async_wait([self](bp::error_code ec, int code) {
      if (!ec) self->result.exit_code = code;
      self->step();
    });
    timer.expires_after(spec.timeout);
    timer.async_wait([self](bp::error_code ec) {
      if (ec || self->finished) return;
      self->on_timeout();
    });
  }

  void read_out() {
    auto self = shared_from_this();
    out_pipe.async_read_some(asio::buffer(out_buffer), [self](bp::error_code ec, std::size_t n) {
      self->append(self->result.out, self->result.out_truncated, self->spec.max_output, self->out_buffer.data(), n);
      if (ec) return self->step();
      self->read_out();
    });
  }

  void read_err() {
    auto self = shared_from_this();
    err_pipe.async_read_some(asio::buffer(err_buffer), [self](bp::error_code ec, std::size_t n) {
      self->append(self->result.err, self->result.err_truncated, self->spec.max_error_output, self->err_buffer.data(), n);
      if (ec) return self->step();
      self->read_err();
    });
  }

  static void append(std::string& into, bool& truncated, std::size_t cap, const char* data, std::size_t n) {
    const std::size_t room = cap > into.size() ? cap - into.size() : 0;
    if (n > room) truncated = true;
    into.append(data, std::min(n, room));
  }

  void on_timeout() {
    result.status = CommandOutput::Status::timed_out;
    // Only the group of the child we started: its PID is the group's ID.
    if (pid > 0) ::kill(-pid, SIGKILL);
    bp::error_code ignored;
    out_pipe.close(ignored);
    err_pipe.close(ignored);
  }

  void step() {
    if (--pending > 0 || finished) return;
    finished = true;
    timer.cancel();
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    done(std::move(result));
  }

  void finish_soon() {
    finished = true;
    auto self = shared_from_this();
    asio::post(timer.get_executor(), [self] { self->done(std::move(self->result)); });
  }
};

}  // namespace

void run_command_async(asio::io_context& io, CommandSpec spec, CommandDone done) {
  auto run = std::make_shared<Run>(io, std::move(spec), std::move(done));
  run->start();
}

CommandOutput run_command(CommandSpec spec) {
  asio::io_context io;
  CommandOutput output;
  run_command_async(io, std::move(spec), [&](CommandOutput result) { output = std::move(result); });
  io.run();
  return output;
}

}  // namespace clawbook::systemd
