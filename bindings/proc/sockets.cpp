#include "proc/sockets.hpp"

#include "proc/procfs.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <unordered_map>

namespace clawbook::proc {
namespace {

constexpr size_t kTableCap = 64 * 1024 * 1024;

bool parse_hex32(std::string_view text, uint32_t& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out, 16);
  return ec == std::errc() && end == text.data() + text.size();
}

// Splits a line on runs of spaces.
std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t pos = 0;
  while (pos < line.size()) {
    while (pos < line.size() && line[pos] == ' ') ++pos;
    const size_t start = pos;
    while (pos < line.size() && line[pos] != ' ') ++pos;
    if (pos > start) fields.push_back(line.substr(start, pos - start));
  }
  return fields;
}

void parse_table(const std::string& text, int family, const SocketQuery& query, std::vector<TcpSocket>& out) {
  size_t pos = text.find('\n');  // skip the header line
  while (pos != std::string::npos && pos + 1 < text.size()) {
    const size_t start = pos + 1;
    pos = text.find('\n', start);
    const std::string_view line(text.data() + start, (pos == std::string::npos ? text.size() : pos) - start);
    const auto fields = fields_of(line);
    // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
    if (fields.size() < 10) continue;
    uint32_t state = 0;
    if (!parse_hex32(fields[3], state) || static_cast<int>(state) != static_cast<int>(query.state)) continue;
    TcpSocket socket;
    socket.family = family;
    socket.state = static_cast<int>(state);
    if (!decode_address(fields[1], family, socket.local_address, socket.local_port)) continue;
    if (!decode_address(fields[2], family, socket.remote_address, socket.remote_port)) continue;
    if (query.port) {
      const bool local = socket.local_port == *query.port;
      const bool remote = query.state == TcpState::established && socket.remote_port == *query.port;
      if (!local && !remote) continue;
    }
    std::from_chars(fields[7].data(), fields[7].data() + fields[7].size(), socket.uid);
    std::from_chars(fields[9].data(), fields[9].data() + fields[9].size(), socket.inode);
    out.push_back(std::move(socket));
  }
}

// The same table through NETLINK_SOCK_DIAG (what ss uses). Reading /proc/net/tcp makes the kernel walk every
// bucket of the established hash even for LISTEN sockets (milliseconds on big hash tables); a LISTEN-only dump
// walks only the listening hash. Returns false when netlink is unavailable, so the caller falls back to /proc.
bool dump_sock_diag(int family, const SocketQuery& query, std::vector<TcpSocket>& out) {
  const int fd = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) return false;
  timeval timeout{1, 0};  // every read has a deadline
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  struct {
    nlmsghdr header;
    inet_diag_req_v2 request;
  } message{};
  message.header.nlmsg_len = sizeof message;
  message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  message.request.sdiag_family = static_cast<uint8_t>(family == 4 ? AF_INET : AF_INET6);
  message.request.sdiag_protocol = IPPROTO_TCP;
  message.request.idiag_states = 1U << static_cast<unsigned>(query.state);
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (::sendto(fd, &message, sizeof message, 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) < 0) {
    ::close(fd);
    return false;
  }
  alignas(nlmsghdr) char buffer[32768];
  const size_t first = out.size();
  for (;;) {
    const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    // Walk the messages by hand: the NLMSG_* macros use C casts.
    const auto align = [](size_t n) { return (n + 3) & ~static_cast<size_t>(3); };
    const size_t length = static_cast<size_t>(got);
    size_t next = 0;
    for (size_t offset = 0; offset + sizeof(nlmsghdr) <= length; offset = next) {
      const auto* header = reinterpret_cast<const nlmsghdr*>(buffer + offset);
      const bool malformed = header->nlmsg_len < sizeof(nlmsghdr) || offset + header->nlmsg_len > length;
      if (!malformed && header->nlmsg_type == NLMSG_DONE) {
        ::close(fd);
        return true;
      }
      if (malformed || header->nlmsg_type == NLMSG_ERROR ||
          header->nlmsg_len < align(sizeof(nlmsghdr)) + sizeof(inet_diag_msg)) {
        ::close(fd);
        out.resize(first);
        return false;
      }
      next = offset + align(header->nlmsg_len);
      const auto* entry = reinterpret_cast<const inet_diag_msg*>(buffer + offset + align(sizeof(nlmsghdr)));
      TcpSocket socket;
      socket.family = family;
      socket.state = entry->idiag_state;
      socket.local_port = ntohs(entry->id.idiag_sport);
      socket.remote_port = ntohs(entry->id.idiag_dport);
      char text[INET6_ADDRSTRLEN];
      const int af = family == 4 ? AF_INET : AF_INET6;
      if (::inet_ntop(af, entry->id.idiag_src, text, sizeof text) == nullptr) continue;
      socket.local_address = text;
      if (::inet_ntop(af, entry->id.idiag_dst, text, sizeof text) == nullptr) continue;
      socket.remote_address = text;
      socket.uid = entry->idiag_uid;
      socket.inode = entry->idiag_inode;
      if (query.port) {
        const bool local = socket.local_port == *query.port;
        const bool remote = query.state == TcpState::established && socket.remote_port == *query.port;
        if (!local && !remote) continue;
      }
      out.push_back(std::move(socket));
    }
  }
  // Timed out or failed before NLMSG_DONE: the dump is incomplete.
  ::close(fd);
  out.resize(first);
  return false;
}

