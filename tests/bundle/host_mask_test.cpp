// Host masking for support bundles: which text is an address or a host, stable placeholders, and the mapping
// carried from one bundle to the next.
#include "host_mask.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <utility>
#include <vector>

using clawbook::HostMasker;

namespace {

using Table = std::vector<std::pair<std::string, std::string>>;

// Applied in order through one masker, so placeholder numbers carry from row to row.
void check_table(HostMasker& masker, const Table& table) {
  for (const auto& [input, expected] : table) {
    INFO(input);
    CHECK(masker.apply(input) == expected);
  }
}

}  // namespace

TEST_CASE("host_mask: addresses become stable placeholders, loopback and unspecified stay", "[host_mask]") {
  HostMasker masker;
  check_table(
      masker,
      {
          {"connect 10.0.0.5:18789 ok", "connect ip-1:18789 ok"},
          {"from 10.0.0.5", "from ip-1"},
          {"peer 192.168.1.20, gw 10.0.0.5", "peer ip-2, gw ip-1"},
          {"127.0.0.1 127.8.9.10 0.0.0.0 ::1 :: localhost", "127.0.0.1 127.8.9.10 0.0.0.0 ::1 :: localhost"},
          {"[::1]:18789 ws://127.0.0.1:18789 ::ffff:127.0.0.1", "[::1]:18789 ws://127.0.0.1:18789 ::ffff:127.0.0.1"},
          {"listen [2001:db8::7]:443", "listen [ip-3]:443"},
          {"same as 2001:0DB8:0:0:0:0:0:7", "same as ip-3"},  // one address, one placeholder
          {"link fe80::1%eth0 up", "link ip-4%eth0 up"},      // the zone names an interface
          {"mapped ::ffff:10.0.0.9", "mapped ip-5"},
          {"full 1:2:3:4:5:6:7:8", "full ip-6"},
          {"route 10.0.0.0/8", "route ip-7/8"},
          {"ends the sentence 10.1.2.3.", "ends the sentence ip-8."},
          {"range 10.0.0.1-10.0.0.2", "range ip-9-ip-10"},
          {"addr:fe80::2, 010.000.000.005", "addr:ip-11, ip-1"},
          {"octets 0.0.0.1 255.255.255.255", "octets ip-12 ip-13"},
      });
  CHECK(masker.mapping()["ip-1"] == "10.0.0.5");
  CHECK(masker.mapping()["ip-3"] == "2001:db8::7");
  CHECK(masker.mapping()["ip-4"] == "fe80::1");
}

TEST_CASE("host_mask: times, versions, MACs, UUIDs and hashes are not addresses", "[host_mask]") {
  HostMasker masker;
  const std::vector<std::string> untouched = {
      "2026-11-23T05:12:00.123Z started",
      "at 12:30:45 and 05:12:30.123 and 1:02:03:04",
      "version 1.2.3.4.5, v1.2.3.4, 1.2.3, build 10.0.0.5a, 4.10.0.0.1",
      "256.1.1.1 1.2.3.999 1.2.3.1000 1..2.3",
      "mac aa:bb:cc:dd:ee:ff AA-BB-CC-DD-EE-FF 00:1a:2b:3c:4d:5e",
      "id 123e4567-e89b-12d3-a456-426614174000",
      "token sha256:1a2b3c4d, hash deadbeef:cafe",
      "std::string ns::abc Foo::bar()",
      "ratio 1:2 and a:b:c",
      "",
  };
  for (const auto& text : untouched) {
    INFO(text);
    CHECK(masker.apply(text) == text);
  }
  CHECK(masker.mapping().empty());
}

TEST_CASE("host_mask: added host names are masked whole-word and case-insensitively", "[host_mask]") {
  HostMasker masker;
  masker.add_host("gw-01");
  masker.add_host("GW-01.corp.example.com.");  // the root's dot and the case do not matter
  masker.add_host("openclaw_gateway_1");
  masker.add_host("localhost");
  masker.add_host("");
  masker.add_host("10.0.0.5");  // an address is found by its shape, as an address
  check_table(masker, {
                          {"Gw-01.Corp.Example.COM says hi", "host-1 says hi"},  // the longest name wins
                          {"gw-01 restarted", "host-2 restarted"},
                          {"user@GW-01: ok", "user@host-2: ok"},
                          {"my-gw-01 gw-010 gw-01x gw_01", "my-gw-01 gw-010 gw-01x gw_01"},
                          {"container openclaw_gateway_1 exited", "container host-3 exited"},
                          {"sub.gw-01.corp.example.com", "sub.host-1"},
                          {"localhost:18789 10.0.0.5", "localhost:18789 ip-1"},
                      });
  const nlohmann::json expected = {{"host-1", "gw-01.corp.example.com"},
                                   {"host-2", "gw-01"},
                                   {"host-3", "openclaw_gateway_1"},
                                   {"ip-1", "10.0.0.5"}};
  CHECK(masker.mapping() == expected);
}

