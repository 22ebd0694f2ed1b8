-- openclaw.models: model backends behind the gateway (seeds 001 and 000). A local OpenAI-compatible backend
-- (Ollama, LM Studio, vLLM, llama.cpp) that is down, served at the wrong path, missing the configured model, or
-- stricter than OpenAI about message content; Anthropic's 429 for long-context requests (context1m); and
-- CLI-only routes (*-cli/...) that run without OpenClaw's tools.
--
-- Read-only by default: /v1/models is a GET and the chat-completions check posts an empty body, which a backend
-- refuses before running any model. `completion=true` sends one real 1-token request with structured content,
-- the request OpenClaw makes, to reproduce "invalid type: sequence, expected a string".
local oc = require("lib.openclaw")
local model_routes = require("lib.model_routes")
local gateway_logs = require("lib.gateway_logs")

local HTTP_TIMEOUT = 3
local SHOWN_MODELS = 20 -- served model ids kept as evidence

local LOG_PATTERNS = {
  {
    id = "model.tools-unsupported",
    finding = "model.tools-unsupported",
    match = {
      "does not support tools",
      "tools are not supported",
      "tool calls are not supported",
      { "tool_choice", "not supported" },
    },
  },
}

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
  },
  tags = { "openclaw", "models", "ollama", "lm-studio", "anthropic" },
  capabilities = { "net", "fs", "systemd" },
  findings = {
    "model.backend-unreachable",
    "model.not-served",
    "model.requires-string-content",
    "model.tools-unsupported",
    "model.long-context-rejected",
    "model.cli-only-backend",
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

    local config, refs, providers = ctx:step("Read the model routing from the config", function(step)
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
    refs, providers = refs or {}, providers or {}
    local tree = oc.get(config, "config") or {}

    -- Providers that agents use as their primary model: a dead one stops every run, not only fallbacks.
    local primary_providers = {}
    for _, entry in ipairs(refs) do
      if entry.role == "primary" then
        primary_providers[model_routes.provider_of(entry.ref) or ""] = true
      end
    end

    ctx:step("Look for CLI-only model routes", function(step)
      local spec = model_routes.cli_only_spec(refs)
      if spec then
        emit(spec)
        step:warn(table.concat(spec.evidence.routes, ", "))
      else
        step:pass("no *-cli/ route")
      end
    end)

    local probes = {}
    if #providers > 0 then
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
    end

    for i, provider in ipairs(providers) do
      local probe = probes[i] or {}
      local where = "models.providers." .. provider.id
      local severity = primary_providers[provider.id] and "high" or "medium"
      if probe.reachable == false then
        emit({
          id = "model.backend-unreachable",
          severity = severity,
          confidence = 0.9,
          title = "Model backend " .. provider.id .. " does not answer at " .. probe.base,
          cause = "Nothing answers at "
            .. tostring(probe.url)
            .. " ("
            .. tostring(probe.error)
            .. "): every agent run "
            .. "routed to "
            .. provider.id
            .. " fails. A gateway in Docker reaches the host as host.docker.internal, "
            .. "not 127.0.0.1.",
          evidence = probe,
          fix = {
            "curl -sS " .. tostring(probe.url) .. "   # start the backend (ollama serve, LM Studio's server) first",
            "openclaw config get " .. where .. ".baseUrl",
            "openclaw config set " .. where .. ".baseUrl http://host.docker.internal:<port>/v1   # gateway in Docker",
          },
        })
      elseif probe.wrong_path or probe.chat_status == 404 then
        local cause = "POST "
          .. probe.base
          .. "/chat/completions gave HTTP 404: the backend has no "
          .. "chat-completions endpoint at this base URL."
        if probe.wrong_path then
          cause = "GET "
            .. tostring(probe.url)
            .. " gave HTTP "
            .. tostring(probe.status)
            .. " without a model list"
            .. (probe.v1_hint and (": the API is under " .. probe.base .. "/v1") or "")
        end
        emit({
          id = "model.backend-unreachable",
          severity = severity,
          confidence = 0.8,
          title = "Model backend " .. provider.id .. " answers, but not with the OpenAI API at " .. probe.base,
          cause = cause,
          evidence = probe,
          fix = {
            probe.v1_hint and ("openclaw config set " .. where .. ".baseUrl " .. probe.base .. "/v1")
              or ("curl -sS " .. probe.base .. "/models   # find the base URL that lists the models"),
            "openclaw gateway restart",
          },
        })
      elseif probe.served then
        local missing = {}
        for _, model in ipairs(provider.models) do
          if not served_contains(probe.served, model.id) then
            missing[#missing + 1] = model
          end
        end
        if #missing > 0 then
          local names, fix = {}, {}
          for _, model in ipairs(missing) do
            names[#names + 1] = model.id
            fix[#fix + 1] = "ollama pull "
              .. model.id
              .. "   # Ollama; in LM Studio: load the model, or fix "
              .. where
              .. ".models["
              .. model.index
              .. "].id"
          end
          local served = { table.unpack(probe.served, 1, math.min(#probe.served, SHOWN_MODELS)) }
          emit({
            id = "model.not-served",
            severity = severity,
            confidence = 0.85,
            title = "Backend " .. provider.id .. " does not serve " .. table.concat(names, ", "),
            cause = "The config routes to "
              .. table.concat(names, ", ")
              .. " on "
              .. provider.id
              .. ", but "
              .. probe.url
              .. " lists only: "
              .. (#served > 0 and table.concat(served, ", ") or "nothing")
              .. ".",
            evidence = { provider = provider.id, missing = names, served = served },
            fix = fix,
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
            emit({
              id = "model.requires-string-content",
              severity = "high",
              confidence = 0.95,
              title = provider.id .. "/" .. model.id .. " only accepts string message content",
              cause = "The backend refused structured content parts (HTTP "
                .. answer.status
                .. ": "
                .. answer.body:sub(1, 160)
                .. "), which OpenClaw sends unless compat.requiresStringContent is set.",
              evidence = answer,
              fix = {
                "openclaw config set " .. where .. ".models[" .. model.index .. "].compat.requiresStringContent true",
                "openclaw gateway restart",
              },
            })
            step:fail("structured content refused")
          else
            step:pass("HTTP " .. answer.status)
          end
        end)
      end
    end

    ctx:step("Read the gateway's log for backend errors", function(step)
      local patterns = oc.signatures_for({
        "model.requires-string-content",
        "model.long-context-rejected",
        "model.backend-unreachable",
      })
      for _, pattern in ipairs(LOG_PATTERNS) do
        patterns[#patterns + 1] = pattern
      end
      local seen = gateway_logs.scan(ctx, params, patterns)
      step:evidence("sources", gateway_logs.sources(seen)):evidence("lines_scanned", seen.lines_scanned)
      local hits = {}

      local strings = gateway_logs.evidence(seen, "model.requires-string-content")
      if strings then
        hits[#hits + 1] = "string content"
        emit({
          id = "model.requires-string-content",
          severity = "high",
          confidence = 0.85,
          title = "A local backend rejects structured message content",
          cause = "The log shows 'messages[...].content: invalid type: sequence, expected a string': the backend "
            .. "accepts only string content, and OpenClaw sends content parts unless compat.requiresStringContent "
            .. "is set for the model. Tiny curl requests work; agent runs fail.",
          evidence = strings,
          fix = compat_fix(providers, "requiresStringContent", true),
        })
      end

      local tools = gateway_logs.evidence(seen, "model.tools-unsupported")
      if tools then
        hits[#hits + 1] = "tools"
        emit({
          id = "model.tools-unsupported",
          severity = "medium",
          confidence = 0.8,
          title = "A backend refuses tool calls",
          cause = "The log shows the backend rejecting requests that carry tools ('does not support tools'): the "
            .. "model has no tool calling, so every agent turn with tools fails until compat.supportsTools is false.",
          evidence = tools,
          fix = compat_fix(providers, "supportsTools", false),
        })
      end

      local long = gateway_logs.evidence(seen, "model.long-context-rejected")
      if long then
        hits[#hits + 1] = "long context"
        local flagged = model_routes.long_context(tree)
        local fix = { "openclaw models status   # which credential each provider uses" }
        for _, entry in ipairs(flagged) do
          fix[#fix + 1] = "set params.context1m to false in " .. entry.where .. "   # " .. entry.ref
        end
        if #flagged == 0 then
          fix[#fix + 1] = "openclaw config get agents.defaults.models   # find params.context1m: true"
        end
        fix[#fix + 1] = "or use an Anthropic API key (eligible for long context) instead of Claude.ai credentials"
        fix[#fix + 1] =
          "openclaw config set agents.defaults.model.fallbacks '[\"<provider/model>\"]'   # keep runs going"
        emit({
          id = "model.long-context-rejected",
          severity = "high",
          confidence = #flagged > 0 and 0.9 or 0.75,
          title = "Long-context requests are rejected with HTTP 429",
          cause = "The log shows 'HTTP 429: rate_limit_error: Extra usage is required for long context requests': a "
            .. "model with params.context1m: true is used with a credential that is not eligible for the 1M context."
            .. (#flagged > 0 and (" Flagged: " .. flagged[1].ref .. ".") or ""),
          evidence = { log = long, context1m = flagged },
          fix = fix,
        })
      end

      local fetch = gateway_logs.evidence(seen, "model.backend-unreachable")
      if fetch and #providers == 0 then
        -- With custom providers, the probes above already judged reachability.
        hits[#hits + 1] = "fetch failed"
        emit({
          id = "model.backend-unreachable",
          severity = "medium",
          confidence = 0.6,
          title = "The gateway failed to reach a model backend",
          cause = "The log shows 'fetch failed' for provider requests: the model backend was down or unreachable "
            .. "from the gateway at the time.",
          evidence = fetch,
          fix = { "openclaw models status", "openclaw logs --follow | grep -i 'fetch failed'" },
        })
      end

      if #hits == 0 then
        step:pass(seen.lines_scanned == 0 and "no log lines found" or "no backend errors in the recent log")
      else
        step:warn(table.concat(hits, ", "))
      end
    end)
  end,
}
