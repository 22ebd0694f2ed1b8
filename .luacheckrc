-- luacheck configuration for the shipped Lua (runbooks/): checked by scripts/lint-lua.sh.
std = "lua54"
max_line_length = 120

-- The binding modules the engine puts into every runbook's globals (bindings/*.cpp, runbooks/types/*.lua).
read_globals = { "env", "time", "gateway", "proc", "fs", "openclaw", "log", "systemd", "docker", "action" }

-- Not in the runbook sandbox (docs/runbook-format.md): using them is an error at run time, so flag it here.
not_globals = { "io", "debug", "package", "dofile", "loadfile" }

-- The annotation files declare the module globals by design (they are for the editor, never run).
exclude_files = { "runbooks/types/**" }

-- The catalog index holds the Markdown prose of docs/findings.md, whose lines are as long as the page has them.
files["runbooks/knowledge/index.lua"] = { max_line_length = false }
