// Fuzzes the reading of /proc/net/tcp and /proc/net/tcp6 tables (bindings/proc/sockets.cpp). The table walk,
// parse_table, is private to sockets.cpp and only reads the real /proc, so it is mirrored here (header line
// skipped, fields split on runs of spaces, rows of fewer than 10 fields skipped, the state in hex, then the
// local and remote address through proc::decode_address, uid and inode as numbers); the same bytes are read as
// an IPv4 and as an IPv6 table, and every field with a ':' is also decoded on its own. Checks:
//   - a decoded address is one inet_pton reads back, and the port fits 16 bits;
//   - writing the address the kernel's way (host-order 32-bit words in hex, then ":PORT") and decoding that
//     gives the same address and port;
//   - is_wildcard is exactly the all-zero address; is_loopback exactly 127.0.0.0/8, ::1 and ::ffff:127.x.y.z;
//   - the socket's result table (proc.sockets) serialises.
#include "proc/sockets.hpp"

#include "fuzz_check.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace proc = clawbook::proc;
using clawbook::fuzz::require;
using clawbook::fuzz::serialises;

std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t pos = 0;
  while (pos < line.size()) {
    while (pos < line.size() && line[pos] == ' ') ++pos;
    const std::size_t start = pos;
    while (pos < line.size() && line[pos] != ' ') ++pos;
    if (pos > start) fields.push_back(line.substr(start, pos - start));
  }
  return fields;
}

// The kernel's form of an address: each 32-bit word of it printed as a host-order number.
std::string kernel_form(const unsigned char* bytes, std::size_t length, int port) {
  std::string out;
  char word_text[9];
  for (std::size_t at = 0; at < length; at += 4) {
    std::uint32_t word = 0;
    std::memcpy(&word, bytes + at, sizeof word);
    std::snprintf(word_text, sizeof word_text, "%08X", static_cast<unsigned>(word));
    out += word_text;
  }
  char port_text[8];
  std::snprintf(port_text, sizeof port_text, ":%04X", static_cast<unsigned>(port));
  return out + port_text;
}

void check_decoded(const std::string& address, int port, int family) {
  require(port >= 0 && port <= 65535, "a decoded port fits 16 bits");
  std::array<unsigned char, 16> bytes{};
  const int af = family == 4 ? AF_INET : AF_INET6;
  const std::size_t length = family == 4 ? 4 : 16;
  require(::inet_pton(af, address.c_str(), bytes.data()) == 1, "a decoded address reads back with inet_pton", address);

  std::string again;
  int again_port = -1;
  require(proc::decode_address(kernel_form(bytes.data(), length, port), family, again, again_port) &&
              again == address && again_port == port,
          "an address written the kernel's way decodes to itself", address);

  bool zero = true;
  for (std::size_t i = 0; i < length; ++i) zero = zero && bytes[i] == 0;
  require(proc::is_wildcard(address) == zero, "is_wildcard is exactly the all-zero address", address);
  bool loopback = false;
  if (family == 4) {
    loopback = bytes[0] == 127;
  } else {
    bool high_zero = true;
    for (std::size_t i = 0; i < 10; ++i) high_zero = high_zero && bytes[i] == 0;
    const bool one = high_zero && bytes[10] == 0 && bytes[11] == 0 && bytes[12] == 0 && bytes[13] == 0 &&
                     bytes[14] == 0 && bytes[15] == 1;
    const bool mapped = high_zero && bytes[10] == 0xff && bytes[11] == 0xff && bytes[12] == 127;
    loopback = one || mapped;
  }
  require(proc::is_loopback(address) == loopback, "is_loopback is exactly the loopback addresses", address);
}

bool decode(std::string_view field, int family, std::string& address, int& port) {
  if (!proc::decode_address(field, family, address, port)) return false;
  check_decoded(address, port, family);
  return true;
}

// sockets.cpp, parse_table: rows in `state` of a table of `family`.
void read_table(std::string_view text, int family, proc::TcpState state) {
  std::size_t pos = text.find('\n');  // the header line
  while (pos != std::string_view::npos && pos + 1 < text.size()) {
    const std::size_t start = pos + 1;
    pos = text.find('\n', start);
    const auto fields = fields_of(text.substr(start, (pos == std::string_view::npos ? text.size() : pos) - start));
    if (fields.size() < 10) continue;
    std::uint32_t row_state = 0;
    const auto [end, error] = std::from_chars(fields[3].data(), fields[3].data() + fields[3].size(), row_state, 16);
    const bool whole = error == std::errc() && end == fields[3].data() + fields[3].size();
    if (!whole || static_cast<int>(row_state) != static_cast<int>(state)) continue;
    proc::TcpSocket socket;
    socket.family = family;
    socket.state = static_cast<int>(row_state);
    if (!decode(fields[1], family, socket.local_address, socket.local_port)) continue;
    if (!decode(fields[2], family, socket.remote_address, socket.remote_port)) continue;
    std::from_chars(fields[7].data(), fields[7].data() + fields[7].size(), socket.uid);
    std::from_chars(fields[9].data(), fields[9].data() + fields[9].size(), socket.inode);
    require(serialises(proc::to_json(socket)), "a socket's result serialises");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const int family : {4, 6}) {
    read_table(text, family, proc::TcpState::listen);
    read_table(text, family, proc::TcpState::established);
  }
  // Every field that could be an address, alone and in both families.
  std::size_t line_start = 0;
  while (line_start < text.size()) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    for (const std::string_view field : fields_of(text.substr(line_start, line_end - line_start))) {
      if (field.find(':') == std::string_view::npos) continue;
      std::string address;
      int port = 0;
      for (const int family : {4, 6}) decode(field, family, address, port);
    }
    line_start = line_end + 1;
  }
  return 0;
}
