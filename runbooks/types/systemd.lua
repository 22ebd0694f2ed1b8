---@meta
-- systemd: units (systemctl show) and the journal (journalctl), for both scopes (capability systemd)
systemd = {}

-- Every function yields while the program runs, under the call's deadline, and returns a plain table:
-- {ok=true, ...} or {ok=false, error=CLASS, reason=..., message=REAL TEXT}.

---@alias SystemdError "unavailable"|"permission_denied"|"timeout"|"failed"|"malformed"

---@class SystemdExecCommand
---@field path? string
---@field argv? string[] credential flags redacted
---@field command? string argv joined
---@field ignore_errors? boolean
---@field flags? string[]
---@field start_time? string
---@field start_epoch? number
---@field stop_time? string
---@field stop_epoch? number
---@field pid? integer
---@field code? string
---@field status? integer
---@field signal? string e.g. "KILL" when the command did not simply exit
---@field raw? string when the value could not be parsed

---@class SystemdUnit
---@field ok boolean
---@field unit string the name asked for
---@field scope "system"|"user"
---@field found? boolean load_state is not "not-found"
---@field id? string
---@field description? string
---@field type? string
---@field unit_file_state? string
---@field load_state? string
---@field active_state? string
---@field sub_state? string
---@field result? string
---@field main_pid? integer
---@field exec_main_status? integer
---@field exec_main_code? integer
---@field exec_main_code_name? string exited, killed, dumped, ...
---@field n_restarts? integer
---@field active_enter_timestamp? string
---@field active_enter_time? number epoch seconds
---@field exec_main_start_time? number epoch seconds
---@field state_change_time? number epoch seconds
---@field memory_current? integer bytes
---@field exec_start? SystemdExecCommand[]
---@field working_directory? string
---@field environment? {name: string, fingerprint?: string}[] names and fingerprints only
---@field environment_files? {path: string, ignore_errors: boolean}[]
---@field fragment_path? string
---@field drop_in_paths? string[]
---@field user? string
---@field restart? string
---@field restart_sec? number|"infinity"
---@field restart_prevent_exit_status? string[]
---@field start_limit_burst? integer
---@field start_limit_interval_sec? number|"infinity"
---@field timeout_start_sec? number|"infinity"
---@field timeout_stop_sec? number|"infinity"
---@field error? SystemdError
---@field reason? string
---@field message? string
---@field exit_code? integer
---@field [string] any other properties of `systemctl show`, in snake_case

---@class SystemdUnitEntry
---@field name string
---@field scope "system"|"user"
---@field sources ("loaded"|"file")[]
---@field load_state? string
---@field active_state? string
---@field sub_state? string
---@field description? string
---@field unit_file_state? string
---@field preset? string

---@class SystemdScopeStatus
---@field available boolean
---@field count? integer
---@field version? string
---@field state? string
---@field error? SystemdError
---@field reason? string
---@field message? string

---@class SystemdUnitsResult
---@field ok boolean
---@field pattern string
---@field units? SystemdUnitEntry[]
---@field duplicates? string[] names found in both scopes
---@field scopes table<string, {manager?: SystemdScopeStatus, files?: SystemdScopeStatus}>
---@field error? SystemdError
---@field reason? string
---@field message? string

---@class SystemdJournalEntry
---@field time? number epoch seconds
---@field time_us? integer
---@field pid? integer
---@field priority? integer
---@field priority_name? string emerg, alert, crit, err, warning, notice, info, debug
---@field message? string
---@field message_truncated? boolean
---@field unit? string
---@field user_unit? string
---@field identifier? string
---@field comm? string
---@field cursor? string

---@class SystemdJournalResult
---@field ok boolean
---@field unit string
---@field scope "system"|"user"
---@field entries? SystemdJournalEntry[]
---@field skipped? integer lines that were not journal entries
---@field hint? string
---@field error? SystemdError
---@field reason? string
---@field message? string

---@class SystemdAvailability
---@field ok boolean
---@field available boolean a manager answers in some scope
---@field system? SystemdScopeStatus
---@field user? SystemdScopeStatus
---@field journal? SystemdScopeStatus

---Reads a unit's state, restarts, command line, environment names and restart policy (systemctl show).
---@param name string e.g. "openclaw-gateway.service"
---@param opts? {scope?: "system"|"user", timeout?: number}
---@return SystemdUnit
function systemd.unit(name, opts) end

---Lists units of both scopes matching a glob, loaded and on disk, with names found in both.
---@param opts string|{pattern: string, timeout?: number} a glob such as "openclaw*"
---@return SystemdUnitsResult
function systemd.units(opts) end

---Reads a unit's journal entries (user units are matched with --user-unit).
---@param unit string
---@param opts? {scope?: "system"|"user", lines?: integer, since?: number|string, timeout?: number}
---@return SystemdJournalResult
function systemd.journal(unit, opts) end

---Tells whether a manager answers in each scope and whether journal files exist, with the reason when not.
---@param opts? {timeout?: number}
---@return SystemdAvailability
function systemd.available(opts) end
