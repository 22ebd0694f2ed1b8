---@meta
-- Module `action` (capability "action"): the functions that change the machine.
--
-- Dry run by default: without `clawbook run --apply` every call only reports what it would do (the exact command,
-- or a diff of the file it would edit) and returns status "planned". With --apply each action is confirmed at a
-- prompt (--yes: unattended); destructive ones (removing state, resetting config) also need --allow-destructive
-- and a typed "destroy", and are backed up first. Every attempt under --apply is appended to the audit log
-- (--audit-log, default ~/.local/state/clawbook/audit.jsonl). Every call adds an entry to the report's `actions`.
-- An option a function does not take raises. None raises for an environmental failure: the result says
-- ok=false and why.

---@alias ActionStatus "planned"|"applied"|"failed"|"refused"|"declined"|"skipped"

---@class ActionResult
---@field ok boolean false when refused, declined or failed
---@field applied boolean true only when the change was made
---@field status ActionStatus
---@field action string e.g. "remove_stale_lock"
---@field target string the file, PID, unit or container
---@field summary string one line, as shown in the report and the prompt
---@field command? string the shell equivalent (a program by its absolute path, exactly as it runs)
---@field argv? string[] the program and arguments that run: the same in the dry run, the prompt and the audit log
---@field diff? string unified diff of a file edit (secrets as fingerprints)
---@field destructive? boolean
---@field reason? string why it was refused, skipped, declined or failed
---@field backup? string the folder holding the copies taken before the change
---@field pid? integer

action = {}

---Copies files into a timestamped snapshot folder of the backup dir (no prompt: only clawbook's own state changes).
---@param opts {paths: string[], label?: string}
---@return ActionResult
function action.snapshot(opts) end

---Removes a lock or PID file whose owner is gone (destructive). Refused while its PID lives, or when it names none.
---@param opts {path: string}
---@return ActionResult
function action.remove_stale_lock(opts) end

---SIGTERM to a process, then waits for it to exit (SIGKILL after `wait` seconds with kill=true). Refused unless
---its command line contains `expect` (a PID may have been reused) and it belongs to this user.
---@param opts {pid: integer, expect: string, wait?: number, kill?: boolean}
---@return ActionResult
function action.stop_process(opts) end

---systemctl [--user] start UNIT. Refused when the unit is not loaded, or is a system unit and this is not root.
---The result carries active_state_before and main_pid_before; once applied, active_state_after and main_pid_after.
---@param opts {unit: string, scope?: "user"|"system", timeout?: number}
---@return ActionResult
function action.start_unit(opts) end

---systemctl [--user] restart UNIT (same refusals as start_unit).
---@param opts {unit: string, scope?: "user"|"system", timeout?: number}
---@return ActionResult
function action.restart_unit(opts) end

---Starts a container through the Docker Engine API. Refused when the name matches no container or several.
---@param opts {container: string, timeout?: number}
---@return ActionResult
function action.start_container(opts) end

---Restarts a container through the Docker Engine API (same refusals as start_container).
---@param opts {container: string, timeout?: number}
---@return ActionResult
function action.restart_container(opts) end

---Sets a key of a JSON5 config, keeping its comments and layout (refused when that is impossible). Backed up.
---With remove=true the key is deleted instead (back to OpenClaw's default): destructive.
---@param opts {path: string, key: string|string[], value?: any, secret?: boolean, remove?: boolean}
---@return ActionResult
function action.set_config(opts) end

---Pins a token where a client reads it: an env file (NAME=value, default OPENCLAW_GATEWAY_TOKEN, created 0600)
---or a config key (default gateway.remote.token). The token is a secret: output shows only its fingerprint.
---@param opts {token: string, env_file?: string, name?: string, config?: string, key?: string|string[]}
---@return ActionResult
function action.pin_token(opts) end

---Runs an allowed `openclaw` command: devices approve ID, doctor --fix (destructive), gateway start|stop|restart,
---or gateway run [--port N] with detach=true (started in its own session, output appended to `log`).
---@param opts {args: string[], detach?: boolean, log?: string, timeout?: number, backup?: string[]}
---@return ActionResult
function action.openclaw(opts) end
