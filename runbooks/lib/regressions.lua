-- Matching the known-regressions table (lib/known_issues.lua) against a machine: which versions fall in an
-- entry's range, and whether the condition that makes it bite holds.
--
--   local regressions = require("lib.regressions")
--   local facts = regressions.facts(config, { supervisor = "systemd" })
--   local hit = regressions.match(issue, { { where = "installed", version = "2026.3.13" } }, facts)
--   -- hit = nil (no version in range, or the condition does not hold), or
--   -- { issue, matched = { "installed: 2026.3.13" }, condition = "met" | "unknown" }
local oc = require("lib.openclaw")
local versions = require("lib.versions")
local model_routes = require("lib.model_routes")

local M = {}

local function keys_enabled(section)
  local out = {}
  for name, value in pairs(type(section) == "table" and section or {}) do
    if type(name) == "string" and (type(value) ~= "table" or value.enabled ~= false) then
      out[#out + 1] = name
    end
  end
  table.sort(out)
  return out
end

-- What the conditions are checked against, from the raw config (openclaw.json's table) and what the runbook saw
-- itself (`extra`: bind, auth_mode, supervisor, ...). A fact left nil is unknown, not false.
function M.facts(config, extra)
  local facts = { platform = "linux" }
  if type(config) == "table" then
    facts.channels = keys_enabled(config.channels)
    facts.plugins = keys_enabled(type(config.plugins) == "table" and config.plugins.entries or nil)
    local providers, seen = {}, {}
    for _, route in ipairs(model_routes.refs(config)) do
      local provider = model_routes.provider_of(route.ref)
      if provider and not seen[provider] then
        seen[provider] = true
        providers[#providers + 1] = provider
      end
    end
    table.sort(providers)
    facts.providers = providers
    local gateway = type(config.gateway) == "table" and config.gateway or {}
    facts.bind = type(gateway.bind) == "string" and gateway.bind or "loopback"
    facts.auth_mode = type(gateway.auth) == "table" and gateway.auth.mode or nil
  end
  for key, value in pairs(extra or {}) do
    facts[key] = value
  end
  return facts
end

local LISTS = { channel = "channels", plugin = "plugins", provider = "providers" }

-- "met" when every key of `when` holds, "unmet" when one does not, "unknown" when one cannot be told.
function M.condition(issue, facts)
  local state = "met"
  for key, wanted in pairs(issue.when or {}) do
    local list_key = LISTS[key]
    local known = facts[list_key or key]
    if known == nil then
      state = "unknown"
    elseif list_key and not oc.contains(known, wanted) then
      return "unmet"
    elseif not list_key and known ~= wanted then
      return "unmet"
    end
  end
  return state
end

-- The entry's hit on this machine (see the header), or nil.
function M.match(issue, seen_versions, facts)
  local matched = {}
  for _, seen in ipairs(seen_versions) do
    if versions.satisfies(seen.version, issue.affected) then
      matched[#matched + 1] = seen.where .. ": " .. seen.version
    end
  end
  if #matched == 0 then
    return nil
  end
  local condition = M.condition(issue, facts or {})
  if condition == "unmet" then
    return nil
  end
  return { issue = issue, matched = matched, condition = condition }
end

-- Whether the entry is reported: its symptoms are in the log, or it bites every setup it names (no
-- signals_required) and its condition is known to hold.
function M.reportable(hit, symptoms)
  if symptoms then
    return true
  end
  return not hit.issue.signals_required and hit.condition == "met"
end

return M
