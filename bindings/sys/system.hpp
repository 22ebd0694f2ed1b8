// Host facts for the `sys` module, each a plain result {ok, ...} or {ok=false, error, message}: statvfs, the
// mount table, os-release and uname, /proc/sys, the user and group databases (getpwnam_r/getgrnam_r) and the
// package databases read as files.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace clawbook::sys {

using Json = nlohmann::json;

// {ok, path, total_bytes, free_bytes, avail_bytes, used_bytes, used_percent, inodes_total, inodes_free,
//  inodes_used_percent, read_only}
Json disk(const std::string& path);
// {ok, mounts={{source, target, fstype, options, read_only}}} from `mounts_file` (/proc/self/mounts).
Json mounts(const std::string& mounts_file = "/proc/self/mounts");
// {ok, id, version_id, name, pretty_name, version_codename?, id_like?, kernel={name, release, version, machine},
//  hostname}
Json os(const std::string& os_release = "/etc/os-release");
// {ok, name, value} from /proc/sys (dots or slashes); error not_found | permission_denied | io_error.
Json sysctl(const std::string& name, const std::string& root = "/proc/sys");
// {ok, exists, name, uid, gid, home, shell, gecos, groups={names}}; a missing user is ok=true, exists=false.
Json user(const std::string& name);
// {ok, exists, name, gid, members}
Json group(const std::string& name);
// {ok, name, installed, version?, architecture?, status?, manager="dpkg"|"rpm"|nil, managers_checked}
Json package(const std::string& name, const std::string& dpkg_status = "/var/lib/dpkg/status",
             const std::string& rpm_root = "/var/lib/rpm");

}  // namespace clawbook::sys
