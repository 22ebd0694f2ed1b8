---@meta
-- log: find known messages in the end (or a time window) of a log, OpenClaw's formats parsed (capability fs)
log = {}

-- Substrings match case-insensitively; regexes are RE2 (linear time), case-insensitive, and their groups
-- are the captures. Lua patterns are not used: log text is full of the characters they treat as magic.

---A pattern: `match` alternatives are substrings (or lists of substrings that must all appear); a line
---matches when any alternative or the regex matches. cause, severity and finding are copied into the match.
---This is the shape of the signature catalog, require("lib.signatures").
---@class LogPattern
---@field id? string
---@field match? string|(string|string[])[]
---@field regex? string RE2 regular expression (no backreferences or lookaround)
---@field cause? string
---@field severity? string
---@field finding? string

---@alias LogPatterns string|LogPattern|(string|LogPattern)[]

---@class LogScanOptions
---@field lines? integer last N lines to scan (default 2000)
---@field since? number|string epoch seconds, a duration back from now ("15m", "2h") or an ISO time
---@field until? number|string
---@field level? "trace"|"debug"|"info"|"warn"|"error"|"fatal" minimum level
---@field subsystem? string keep lines whose subsystem starts with this ("gateway/ws" or "ws")
---@field max_matches? integer the most recent matches are kept (default 500)

---@class LogLine
---@field time? number epoch seconds when the line carries (or implies) a date
---@field date_inferred? boolean a clock-only line dated today (or yesterday)
---@field time_text string
---@field level string lowercase: "info", "warn", "error", ... or ""
---@field subsystem string
---@field message string
---@field format "tslog"|"json"|"console"|"syslog"|"iso"|"plain"
---@field fields table object arguments of a JSON line

---@class LogMatch: LogLine
---@field line_no integer
---@field pattern string id of the pattern that matched
---@field captures string[] regex groups
---@field cause? string
---@field severity? string
---@field finding? string

---@class LogScanResult
---@field ok boolean
---@field source? string
---@field lines_scanned? integer
---@field line_numbers? "absolute"|"relative"
---@field matches? LogMatch[]
---@field counts? table<string, integer> matches by pattern id
---@field truncated? boolean
---@field first_time? number
---@field last_time? number
---@field error? string
---@field message? string

---Scans a log file or a list of lines for patterns; {} or nil patterns return every line in the window.
---@param path_or_lines string|string[] a file path, or strings (each may hold several lines, e.g. journal output)
---@param patterns? LogPatterns
---@param opts? LogScanOptions
---@return LogScanResult
function log.scan(path_or_lines, patterns, opts) end

---Parses one log line in whichever format OpenClaw or its service manager wrote it.
---@param text string
---@return LogLine
function log.parse_line(text) end

---@class LogFollowResult
---@field ok boolean
---@field offset? integer where the next call continues (pass it back)
---@field inode? integer pass it back: another inode means the log was rotated
---@field size? integer
---@field lines? string[] complete lines appended since offset (secrets redacted)
---@field rotated? boolean the file was rotated or truncated: read from its start
---@field more? boolean lines remain past max_lines/max_bytes
---@field error? string not_found | permission_denied | error
---@field message? string

---Follows a log as it grows: the complete lines appended since `offset` (no offset: start at the end). Stateless.
---@param path string
---@param opts? {offset?: integer, inode?: integer, max_lines?: integer, max_bytes?: integer}
---@return LogFollowResult
function log.follow(path, opts) end
