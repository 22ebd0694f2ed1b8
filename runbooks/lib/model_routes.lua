-- Model routing as the OpenClaw config declares it (the `config` tree of openclaw.config, secrets already
-- fingerprinted): which provider/model refs agents use, the custom providers with their base URLs, and the
-- per-model compat flags. Shared by openclaw.models and openclaw.false-green.
--
-- Config shapes read: agents.defaults.model = "provider/model" | {primary, fallbacks}; agents.defaults.models =
-- {["provider/model"] = {alias?, params={context1m?}}}; agents.list = {{id, model}}; models.providers =
-- {[id] = {baseUrl, api?, models={{id, compat={requiresStringContent?, supportsTools?}, params?}}}}.
local M = {}

local function is_table(value)
  return type(value) == "table"
end

-- Adds the refs of a model setting (a string or {primary, fallbacks}) found at `where`.
local function add_setting(refs, setting, where, agent)
  if type(setting) == "string" then
    refs[#refs + 1] = { ref = setting, where = where, role = "primary", agent = agent }
  elseif is_table(setting) then
    if type(setting.primary) == "string" then
      refs[#refs + 1] = { ref = setting.primary, where = where .. ".primary", role = "primary", agent = agent }
    end
    for i, fallback in ipairs(is_table(setting.fallbacks) and setting.fallbacks or {}) do
      if type(fallback) == "string" then
        refs[#refs + 1] = { ref = fallback, where = where .. ".fallbacks[" .. (i - 1) .. "]", role = "fallback" }
      end
    end
  end
end

-- Every model ref the config routes agents to: {ref, where, role="primary"|"fallback"|"listed", agent?}.
function M.refs(config)
  local refs = {}
  local agents = is_table(config) and config.agents or nil
  local defaults = is_table(agents) and agents.defaults or nil
  if is_table(defaults) then
    add_setting(refs, defaults.model, "agents.defaults.model", "defaults")
    local listed = {}
    for ref in pairs(is_table(defaults.models) and defaults.models or {}) do
      if type(ref) == "string" then
        listed[#listed + 1] = ref
      end
    end
    table.sort(listed) -- pairs() order is not stable; reports should be
    for _, ref in ipairs(listed) do
      refs[#refs + 1] = { ref = ref, where = "agents.defaults.models", role = "listed" }
    end
  end
  for i, agent in ipairs(is_table(agents) and is_table(agents.list) and agents.list or {}) do
    if is_table(agent) then
      add_setting(refs, agent.model, "agents.list[" .. (i - 1) .. "].model", agent.id)
    end
  end
  return refs
end

-- "claude-cli/opus" and the like: routes through a vendor CLI, which OpenClaw runs without its own tools.
function M.is_cli_only(ref)
  return type(ref) == "string" and ref:match("^[%w._-]+%-cli/") ~= nil
end

-- The finding spec for refs that route through a CLI-only backend (model.cli-only-backend, texts in the
-- catalog), or nil when none does. Medium when an agent's primary model is one (its tools are gone), low for
-- fallbacks and listed models.
function M.cli_only_spec(refs)
  local knowledge = require("lib.knowledge") -- here, not at the top: lib.regressions loads this file too
  local found, primary = {}, false
  for _, entry in ipairs(refs) do
    if M.is_cli_only(entry.ref) then
      found[#found + 1] = entry
      primary = primary or entry.role == "primary"
    end
  end
  if #found == 0 then
    return nil
  end
  local shown, replacements = {}, {}
  local replace = knowledge.get("model.cli-only-backend").replace
  for _, entry in ipairs(found) do
    shown[#shown + 1] = entry.ref .. " (" .. entry.where .. ")"
    if entry.role ~= "listed" then -- listed models are a catalog: only primaries and fallbacks route turns
      replacements[#replacements + 1] = knowledge.fill(replace, { where = entry.where, ref = entry.ref })
    end
  end
  return knowledge.spec("model.cli-only-backend", {
    severity = primary and "medium" or "low",
    confidence = 0.8,
    vars = { routes = table.concat(shown, ", "), replacements = replacements },
    evidence = { routes = shown },
  })
end

-- The provider id of "provider/model".
function M.provider_of(ref)
  return type(ref) == "string" and ref:match("^([^/]+)/") or nil
end

-- Custom providers with a baseUrl, sorted by id: {id, base_url, api, models={{id, index, compat, params}}}.
function M.providers(config)
  local section = is_table(config) and is_table(config.models) and config.models.providers or nil
  local providers = {}
  for id, provider in pairs(is_table(section) and section or {}) do
    if type(id) == "string" and is_table(provider) and type(provider.baseUrl) == "string" then
      local models = {}
      for i, model in ipairs(is_table(provider.models) and provider.models or {}) do
        if is_table(model) and type(model.id) == "string" then
          models[#models + 1] = {
            id = model.id,
            index = i - 1,
            compat = is_table(model.compat) and model.compat or {},
            params = is_table(model.params) and model.params or {},
          }
        end
      end
      providers[#providers + 1] = { id = id, base_url = provider.baseUrl, api = provider.api, models = models }
    end
  end
  table.sort(providers, function(a, b)
    return a.id < b.id
  end)
  return providers
end

-- The environment variable a provider's API key is read from (OpenClaw's names; the rest: <ID>_API_KEY).
local KEY_NAMES = { google = "GEMINI_API_KEY", gemini = "GEMINI_API_KEY", ["x-ai"] = "XAI_API_KEY" }
function M.key_name(provider)
  return KEY_NAMES[provider] or (tostring(provider):upper():gsub("[^%w]", "_") .. "_API_KEY")
end

-- What OpenClaw's schema refuses in models.providers, as {provider, path, problem, value?} (value: a model given
-- as a bare string, for the repair), in provider order. The shapes: a provider is an object; baseUrl a string;
-- models a list of objects with a string id.
local function kind_of(value)
  if type(value) == "table" then
    return value[1] ~= nil and "array" or "object"
  end
  return type(value) == "nil" and "undefined" or type(value)
end

function M.provider_problems(config)
  local section = is_table(config) and is_table(config.models) and config.models.providers or nil
  local problems = {}
  if section == nil then
    return problems
  end
  if not is_table(section) or section[1] ~= nil then
    problems[1] =
      { provider = "*", path = "models.providers", problem = "expected object, received " .. kind_of(section) }
    return problems
  end
  local ids = {}
  for id in pairs(section) do
    ids[#ids + 1] = tostring(id)
  end
  table.sort(ids)
  for _, id in ipairs(ids) do
    local provider, path = section[id], "models.providers." .. id
    local function add(where, problem, value)
      problems[#problems + 1] = { provider = id, path = where, problem = problem, value = value }
    end
    if not is_table(provider) or provider[1] ~= nil then
      add(path, "expected object, received " .. kind_of(provider))
    else
      if provider.baseUrl ~= nil and type(provider.baseUrl) ~= "string" then
        add(path .. ".baseUrl", "expected string, received " .. kind_of(provider.baseUrl))
      end
      local models = provider.models
      if models ~= nil and (not is_table(models) or (next(models) ~= nil and models[1] == nil)) then
        add(path .. ".models", "expected array, received " .. kind_of(models))
      elseif is_table(models) then
        for i, model in ipairs(models) do
          local where = path .. ".models." .. (i - 1)
          if not is_table(model) then
            add(where, "expected object, received " .. kind_of(model), type(model) == "string" and model or nil)
          elseif type(model.id) ~= "string" then
            add(where .. ".id", "expected string, received " .. kind_of(model.id))
          end
        end
      end
    end
  end
  return problems
end

-- Refs with params.context1m = true (agents.defaults.models entries and provider models): {ref, where}.
function M.long_context(config)
  local found = {}
  local defaults = is_table(config) and is_table(config.agents) and config.agents.defaults or nil
  local listed = is_table(defaults) and defaults.models or nil
  for ref, entry in pairs(is_table(listed) and listed or {}) do
    if type(ref) == "string" and is_table(entry) and is_table(entry.params) and entry.params.context1m == true then
      found[#found + 1] = { ref = ref, where = "agents.defaults.models[" .. string.format("%q", ref) .. "].params" }
    end
  end
  for _, provider in ipairs(M.providers(config)) do
    for _, model in ipairs(provider.models) do
      if model.params.context1m == true then
        found[#found + 1] = {
          ref = provider.id .. "/" .. model.id,
          where = "models.providers." .. provider.id .. ".models[" .. model.index .. "].params",
        }
      end
    end
  end
  table.sort(found, function(a, b)
    return a.ref < b.ref
  end)
  return found
end

return M
