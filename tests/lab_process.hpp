// A `clawbook lab` child process for tests that drive the binary against simulated gateways.
#pragma once

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <string>
#include <vector>
#include "test_paths.hpp"

extern char** environ;

namespace clawbook::test {

// A `clawbook lab` child on an ephemeral port; killed by its pid when the object goes away.
class Lab {
 public:
  // `args` after `clawbook lab`; without --ports, the gateway gets an ephemeral port (--port 0).
  explicit Lab(const std::vector<std::string>& args) {
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    std::vector<std::string> storage{CLAWBOOK_BINARY, "lab"};
    if (std::find(args.begin(), args.end(), "--ports") == args.end()) storage.insert(storage.end(), {"--port", "0"});
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : storage) argv.push_back(arg.data());
    argv.push_back(nullptr);
    const int spawned = posix_spawn(&pid_, CLAWBOOK_BINARY, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    REQUIRE(spawned == 0);
    // The first line names the URL: "clawbook lab: scenario=X url=ws://127.0.0.1:PORT ..." (wss:// for tls)
    std::string output;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (output.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd fd{pipe_fds[0], POLLIN, 0};
      if (::poll(&fd, 1, 100) <= 0) continue;
      char buffer[512];
      const ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
      if (n <= 0) break;
      output.append(buffer, static_cast<size_t>(n));
    }
    ::close(pipe_fds[0]);
    // The target is always http://host:port, as a user who does not know the gateway speaks TLS would give it.
    const auto url = output.find("url=");
    const auto at = url == std::string::npos ? url : output.find("://", url);
    INFO(output);
    REQUIRE(at != std::string::npos);
    url_ = "http://" + output.substr(at + 3, output.find_first_of(" \n", at + 3) - (at + 3));
  }
  ~Lab() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  const std::string& url() const { return url_; }
  // The lab's process: a test may SIGSTOP it to freeze its event loop (and must SIGCONT it again).
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = 0;
  std::string url_;
};

}  // namespace clawbook::test
