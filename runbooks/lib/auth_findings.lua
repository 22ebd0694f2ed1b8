-- Which variant and which facts of the auth, protocol and WebSocket findings a failure gives, shared by
-- openclaw.auth, openclaw.false-green and openclaw.proxy so one failure reads the same whichever runbook names it.
-- The texts are the catalog's (runbooks/knowledge/auth.lua); this file only picks among them.
--
--   local auth_findings = require("lib.auth_findings")
--   local spec = auth_findings.spec("auth.token-mismatch", { client = tok, via = "probe", classification = c })
--   oc.finding(ctx, target, spec)      -- {url}, {port}, {host} in the texts are filled in by lib.openclaw
--
-- info fields (all optional): via = "probe" (the gateway said so to our connect) | "http" (the HTTP token
-- check) | "log" (the gateway's log) | "state" (files in the state dir); classification (lib.connect_errors);
-- client = {source, fingerprint} of the secret the client sent; gateway_token = {fingerprint, source}; request_ids,
-- origins, allowed_origins (lists); log = {count, last, sample}; retry_after; auth_mode; tls; bind; url;
-- after_hello (a 1006 after hello-ok); direct ("ok" or not: the same handshake without the proxy).
local knowledge = require("lib.knowledge")

local M = {}

-- How sure a finding is, by where its evidence came from: the gateway's own answer beats a log line.
local CONFIDENCE = { probe = 0.95, http = 0.9, state = 0.8, log = 0.65, config = 0.6 }

local function join(list)
  local shown = {}
  for _, item in ipairs(type(list) == "table" and list or {}) do
    shown[#shown + 1] = tostring(item)
  end
  return table.concat(shown, ", ")
end

local function json_list(list)
  local quoted = {}
  for _, item in ipairs(list) do
    quoted[#quoted + 1] = string.format("%q", tostring(item))
  end
  return "[" .. table.concat(quoted, ",") .. "]"
end

-- Where to put the gateway's token, by where the client's copy came from.
local function token_fix(source)
  local fixes = knowledge.get("auth.token-mismatch").token_fixes
  return fixes[source] or fixes.other
end

-- Per id: the opts of knowledge.spec (variant, vars) for what `info` says, or nil when the id does not apply.
local OPTS = {}

OPTS["auth.token-missing"] = function(info)
  local c = info.classification or {}
  if c.details_code == "AUTH_TOKEN_NOT_CONFIGURED" then
    return { variant = "not_configured" }
  end
  return {
    vars = {
      auth_mode = tostring(info.auth_mode or "token"),
      token_fix = token_fix(info.client and info.client.source),
    },
  }
end

OPTS["auth.token-mismatch"] = function(info)
  local client, gateway = info.client or {}, info.gateway_token or {}
  local both = client.fingerprint ~= nil and gateway.fingerprint ~= nil
  return {
    vars = {
      same_copy = both and client.fingerprint == gateway.fingerprint,
      other_copy = both and client.fingerprint ~= gateway.fingerprint,
      client_fingerprint = client.fingerprint,
      client_source = tostring(client.source),
      gateway_fingerprint = gateway.fingerprint,
      gateway_source = tostring(gateway.source),
      token_fix = token_fix(client.source),
    },
  }
end

OPTS["auth.password-mode"] = function()
  return {}
end

OPTS["auth.device-token-mismatch"] = function()
  return {}
end

OPTS["auth.pairing-required"] = function(info)
  local entry = knowledge.get("auth.pairing-required")
  local approvals = {}
  for _, id in ipairs(type(info.request_ids) == "table" and info.request_ids or {}) do
    approvals[#approvals + 1] = knowledge.fill(entry.approve, { request = id })
  end
  if #approvals == 0 then
    approvals[1] = entry.approve_any
  end
  return { vars = { approvals = approvals } }
end

OPTS["auth.device-identity-required"] = function(info)
  return {
    vars = {
      plain_http = info.tls == false and info.bind ~= nil and info.bind ~= "loopback",
      bind = tostring(info.bind),
    },
  }
end

OPTS["auth.origin-not-allowed"] = function(info)
  local origins = type(info.origins) == "table" and info.origins or {}
  local allowed = {}
  for _, origin in ipairs(type(info.allowed_origins) == "table" and info.allowed_origins or {}) do
    allowed[#allowed + 1] = origin
  end
  for _, origin in ipairs(origins) do
    allowed[#allowed + 1] = origin
  end
  return {
    vars = {
      refused = #origins > 0,
      refused_origins = join(origins),
      allowed = #(info.allowed_origins or {}) > 0 and join(info.allowed_origins) or "none",
      origins = #origins > 0 and json_list(allowed) or knowledge.get("auth.origin-not-allowed").any_origin,
    },
  }
end

OPTS["auth.rate-limited"] = function(info)
  return { vars = { wait = info.retry_after and (tostring(info.retry_after) .. " s") or "the 5-minute lockout" } }
end

OPTS["auth.rejected"] = function()
  return {}
end

OPTS["auth.token-drift"] = function(info)
  local c = info.classification or {}
  if c.close_reason and tostring(c.close_reason):lower():find("auth changed", 1, true) then
    return { variant = "auth_changed" }
  end
  return nil
end

OPTS["protocol.mismatch"] = function(info)
  local c = info.classification or {}
  return { vars = { said = c.detail ~= nil and c.detail ~= "", detail = c.detail } }
end

OPTS["ws.handshake-timeout"] = function()
  return {}
end

OPTS["ws.abnormal-close"] = function(info)
  return {
    vars = {
      conn_url = tostring(info.url or "{url}"),
      after_hello = info.after_hello == true,
      through_proxy = info.direct ~= nil,
      direct = info.direct == "ok" and "succeeds: the proxy is what cuts it." or "fails too.",
    },
  }
end

-- The finding spec for `id`, or nil when the id has none here (or, for auth.token-drift, no 4001 close).
function M.spec(id, info)
  info = info or {}
  local build = OPTS[id]
  local opts = build and build(info)
  if not opts then
    return nil
  end
  local spec = knowledge.spec(id, opts)
  spec.confidence = info.confidence or CONFIDENCE[info.via or "probe"] or 0.6
  local evidence = {}
  for key, value in pairs(type(info.evidence) == "table" and info.evidence or {}) do
    evidence[key] = value
  end
  evidence.detected_by = info.via or "probe"
  spec.evidence = evidence
  return spec
end

return M
