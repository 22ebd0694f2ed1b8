#include "sys/dpkg.hpp"

namespace clawbook::sys {
namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

bool matches(const DpkgPackage& package, std::string_view name, std::string_view arch) {
  return !package.name.empty() && package.name == name && (arch.empty() || package.architecture == arch);
}

}  // namespace

bool DpkgPackage::installed() const {
  // "Status: want flag state": installed when the state is "installed" (not config-files, half-configured...).
  const auto space = status.find_last_of(' ');
  return status.substr(space == std::string::npos ? 0 : space + 1) == "installed";
}

std::vector<DpkgPackage> dpkg_find(std::string_view status_text, std::string_view name) {
  std::string_view arch;
  if (const auto colon = name.find(':'); colon != std::string_view::npos) {
    arch = name.substr(colon + 1);
    name = name.substr(0, colon);
  }
  std::vector<DpkgPackage> found;
  DpkgPackage current;
  auto flush = [&] {
    if (matches(current, name, arch)) found.push_back(current);
    current = {};
  };
  std::size_t start = 0;
  while (start <= status_text.size()) {
    auto end = status_text.find('\n', start);
    if (end == std::string_view::npos) end = status_text.size();
    const std::string_view line = status_text.substr(start, end - start);
    start = end + 1;
    if (trim(line).empty()) {
      flush();
      if (end == status_text.size()) break;
      continue;
    }
    if (line.front() == ' ' || line.front() == '\t') continue;  // continuation of a multi-line field
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view field = line.substr(0, colon);
    const std::string value(trim(line.substr(colon + 1)));
    if (field == "Package") current.name = value;
    else if (field == "Architecture") current.architecture = value;
    else if (field == "Version") current.version = value;
    else if (field == "Status") current.status = value;
    if (end == status_text.size()) break;
  }
  flush();
  return found;
}

}  // namespace clawbook::sys
