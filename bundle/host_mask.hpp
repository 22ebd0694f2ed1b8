// Host masking for `clawbook bundle`: addresses and host names in a support bundle become stable placeholders
// ("ip-1", "host-1"), so a ticket shows which lines talk about the same machine without naming it.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace clawbook {

// Replaces IP addresses and host names in text with stable placeholders ("ip-1", "host-1"): the same address
// always gets the same placeholder, across every file of a bundle and across bundles when the mapping is
// loaded back. Loopback and unspecified addresses (127.0.0.0/8, ::1, 0.0.0.0, ::, "localhost") stay as they are:
// they identify nothing and the reader needs them.
// Masked: IPv4 dotted quads with each octet 0-255 that are not part of a longer dotted number ("1.2.3.4.5");
// IPv6 in full, "::"-compressed and IPv4-suffixed forms (the system's parser decides, so "12:30:45" and MAC
// addresses are not taken), with an optional "%zone" that is kept; the host names given with add_host() and the
// dotted host of every URL (scheme://[user@]HOST[:port]; a single label such as "gateway" is left), whole-word
// and case-insensitively. An address is keyed by its
// canonical form (IPv6 as RFC 5952 writes it), so "FE80:0::1" and "fe80::1" share a placeholder. A host name
// seen in a URL is masked wherever it appears, as an added one is (in the same text too, before the URL).
class HostMasker {
 public:
  void add_host(std::string_view name);      // ignored when empty, "localhost" or an IP address
  std::string apply(std::string_view text);  // masks, recording new placeholders
  nlohmann::json mapping() const;            // {"ip-1": "10.0.0.5", "host-1": "gw.example.com", ...}
  // Placeholders keep their numbers and new ones continue after. Throws std::invalid_argument for a mapping that
  // is not an object of "ip-N"/"host-N" to non-empty strings, or that gives a placeholder or value another
  // meaning than this masker already has.
  void load_mapping(const nlohmann::json& mapping);

 private:
  struct Table {
    const char* prefix;
    std::map<std::string, std::string> by_value;  // canonical value -> placeholder
    std::map<std::string, std::string> by_placeholder;
    unsigned next = 1;
  };
  const std::string& placeholder(Table& table, const std::string& value);
  void learn_url_hosts(std::string_view text);
  // The known name at `at` (whole-word), its end in `end`; nullptr when none.
  const std::string* match_host(std::string_view text, std::size_t at, std::size_t& end) const;

  Table ips_{"ip-", {}, {}, 1};
  Table hosts_{"host-", {}, {}, 1};
  // Names to find, lower-case, bucketed by first byte and longest first, so "gw.example.com" wins over "gw".
  std::array<std::vector<std::string>, 256> names_;
};

}  // namespace clawbook
