#include "host_mask.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <stdexcept>
#include <tuple>

namespace clawbook {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
// A character that continues a word: an address touching one is part of something longer ("v1.2.3.4", "0x10").
bool is_word(char c) { return is_alnum(c) || c == '_'; }
// Host names also run through '-' ("my-gw" is not "gw") and UTF-8 bytes (the letters of an IDN).
bool is_name_char(char c) { return is_word(c) || c == '-' || static_cast<unsigned char>(c) >= 0x80; }

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = lower(c);
  return out;
}

struct Address {
  std::size_t end = 0;
  std::string canonical;
  bool local = false;  // loopback or unspecified: kept as written
};

// A dotted quad at `at`, not part of a longer dotted number or of a word on either side.
bool parse_ipv4(std::string_view text, std::size_t at, Address& out) {
  if (at > 0) {
    const char before = text[at - 1];
    if (is_word(before)) return false;
    if (before == '.' && at > 1 && is_digit(text[at - 2])) return false;
  }
  std::array<unsigned, 4> octets{};
  std::size_t i = at;
  for (std::size_t k = 0; k < octets.size(); ++k) {
    if (k > 0) {
      if (i >= text.size() || text[i] != '.') return false;
      ++i;
    }
    std::size_t digits = 0;
    unsigned value = 0;
    for (; i < text.size() && is_digit(text[i]) && digits < 4; ++i, ++digits)
      value = value * 10 + static_cast<unsigned>(text[i] - '0');
    if (digits == 0 || digits > 3 || value > 255) return false;
    octets[k] = value;
  }
  if (i < text.size()) {
    if (is_word(text[i])) return false;
    if (text[i] == '.' && i + 1 < text.size() && is_digit(text[i + 1])) return false;
  }
  out.end = i;
  out.canonical = std::to_string(octets[0]) + "." + std::to_string(octets[1]) + "." + std::to_string(octets[2]) + "." +
                  std::to_string(octets[3]);
  out.local = octets[0] == 127 || (octets[0] == 0 && octets[1] == 0 && octets[2] == 0 && octets[3] == 0);
  return true;
}

// The longest IPv6 text: "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255".
constexpr std::size_t kMaxIpv6Text = 45;

// An IPv6 address at `at`. The run of hex digits, ':' and '.' is handed to inet_pton, which wants hex groups and
// either "::" or exactly 8 groups: times ("12:30:45") and MAC addresses are not addresses to it. A "%zone" after
// the address is left to the caller's text, as it names an interface, not a host.
bool parse_ipv6(std::string_view text, std::size_t at, Address& out) {
  if (!is_hex(text[at]) && text[at] != ':') return false;
  if (at > 0) {
    const char before = text[at - 1];
    if (is_word(before) || before == '.') return false;
    // "addr:fe80::1" starts after the label's ':'; a group inside "a:b:c" does not start an address.
    if (before == ':' && (at == 1 || is_hex(text[at - 2]) || text[at - 2] == ':')) return false;
  }
  std::size_t end = at;
  while (end < text.size() && end - at <= kMaxIpv6Text && (is_hex(text[end]) || text[end] == ':' || text[end] == '.'))
    ++end;
  if (end - at > kMaxIpv6Text) return false;
  // A full stop or a "label:" colon after the address is not part of it; "::" at the end is.
  while (end > at && text[end - 1] == '.') --end;
  if (end - at >= 2 && text[end - 1] == ':' && text[end - 2] != ':') --end;
  if (end < text.size() && is_word(text[end])) return false;
  const std::string_view run = text.substr(at, end - at);
  if (std::count(run.begin(), run.end(), ':') < 2) return false;
  const std::string candidate(run);  // inet_pton wants a NUL-terminated string
  in6_addr address{};
  if (inet_pton(AF_INET6, candidate.c_str(), &address) != 1) return false;
  std::array<char, INET6_ADDRSTRLEN> canonical{};
  if (inet_ntop(AF_INET6, &address, canonical.data(), static_cast<socklen_t>(canonical.size())) == nullptr)
    return false;
  out.end = end;
  out.canonical = canonical.data();
  // Read from the bytes: glibc's IN6_IS_ADDR_* macros are GNU statement expressions.
  const unsigned char* bytes = address.s6_addr;
  const auto zero = [&](std::size_t from, std::size_t to) {
    return std::all_of(bytes + from, bytes + to, [](unsigned char b) { return b == 0; });
  };
  const bool v4_mapped = zero(0, 10) && bytes[10] == 0xff && bytes[11] == 0xff;
  out.local = (zero(0, 15) && bytes[15] <= 1) || (v4_mapped && (bytes[12] == 127 || zero(12, 16)));
  return true;
}

