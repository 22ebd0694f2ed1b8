// Lua module `sys` (capability sys): facts about the host, read directly (statvfs, /proc, os-release, the user
// and group databases, Debian's package database read as a file). Support code: bindings/sys/.
//
//   sys.disk(path) -> {ok, path, total_bytes, free_bytes, avail_bytes, used_bytes, used_percent, inodes_total,
//       inodes_free, inodes_used_percent, read_only}        (used_percent as df shows it)
//   sys.mounts() -> {ok, mounts={{source, target, fstype, options, read_only}}}
//   sys.os() -> {ok, id, version_id, name, pretty_name, version_codename?, id_like?, kernel={name, release,
//       version, machine}, hostname}
//   sys.sysctl(name) -> {ok, name, value, number?}    ("net.core.somaxconn" or "net/core/somaxconn")
//   sys.user(name) -> {ok, exists, name, uid, gid, home, shell, gecos, groups}
//   sys.group(name) -> {ok, exists, name, gid, members}
//   sys.package(name) -> {ok, name, installed, version?, architecture?, status?, manager}   ("name:arch" too)
//
// A missing user, group or package is a result (exists=false / installed=false), not a failure. Failures of
// the environment: ok=false, error (not_found, permission_denied, io_error, unsupported, no_package_manager)
// and message.
#include "clawbook/binding.hpp"
#include "sys/system.hpp"

namespace clawbook {
namespace {

std::string name_arg(const Call& call, int index, std::string_view what) {
  const std::string name = call.str(index);
  if (name.empty() || name.find('\0') != std::string::npos)
    call.arg_error(index, "non-empty " + std::string(what) + " expected");
  return name;
}

int sys_disk(Call& call) { return call.push(sys::disk(name_arg(call, 1, "path"))); }
int sys_mounts(Call& call) { return call.push(sys::mounts()); }
int sys_os(Call& call) { return call.push(sys::os()); }

int sys_sysctl(Call& call) {
  const std::string name = name_arg(call, 1, "sysctl name");
  // Names are relative to /proc/sys: no way out of it.
  if (name.front() == '/' || name.find("..") != std::string::npos)
    call.arg_error(1, "sysctl name like \"net.core.somaxconn\" expected");
  return call.push(sys::sysctl(name));
}

int sys_user(Call& call) { return call.push(sys::user(name_arg(call, 1, "user name"))); }
int sys_group(Call& call) { return call.push(sys::group(name_arg(call, 1, "group name"))); }
int sys_package(Call& call) { return call.push(sys::package(name_arg(call, 1, "package name"))); }

ModuleSpec make_sys_module() {
  return {.name = "sys",
          .capability = "sys",
          .summary =
              "Host facts: disk space and inodes, mounts, OS release and kernel, sysctl values, users, groups "
              "and installed packages (dpkg).",
          .functions = {{"disk", sys_disk},
                        {"mounts", sys_mounts},
                        {"os", sys_os},
                        {"sysctl", sys_sysctl},
                        {"user", sys_user},
                        {"group", sys_group},
                        {"package", sys_package}},
          .prelude = ""};
}

}  // namespace

CLAWBOOK_MODULE(make_sys_module());

}  // namespace clawbook
