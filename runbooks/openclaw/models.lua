-- openclaw.models: model backends behind the gateway (seeds 001 and 000). A local OpenAI-compatible backend
-- (Ollama, LM Studio, vLLM, llama.cpp) that is down, served at the wrong path, missing the configured model, or
-- stricter than OpenAI about message content; Anthropic's 429 for long-context requests (context1m); and
-- CLI-only routes (*-cli/...) that run without OpenClaw's tools.
--
-- Read-only by default: /v1/models is a GET and the chat-completions check posts an empty body, which a backend
-- refuses before running any model. `completion=true` sends one real 1-token request with structured content,
-- the request OpenClaw makes, to reproduce "invalid type: sequence, expected a string".
local oc = require("lib.openclaw")
local knowledge = require("lib.knowledge")
local model_routes = require("lib.model_routes")
local gateway_logs = require("lib.gateway_logs")

local HTTP_TIMEOUT = 3
local SHOWN_MODELS = 20 -- served model ids kept as evidence

-- JSON string literal for `text` (model ids go into a request body).
local function json_string(text)
  return '"' .. tostring(text):gsub('[%c"\\]', function(ch)
    return string.format("\\u%04x", ch:byte())
  end) .. '"'
end

local function strip_slash(url)
  return (url:gsub("/+$", ""))
end

local function parse_json(body)
  if type(body) ~= "string" or body == "" then
    return nil
  end
  local value = fs.json({ text = body })
  return type(value) == "table" and value or nil
end