bool parse_whole_ip(std::string_view text, Address& out) {
  return !text.empty() &&
         ((parse_ipv6(text, 0, out) && out.end == text.size()) || (parse_ipv4(text, 0, out) && out.end == text.size()));
}

bool is_local_name(std::string_view lowered) {
  // RFC 6761: "localhost" and every name under it resolve to loopback.
  constexpr std::string_view kLocal = "localhost";
  return lowered == kLocal || (lowered.size() > kLocal.size() && lowered.ends_with(".localhost"));
}

// "ip-3", "host-12": what an already masked text contains, not a host to learn.
unsigned placeholder_number(std::string_view name, std::string_view prefix) {
  if (!name.starts_with(prefix)) return 0;
  const std::string_view digits = name.substr(prefix.size());
  if (digits.empty() || digits.size() > 9 || digits.front() == '0') return 0;
  unsigned number = 0;
  for (const char c : digits) {
    if (!is_digit(c)) return 0;
    number = number * 10 + static_cast<unsigned>(c - '0');
  }
  return number;
}

std::string_view strip_trailing_dots(std::string_view name) {
  // "gw.example.com." (fully qualified, with the root's dot) is the same host as "gw.example.com".
  while (!name.empty() && name.back() == '.') name.remove_suffix(1);
  return name;
}

bool is_scheme_char(char c) { return is_alnum(c) || c == '+' || c == '-' || c == '.'; }

bool ends_authority(char c) {
  return static_cast<unsigned char>(c) <= ' ' || c == '/' || c == '?' || c == '#' || c == '"' || c == '\'' ||
         c == '`' || c == '<' || c == '>' || c == '\\';
}

}  // namespace

void HostMasker::add_host(std::string_view name) {
  name = strip_trailing_dots(name);
  if (name.empty()) return;
  std::string lowered = lowercase(name);
  Address ignored;
  // Addresses are found by their shape; as names they would only shadow that.
  if (is_local_name(lowered) || parse_whole_ip(lowered, ignored)) return;
  auto& bucket = names_[static_cast<unsigned char>(lowered.front())];
  if (std::find(bucket.begin(), bucket.end(), lowered) != bucket.end()) return;
  const auto longer = [](const std::string& a, const std::string& b) { return a.size() > b.size(); };
  bucket.insert(std::upper_bound(bucket.begin(), bucket.end(), lowered, longer), std::move(lowered));
}

void HostMasker::learn_url_hosts(std::string_view text) {
  constexpr std::size_t kMaxScheme = 32;
  constexpr std::size_t kMaxAuthority = 512;
  for (std::size_t sep = text.find("://"); sep != std::string_view::npos; sep = text.find("://", sep + 3)) {
    std::size_t scheme = sep;
    while (scheme > 0 && sep - scheme < kMaxScheme && is_scheme_char(text[scheme - 1])) --scheme;
    if (scheme == sep || !is_alpha(text[scheme])) continue;
    const std::size_t begin = sep + 3;
    std::size_t end = begin;
    while (end < text.size() && end - begin < kMaxAuthority && !ends_authority(text[end])) ++end;
    // The host follows the userinfo's last '@' (an unencoded '@' in a password comes before it).
    const std::size_t at_sign = text.substr(begin, end - begin).rfind('@');
    std::size_t host_end = at_sign == std::string_view::npos ? begin : begin + at_sign + 1;
    const std::size_t host_begin = host_end;
    // "[fe80::1]" is an address: the address rule masks it.
    while (host_end < end && (is_name_char(text[host_end]) || text[host_end] == '.')) ++host_end;
    const std::string_view host = strip_trailing_dots(text.substr(host_begin, host_end - host_begin));
    const std::string lowered = lowercase(host);
    if (placeholder_number(lowered, "ip-") != 0 || placeholder_number(lowered, "host-") != 0) continue;
    // Only dotted names are learned: a single label ("gateway", a compose service) identifies nobody, and masking
    // it as a word everywhere would garble every log line that says "gateway".
    if (host.find('.') == std::string_view::npos) continue;
    add_host(host);
  }
}

const std::string* HostMasker::match_host(std::string_view text, std::size_t at, std::size_t& end) const {
  if (at > 0 && is_name_char(text[at - 1])) return nullptr;
  for (const auto& name : names_[static_cast<unsigned char>(lower(text[at]))]) {
    if (name.size() > text.size() - at) continue;
    bool same = true;
    for (std::size_t k = 1; same && k < name.size(); ++k) same = lower(text[at + k]) == name[k];
    if (!same) continue;
    const std::size_t after = at + name.size();
    if (after < text.size() && is_name_char(text[after])) continue;
    end = after;
    return &name;
  }
  return nullptr;
}

