#include "sys/system.hpp"

#include "sys/dpkg.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

namespace clawbook::sys {
namespace {

std::string error_kind(int error) {
  switch (error) {
    case ENOENT: return "not_found";
    case EACCES:
    case EPERM: return "permission_denied";
    case ENOTDIR: return "not_a_directory";
    default: return "io_error";
  }
}

Json failure(int error, const std::string& what) {
  return {{"ok", false}, {"error", error_kind(error)}, {"message", what + ": " + std::strerror(error)}};
}

// The whole of a small file, at most `cap` bytes; nullopt with errno set when it cannot be read.
std::optional<std::string> read_small(const std::string& path, std::size_t cap = 1 << 20) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == 0) errno = EIO;
    return std::nullopt;
  }
  // In pieces: the cap bounds a hostile file, and a small one costs no more than its size.
  std::string text;
  char buffer[65536];
  while (text.size() < cap) {
    in.read(buffer, static_cast<std::streamsize>(std::min(sizeof buffer, cap - text.size())));
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (!in) break;
  }
  return text;
}

double percent(double part, double whole) { return whole > 0 ? std::round(part / whole * 1000.0) / 10.0 : 0.0; }

// /proc/self/mounts escapes blanks and backslashes as octal (\040).
std::string unescape_mount_field(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() &&
        std::all_of(text.begin() + static_cast<long>(i) + 1, text.begin() + static_cast<long>(i) + 4,
                    [](char c) { return c >= '0' && c <= '7'; })) {
      out += static_cast<char>((text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 + (text[i + 3] - '0'));
      i += 3;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string unquote(std::string value) {
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
    value = value.substr(1, value.size() - 2);
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size()) ++i;
    out += value[i];
  }
  return out;
}

std::string lowercase(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

Json disk(const std::string& path) {
  struct statvfs info {};
  if (::statvfs(path.c_str(), &info) != 0) {
    Json out = failure(errno, path);
    out["path"] = path;
    return out;
  }
  const double unit = static_cast<double>(info.f_frsize != 0 ? info.f_frsize : info.f_bsize);
  const double total = static_cast<double>(info.f_blocks) * unit;
  const double free_bytes = static_cast<double>(info.f_bfree) * unit;
  const double avail = static_cast<double>(info.f_bavail) * unit;
  const double used = total - free_bytes;
  // As df computes Use%: used over what non-root users can have (used + available).
  Json out = {{"ok", true},
              {"path", path},
              {"total_bytes", static_cast<long long>(total)},
              {"free_bytes", static_cast<long long>(free_bytes)},
              {"avail_bytes", static_cast<long long>(avail)},
              {"used_bytes", static_cast<long long>(used)},
              {"used_percent", percent(used, used + avail)},
              {"inodes_total", static_cast<long long>(info.f_files)},
              {"inodes_free", static_cast<long long>(info.f_ffree)},
              {"inodes_used_percent",
               percent(static_cast<double>(info.f_files - info.f_ffree), static_cast<double>(info.f_files))},
              {"read_only", (info.f_flag & ST_RDONLY) != 0}};
  return out;
}

Json mounts(const std::string& mounts_file) {
  const auto text = read_small(mounts_file, 4 << 20);
  if (!text) return failure(errno, mounts_file);
  Json list = Json::array();
  std::istringstream lines(*text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::string source, target, fstype, options;
    if (!(fields >> source >> target >> fstype >> options)) continue;
    bool read_only = false;
    std::istringstream split(options);
    for (std::string option; std::getline(split, option, ',');) read_only = read_only || option == "ro";
    list.push_back({{"source", unescape_mount_field(source)},
                    {"target", unescape_mount_field(target)},
                    {"fstype", fstype},
                    {"options", options},
                    {"read_only", read_only}});
  }
  return {{"ok", true}, {"mounts", std::move(list)}};
}

Json os(const std::string& os_release) {
  Json out = {{"ok", true}};
  std::optional<std::string> text = read_small(os_release);
  if (!text && os_release == "/etc/os-release") text = read_small("/usr/lib/os-release");
  if (text) {
    std::istringstream lines(*text);
    for (std::string line; std::getline(lines, line);) {
      const auto eq = line.find('=');
      if (line.empty() || line.front() == '#' || eq == std::string::npos) continue;
      const std::string key = lowercase(line.substr(0, eq));
      if (key == "id" || key == "version_id" || key == "name" || key == "pretty_name" || key == "version_codename" ||
          key == "id_like" || key == "version")
        out[key] = unquote(line.substr(eq + 1));
    }
  } else {
    out["os_release_error"] = std::string(std::strerror(errno));
  }
  struct utsname names {};
  if (::uname(&names) == 0) {
    out["kernel"] = {
        {"name", names.sysname}, {"release", names.release}, {"version", names.version}, {"machine", names.machine}};
    out["hostname"] = names.nodename;
  }
  return out;
}

Json sysctl(const std::string& name, const std::string& root) {
  std::string relative = name;
  std::replace(relative.begin(), relative.end(), '.', '/');
  std::error_code ec;
  if (std::filesystem::is_directory(root + "/" + relative, ec))
    return {{"ok", false},
            {"name", name},
            {"error", "not_a_file"},
            {"message", "sysctl " + name + " is a group of parameters, not one"}};
  const auto text = read_small(root + "/" + relative, 1 << 16);
  if (!text) {
    Json out = failure(errno, "sysctl " + name);
    out["name"] = name;
    return out;
  }
  std::string value = *text;
  while (!value.empty() && (value.back() == '\n' || value.back() == ' ')) value.pop_back();
  Json out = {{"ok", true}, {"name", name}, {"value", value}};
  char* end = nullptr;
  errno = 0;
  const long long number = std::strtoll(value.c_str(), &end, 10);
  if (!value.empty() && end != nullptr && *end == '\0' && errno == 0) out["number"] = number;
  return out;
}

Json user(const std::string& name) {
  std::vector<char> buffer(16384);
  struct passwd entry {};
  struct passwd* found = nullptr;
  int rc = 0;
  while ((rc = ::getpwnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found)) == ERANGE &&
         buffer.size() < (1U << 20))
    buffer.resize(buffer.size() * 2);
  if (rc != 0 && rc != ENOENT && rc != ESRCH) return failure(rc, "user " + name);
  if (found == nullptr) return {{"ok", true}, {"exists", false}, {"name", name}};
  Json out = {{"ok", true},          {"exists", true},       {"name", entry.pw_name},   {"uid", entry.pw_uid},
              {"gid", entry.pw_gid}, {"home", entry.pw_dir}, {"shell", entry.pw_shell}, {"gecos", entry.pw_gecos}};
  int count = 64;
  std::vector<gid_t> gids(static_cast<std::size_t>(count));
  if (::getgrouplist(entry.pw_name, entry.pw_gid, gids.data(), &count) == -1) {
    gids.resize(static_cast<std::size_t>(std::min(count, 65536)));
    if (::getgrouplist(entry.pw_name, entry.pw_gid, gids.data(), &count) == -1) count = 0;
  }
  Json groups = Json::array();
  for (int i = 0; i < count; ++i) {
    struct group group_entry {};
    struct group* group_found = nullptr;
    std::vector<char> group_buffer(16384);
    if (::getgrgid_r(gids[static_cast<std::size_t>(i)], &group_entry, group_buffer.data(), group_buffer.size(),
                     &group_found) == 0 &&
        group_found != nullptr)
      groups.push_back(group_entry.gr_name);
  }
  out["groups"] = std::move(groups);
  return out;
}