-- What the backend at `provider.base_url` answers: {reachable, status, error, served={ids}, wrong_path, v1_hint,
-- chat_status}. `api` decides the paths: OpenAI-compatible (/models, /chat/completions), Ollama's native API
-- (/api/tags), anything else only answers whether it is up.
local function probe_backend(provider)
  local base = strip_slash(provider.base_url)
  local api = type(provider.api) == "string" and provider.api or ""
  local openai = api == "" or api:find("openai", 1, true) ~= nil
  local result = { base = base, api = api ~= "" and api or "openai (default)" }
  local url = openai and (base .. "/models") or (api == "ollama" and (base .. "/api/tags") or base)
  local response = gateway.http(url, { timeout = HTTP_TIMEOUT, headers = { Accept = "application/json" } })
  result.url = url
  if type(response) ~= "table" or response.ok ~= true then
    result.reachable = false
    result.error = type(response) == "table" and (response.error or response.message) or "no answer"
    return result
  end
  result.reachable, result.status = true, response.status
  if response.status == 401 or response.status == 403 then
    result.auth_required = true -- up; the key lives in the config as a fingerprint, so the list stays closed
  elseif openai or api == "ollama" then
    local body = parse_json(response.body)
    local list = body and (body.data or body.models)
    if response.status == 200 and type(list) == "table" then
      result.served = {}
      for _, model in ipairs(list) do
        if type(model) == "table" and (model.id or model.name) then
          result.served[#result.served + 1] = model.id or model.name
        end
      end
    elseif openai then
      result.wrong_path = true -- HTML, 404 or another API: not the OpenAI surface at this path
      if not base:match("/v1$") then
        local retry = gateway.http(base .. "/v1/models", { timeout = HTTP_TIMEOUT })
        result.v1_hint = type(retry) == "table"
          and retry.ok == true
          and retry.status == 200
          and type(oc.get(parse_json(retry.body), "data")) == "table"
      end
    end
  end
  if openai and not result.wrong_path then
    -- An empty body is refused before any model runs: 400/422 prove the endpoint exists, 404 that it does not.
    local chat = gateway.http(
      base .. "/chat/completions",
      { method = "POST", body = "{}", timeout = HTTP_TIMEOUT, headers = { ["Content-Type"] = "application/json" } }
    )
    result.chat_status = type(chat) == "table" and chat.status or nil
  end
  return result
end

-- One real request with structured content parts, as OpenClaw sends them: {status, body} or nil.
local function completion_request(base, model_id)
  local body = '{"model":'
    .. json_string(model_id)
    .. ',"stream":false,"max_tokens":1,'
    .. '"messages":[{"role":"user","content":[{"type":"text","text":"ping"}]}]}'
  local response = gateway.http(
    base .. "/chat/completions",
    { method = "POST", body = body, timeout = 20, headers = { ["Content-Type"] = "application/json" } }
  )
  if type(response) ~= "table" or response.ok ~= true then
    return nil
  end
  return { status = response.status, body = tostring(response.body or ""):sub(1, 500) }
end

local function served_contains(served, id)
  for _, name in ipairs(served) do
    -- Ollama lists "llama3.1:8b"; a config may name "llama3.1" for ":latest".
    if name == id or name == id .. ":latest" then
      return true
    end
  end
  return false
end

local function is_string_content_error(text)
  text = tostring(text):lower()
  return text:find("invalid type: sequence", 1, true) ~= nil
    or text:find("expected a string", 1, true) ~= nil
    or text:find("content must be a string", 1, true) ~= nil
end

-- The fix for a compat flag a backend needs: one `config set` per configured model that lacks it (for `true`,
-- any truthy value counts as set), a placeholder command when none does, then a restart.
local function compat_fix(providers, flag, value)
  local fix = {}
  for _, provider in ipairs(providers) do
    for _, model in ipairs(provider.models) do
      local current = model.compat[flag]
      local already = (value and current) or (not value and current == false)
      if not already then
        fix[#fix + 1] = "openclaw config set models.providers."
          .. provider.id
          .. ".models["
          .. model.index
          .. "].compat."
          .. flag
          .. " "
          .. tostring(value)
          .. "   # "
          .. provider.id
          .. "/"
          .. model.id
      end
    end
  end
  if #fix == 0 then
    fix[1] = "openclaw config set models.providers.<provider>.models[0].compat." .. flag .. " " .. tostring(value)
  end
  fix[#fix + 1] = "openclaw gateway restart"
  return fix
end

-- Read the model routing from the config.
local function read_the_model_routing_from(ctx, params)
  return ctx:step("Read the model routing from the config", function(step)
    local cfg = openclaw.config({ profile = params.profile })
    if type(cfg) ~= "table" or cfg.ok ~= true then
      step:fail("config not readable: " .. tostring(oc.get(cfg, "message")))
      return nil, {}, {}
    end
    local found_refs, found_providers = model_routes.refs(cfg.config), model_routes.providers(cfg.config)
    step:evidence("routes", found_refs):evidence("providers", found_providers)
    step:evidence("context1m", model_routes.long_context(cfg.config))
    step:pass(#found_refs .. " route(s), " .. #found_providers .. " custom provider(s)")
    return cfg, found_refs, found_providers
  end)
end

-- Check the shape of models.providers: what OpenClaw's schema would refuse (one finding per provider).
local function check_provider_entries(ctx, raise, config)
  return ctx:step("Check the shape of models.providers", function(step)
    local problems = model_routes.provider_problems(oc.get(config, "config"))
    step:evidence("problems", problems)
    local repairs, raised = knowledge.get("model.provider-config-invalid").repairs, {}
    for _, problem in ipairs(problems) do
      if not raised[problem.provider] then
        raised[problem.provider] = true
        local vars = { provider = problem.provider, path = problem.path, problem = problem.problem }
        vars.provider_path = problem.provider == "*" and "models.providers" or ("models.providers." .. problem.provider)
        vars.value, vars.config = problem.value, tostring(oc.get(config, "path") or "the config")
        vars.repair = knowledge.fill(problem.value and repairs.model_string or repairs.other, vars)
        raise("model.provider-config-invalid", { confidence = 0.9, vars = vars, evidence = problem })
      end
    end
    if #problems == 0 then
      step:pass("every provider entry has the required shape")
    else
      step:fail(#problems .. " problem(s), first: " .. problems[1].path .. ": " .. problems[1].problem)
    end
    return #problems
  end)
end

-- Whether the gateway can see `name`: in its process's environment, or in the state dir's dotenv.
local function gateway_sees(name, paths)
  for _, process in ipairs(oc.list(proc.gateway_processes())) do
    local vars = oc.get(proc.env_fingerprints(process.pid, { name }), "vars") or {}
    if oc.get(vars, name .. ".set") == true then
      return true, "the gateway process (pid " .. process.pid .. ")"
    end
  end
  local dotenv = type(paths) == "table" and paths.env_file and fs.read(paths.env_file, { max = 65536 })
  local text = type(dotenv) == "table" and dotenv.ok and dotenv.text or ""
  if text:find("\n%s*" .. name .. "%s*=") or text:find("^%s*" .. name .. "%s*=") then
    return true, paths.env_file
  end
  return false
end

-- Whether an auth profile of the state dir's agents (<state>/agents/*/agent/auth-profiles.json) is for `provider`.
local function auth_profile_for(provider, state_dir)
  local files = fs.glob(state_dir .. "/agents/*/agent/auth-profiles.json")
  for _, path in ipairs(oc.list(files and files.matches)) do
    local store = fs.json({ path = path })
    for id, profile in pairs(oc.list(type(store) == "table" and store.profiles)) do
      if type(profile) == "table" and (profile.provider == provider or tostring(id):match("^([^:]+)") == provider) then
        return path
      end
    end
  end
  return nil
end

-- Check where the gateway reads provider keys: a key set in this shell for a provider the config routes to,
-- but in none of the places the gateway reads (its process environment, the dotenv, auth-profiles.json).
-- `already` names the providers the log has already shown failing.
local function check_provider_keys(ctx, params, raise, refs, tree, already)
  return ctx:step("Check where the gateway reads provider keys", function(step)
    local providers, seen = {}, {}
    for _, entry in ipairs(refs) do
      local provider = model_routes.provider_of(entry.ref)
      local configured = oc.get(tree, "models.providers." .. tostring(provider) .. ".apiKey")
      if provider and not seen[provider] and not model_routes.is_cli_only(entry.ref) and configured == nil then
        seen[provider] = true
        providers[#providers + 1] = provider
      end
    end
    step:evidence("providers", providers)
    if #providers == 0 then
      step:pass("no model provider routed to")
      return
    end
    local paths = openclaw.paths({ profile = params.profile })
    local state_dir = tostring(oc.get(paths, "state_dir") or "~/.openclaw")
    local missing = {}
    for _, provider in ipairs(providers) do
      local name = model_routes.key_name(provider)
      if not already[provider] and env.fingerprint(name).set == true and not gateway_sees(name, paths) then
        local profile = auth_profile_for(provider, state_dir)
        if not profile then
          missing[#missing + 1] = provider
          local running = #oc.list(proc.gateway_processes()) > 0
          local vars = { provider = provider, env_name = name, dotenv = tostring(oc.get(paths, "env_file")) }
          vars.auth_store = state_dir .. "/agents/<agent>/agent/auth-profiles.json"
          vars.service_env = "systemctl --user show openclaw-gateway -p Environment, or the container's env"
          vars.running = running and "; the running gateway's environment lacks it too" or ""
          vars.env_fix = knowledge.fill(knowledge.get("model.credentials-missing").env_fixes.dotenv, vars)
          raise("model.credentials-missing", {
            variant = "environment",
            confidence = running and 0.75 or 0.6,
            vars = vars,
            evidence = { provider = provider, key = name, in_shell = true, gateway_running = running },
          })
        end
      end
    end
    step:evidence("missing", missing)
    if #missing > 0 then
      step:fail("set in the shell only: " .. table.concat(missing, ", "))
    else
      step:pass(#providers .. " provider(s) routed to; no key set only in this shell")
    end
  end)
end

-- model.credentials-missing from the log's `No API key found for provider "X"`, with where the key is and is not.
local function raise_missing_credentials(params, raise, seen)
  local evidence = gateway_logs.evidence(seen, "model.credentials-missing")
  local providers = gateway_logs.values(seen, "model.credentials-missing")
  local paths = openclaw.paths({ profile = params.profile })
  local state_dir = tostring(oc.get(paths, "state_dir") or "~/.openclaw")
  for _, provider in ipairs(#providers > 0 and providers or { "<provider>" }) do
    local name = model_routes.key_name(provider)
    local in_shell = provider ~= "<provider>" and env.fingerprint(name).set == true
    local seen_by_gateway, where = false, nil
    if in_shell then
      seen_by_gateway, where = gateway_sees(name, paths)
    end
    local dotenv = tostring(oc.get(paths, "env_file") or (state_dir .. "/.env"))
    local vars = {
      provider = provider,
      count = evidence.count,
      last_seen = tostring(evidence.last_seen or "recently"),
      log_message = tostring(evidence.lines[#evidence.lines]),
      env_name = name,
      dotenv = dotenv,
      auth_store = state_dir .. "/agents/<agent>/agent/auth-profiles.json",
      service_env = "systemctl --user show openclaw-gateway -p Environment, or the container's env",
      shell_only = in_shell and not seen_by_gateway,
    }
    vars.env_fix = knowledge.fill(knowledge.get("model.credentials-missing").env_fixes.dotenv, vars)
    local facts = { log = evidence, key = name, in_shell = in_shell, gateway_has_it = where }
    raise("model.credentials-missing", { confidence = 0.9, vars = vars, evidence = facts })
  end
  return providers
end

-- Look for CLI-only model routes.
local function look_for_cli_only_model(ctx, emit, refs)
  return ctx:step("Look for CLI-only model routes", function(step)
    local spec = model_routes.cli_only_spec(refs)
    if spec then
      emit(spec)
      step:warn(table.concat(spec.evidence.routes, ", "))
    else
      step:pass("no *-cli/ route")
    end
  end)
end

-- Read the gateway's log for backend errors.
local function read_the_gateway_s_log(ctx, params, raise, providers, tree, shape_checked)
  return ctx:step("Read the gateway's log for backend errors", function(step)
    local patterns = oc.signatures_for({
      "model.credentials-missing",
      "model.provider-config-invalid",
      "model.requires-string-content",
      "model.long-context-rejected",
      "model.backend-unreachable",
      "model.tools-unsupported",
    })
    local seen = gateway_logs.scan(ctx, params, patterns)
    step:evidence("sources", gateway_logs.sources(seen)):evidence("lines_scanned", seen.lines_scanned)
    local hits = {}

    local no_key = {}
    if gateway_logs.evidence(seen, "model.credentials-missing") then
      hits[#hits + 1] = "no API key"
      for _, provider in ipairs(raise_missing_credentials(params, raise, seen)) do
        no_key[provider] = true
      end
    end

    -- A refused provider entry in the log counts only when the config could not be checked: a clean config means
    -- the line is from before the fix.
    local refused = gateway_logs.evidence(seen, "model.provider-config-invalid")
    if refused and not shape_checked then
      hits[#hits + 1] = "provider config refused"
      local path = gateway_logs.values(seen, "model.provider-config-invalid")[1] or "models.providers"
      local vars = { path = path, provider = path:match("^models%.providers%.([^.]+)") or "*" }
      vars.problem, vars.provider_path = tostring(refused.lines[1]), "models.providers." .. vars.provider
      vars.repair = knowledge.fill(knowledge.get("model.provider-config-invalid").repairs.other, vars)
      raise("model.provider-config-invalid", { confidence = 0.85, vars = vars, evidence = refused })
    end

    local strings = gateway_logs.evidence(seen, "model.requires-string-content")
    if strings then
      hits[#hits + 1] = "string content"
      raise("model.requires-string-content", {
        confidence = 0.85,
        vars = { compat_fix = compat_fix(providers, "requiresStringContent", true) },
        evidence = strings,
      })
    end

    local tools = gateway_logs.evidence(seen, "model.tools-unsupported")
    if tools then
      hits[#hits + 1] = "tools"
      raise("model.tools-unsupported", {
        confidence = 0.8,
        vars = { compat_fix = compat_fix(providers, "supportsTools", false) },
        evidence = tools,
      })
    end

    local long = gateway_logs.evidence(seen, "model.long-context-rejected")
    if long then
      hits[#hits + 1] = "long context"
      local flagged = model_routes.long_context(tree)
      local entry = knowledge.get("model.long-context-rejected")
      local unflag = {}
      for _, flagged_entry in ipairs(flagged) do
        unflag[#unflag + 1] = knowledge.fill(entry.unflag, { where = flagged_entry.where, ref = flagged_entry.ref })
      end
      if #flagged == 0 then
        unflag[1] = entry.find_flag
      end
      raise("model.long-context-rejected", {
        confidence = #flagged > 0 and 0.9 or 0.75,
        vars = { flagged = #flagged > 0 and (" Flagged: " .. flagged[1].ref .. ".") or "", unflag = unflag },
        evidence = { log = long, context1m = flagged },
      })
    end

    local fetch = gateway_logs.evidence(seen, "model.backend-unreachable")
    if fetch and #providers == 0 then
      -- With custom providers, the probes above already judged reachability.
      hits[#hits + 1] = "fetch failed"
      raise("model.backend-unreachable", { variant = "log", confidence = 0.6, evidence = fetch })
    end

    if #hits == 0 then
      step:pass(seen.lines_scanned == 0 and "no log lines found" or "no backend errors in the recent log")
    else
      step:warn(table.concat(hits, ", "))
    end
    return no_key
  end)
end

-- Asks every custom provider's backend for its model list, at once; one probe result per provider.
local function probe_backends(ctx, providers)
  local probes = {}
  if #providers == 0 then
    return probes
  end
  ctx:step("Ask each custom provider's backend what it serves", function(step)
    local branches = {}
    for i, provider in ipairs(providers) do
      branches[i] = function()
        return probe_backend(provider)
      end
    end
    probes = table.pack(ctx:parallel(branches))
    local down = 0
    for i, provider in ipairs(providers) do
      local probe = probes[i] or { reachable = false, error = "no result" }
      probes[i] = probe
      step:evidence(provider.id, probe)
      if not probe.reachable or probe.wrong_path or probe.chat_status == 404 then
        down = down + 1
      end
    end
    if down > 0 then
      step:fail(down .. " of " .. #providers .. " backend(s) not usable")
    else
      step:pass("every backend answers")
    end
  end)
  return probes
end

-- What one provider's probe shows: a dead backend, the wrong API, missing models; with params.completion, a
-- structured-content completion.
local function judge_provider(ctx, params, raise, provider, probe, severity)
  local where = "models.providers." .. provider.id
  if probe.reachable == false then
    raise("model.backend-unreachable", {
      severity = severity,
      confidence = 0.9,
      vars = {
        provider = provider.id,
        base = tostring(probe.base),
        url = tostring(probe.url),
        error = tostring(probe.error),
        where = where,
      },
      evidence = probe,
    })
  elseif probe.wrong_path or probe.chat_status == 404 then
    local variant = "no_chat_endpoint"
    if probe.wrong_path then
      variant = probe.v1_hint and "wrong_path_v1" or "wrong_path"
    end
    raise("model.backend-unreachable", {
      variant = variant,
      severity = severity,
      confidence = 0.8,
      vars = {
        provider = provider.id,
        base = tostring(probe.base),
        url = tostring(probe.url),
        status = tostring(probe.status),
        where = where,
      },
      evidence = probe,
    })
  elseif probe.served then
    local missing = {}
    for _, model in ipairs(provider.models) do
      if not served_contains(probe.served, model.id) then
        missing[#missing + 1] = model
      end
    end
    if #missing > 0 then
      local names, pulls = {}, {}
      local pull = knowledge.get("model.not-served").pull
      for _, model in ipairs(missing) do
        names[#names + 1] = model.id
        pulls[#pulls + 1] = knowledge.fill(pull, { model = model.id, where = where, index = model.index })
      end
      local served = { table.unpack(probe.served, 1, math.min(#probe.served, SHOWN_MODELS)) }
      raise("model.not-served", {
        severity = severity,
        confidence = 0.85,
        vars = {
          provider = provider.id,
          models = table.concat(names, ", "),
          url = tostring(probe.url),
          served = #served > 0 and table.concat(served, ", ") or "nothing",
          pulls = pulls,
        },
        evidence = { provider = provider.id, missing = names, served = served },
      })
    end
  end

  if params.completion and probe.served and #provider.models > 0 then
    ctx:step("Send one 1-token completion to " .. provider.id, function(step)
      local model = provider.models[1]
      local answer = completion_request(probe.base, model.id)
      step:evidence("answer", answer)
      if not answer then
        step:fail("no answer")
      elseif
        answer.status >= 400
        and is_string_content_error(answer.body)
        and not model.compat.requiresStringContent
      then
        raise("model.requires-string-content", {
          variant = "probe",
          confidence = 0.95,
          vars = {
            provider = provider.id,
            model = model.id,
            status = answer.status,
            body = answer.body:sub(1, 160),
            where = where,
            index = model.index,
          },
          evidence = answer,
        })
        step:fail("structured content refused")
      else
        step:pass("HTTP " .. answer.status)
      end
    end)
  end
end

return {
  id = "openclaw.models",
  version = "1.0.0",
  engine = "^1",
  title = "Check the model backends: local OpenAI-compatible servers, string content, tools, long context",
  summary = "Reads the model routing from the config and asks every custom provider's backend what it serves "
    .. "(/v1/models, Ollama's /api/tags) and whether /chat/completions exists; flags a backend that is down or "
    .. "served at the wrong path, configured models it does not serve, CLI-only routes, and, from the gateway's "
    .. "log, backends that need string content (requiresStringContent), refuse tools (supportsTools) or reject "
    .. "long-context requests with HTTP 429 (context1m).",
  symptoms = {
    "messages[...].content: invalid type: sequence, expected a string",
    "HTTP 429: rate_limit_error: Extra usage is required for long context requests",
    "curl /v1/models works but agent runs fail",
    "all tools grayed out",
    "does not support tools",
    "fetch failed",
    "model backend unreachable",
    'No API key found for provider "anthropic"',
    "models.providers.openrouter.models.0: expected object, received string",
  },
  tags = { "openclaw", "models", "ollama", "lm-studio", "anthropic" },
  capabilities = { "net", "fs", "systemd", "env", "proc" },
  findings = {
    "model.backend-unreachable",
    "model.not-served",
    "model.requires-string-content",
    "model.tools-unsupported",
    "model.long-context-rejected",
    "model.cli-only-backend",
    "model.provider-config-invalid",
    "model.credentials-missing",
  },
  params = {
    profile = oc.PARAMS.profile,
    completion = {
      type = "boolean",
      default = false,
      description = "Also send one 1-token chat completion with "
        .. "structured content to each OpenAI-compatible backend (runs the model once).",
    },
  },

  run = function(ctx, params)
    local function emit(spec)
      oc.finding(ctx, {}, spec)
    end
    local function raise(id, opts)
      knowledge.raise(ctx, {}, id, opts)
    end

    local config, refs, providers = read_the_model_routing_from(ctx, params)
    refs, providers = refs or {}, providers or {}
    local tree = oc.get(config, "config") or {}

    -- Providers that agents use as their primary model: a dead one stops every run, not only fallbacks.
    local primary_providers = {}
    for _, entry in ipairs(refs) do
      if entry.role == "primary" then
        primary_providers[model_routes.provider_of(entry.ref) or ""] = true
      end
    end

    local shape_checked = config ~= nil and check_provider_entries(ctx, raise, config) ~= nil
    look_for_cli_only_model(ctx, emit, refs)

    local probes = probe_backends(ctx, providers)

    for i, provider in ipairs(providers) do
      local severity = primary_providers[provider.id] and "high" or "medium"
      judge_provider(ctx, params, raise, provider, probes[i] or {}, severity)
    end

    local no_key = read_the_gateway_s_log(ctx, params, raise, providers, tree, shape_checked)
    check_provider_keys(ctx, params, raise, refs, tree, no_key or {})
  end,
}
