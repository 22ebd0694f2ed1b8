// Real child processes for the host probe tests: started with fork/exec, stopped by their PID (SIGKILL, then
// reaped) when the handle goes out of scope.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace clawbook::testing {

class ChildProcess {
 public:
  // Runs `argv` (argv[0] is looked up on PATH) with `environment` added to the inherited one, in `cwd` if set.
  explicit ChildProcess(std::vector<std::string> argv, std::map<std::string, std::string> environment = {},
                        std::string cwd = {})
      : argv_(argv) {
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      for (const auto& [name, value] : environment) ::setenv(name.c_str(), value.c_str(), 1);
      if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
      std::vector<char*> args;
      for (auto& arg : argv) args.push_back(arg.data());
      args.push_back(nullptr);
      ::execvp(args[0], args.data());
      ::_exit(127);
    }
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess() { stop(); }

  int pid() const { return pid_; }

  // True once exec has finished: the kernel sets comm before it sets the new argv and environment, so a
  // child whose comm already reads "sleep" can still show an empty cmdline for a moment.
  bool exec_done() const {
    std::ifstream in("/proc/" + std::to_string(pid_) + "/cmdline", std::ios::binary);
    const std::string cmdline{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::string expected;
    for (const auto& arg : argv_) expected += arg + '\0';
    return cmdline == expected;
  }

  // SIGKILL without reaping: the child stays a zombie until reap().
  void kill_only() {
    if (pid_ > 0 && !killed_) ::kill(pid_, SIGKILL);
    killed_ = true;
  }
  void reap() {
    if (pid_ > 0 && !reaped_) ::waitpid(pid_, nullptr, 0);
    reaped_ = true;
  }
  void stop() {
    kill_only();
    reap();
  }

 private:
  std::vector<std::string> argv_;
  int pid_ = -1;
  bool killed_ = false;
  bool reaped_ = false;
};

// Polls `condition` every 10 ms until it holds or `timeout` passes.
inline bool wait_until(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

// Waits until `child` has finished exec (see ChildProcess::exec_done).
inline bool wait_for_exec(const ChildProcess& child) {
  return wait_until([&] { return child.exec_done(); });
}

}  // namespace clawbook::testing
