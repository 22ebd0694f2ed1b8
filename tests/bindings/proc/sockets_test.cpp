// Listening and established TCP sockets, with real loopback sockets opened by this test and its children.
#include "bindings/proc/child_process.hpp"
#include "proc/sockets.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

namespace proc = clawbook::proc;

namespace {

// A listening loopback socket on an ephemeral port, closed on scope exit.
class Listener {
 public:
  explicit Listener(int family) {
    fd_ = ::socket(family == 6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_storage address{};
    socklen_t length = 0;
    if (family == 6) {
      auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
      v6->sin6_family = AF_INET6;
      v6->sin6_addr = in6addr_loopback;
      length = sizeof *v6;
    } else {
      auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
      v4->sin_family = AF_INET;
      v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      length = sizeof *v4;
    }
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) == 0);
    REQUIRE(::listen(fd_, 8) == 0);
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port_ = ntohs(family == 6 ? reinterpret_cast<sockaddr_in6*>(&address)->sin6_port
                              : reinterpret_cast<sockaddr_in*>(&address)->sin_port);
  }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  ~Listener() { close(); }
  int fd() const { return fd_; }
  int port() const { return port_; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
  int port_ = 0;
};

std::vector<proc::TcpSocket> listeners_on(int port) {
  proc::SocketQuery query;
  query.port = port;
  return proc::tcp_sockets(query);
}

std::vector<int> pids_of(const proc::TcpSocket& socket) {
  std::vector<int> pids;
  for (const auto& owner : socket.owners) pids.push_back(owner.pid);
  std::sort(pids.begin(), pids.end());
  return pids;
}

}  // namespace

TEST_CASE("decode_address reads the kernel's hex encoding", "[proc][sockets]") {
  std::string address;
  int port = 0;
  // Lines as /proc/net/tcp{,6} print them on little-endian machines.
  REQUIRE(proc::decode_address("0100007F:4965", 4, address, port));
  CHECK(address == "127.0.0.1");
  CHECK(port == 18789);
  REQUIRE(proc::decode_address("00000000:0BB9", 4, address, port));
  CHECK(address == "0.0.0.0");
  CHECK(port == 3001);
  REQUIRE(proc::decode_address("00000000000000000000000001000000:4965", 6, address, port));
  CHECK(address == "::1");
  REQUIRE(proc::decode_address("00000000000000000000000000000000:4965", 6, address, port));
  CHECK(address == "::");
  REQUIRE(proc::decode_address("0000000000000000FFFF00000100007F:4965", 6, address, port));
  CHECK(address == "::ffff:127.0.0.1");
  CHECK(proc::is_loopback(address));

  CHECK_FALSE(proc::decode_address("0100007F", 4, address, port));
  CHECK_FALSE(proc::decode_address("0100007G:4965", 4, address, port));
  CHECK_FALSE(proc::decode_address("0100007F:1FFFF", 4, address, port));
  CHECK_FALSE(proc::decode_address("0100:4965", 6, address, port));
  CHECK(proc::is_wildcard("0.0.0.0"));
  CHECK(proc::is_wildcard("::"));
  CHECK_FALSE(proc::is_loopback("10.0.0.1"));
}

TEST_CASE("listeners finds this process's IPv4 and IPv6 loopback listeners", "[proc][sockets]") {
  Listener v4(4);
  Listener v6(6);

  const auto found4 = listeners_on(v4.port());
  REQUIRE(found4.size() == 1);
  CHECK(found4[0].family == 4);
  CHECK(found4[0].local_address == "127.0.0.1");
  CHECK(found4[0].local_port == v4.port());
  CHECK(found4[0].uid == ::geteuid());
  REQUIRE(found4[0].owners.size() == 1);
  CHECK(found4[0].owners[0].pid == ::getpid());
  CHECK_FALSE(found4[0].owners[0].comm.empty());

  const auto found6 = listeners_on(v6.port());
  REQUIRE(found6.size() == 1);
  CHECK(found6[0].family == 6);
  CHECK(found6[0].local_address == "::1");
  CHECK(pids_of(found6[0]) == std::vector<int>{::getpid()});

  const auto json = proc::to_json(found4[0]);
  CHECK(json["state"] == "listen");
  CHECK(json["loopback"] == true);
  CHECK(json["wildcard"] == false);
  CHECK(json["pids"] == clawbook::proc::Json::array({::getpid()}));

  v4.close();
  CHECK(listeners_on(v4.port()).empty());
}

