-- `${VAR}` substitutions in an OpenClaw config and whether the environment of the process that reads the config
-- sets them. OpenClaw substitutes upper-case names only (`${OPENCLAW_GATEWAY_TOKEN}`); `$${X}` escapes one.
--
--   local env_refs = require("lib.env_refs")
--   local refs = env_refs.collect(cfg.config, cfg.gateway)   -- { {name = "X", path = "gateway.auth.token"}, ... }
--   env_refs.dotenv_names("A=1\nexport B=2\n")                -- { A = true, B = true }
local M = {}

local function walk(node, path, out, seen)
  if type(node) == "string" then
    for escape, name in node:gmatch("(%$?)%${([A-Z_][A-Z0-9_]*)}") do
      if escape == "" and not seen[name .. "\0" .. path] then
        seen[name .. "\0" .. path] = true
        out[#out + 1] = { name = name, path = path }
      end
    end
  elseif type(node) == "table" then
    local keys = {}
    for key in pairs(node) do
      keys[#keys + 1] = key
    end
    table.sort(keys, function(a, b)
      return tostring(a) < tostring(b)
    end)
    for _, key in ipairs(keys) do
      local child = type(key) == "number" and (path .. "." .. (key - 1)) or (path == "" and key or path .. "." .. key)
      walk(node[key], child, out, seen)
    end
  end
end

-- Every `${NAME}` the config tree references, with its config path, sorted by path; plus the gateway secret's
-- substitution (`gateway.auth.secret.env`), whose string the config binding replaces by a fingerprint.
function M.collect(tree, gateway_settings)
  local out, seen = {}, {}
  walk(tree, "", out, seen)
  local secret = type(gateway_settings) == "table"
    and type(gateway_settings.auth) == "table"
    and gateway_settings.auth.secret
  if type(secret) == "table" and type(secret.env) == "string" then
    local path = tostring(secret.key or "gateway.auth.token")
    if not seen[secret.env .. "\0" .. path] then
      table.insert(out, 1, { name = secret.env, path = path })
    end
  end
  return out
end

-- The names a dotenv file defines (NAME=value, `export NAME=value`; comments and blank lines skipped).
function M.dotenv_names(text)
  local names = {}
  for line in (tostring(text or "") .. "\n"):gmatch("([^\n]*)\n") do
    local name = line:match("^%s*export%s+([%w_]+)%s*=") or line:match("^%s*([%w_]+)%s*=")
    if name then
      names[name] = true
    end
  end
  return names
end

return M
