// Debian's package database read as a file (/var/lib/dpkg/status): stanzas of "Field: value" lines separated by
// blank lines, continuation lines starting with a blank. Only what sys.package reports is kept.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clawbook::sys {

struct DpkgPackage {
  std::string name;
  std::string architecture;
  std::string version;
  std::string status;  // "install ok installed", "deinstall ok config-files", ...
  bool installed() const;
};

// Every stanza of `status_text` whose Package is `name` (one per architecture); `name` may carry ":arch".
// Malformed text never throws: stanzas without a Package field are skipped.
std::vector<DpkgPackage> dpkg_find(std::string_view status_text, std::string_view name);

}  // namespace clawbook::sys
