-- luacheck configuration for the shipped Lua (runbooks/): checked by scripts/lint-lua.sh.
std = "lua54"
max_line_length = 120

-- The binding modules the engine puts into every runbook's globals, derived, not listed: one annotation file
-- per registered module in runbooks/types/ (tests/runbooks/types_test.cpp holds that set equal to the
-- engine's module registry), clawbook.lua being the runbook API rather than a module.
-- luacheck finds this file in the working directory or above it (and loads it as a string, so it cannot ask
-- for its own path): the checkout is the nearest such directory.
local here = os.getenv("PWD") or "."
while here ~= "" and not io.open(here .. "/runbooks/types/clawbook.lua") do
  here = here:match("^(.*)/[^/]*$") or ""
end
read_globals = {}
local listing = io.popen('ls "' .. here .. '/runbooks/types"')
for file in listing:lines() do
  local module = file:match("^([%w_]+)%.lua$")
  if module and module ~= "clawbook" then
    read_globals[#read_globals + 1] = module
  end
end
listing:close()
assert(#read_globals > 0, ".luacheckrc: no module annotations under " .. here .. "/runbooks/types")

-- Not in the runbook sandbox (docs/runbook-format.md): using them is an error at run time, so flag it here.
not_globals = { "io", "debug", "package", "dofile", "loadfile" }

-- The annotation files declare the module globals by design (they are for the editor, never run).
exclude_files = { "runbooks/types/**" }