// "socket:[12345]" -> 12345
bool socket_inode(std::string_view link, unsigned long long& inode) {
  constexpr std::string_view prefix = "socket:[";
  if (link.size() <= prefix.size() + 1 || link.substr(0, prefix.size()) != prefix || link.back() != ']') return false;
  const std::string_view digits = link.substr(prefix.size(), link.size() - prefix.size() - 1);
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), inode);
  return ec == std::errc() && end == digits.data() + digits.size();
}

std::string comm_of(int proc_fd, const char* pid_name) {
  std::string path = std::string(pid_name) + "/comm";
  auto comm = read_file_at(proc_fd, path.c_str(), 256);
  if (!comm) return {};
  while (!comm->empty() && comm->back() == '\n') comm->pop_back();
  return *comm;
}

struct OwnerMatch {
  size_t socket;
  int pid;
  std::string comm;
};

// Reads /proc/<pid>/fd of pids[begin, end) for the wanted socket inodes.
std::vector<OwnerMatch> scan_fds(int proc_fd, const std::vector<int>& pids, size_t begin, size_t end,
                                 const std::unordered_map<unsigned long long, std::vector<size_t>>& wanted) {
  std::vector<OwnerMatch> matches;
  char link[64];
  for (size_t i = begin; i < end; ++i) {
    const int pid = pids[i];
    char pid_name[16];
    *std::to_chars(pid_name, pid_name + sizeof pid_name - 1, pid).ptr = '\0';
    char fd_path[32];
    std::snprintf(fd_path, sizeof fd_path, "%s/fd", pid_name);
    const int fd_dir_fd = ::openat(proc_fd, fd_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd_dir_fd < 0) continue;  // gone, or another user's process without privileges
    DIR* fd_dir = ::fdopendir(fd_dir_fd);
    if (fd_dir == nullptr) {
      ::close(fd_dir_fd);
      continue;
    }
    std::string comm;
    while (const dirent* entry = ::readdir(fd_dir)) {
      if (entry->d_name[0] == '.') continue;
      const ssize_t length = ::readlinkat(fd_dir_fd, entry->d_name, link, sizeof link);
      // Socket links are short ("socket:[N]"); anything that fills the buffer is a path.
      if (length <= 0 || static_cast<size_t>(length) >= sizeof link || link[0] != 's') continue;
      unsigned long long inode = 0;
      if (!socket_inode(std::string_view(link, static_cast<size_t>(length)), inode)) continue;
      auto it = wanted.find(inode);
      if (it == wanted.end()) continue;
      if (comm.empty()) comm = comm_of(proc_fd, pid_name);
      for (size_t index : it->second) matches.push_back({index, pid, comm});
    }
    ::closedir(fd_dir);
  }
  return matches;
}

// One pass over /proc/<pid>/fd for the inodes of `sockets`; fills their owners. Opening /proc files is kernel
// CPU time (~15 µs each on a small VM), so a full table is split over two cores; the halves keep pid order.
void find_owners(std::vector<TcpSocket>& sockets) {
  std::unordered_map<unsigned long long, std::vector<size_t>> wanted;
  for (size_t i = 0; i < sockets.size(); ++i)
    if (sockets[i].inode != 0) wanted[sockets[i].inode].push_back(i);
  if (wanted.empty()) return;

  const int proc_fd = ::open(kProcRoot, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (proc_fd < 0) return;
  const std::vector<int> pids = list_pids();
  std::vector<OwnerMatch> matches;
  try {
    matches = scan_in_halves<OwnerMatch>(
        pids.size(), [&](size_t begin, size_t end) { return scan_fds(proc_fd, pids, begin, end, wanted); });
  } catch (...) {
    ::close(proc_fd);
    throw;
  }
  ::close(proc_fd);
  for (auto& match : matches) {
    auto& owners = sockets[match.socket].owners;
    if (std::none_of(owners.begin(), owners.end(), [&](const SocketOwner& o) { return o.pid == match.pid; }))
      owners.push_back({match.pid, std::move(match.comm)});
  }
}

}  // namespace

