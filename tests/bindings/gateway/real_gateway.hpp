// A real OpenClaw gateway started through scripts/peers/openclaw.sh on a free loopback port, for tests and
// benches. Stopped (by its PID, as a process group) when the object goes away.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <csignal>
#include <fstream>
#include <vector>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>
#include <string>

#include <sys/wait.h>
#include <unistd.h>
#include "test_paths.hpp"

namespace gateway_test {

inline std::string peer_script() { return std::string(CLAWBOOK_SOURCE_DIR) + "/scripts/peers/openclaw.sh"; }

inline bool real_gateway_installed() {
  return std::system((peer_script() + " installed").c_str()) == 0;
}

// Runs a command, returns its stdout (trailing newline removed) and exit status.
inline std::pair<int, std::string> run_command(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return {-1, ""};
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  const int status = ::pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

inline unsigned short unused_loopback_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(
      io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

class RealGateway {
 public:
  RealGateway() {
    std::random_device random;
    char token[33];
    std::snprintf(token, sizeof token, "%08x%08x%08x%08x", random(), random(), random(), random());
    token_ = token;
    port_ = unused_loopback_port();
    state_ = std::filesystem::temp_directory_path() /
             ("clawbook-real-gw-" + std::to_string(::getpid()) + "-" + std::to_string(port_));
    std::filesystem::create_directories(state_);
  }
  RealGateway(const RealGateway&) = delete;
  RealGateway& operator=(const RealGateway&) = delete;
  ~RealGateway() {
    stop();
    std::error_code ignored;
    std::filesystem::remove_all(state_, ignored);
  }

  // Spawns the gateway and returns at once (it needs 10-14 s to be ready). False if the script failed.
  // `options`: extra flags of the script's start command ("--keep-config" to start from a config the test wrote).
  bool start(const std::string& options = "") {
    const auto [status, out] = run_command(peer_script() + " start " + state_.string() + " " + std::to_string(port_) +
                                           " " + token_ + " " + options);
    if (status != 0 || out.empty()) return false;
    pid_ = std::stoi(out.substr(out.find_last_of('\n') + 1));
    return pid_ > 0;
  }

  // SIGTERM through the script (it signals the process group the gateway leads).
  void stop() {
    if (!pid_) return;
    run_command(peer_script() + " stop " + std::to_string(*pid_));
    pid_.reset();
  }

  // SIGKILL to the gateway and every descendant (one helper runs in its own session): the gateway dies
  // without closing its sockets.
  void kill_hard() {
    if (!pid_) return;
    std::vector<int> family{*pid_};
    for (std::size_t i = 0; i < family.size(); ++i)
      for (int child : children_of(family[i])) family.push_back(child);
    for (int pid : family) ::kill(pid, SIGKILL);
    for (int i = 0; i < 100 && ::kill(*pid_, 0) == 0; ++i) ::usleep(20000);
    pid_.reset();
  }

  static std::vector<int> children_of(int parent) {
    std::vector<int> children;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
      const std::string name = entry.path().filename().string();
      if (name.find_first_not_of("0123456789") != std::string::npos) continue;
      std::ifstream stat(entry.path() / "stat");
      std::string line;
      std::getline(stat, line);
      // pid (comm) state ppid ...: comm may hold spaces, so parse after the last ')'.
      const auto close = line.rfind(')');
      if (close == std::string::npos) continue;
      char state = 0;
      int ppid = 0;
      if (std::sscanf(line.c_str() + close + 1, " %c %d", &state, &ppid) == 2 && ppid == parent)
        children.push_back(std::stoi(name));
    }
    return children;
  }

  // Polls GET /readyz until it answers 200 (true) or the process exits or `seconds` pass (false).
  bool wait_ready(int seconds) const {
    const std::string probe = "curl -fsS -o /dev/null --max-time 1 " + http_url() + "/readyz 2>/dev/null";
    for (int i = 0; i < seconds * 5; ++i) {
      if (std::system(probe.c_str()) == 0) return true;
      if (pid_ && ::kill(*pid_, 0) != 0) return false;
      ::usleep(200000);
    }
    return false;
  }

  // Waits until the gateway process has exited on its own (a start refused by its config).
  bool wait_exit(int seconds) {
    for (int i = 0; i < seconds * 10 && pid_; ++i) {
      int status = 0;
      if (::waitpid(*pid_, &status, WNOHANG) == *pid_ || ::kill(*pid_, 0) != 0) {
        pid_.reset();
        return true;
      }
      ::usleep(100000);
    }
    return false;
  }

  // The environment the gateway and its CLI run with, as "K=V" entries (for running clawbook beside it).
  std::vector<std::string> environment() const {
    std::vector<std::string> vars;
    const auto [status, out] = run_command(peer_script() + " env " + state_.string());
    std::size_t start = 0;
    while (status == 0 && start < out.size()) {
      const auto end = out.find('\n', start);
      vars.push_back(out.substr(start, end == std::string::npos ? std::string::npos : end - start));
      if (end == std::string::npos) break;
      start = end + 1;
    }
    return vars;
  }

  // Runs the gateway's own CLI against this gateway's state dir (e.g. "gateway health --json").
  std::pair<int, std::string> cli(const std::string& arguments) const {
    return run_command(peer_script() + " cli " + state_.string() + " " + arguments + " 2>/dev/null");
  }

  const std::string& token() const { return token_; }
  unsigned short port() const { return port_; }
  std::string http_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string ws_url() const { return "ws://127.0.0.1:" + std::to_string(port_); }
  const std::filesystem::path& state_dir() const { return state_; }
  std::optional<int> pid() const { return pid_; }

 private:
  std::string token_;
  unsigned short port_ = 0;
  std::filesystem::path state_;
  std::optional<int> pid_;
};

}  // namespace gateway_test