Json group(const std::string& name) {
  std::vector<char> buffer(16384);
  struct group entry {};
  struct group* found = nullptr;
  int rc = 0;
  while ((rc = ::getgrnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found)) == ERANGE &&
         buffer.size() < (1U << 22))
    buffer.resize(buffer.size() * 2);
  if (rc != 0 && rc != ENOENT && rc != ESRCH) return failure(rc, "group " + name);
  if (found == nullptr) return {{"ok", true}, {"exists", false}, {"name", name}};
  Json members = Json::array();
  for (char** member = entry.gr_mem; member != nullptr && *member != nullptr; ++member) members.push_back(*member);
  return {{"ok", true}, {"exists", true}, {"name", entry.gr_name}, {"gid", entry.gr_gid}, {"members", members}};
}

Json package(const std::string& name, const std::string& dpkg_status, const std::string& rpm_root) {
  Json checked = Json::array();
  if (::access(dpkg_status.c_str(), F_OK) == 0) {
    checked.push_back("dpkg");
    const auto text = read_small(dpkg_status, 256 << 20);
    if (!text) return failure(errno, dpkg_status);
    const auto found = dpkg_find(*text, name);
    Json out = {{"ok", true}, {"name", name}, {"manager", "dpkg"}, {"installed", false}, {"managers_checked", checked}};
    Json architectures = Json::array();
    for (const auto& package : found) {
      architectures.push_back(package.architecture);
      // The installed stanza wins over one left as config files.
      if (package.installed() || !out.contains("status")) {
        out["installed"] = package.installed();
        out["version"] = package.version;
        out["architecture"] = package.architecture;
        out["status"] = package.status;
      }
    }
    if (!found.empty()) out["architectures"] = std::move(architectures);
    return out;
  }
  if (::access(rpm_root.c_str(), F_OK) == 0) {
    // RPM keeps its database in SQLite or Berkeley DB files, which clawbook does not read.
    checked.push_back("rpm");
    return {{"ok", false},
            {"name", name},
            {"manager", "rpm"},
            {"error", "unsupported"},
            {"managers_checked", checked},
            {"message", "this host uses RPM, whose database clawbook does not read yet (use exec with rpm -q)"}};
  }
  return {{"ok", false},
          {"name", name},
          {"error", "no_package_manager"},
          {"managers_checked", checked},
          {"message", "neither " + dpkg_status + " nor " + rpm_root + " exists"}};
}

}  // namespace clawbook::sys