bool decode_address(std::string_view field, int family, std::string& address, int& port) {
  const size_t colon = field.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string_view hex = field.substr(0, colon);
  uint32_t port_value = 0;
  if (!parse_hex32(field.substr(colon + 1), port_value) || port_value > 65535) return false;
  char text[INET6_ADDRSTRLEN];
  if (family == 4) {
    // The kernel prints the network-order 32-bit word as a host-order number: copying the number's bytes
    // back gives the address bytes.
    uint32_t word = 0;
    if (hex.size() != 8 || !parse_hex32(hex, word)) return false;
    in_addr raw{};
    std::memcpy(&raw.s_addr, &word, sizeof word);
    if (::inet_ntop(AF_INET, &raw, text, sizeof text) == nullptr) return false;
  } else {
    // Four such words, in order.
    if (hex.size() != 32) return false;
    in6_addr raw{};
    for (int i = 0; i < 4; ++i) {
      uint32_t word = 0;
      if (!parse_hex32(hex.substr(static_cast<size_t>(i) * 8, 8), word)) return false;
      std::memcpy(raw.s6_addr + i * 4, &word, sizeof word);
    }
    if (::inet_ntop(AF_INET6, &raw, text, sizeof text) == nullptr) return false;
  }
  address = text;
  port = static_cast<int>(port_value);
  return true;
}

bool is_loopback(std::string_view address) {
  if (address == "::1") return true;
  if (address.substr(0, 7) == "::ffff:") address.remove_prefix(7);
  return address.substr(0, 4) == "127.";
}

bool is_wildcard(std::string_view address) { return address == "0.0.0.0" || address == "::"; }

std::vector<TcpSocket> tcp_sockets(const SocketQuery& query, std::string* error, std::string* used) {
  std::vector<TcpSocket> sockets;
  // Netlink answers for our own network namespace only; another namespace is read through /proc/<pid>/net.
  if (query.source == SocketSource::automatic && query.netns_pid <= 0 && dump_sock_diag(4, query, sockets) &&
      dump_sock_diag(6, query, sockets)) {
    if (query.owners) find_owners(sockets);
    if (used != nullptr) *used = "sock_diag";
    return sockets;
  }
  sockets.clear();
  const std::string base =
      query.netns_pid > 0 ? std::string(kProcRoot) + "/" + std::to_string(query.netns_pid) + "/net/" : "/proc/net/";
  int readable = 0;
  int last_error = 0;
  for (const auto& [name, family] : {std::pair{"tcp", 4}, std::pair{"tcp6", 6}}) {
    int err = 0;
    const auto table = read_file(base + name, kTableCap, &err);
    if (!table) {
      // tcp6 is missing when IPv6 is disabled: not an error as long as tcp is there.
      last_error = err;
      continue;
    }
    ++readable;
    parse_table(*table, family, query, sockets);
  }
  if (readable == 0) {
    if (error != nullptr) *error = base + "tcp: " + std::strerror(last_error);
    return sockets;
  }
  if (query.owners) find_owners(sockets);
  if (used != nullptr) *used = base + "tcp";
  return sockets;
}

Json to_json(const TcpSocket& socket) {
  Json pids = Json::array();
  Json processes = Json::array();
  for (const auto& owner : socket.owners) {
    pids.push_back(owner.pid);
    processes.push_back({{"pid", owner.pid}, {"comm", owner.comm}});
  }
  Json out = {{"family", socket.family == 4 ? "ipv4" : "ipv6"},
              {"address", socket.local_address},
              {"port", socket.local_port},
              {"loopback", is_loopback(socket.local_address)},
              {"wildcard", is_wildcard(socket.local_address)},
              {"uid", socket.uid},
              {"inode", socket.inode},
              {"pids", pids},
              {"processes", processes}};
  if (socket.state == static_cast<int>(TcpState::established)) {
    out["state"] = "established";
    out["remote_address"] = socket.remote_address;
    out["remote_port"] = socket.remote_port;
  } else {
    out["state"] = "listen";
  }
  return out;
}

}  // namespace clawbook::proc
