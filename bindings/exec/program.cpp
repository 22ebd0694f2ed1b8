#include "exec/program.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <string_view>

namespace clawbook::exec {
namespace {

constexpr std::string_view kPrefix = "exec:";

bool is_executable_file(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

}  // namespace

std::optional<std::string> find_on_path(const std::string& name, const std::string& path_list) {
  if (name.empty() || name.find('/') != std::string::npos) return std::nullopt;
  std::size_t start = 0;
  while (start <= path_list.size()) {
    const std::size_t end = std::min(path_list.find(':', start), path_list.size());
    const std::string dir = path_list.substr(start, end - start);
    // An empty entry means the current directory: never for a runbook's programs.
    if (!dir.empty() && dir.front() == '/') {
      const std::string candidate = dir + (dir.back() == '/' ? "" : "/") + name;
      if (is_executable_file(candidate)) return candidate;
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<Program> match_program(const std::string& program, const std::vector<std::string>& declared,
                                     const std::string& path_list) {
  if (program.empty()) return std::nullopt;
  for (const auto& capability : declared) {
    if (capability.size() <= kPrefix.size() || capability.compare(0, kPrefix.size(), kPrefix) != 0) continue;
    const std::string target = capability.substr(kPrefix.size());
    if (target.front() == '/') {
      if (target == program)
        return Program{.capability = capability, .executable = is_executable_file(target) ? target : ""};
      continue;
    }
    if (target.find('/') != std::string::npos) continue;  // "exec:bin/x": neither a name nor a path
    const auto found = find_on_path(target, path_list);
    if (target == program || (program.front() == '/' && found && *found == program))
      return Program{.capability = capability, .executable = found.value_or("")};
  }
  return std::nullopt;
}

std::vector<std::string> clean_environment(const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::pair<std::string, std::string>> variables = {{"PATH", kCleanPath}, {"LC_ALL", "C"}};
  for (const auto& [name, value] : extra) {
    bool replaced = false;
    for (auto& existing : variables) {
      if (existing.first == name) {
        existing.second = value;
        replaced = true;
      }
    }
    if (!replaced) variables.emplace_back(name, value);
  }
  std::vector<std::string> out;
  out.reserve(variables.size());
  for (const auto& [name, value] : variables) out.push_back(name + "=" + value);
  return out;
}

}  // namespace clawbook::exec
