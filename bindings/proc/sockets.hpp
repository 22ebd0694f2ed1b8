// TCP sockets of this machine (never through ss or lsof), with their owning processes found by matching socket
// inodes against /proc/<pid>/fd links: one pass over /proc, only when some socket matched, and only for the
// inodes of the sockets that matched.
//
// The tables come from NETLINK_SOCK_DIAG when it answers, else from /proc/net/tcp and /proc/net/tcp6 (same
// fields). Netlink is preferred for speed: reading /proc/net/tcp walks every bucket of the kernel's established
// hash even to list LISTEN sockets, which costs about 5 ms of CPU per file on this project's CI machines.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clawbook::proc {

using Json = nlohmann::json;

enum class TcpState { established = 0x01, listen = 0x0A };

struct SocketOwner {
  int pid = 0;
  std::string comm;
};

struct TcpSocket {
  int family = 4;  // 4 or 6
  std::string local_address;
  int local_port = 0;
  std::string remote_address;
  int remote_port = 0;
  int state = 0;
  unsigned uid = 0;
  unsigned long long inode = 0;
  std::vector<SocketOwner> owners;
};

enum class SocketSource { automatic, procfs };

struct SocketQuery {
  TcpState state = TcpState::listen;
  std::optional<int> port;  // listen: the local port; established: local or remote port
  // Read the tables of another network namespace (a container's) through /proc/<pid>/net; 0 = ours.
  int netns_pid = 0;
  bool owners = true;
  SocketSource source = SocketSource::automatic;  // procfs: skip netlink (tests exercise both readers)
};

// Decodes one address field of /proc/net/tcp{,6} ("0100007F:4A75" or 32 hex digits + port).
// Returns false on malformed input.
bool decode_address(std::string_view field, int family, std::string& address, int& port);

bool is_loopback(std::string_view address);
bool is_wildcard(std::string_view address);

// Sockets in the requested state. `error` is set (and the result empty) when no table could be read; `used`
// names the reader that answered ("sock_diag" or "/proc/net/tcp").
std::vector<TcpSocket> tcp_sockets(const SocketQuery& query, std::string* error = nullptr,
                                   std::string* used = nullptr);

Json to_json(const TcpSocket& socket);

}  // namespace clawbook::proc
