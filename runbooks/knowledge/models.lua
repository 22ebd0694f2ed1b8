return {
  {
    id = "model.backend-unreachable",
    severity = "medium",
    title = "Model backend {provider} does not answer at {base}",
    cause = "Nothing answers at {url} ({error}): every agent run routed to {provider} fails. A gateway in Docker "
      .. "reaches the host as host.docker.internal, not 127.0.0.1.",
    fix = {
      "curl -sS {url}   # start the backend (ollama serve, LM Studio's server) first",
      "openclaw config get {where}.baseUrl",
      "openclaw config set {where}.baseUrl http://host.docker.internal:<port>/v1   # gateway in Docker",
    },
    variants = {
      no_chat_endpoint = {
        title = "Model backend {provider} answers, but not with the OpenAI API at {base}",
        cause = "POST {base}/chat/completions gave HTTP 404: the backend has no chat-completions endpoint at this "
          .. "base URL.",
        fix = { "curl -sS {base}/models   # find the base URL that lists the models", "openclaw gateway restart" },
      },
      wrong_path = {
        title = "Model backend {provider} answers, but not with the OpenAI API at {base}",
        cause = "GET {url} gave HTTP {status} without a model list{v1_hint}",
        fix = { "curl -sS {base}/models   # find the base URL that lists the models", "openclaw gateway restart" },
      },
      wrong_path_v1 = {
        title = "Model backend {provider} answers, but not with the OpenAI API at {base}",
        cause = "GET {url} gave HTTP {status} without a model list: the API is under {base}/v1",
        fix = { "openclaw config set {where}.baseUrl {base}/v1", "openclaw gateway restart" },
      },
      log = {
        severity = "medium",
        title = "The gateway failed to reach a model backend",
        cause = "The log shows 'fetch failed' for provider requests: the model backend was down or unreachable from "
          .. "the gateway at the time.",
        fix = { "openclaw models status", "openclaw logs --follow | grep -i 'fetch failed'" },
      },
    },
    meaning = "The backend does not answer (high for a provider used as a primary model, else medium), answers "
      .. "without the OpenAI API at that path (HTML/404, `/v1` missing), or has no `/chat/completions`. "
      .. "From the log (`fetch failed`) only when no custom provider is configured.",
    detected = "`gateway.http` results; a retry at `<baseUrl>/v1/models`.",
    fix_doc = "`curl` the URL and start the backend; `openclaw config set models.providers.<id>.baseUrl …/v1` "
      .. "(or `host.docker.internal` for a gateway in Docker); restart.",
    source = "seed",
  },
  {
    id = "model.not-served",
    severity = "high",
    title = "Backend {provider} does not serve {models}",
    cause = "The config routes to {models} on {provider}, but {url} lists only: {served}.",
    fix = { "{pulls}" },
    pull = "ollama pull {model}   # Ollama; in LM Studio: load the model, or fix {where}.models[{index}].id",
    meaning = "The backend is up but does not list a configured model id (`:latest` tolerated). High when an "
      .. "agent's primary model is affected, else medium.",
    detected = "`/models` `data[].id` or `/api/tags` `models[].name` against `models.providers.<id>.models[].id`.",
    fix_doc = "`ollama pull <id>` / load it in LM Studio, or fix the id.",
    source = "seed",
  },
  {
    id = "model.requires-string-content",
    severity = "high",
    title = "A local backend rejects structured message content",
    cause = "The log shows 'messages[...].content: invalid type: sequence, expected a string': the backend accepts "
      .. "only string content, and OpenClaw sends content parts unless compat.requiresStringContent is set for the "
      .. "model. Tiny curl requests work; agent runs fail.",
    fix = { "{compat_fix}" },
    variants = {
      probe = {
        title = "{provider}/{model} only accepts string message content",
        cause = "The backend refused structured content parts (HTTP {status}: {body}), which OpenClaw sends unless "
          .. "compat.requiresStringContent is set.",
        fix = {
          "openclaw config set {where}.models[{index}].compat.requiresStringContent true",
          "openclaw gateway restart",
        },
      },
    },
    meaning = "The backend only accepts string message content (`invalid type: sequence, expected a string`).",
    detected = "Log signature; or the completion probe's 400/422 body.",
    fix_doc = "`openclaw config set models.providers.<id>.models[<i>].compat.requiresStringContent true` for "
      .. "each model without it; restart.",
    source = "seed",
  },
  {
    id = "model.tools-unsupported",
    severity = "medium",
    title = "A backend refuses tool calls",
    cause = "The log shows the backend rejecting requests that carry tools ('does not support tools'): the model has "
      .. "no tool calling, so every agent turn with tools fails until compat.supportsTools is false.",
    fix = { "{compat_fix}" },
    meaning = "The backend refuses requests with tools (`does not support tools`).",
    detected = "Log lines.",
    fix_doc = "`openclaw config set models.providers.<id>.models[<i>].compat.supportsTools false`; restart.",
    source = "seed",
  },
  {
    id = "model.long-context-rejected",
    severity = "high",
    title = "Long-context requests are rejected with HTTP 429",
    cause = "The log shows 'HTTP 429: rate_limit_error: Extra usage is required for long context requests': a model "
      .. "with params.context1m: true is used with a credential that is not eligible for the 1M context.{flagged}",
    fix = {
      "openclaw models status   # which credential each provider uses",
      "{unflag}",
      "or use an Anthropic API key (eligible for long context) instead of Claude.ai credentials",
      "openclaw config set agents.defaults.model.fallbacks '[\"<provider/model>\"]'   # keep runs going",
    },
    unflag = "set params.context1m to false in {where}   # {ref}",
    find_flag = "openclaw config get agents.defaults.models   # find params.context1m: true",
    meaning = "`HTTP 429: rate_limit_error: Extra usage is required for long context requests`: a "
      .. "`params.context1m: true` model with an ineligible credential.",
    detected = "Log signature; the `context1m` entries of `agents.defaults.models` and provider models name the "
      .. "model.",
    fix_doc = "`openclaw models status`; set `params.context1m` false for the named entry, or use an Anthropic "
      .. "API key; configure fallbacks.",
    source = "seed",
  },
  {
    id = "model.provider-config-invalid",
    severity = "high",
    title = "models.providers.{provider} is malformed: {path}",
    cause = "{path}: {problem}. OpenClaw validates models.providers strictly: a provider entry must be an object "
      .. 'with a baseUrl string and a models list of objects ({ id: "model-id" }, not bare strings); the gateway '
      .. "refuses the whole config and exits (code 1, restarting in a loop under a supervisor).",
    fix = {
      "openclaw config get {provider_path}",
      "{repair}",
      "openclaw config validate",
      "openclaw gateway restart",
    },
    repairs = {
      model_string = 'openclaw config set {path} \'{"id":"{value}"}\'   # a model is an object with an id',
      other = "fix {path} in {config} (see: openclaw config schema | jq '.properties.models')",
    },
    meaning = "A `models.providers` entry does not have the shape OpenClaw requires (a provider that is not an "
      .. "object, `models` not a list, a model given as a string instead of `{id}`, `baseUrl` not a string), e.g. "
      .. "`models.providers.openrouter.models.0: expected object, received string`. High, 0.9 from the config, 0.85 "
      .. "from the log.",
    detected = "`openclaw.config` tree (`models.providers`), and signature `model.provider-config-invalid` in the "
      .. "gateway log (a validation error whose path starts with `models.providers.`).",
    fix_doc = '`openclaw config set models.providers.P.models.N \'{"id":"M"}\'` (a model is an object), then '
      .. "`openclaw config validate` and restart.",
    source = "report",
    refs = { "https://github.com/mithun50/openclaw-termux/issues/88" },
  },
  {
    id = "model.credentials-missing",
    severity = "high",
    title = "No API key for provider {provider} where the gateway reads it",
    cause = 'The gateway found no credential for {provider} ({count} time(s), last {last_seen}: "{log_message}"), so '
      .. "every agent run routed to it fails before a reply.{shell_only}",
    fix = {
      "openclaw models status   # which credential each provider uses",
      "openclaw models auth paste-token --provider {provider}   # stores it in {auth_store}",
      "{env_fix}",
      "openclaw gateway restart",
    },
    texts = {
      shell_only = " {env_name} is set in your shell, but the gateway does not read your shell: it reads the "
        .. "service's environment ({service_env}), {dotenv} and {auth_store}, and none of them has it.",
    },
    env_fixes = {
      dotenv = "echo '{env_name}=<key>' >> {dotenv}   # the gateway's own dotenv, read at start",
    },
    variants = {
      environment = {
        title = "{env_name} is set in your shell, but not where the gateway reads it",
        cause = "The config routes agents to {provider}, and {env_name} is set in this shell, but the gateway does not "
          .. "read your shell: it reads its own process environment ({service_env}), {dotenv} and {auth_store}, and "
          .. "none of them has a {provider} key{running}. Agent runs routed to {provider} fail with 'No API key found "
          .. 'for provider "{provider}"\'.',
      },
    },
    meaning = '`No API key found for provider "X". Auth store: .../auth-profiles.json`, or a provider key that is '
      .. "set in the shell but not in the service's environment, the state dir's `.env` or the agent's "
      .. "`auth-profiles.json`. High, 0.9 from the log, 0.7 from the environment alone.",
    detected = "Signature `model.credentials-missing` in the gateway log (provider and auth store captured); "
      .. "`env.fingerprint` of `<PROVIDER>_API_KEY` for providers the config routes to, against the gateway "
      .. "process's environment (`openclaw.client_token`-style `pid` read), the dotenv and `auth-profiles.json`.",
    fix_doc = "`openclaw models auth paste-token --provider P` (auth-profiles.json), or `P_API_KEY=...` in "
      .. "`~/.openclaw/.env` or the service's environment; restart.",
    source = "report",
    refs = { "https://github.com/openclaw/openclaw/issues/49736" },
  },
}
