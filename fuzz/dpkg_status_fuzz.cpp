// Fuzzes the reader of Debian's package database (bindings/sys/dpkg.cpp) that sys.package uses: any bytes as
// /var/lib/dpkg/status, looked up under a name taken from the input itself and under a fixed one. Checks: it
// never throws; every package found has the name asked for (and the architecture, when asked as name:arch);
// there are no more of them than stanzas.
#include "sys/dpkg.hpp"

#include "fuzz_check.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

void check(std::string_view text, std::string_view name) {
  using clawbook::fuzz::no_throw;
  using clawbook::fuzz::require;
  std::vector<clawbook::sys::DpkgPackage> found;
  no_throw("dpkg_find threw", [&] { found = clawbook::sys::dpkg_find(text, name); });
  const auto colon = name.find(':');
  const std::string_view bare = name.substr(0, colon);
  for (const auto& package : found) {
    require(package.name == bare, "a package found has the name asked for", package.name);
    if (colon != std::string_view::npos)
      require(package.architecture == name.substr(colon + 1), "name:arch finds only that architecture");
    (void)package.installed();
  }
  require(found.size() <= static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1,
          "no more packages than lines");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check(text, "bash");
  check(text, "libc6:amd64");
  // A name from the input: the first "Package: " value, if any.
  if (const auto at = text.find("Package: "); at != std::string_view::npos) {
    const auto start = at + 9;
    const auto end = text.find('\n', start);
    const std::string_view name = text.substr(start, end == std::string_view::npos ? text.npos : end - start);
    if (!name.empty() && name.find_first_of(" \t\r") == std::string_view::npos) check(text, name);
  }
  return 0;
}
