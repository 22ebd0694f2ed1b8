---@meta
-- exec: run a declared program without a shell, for reading (capability exec:NAME or exec:/PATH per program)
exec = {}

---@class ExecOptions
---@field timeout? number seconds (default 10); the program's process group is killed when it strikes
---@field max_output? integer bytes kept of stdout and of stderr each (default 1048576, at most 64 MiB)
---@field env? table<string, string> variables added to the clean environment (PATH and LC_ALL=C)

---@class ExecResult
---@field ok boolean true when the program ran and exited with status 0
---@field program string argv[1] as given
---@field executable? string the absolute path that ran
---@field status? integer exit status, when the program exited
---@field stdout string at most max_output bytes, valid UTF-8
---@field stderr string at most max_output bytes, valid UTF-8
---@field timed_out boolean
---@field truncated boolean stdout or stderr went over max_output
---@field duration_ms number
---@field error? "not_found"|"spawn_failed"|"timeout"|"exit_status"
---@field message? string

--- Runs argv (no shell). argv[1] must be declared: "exec:nginx" (looked up on PATH) or "exec:/usr/sbin/nginx".
--- Anything else raises; `--deny exec` refuses every program. For reading only: changes go through `action`.
---@param argv string[]
---@param opts? ExecOptions
---@return ExecResult
function exec.run(argv, opts) end
