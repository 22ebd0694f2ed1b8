// Machine-wide facts from /proc and /sys: memory, uptime, a process's cgroup (container or systemd unit) and
// the kernel's OOM kills.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace clawbook::proc {

using Json = nlohmann::json;

// {ok=true, total, available, free, buffers, cached, swap_total, swap_free} in bytes, or {ok=false, ...}.
Json meminfo();

// {ok=true, seconds, idle_seconds, boot_time} or {ok=false, ...}.
Json uptime();

// Classifies the cgroup of `pid`: {ok=true, pid, kind="docker"|"podman"|"containerd"|"kubernetes"|"lxc"|
// "systemd"|"plain", container_id?, unit?, manager="system"|"user"?, path, memory_limit?, memory_usage?}.
Json cgroup(int pid);
// The classification alone, from the text of /proc/<pid>/cgroup (tested with real and recorded contents).
Json classify_cgroup(std::string_view cgroup_file);

// Kills by the OOM killer found in the kernel log: /dev/kmsg when readable, else /var/log/kern.log (and
// syslog/messages). {ok=true, source, kills={{pid, comm, time, message, ...}}} or
// {ok=false, error="not_readable", message}.
Json oom_kills();
// Parses one kernel log message (without the kmsg/syslog prefix) for a kill: null when it is not one.
Json parse_oom_message(std::string_view message);

}  // namespace clawbook::proc
