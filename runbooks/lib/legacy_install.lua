-- Leftovers of OpenClaw's old names (clawdbot, then moltbot): state dirs in the home dir, variables of the old
-- names in this environment, processes whose command line names them. Units named clawdbot-gateway are
-- lib.deployments' (openclaw.systemd names them).
--
--   local legacy_install = require("lib.legacy_install")
--   local found = legacy_install.find(home)   -- { {kind = "state dir"|"variable"|"process", what = ..., fix = ...} }
local M = {}

M.NAMES = { "clawdbot", "moltbot" }
-- The variables the old releases read (their OPENCLAW_* successors are what the current one reads).
M.VARIABLES = {
  "CLAWDBOT_GATEWAY_TOKEN",
  "CLAWDBOT_GATEWAY_PASSWORD",
  "CLAWDBOT_GATEWAY_PORT",
  "CLAWDBOT_STATE_DIR",
  "CLAWDBOT_CONFIG_PATH",
  "MOLTBOT_GATEWAY_TOKEN",
  "MOLTBOT_STATE_DIR",
  "MOLTBOT_CONFIG_PATH",
}

-- Each old state dir is looked at by its own path (the fs policy allows them, as it allows ~/.openclaw): the
-- home dir itself is not readable to a runbook, and need not be.
local function state_dirs(home, found)
  for _, name in ipairs(M.NAMES) do
    local path = home .. "/." .. name
    local info = fs.stat(path)
    if type(info) == "table" and info.exists and info.type == "directory" then
      found[#found + 1] = {
        kind = "state dir",
        what = path,
        fix = "ls -la " .. path .. "   # move what is still needed into ~/.openclaw (openclaw doctor), then remove it",
      }
    end
  end
end

local function variables(found)
  for _, name in ipairs(M.VARIABLES) do
    local seen = env.fingerprint(name)
    if type(seen) == "table" and seen.set == true then
      found[#found + 1] = {
        kind = "variable",
        what = name,
        fix = "rename "
          .. name
          .. " to "
          .. name:gsub("^%u+_", "OPENCLAW_")
          .. " where it is set (shell profile, "
          .. "unit, .env)",
      }
    end
  end
end

local function processes(found)
  for _, process in ipairs(proc.list({ cmdline_regex = "(^|[/ ])(clawdbot|moltbot)([- ]|$)" }) or {}) do
    found[#found + 1] = {
      kind = "process",
      what = "pid " .. process.pid .. " (" .. tostring(process.cmdline):sub(1, 80) .. ")",
      fix = "kill " .. process.pid .. "   # an old-name process: " .. tostring(process.cmdline):sub(1, 60),
    }
  end
end

-- Every leftover found, state dirs first.
function M.find(home)
  local found = {}
  if type(home) == "string" and home ~= "" then
    state_dirs(home, found)
  end
  variables(found)
  processes(found)
  return found
end

return M