TEST_CASE("host_mask: the host of every URL is masked, there and elsewhere", "[host_mask]") {
  HostMasker masker;
  check_table(masker, {
                          // The name before the URL is masked too: URL hosts are learned before masking.
                          {"api.example.org said: GET https://API.example.org:8443/v1?x=1",
                           "host-1 said: GET https://host-1:8443/v1?x=1"},
                          {"later api.example.org", "later host-1"},
                          {"postgres://app:pw@db.internal:5432/x", "postgres://app:pw@host-2:5432/x"},
                          {"http://localhost:18789/health http://foo.localhost/ ws://127.0.0.1",
                           "http://localhost:18789/health http://foo.localhost/ ws://127.0.0.1"},
                          {"ws://[fe80::2]:18789 http://10.0.0.9/", "ws://[ip-1]:18789 http://ip-2/"},
                          {"file:///etc/hosts unix:///run/docker.sock", "file:///etc/hosts unix:///run/docker.sock"},
                          // A single label is not learned from a URL: it would garble every "gateway" in a log.
                          {"ws://gateway:18789 from gateway", "ws://gateway:18789 from gateway"},
                      });
}

TEST_CASE("host_mask: masking masked text changes nothing", "[host_mask]") {
  {
    // Found by bundle_text_fuzz: a placeholder followed by a port and "::1" once read as the address "1:00::1".
    HostMasker first;
    const std::string once = first.apply("https://user:pass@db.intern-23T05:00::1%eth0 2001:db8::7");
    CHECK(once == "https://user:pass@host-1:00::1%eth0 ip-1");
    CHECK(first.apply(once) == once);
  }
  HostMasker masker;
  masker.add_host("gw.example.com");
  const std::string once = masker.apply("https://gw.example.com:443 from 10.0.0.5 and https://other.example.net/");
  CHECK(once == "https://host-1:443 from ip-1 and https://host-2/");
  const nlohmann::json before = masker.mapping();
  CHECK(masker.apply(once) == once);  // "host-1" in a URL is not a host to learn
  CHECK(masker.mapping() == before);
}

TEST_CASE("host_mask: a loaded mapping keeps its placeholders and new ones continue after", "[host_mask]") {
  HostMasker first;
  first.add_host("gw.example.com");
  const std::string text = "gw.example.com at 10.0.0.5 and fe80::1";
  const std::string masked = first.apply(text);
  CHECK(masked == "host-1 at ip-1 and ip-2");

  HostMasker second;
  second.load_mapping(first.mapping());
  CHECK(second.mapping() == first.mapping());
  CHECK(second.apply(text) == masked);  // the loaded host is known without add_host
  CHECK(second.apply("10.9.9.9 new.example.com http://new.example.com") == "ip-3 host-2 http://host-2");

  // Placeholders with gaps: numbering continues after the highest.
  HostMasker gaps;
  gaps.load_mapping({{"ip-7", "10.0.0.7"}, {"host-4", "Old.Example.com"}});
  CHECK(gaps.apply("10.0.0.1 OLD.example.com 10.0.0.7") == "ip-8 host-4 ip-7");
  gaps.load_mapping({{"ip-7", "10.0.0.7"}});  // the same again: nothing changes
  CHECK(gaps.mapping().size() == 3);
}

TEST_CASE("host_mask: malformed or conflicting mappings are refused and change nothing", "[host_mask]") {
  HostMasker masker;
  masker.load_mapping({{"ip-1", "10.0.0.5"}, {"host-1", "gw.example.com"}});
  const nlohmann::json before = masker.mapping();
  const std::vector<nlohmann::json> bad = {
      nlohmann::json::array({"ip-1"}),
      {{"ip-2", 5}},
      {{"ip-2", ""}},
      {{"ip-x", "10.0.0.6"}},
      {{"ip-02", "10.0.0.6"}},
      {{"node-1", "10.0.0.6"}},
      {{"ip-2", "not-an-address"}},
      {{"ip-2", "10.0.0.6"}, {"ip-3", "10.0.0.6"}},  // one address, two placeholders
      {{"ip-1", "10.0.0.6"}},                        // ip-1 already means 10.0.0.5
      {{"ip-2", "10.0.0.5"}},                        // 10.0.0.5 already is ip-1
      {{"ip-2", "10.0.0.6"}, {"host-1", "other.example.com"}},
  };
  for (const auto& mapping : bad) {
    INFO(mapping.dump());
    CHECK_THROWS_AS(masker.load_mapping(mapping), std::invalid_argument);
    CHECK(masker.mapping() == before);
  }
  CHECK(masker.apply("10.0.0.6") == "ip-2");
}

TEST_CASE("host_mask: megabytes of log text go through in one pass", "[host_mask]") {
  HostMasker masker;
  masker.add_host("gw-01");
  std::string text;
  const std::string line =
      "2026-11-23T05:12:00.123Z INFO gw-01 openclaw[812]: ws connected from 10.0.0.5:51234 to ws://127.0.0.1:18789 "
      "id=123e4567-e89b-12d3-a456-426614174000 took 12ms v1.2.3\n";
  while (text.size() < 2 * 1024 * 1024) text += line;
  const std::string masked = masker.apply(text);
  CHECK(masked.find("10.0.0.5") == std::string::npos);
  CHECK(masked.find(" gw-01 ") == std::string::npos);
  CHECK(masked.find("ws://127.0.0.1:18789") != std::string::npos);
  CHECK(masker.mapping().size() == 2);
}
