// Runs the clawbook binary as a user would, capturing exit code, stdout and stderr.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <csignal>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>
#include "test_paths.hpp"

extern char** environ;

namespace clawbook::test {

struct Outcome {
  int code = -1;
  std::string out, err;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A clawbook process started by a test, running while the test acts on the world around it (swaps a file
// during a prompt, sends a signal); finish() waits and collects the outcome.
// `env` entries ("K=V") are added to (or replace those of) the current environment.
class Running {
 public:
  // `stdin_text`: what the process reads on standard input (empty: /dev/null).
  Running(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
          const std::string& stdin_text = "") {
    char out_path[] = "/tmp/clawbook-test-out-XXXXXX";
    char err_path[] = "/tmp/clawbook-test-err-XXXXXX";
    const int out_fd = mkstemp(out_path);
    const int err_fd = mkstemp(err_path);
    out_path_ = out_path;
    err_path_ = err_path;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
    posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
    if (stdin_text.empty()) {
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    } else {
      char in_path[] = "/tmp/clawbook-test-in-XXXXXX";
      const int in_fd = mkstemp(in_path);
      in_path_ = in_path;
      ssize_t written = ::write(in_fd, stdin_text.data(), stdin_text.size());
      (void)written;
      close(in_fd);
      posix_spawn_file_actions_addopen(&actions, 0, in_path_.c_str(), O_RDONLY, 0);
    }
    std::vector<std::string> argv_storage{CLAWBOOK_BINARY};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    // `env` entries replace inherited ones of the same name (getenv would see only the first of two), and a
    // later entry replaces an earlier one.
    std::vector<std::string> env_storage;
    const auto name_of = [](const std::string& entry) { return entry.substr(0, entry.find('=')); };
    const auto put = [&](const std::string& entry) {
      for (auto& existing : env_storage) {
        if (name_of(existing) == name_of(entry)) {
          existing = entry;
          return;
        }
      }
      env_storage.push_back(entry);
    };
    for (char** e = environ; *e != nullptr; ++e) put(*e);
    for (const auto& entry : env) put(entry);
    std::vector<char*> envp;
    for (auto& e : env_storage) envp.push_back(e.data());
    envp.push_back(nullptr);
    if (posix_spawn(&pid_, CLAWBOOK_BINARY, &actions, nullptr, argv.data(), envp.data()) != 0) pid_ = 0;
    posix_spawn_file_actions_destroy(&actions);
    close(out_fd);
    close(err_fd);
  }
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;
  ~Running() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    std::remove(out_path_.c_str());
    std::remove(err_path_.c_str());
    if (!in_path_.empty()) std::remove(in_path_.c_str());
  }
  pid_t pid() const { return pid_; }
  // What the process has written to stderr so far (a watch's event lines, for a test waiting on one).
  std::string err_so_far() const { return slurp(err_path_); }
  void signal(int number) const {
    if (pid_ > 0) kill(pid_, number);
  }
  Outcome finish() {
    Outcome outcome;
    if (pid_ > 0) {
      int status = 0;
      waitpid(pid_, &status, 0);
      pid_ = 0;
      outcome.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    outcome.out = slurp(out_path_);
    outcome.err = slurp(err_path_);
    return outcome;
  }

 private:
  pid_t pid_ = 0;
  std::string out_path_, err_path_, in_path_;
};

// Runs clawbook to its end. With `signal_after_ms` > 0 the child gets SIGINT after that long, as a user pressing
// Ctrl-C would send it.
inline Outcome run_clawbook(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                            int signal_after_ms = 0) {
  Running running(args, env);
  if (signal_after_ms > 0) {
    usleep(static_cast<useconds_t>(signal_after_ms) * 1000);
    running.signal(SIGINT);
  }
  return running.finish();
}

inline std::string fixture(std::string_view relative) {
  std::string path;
  // One allocation; also sidesteps a GCC 12 -Warray-bounds false positive.
  path.reserve(std::strlen(CLAWBOOK_TESTS_DIR) + relative.size() + 1);
  path.append(CLAWBOOK_TESTS_DIR).append("/").append(relative);
  return path;
}

}  // namespace clawbook::test