const std::string& HostMasker::placeholder(Table& table, const std::string& value) {
  const auto found = table.by_value.find(value);
  if (found != table.by_value.end()) return found->second;
  std::string name;
  do {
    name = table.prefix + std::to_string(table.next++);
  } while (table.by_placeholder.count(name) != 0);
  table.by_placeholder.emplace(name, value);
  return table.by_value.emplace(value, std::move(name)).first->second;
}

std::string HostMasker::apply(std::string_view text) {
  // URL hosts first, so a host named in a URL near the end is also masked where the text mentions it earlier.
  learn_url_hosts(text);
  std::string out;
  out.reserve(text.size());
  std::size_t copied = 0;
  std::size_t i = 0;
  const auto replace = [&](std::size_t end, const std::string& with) {
    out.append(text.substr(copied, i - copied));
    out += with;
    copied = i = end;
  };
  Address address;
  while (i < text.size()) {
    const char c = text[i];
    // An address never starts inside a word: "host-1:00::1" is a placeholder and a port, not "1:00::1". An IPv4
    // address may follow a '-' ("10.0.0.1-10.0.0.2"); an IPv6 one may not, as the placeholder case shows.
    const char before = i == 0 ? ' ' : text[i - 1];
    const bool in_word = is_word(before) || static_cast<unsigned char>(before) >= 0x80;
    if (!in_word && (is_hex(c) || c == ':') &&
        ((before != '-' && parse_ipv6(text, i, address)) || (is_digit(c) && parse_ipv4(text, i, address)))) {
      if (address.local)
        i = address.end;
      else
        replace(address.end, placeholder(ips_, address.canonical));
      continue;
    }
    std::size_t end = 0;
    if (const std::string* host = match_host(text, i, end)) {
      replace(end, placeholder(hosts_, *host));
      continue;
    }
    ++i;
  }
  out.append(text.substr(copied));
  return out;
}

nlohmann::json HostMasker::mapping() const {
  nlohmann::json out = nlohmann::json::object();
  for (const Table* table : {&ips_, &hosts_})
    for (const auto& [placeholder_name, value] : table->by_placeholder) out[placeholder_name] = value;
  return out;
}

void HostMasker::load_mapping(const nlohmann::json& mapping) {
  if (!mapping.is_object()) throw std::invalid_argument("host mapping is not a JSON object");
  // Everything is checked before anything is taken, so a bad mapping leaves the masker as it was.
  std::vector<std::tuple<Table*, std::string, std::string, unsigned>> taken;
  std::map<std::string, std::string> seen;  // "ip:" or "host:" + value -> placeholder, for duplicates inside
  for (const auto& item : mapping.items()) {
    const std::string& key = item.key();
    unsigned number = placeholder_number(key, "ip-");
    Table* table = &ips_;
    if (number == 0) {
      number = placeholder_number(key, "host-");
      table = &hosts_;
    }
    if (number == 0) throw std::invalid_argument("host mapping: not a placeholder: \"" + key + "\"");
    if (!item.value().is_string() || item.value().get_ref<const std::string&>().empty())
      throw std::invalid_argument("host mapping: \"" + key + "\" is not a non-empty string");
    const std::string& raw = item.value().get_ref<const std::string&>();
    std::string value;
    if (table == &ips_) {
      Address address;
      if (!parse_whole_ip(raw, address))
        throw std::invalid_argument("host mapping: \"" + key + "\" is not an IP address");
      value = address.canonical;
    } else {
      value = lowercase(strip_trailing_dots(raw));
      if (value.empty()) throw std::invalid_argument("host mapping: \"" + key + "\" is not a host name");
    }
    const auto by_placeholder = table->by_placeholder.find(key);
    const auto by_value = table->by_value.find(value);
    const std::string tag = (table == &ips_ ? "ip:" : "host:") + value;
    if ((by_placeholder != table->by_placeholder.end() && by_placeholder->second != value) ||
        (by_value != table->by_value.end() && by_value->second != key) || !seen.emplace(tag, key).second)
      throw std::invalid_argument("host mapping: \"" + key + "\" conflicts with another placeholder for " + value);
    taken.emplace_back(table, key, std::move(value), number);
  }
  for (auto& [table, key, value, number] : taken) {
    table->by_placeholder[key] = value;
    table->by_value[value] = key;
    table->next = std::max(table->next, number + 1);
    if (table == &hosts_) add_host(value);
  }
}

}  // namespace clawbook
