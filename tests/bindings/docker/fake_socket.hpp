// A hostile stand-in for the Docker daemon's Unix socket, for the failure cases a real daemon will not produce:
// garbage answers, truncated bodies, a socket that accepts and never answers. Each connection's request head is
// handed to `respond`, whose bytes are written back before the connection closes; nullopt keeps the connection
// open and silent until the server stops.
#pragma once

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace clawbook::testing {

class FakeSocket {
 public:
  using Responder = std::function<std::optional<std::string>(const std::string& request_head)>;

  FakeSocket(std::filesystem::path path, Responder respond) : path_(std::move(path)), respond_(std::move(respond)) {
    listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    path_.string().copy(address.sun_path, sizeof(address.sun_path) - 1);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 || ::listen(listen_fd_, 16) != 0) {
      throw std::runtime_error("fake socket: cannot listen on " + path_.string());
    }
    thread_ = std::thread([this] { serve(); });
  }

  ~FakeSocket() {
    stop_ = true;
    thread_.join();
    for (int fd : held_) ::close(fd);
    ::close(listen_fd_);
    std::filesystem::remove(path_);
  }

  FakeSocket(const FakeSocket&) = delete;
  FakeSocket& operator=(const FakeSocket&) = delete;

  const std::filesystem::path& path() const { return path_; }
  int connections() const { return connections_; }

 private:
  void serve() {
    while (!stop_) {
      pollfd waiting{listen_fd_, POLLIN, 0};
      if (::poll(&waiting, 1, 20) <= 0) continue;
      const int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      ++connections_;
      const std::string head = read_head(fd);
      std::optional<std::string> answer = respond_(head);
      if (!answer) {
        held_.push_back(fd);
        continue;
      }
      std::size_t sent = 0;
      while (sent < answer->size()) {
        const ssize_t n = ::send(fd, answer->data() + sent, answer->size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
      }
      ::close(fd);
    }
  }

  std::string read_head(int fd) {
    std::string head;
    char buffer[4096];
    while (head.find("\r\n\r\n") == std::string::npos && !stop_) {
      pollfd readable{fd, POLLIN, 0};
      if (::poll(&readable, 1, 20) <= 0) continue;
      const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
      if (n <= 0) break;
      head.append(buffer, static_cast<std::size_t>(n));
    }
    return head;
  }

  std::filesystem::path path_;
  Responder respond_;
  int listen_fd_ = -1;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::vector<int> held_;
};

inline std::string http_answer(const std::string& status, const std::string& body,
                               const std::string& extra_headers = "Content-Type: application/json\r\n") {
  return "HTTP/1.1 " + status + "\r\nApi-Version: 1.41\r\n" + extra_headers +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

inline const std::string kPingAnswer = http_answer("200 OK", "OK", "Content-Type: text/plain\r\n");

}  // namespace clawbook::testing
