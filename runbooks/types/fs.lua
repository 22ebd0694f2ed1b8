---@meta
-- fs: read-only access to the files a runbook may read: stat, capped read, glob, list, tail, JSON5/JSON (capability fs)
fs = {}

-- Paths: only what the path policy allows: the OpenClaw state, config, log and lock locations, /proc, web server
-- and systemd unit directories, plus every "fs:<pattern>" capability the runbook declares. `..` and symlinks
-- are resolved first; a path outside raises (misuse) naming the capability to add. "~/" means $HOME.
-- Failures of the environment are results with ok=false, error and message; a missing path is not a failure
-- for fs.stat (exists=false). Values assigned to credential-looking names in what fs returns are registered
-- as secrets, so every output shows only their fingerprint.

---@alias FsError
---| "not_found"
---| "permission_denied"
---| "is_directory"
---| "not_a_directory"
---| "not_a_file"
---| "symlink_loop"
---| "name_too_long"
---| "too_many_open_files"
---| "io_error"
---| "os_error"

---@alias FsType "file"|"directory"|"symlink"|"fifo"|"socket"|"char_device"|"block_device"

---@class FsStatResult
---@field ok boolean
---@field path string as the runbook wrote it
---@field resolved string where it led (symlinks and `..` resolved)
---@field exists? boolean false for a missing path (still ok=true)
---@field type? FsType
---@field mode? string octal permissions, e.g. "0644"
---@field uid? integer
---@field user? string absent when the uid has no name
---@field gid? integer
---@field group? string
---@field size? integer bytes
---@field mtime? number epoch seconds
---@field readable? boolean for the effective user
---@field writable? boolean for the effective user
---@field symlink? boolean whether the path itself is a symlink
---@field link_target? string
---@field error? FsError
---@field message? string

---@class FsReadResult
---@field ok boolean
---@field path string
---@field resolved string
---@field text? string at most `max` bytes of the file's start
---@field bytes? integer bytes returned
---@field size? integer what stat says (0 for most /proc files)
---@field truncated? boolean the file has more than `max` bytes
---@field error? FsError
---@field message? string

---@class FsGlobResult
---@field ok boolean
---@field pattern string
---@field matches string[] sorted paths the policy allows
---@field truncated? boolean
---@field denied? integer matches dropped by the path policy
---@field error? FsError
---@field message? string

---@class FsEntry
---@field name string
---@field type FsType the entry's own type (a symlink is "symlink")
---@field size? integer
---@field mtime? number

---@class FsListResult
---@field ok boolean
---@field path string
---@field resolved string
---@field entries? FsEntry[] sorted by name, without "." and ".."
---@field truncated? boolean
---@field error? FsError
---@field message? string

---@class FsTailResult
---@field ok boolean
---@field path string
---@field resolved string
---@field lines? string[] the last lines, line ends removed
---@field truncated? boolean fewer lines than asked because the scan limit was reached
---@field error? FsError
---@field message? string

---A document to parse: {text=...} or {path=...}; a string is text when it starts with "{" or "[" or has a
---newline, and a path otherwise.
---@alias FsSource string|{text: string}|{path: string}

---Stats a path (symlinks followed; symlink/link_target describe the path itself).
---@param path string
---@return FsStatResult
function fs.stat(path) end

---Reads the start of a file, at most opts.max bytes (default 1 MiB, at most 64 MiB).
---@param path string
---@param opts? {max?: integer}
---@return FsReadResult
function fs.read(path, opts) end

---Expands a glob pattern (braces and ~ too); matches outside the path policy are dropped and counted.
---@param pattern string
---@return FsGlobResult
function fs.glob(pattern) end

---Lists a directory: name, type, size and mtime of each entry.
---@param dir string
---@return FsListResult
function fs.list(dir) end

---Returns the last n lines of a file (default 10), reading backwards from the end.
---@param path string
---@param n? integer 0..100000
---@return FsTailResult
function fs.tail(path, n) end

---Parses JSON5 (OpenClaw's config format); on failure returns nil, "where:line:col: message", error.
---@param source FsSource
---@return any|nil value the parsed document
---@return string? message
---@return string? error a FsError code, "parse_error" or "too_large"
function fs.json5(source) end

---Parses strict JSON; on failure returns nil, "where:line:col: message", error.
---@param source FsSource
---@return any|nil value the parsed document
---@return string? message
---@return string? error a FsError code, "parse_error" or "too_large"
function fs.json(source) end

---Parses YAML 1.2 (Traefik, cloudflared, Kubernetes manifests): one document is its value, a stream of several
---(`---`) the list of its non-empty documents. Untrusted input is capped (8 MiB, 128 levels, 250000 values and
---16 MiB of text, aliases counted as their copies: an alias bomb fails with "too_large"). On failure returns
---nil, "where:line:col: message", error.
---@param source FsSource
---@return any|nil value the document, or the list of documents
---@return integer|string|nil documents how many documents (on failure: the message)
---@return string? error a FsError code, "parse_error" or "too_large"
function fs.yaml(source) end

---Parses TOML 1.0 (Traefik's file-provider configs, as often TOML as YAML): the document's table, with dates and
---times as their TOML text. Untrusted input is capped (1 MiB, 64 levels counting table headers, dotted keys,
---arrays and inline tables together, 100000 values: beyond them it fails with "too_large"). A single-line text
---must be given as {text = ...} (a plain string without a newline is a path). On failure returns nil,
---"where:line:col: message", error.
---@param source FsSource
---@return table|nil value the document
---@return string? message on failure
---@return string? error a FsError code, "parse_error" or "too_large"
function fs.toml(source) end
