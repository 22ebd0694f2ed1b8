#include "sys/dpkg.hpp"

#include <catch2/catch.hpp>

using clawbook::sys::dpkg_find;

namespace {

const char* kStatus =
    "Package: libssl3\n"
    "Status: install ok installed\n"
    "Architecture: amd64\n"
    "Version: 3.0.11-1~deb12u2\n"
    "Description: Secure Sockets Layer toolkit\n"
    " Package: not-a-field (a continuation line)\n"
    "\n"
    "Package: libssl3\n"
    "Status: install ok installed\n"
    "Architecture: i386\n"
    "Version: 3.0.11-1~deb12u2\n"
    "\n"
    "Package: nginx\n"
    "Status: deinstall ok config-files\n"
    "Architecture: amd64\n"
    "Version: 1.22.1-9\n";

}  // namespace

TEST_CASE("dpkg_find reads stanzas, architectures and states", "[sys][dpkg]") {
  const auto ssl = dpkg_find(kStatus, "libssl3");
  REQUIRE(ssl.size() == 2);
  CHECK(ssl[0].installed());
  CHECK(ssl[0].version == "3.0.11-1~deb12u2");
  CHECK(ssl[1].architecture == "i386");
  const auto i386 = dpkg_find(kStatus, "libssl3:i386");
  REQUIRE(i386.size() == 1);
  CHECK(i386[0].architecture == "i386");
  const auto nginx = dpkg_find(kStatus, "nginx");
  REQUIRE(nginx.size() == 1);
  CHECK_FALSE(nginx[0].installed());  // removed, its config files left: not installed
  CHECK(dpkg_find(kStatus, "not-a-field").empty());
  CHECK(dpkg_find(kStatus, "").empty());
  CHECK(dpkg_find("garbage\n\n\x01\x02:\n", "garbage").empty());
  CHECK(dpkg_find("Package: x\r\nStatus: install ok installed\r\n", "x").size() == 1);
}
