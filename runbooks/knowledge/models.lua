return {
  {
    id = "model.backend-unreachable",
    severity = "medium",
    title = "The gateway failed to reach a model backend",
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
    title = "The backend is up but does not list a configured model id (`:latest` tolerated)",
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
    meaning = "The backend refuses requests with tools (`does not support tools`).",
    detected = "Log lines.",
    fix_doc = "`openclaw config set models.providers.<id>.models[<i>].compat.supportsTools false`; restart.",
    source = "seed",
  },
  {
    id = "model.long-context-rejected",
    severity = "high",
    title = "Long-context requests are rejected with HTTP 429",
    meaning = "`HTTP 429: rate_limit_error: Extra usage is required for long context requests`: a "
      .. "`params.context1m: true` model with an ineligible credential.",
    detected = "Log signature; the `context1m` entries of `agents.defaults.models` and provider models name the "
      .. "model.",
    fix_doc = "`openclaw models status`; set `params.context1m` false for the named entry, or use an Anthropic "
      .. "API key; configure fallbacks.",
    source = "seed",
  },
}
