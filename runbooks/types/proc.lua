---@meta
-- proc: processes, TCP sockets, memory, cgroups and OOM kills, read from /proc and /sys directly (capability proc)
proc = {}

---@class ProcProcess
---@field pid integer
---@field ppid integer
---@field uid integer effective uid (the owner of /proc/<pid>)
---@field user? string absent when the uid has no passwd entry
---@field comm string kernel name, at most 15 bytes ("openclaw-gatewa")
---@field exe? string absent when unreadable
---@field cwd? string absent when unreadable
---@field argv string[] empty for kernel threads
---@field cmdline string argv joined with spaces
---@field start_time number epoch seconds
---@field start_ticks integer stat field 22 (OpenClaw stores it in lock files as startTime)
---@field state string R, S, D, Z, T, ...
---@field rss integer resident memory, bytes
---@field threads integer
---@field kernel_thread? boolean

---@class ProcListFilter
---@field name? string matches comm (or its 15-byte truncation) or the basename of argv[0]
---@field cmdline? string plain substring of the space-joined argv
---@field cmdline_regex? string RE2 regex searched in the space-joined argv
---@field user? string|integer a user name or a uid
---@field kernel? boolean include kernel threads (default false)

---@class ProcEnvVar
---@field set boolean
---@field fingerprint? string

---@class ProcEnvFingerprints
---@field ok boolean
---@field pid integer
---@field vars? table<string, ProcEnvVar> by variable name; never the values
---@field error? "permission_denied"|"not_found"|"io_error"|string
---@field message? string

---@class ProcSocketOwner
---@field pid integer
---@field comm string

---@class ProcSocket
---@field family "ipv4"|"ipv6"
---@field address string local address
---@field port integer local port
---@field loopback boolean
---@field wildcard boolean bound to 0.0.0.0 or ::
---@field uid integer
---@field inode integer
---@field state "listen"|"established"
---@field pids integer[] owning processes (those clawbook may see)
---@field processes ProcSocketOwner[]
---@field remote_address? string established sockets only
---@field remote_port? integer established sockets only

---@class ProcMeminfo
---@field ok boolean
---@field total? integer bytes
---@field available? integer
---@field free? integer
---@field buffers? integer
---@field cached? integer
---@field swap_total? integer
---@field swap_free? integer
---@field error? string
---@field message? string

---@class ProcUptime
---@field ok boolean
---@field seconds? number
---@field idle_seconds? number
---@field boot_time? number epoch seconds
---@field error? string
---@field message? string

---@class ProcCgroup
---@field ok boolean
---@field pid? integer
---@field kind? "docker"|"podman"|"containerd"|"kubernetes"|"lxc"|"systemd"|"plain"
---@field container_id? string
---@field unit? string systemd unit
---@field manager? "system"|"user"
---@field path? string
---@field memory_limit? integer bytes
---@field memory_usage? integer bytes
---@field error? string
---@field message? string

---@class ProcOomKill
---@field pid integer
---@field comm string
---@field time? number epoch seconds
---@field scope "system"|"cgroup"
---@field anon_rss? integer bytes
---@field message string

---@class ProcOomKills
---@field ok boolean
---@field source? string "/dev/kmsg" or the log file read
---@field kills? ProcOomKill[]
---@field error? "not_readable"
---@field message? string

---@class ProcGatewayIdentity
---@field form "retitled"|"node-entry"|"cli"|"title-window" title-window: a bare "openclaw" title holding the gateway lifecycle lock (its first seconds)
---@field script? string the entry script
---@field port? integer --port
---@field bind? string --bind
---@field profile? string --profile, or "dev" for --dev

---@class ProcGatewayProcess: ProcProcess
---@field gateway ProcGatewayIdentity
---@field listening {address: string, port: integer}[] its TCP listeners
---@field parent_gateway? integer the pid of its parent, itself a gateway (a child, not a second instance)

---Lists processes, filtered by name, command line or user (kernel threads only on request). A filter by
---cmdline or cmdline_regex never lists clawbook itself (its own command line holds the runbook's params).
---@param filter? ProcListFilter
---@return ProcProcess[]
function proc.list(filter) end

---Returns one process, or nil and a message when there is none.
---@param pid integer
---@return ProcProcess|nil process
---@return string? message
function proc.get(pid) end

---Tells whether a pid is alive (kill(pid, 0); EPERM counts as existing; a zombie has exited).
---@param pid integer
---@return boolean alive
---@return "alive"|"zombie"|"dead" state
function proc.alive(pid) end

---Lists the direct children of a process.
---@param pid integer
---@return ProcProcess[]
function proc.children(pid) end

---Fingerprints variables of another process's environment, never their values; permission denied is a result.
---@param pid integer
---@param names string[] variable names
---@return ProcEnvFingerprints
function proc.env_fingerprints(pid, names) end

---Lists listening TCP sockets with their owning processes (optionally one port, another netns).
---@param filter? {port?: integer, netns_pid?: integer}
---@return ProcSocket[]|nil sockets
---@return string? message when no socket table could be read
function proc.listeners(filter) end

---Lists established TCP connections (local or remote port) with their owning processes.
---@param filter? {port?: integer, netns_pid?: integer}
---@return ProcSocket[]|nil sockets
---@return string? message when no socket table could be read
function proc.connections(filter) end

---Reads /proc/meminfo: total, available and swap memory in bytes.
---@return ProcMeminfo
function proc.meminfo() end

---Reads /proc/uptime: seconds since boot and the boot time.
---@return ProcUptime
function proc.uptime() end

---Classifies the cgroup of a process (default: clawbook's own): container, systemd unit or plain.
---@param pid? integer
---@return ProcCgroup
function proc.cgroup(pid) end

---Finds kills by the OOM killer in the kernel log (/dev/kmsg, else kern.log/syslog/messages).
---@return ProcOomKills
function proc.oom_kills() end

---Tells whether a process table entry is an OpenClaw gateway, and in which form it was started.
---@param process ProcProcess|{comm?: string, cwd?: string, argv?: string[]}
---@return boolean is_gateway
---@return ("retitled"|"node-entry"|"cli")? form
function proc.is_openclaw_gateway(process) end

---Lists every OpenClaw gateway process with its identity and TCP listeners.
---@return ProcGatewayProcess[]
function proc.gateway_processes() end