TEST_CASE("listeners names every process that holds the socket", "[proc][sockets]") {
  Listener listener(4);
  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The child inherits the listening socket, as a forked server's workers do.
    (void)!::write(ready[1], "x", 1);
    ::pause();
    ::_exit(0);
  }
  char byte;
  REQUIRE(::read(ready[0], &byte, 1) == 1);
  ::close(ready[0]);
  ::close(ready[1]);

  auto found = listeners_on(listener.port());
  REQUIRE(found.size() == 1);
  std::vector<int> expected{::getpid(), child};
  std::sort(expected.begin(), expected.end());
  CHECK(pids_of(found[0]) == expected);

  // Once the parent closes its copy, only the child owns it.
  listener.close();
  found = listeners_on(listener.port());
  REQUIRE(found.size() == 1);
  CHECK(pids_of(found[0]) == std::vector<int>{child});

  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  CHECK(listeners_on(listener.port()).empty());
}

TEST_CASE("listeners of a spawned server process", "[proc][sockets]") {
  // A forked child that listens by itself, as a gateway does.
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(fd, 4) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
      ::_exit(1);
    const uint16_t port = ntohs(address.sin_port);
    (void)!::write(pipe_fds[1], &port, sizeof port);
    ::pause();
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  uint16_t port = 0;
  REQUIRE(::read(pipe_fds[0], &port, sizeof port) == sizeof port);
  ::close(pipe_fds[0]);

  const auto found = listeners_on(port);
  REQUIRE(found.size() == 1);
  CHECK(pids_of(found[0]) == std::vector<int>{child});

  proc::SocketQuery unfiltered;
  const auto all = proc::tcp_sockets(unfiltered);
  CHECK(std::any_of(all.begin(), all.end(), [&](const proc::TcpSocket& s) { return s.local_port == port; }));

  // The same tables read through the child's /proc/<pid>/net (its network namespace is ours).
  proc::SocketQuery through_child;
  through_child.port = port;
  through_child.netns_pid = child;
  CHECK(proc::tcp_sockets(through_child).size() == 1);

  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  std::string error;
  through_child.netns_pid = child;
  CHECK(proc::tcp_sockets(through_child, &error).empty());
  CHECK_FALSE(error.empty());
}

TEST_CASE("connections lists both ends of an established loopback connection", "[proc][sockets]") {
  Listener listener(4);
  const int client = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(client >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(listener.port()));
  REQUIRE(::connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  const int server = ::accept(listener.fd(), nullptr, nullptr);
  REQUIRE(server >= 0);

  proc::SocketQuery query;
  query.state = proc::TcpState::established;
  query.port = listener.port();
  const auto found = proc::tcp_sockets(query);
  REQUIRE(found.size() == 2);
  const auto server_side = std::find_if(found.begin(), found.end(),
                                        [&](const proc::TcpSocket& s) { return s.local_port == listener.port(); });
  const auto client_side = std::find_if(found.begin(), found.end(),
                                        [&](const proc::TcpSocket& s) { return s.remote_port == listener.port(); });
  REQUIRE(server_side != found.end());
  REQUIRE(client_side != found.end());
  CHECK(server_side->remote_port == client_side->local_port);
  CHECK(pids_of(*server_side) == std::vector<int>{::getpid()});
  CHECK(pids_of(*client_side) == std::vector<int>{::getpid()});
  const auto json = proc::to_json(*client_side);
  CHECK(json["state"] == "established");
  CHECK(json["remote_address"] == "127.0.0.1");

  ::close(server);
  ::close(client);
}
