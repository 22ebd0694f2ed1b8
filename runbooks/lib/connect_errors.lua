-- What a failed gateway.connect means, named the same way by every runbook that probes the gateway
-- (openclaw.auth, openclaw.false-green, openclaw.proxy, openclaw.known-issues).
--
--   local connect_errors = require("lib.connect_errors")
--   local c = connect_errors.classify(result, { token = true })
--   -- c.kind: "ok" | "rejected" | "closed" | "unreachable" | "starting" | "restarting" | "tls" |
--   --         "upgrade_refused" | "unknown";  c.id: the finding id it points to (nil when it is not ours)
--
-- Order of evidence (PROTOCOL.md section 3): the server's error.details.code, then its error code, then the close
-- code, then the text of the message and close reason (the seeds quote only the text).
local M = {}

-- error.details.code -> finding id
local BY_DETAILS_CODE = {
  AUTH_TOKEN_MISSING = "auth.token-missing",
  AUTH_TOKEN_NOT_CONFIGURED = "auth.token-missing",
  AUTH_REQUIRED = "auth.token-missing",
  AUTH_TOKEN_MISMATCH = "auth.token-mismatch",
  AUTH_UNAUTHORIZED = "auth.token-mismatch",
  AUTH_PASSWORD_MISSING = "auth.password-mode",
  AUTH_PASSWORD_MISMATCH = "auth.password-mode",
  AUTH_PASSWORD_NOT_CONFIGURED = "auth.password-mode",
  AUTH_DEVICE_TOKEN_MISMATCH = "auth.device-token-mismatch",
  AUTH_RATE_LIMITED = "auth.rate-limited",
  PAIRING_REQUIRED = "auth.pairing-required",
  DEVICE_IDENTITY_REQUIRED = "auth.device-identity-required",
  CONTROL_UI_DEVICE_IDENTITY_REQUIRED = "auth.device-identity-required",
  CONTROL_UI_ORIGIN_NOT_ALLOWED = "auth.origin-not-allowed",
  PROTOCOL_MISMATCH = "protocol.mismatch",
}

-- Substrings of the message or close reason (lowercase), first match wins: specific phrases before "unauthorized".
local BY_TEXT = {
  { "protocol mismatch", "protocol.mismatch" },
  { "pairing required", "auth.pairing-required" },
  { "device token mismatch", "auth.device-token-mismatch" },
  { "device removed", "auth.device-token-mismatch" },
  { "device identity required", "auth.device-identity-required" },
  { "requires device identity", "auth.device-identity-required" },
  { "origin not allowed", "auth.origin-not-allowed" },
  { "too many failed authentication", "auth.rate-limited" },
  { "rate limit", "auth.rate-limited" },
  { "password mismatch", "auth.password-mode" },
  { "password missing", "auth.password-mode" },
  { "token mismatch", "auth.token-mismatch" },
  { "token missing", "auth.token-missing" },
  { "gateway auth changed", "auth.token-drift" },
  { "unauthorized", "auth.rejected" },
}

local UNREACHABLE = {
  refused = true,
  unreachable = true,
  dns_error = true,
  reset = true,
  address_unavailable = true,
}

local TLS_ERRORS = {
  plain_on_tls_port = true,
  tls_on_plain_port = true,
  tls_handshake = true,
  cert_verify = true,
  tls_config = true,
}

local function text_of(value)
  return type(value) == "string" and value or ""
end

local function by_text(...)
  local text = table.concat({ ... }, " "):lower()
  for _, rule in ipairs(BY_TEXT) do
    if text:find(rule[1], 1, true) then
      return rule[2]
    end
  end
  return nil
end

-- The pairing request id from details.requestId or "... (requestId: X)" in the text.
local function request_id_of(result)
  local details = type(result.details) == "table" and result.details or {}
  if type(details.requestId) == "string" then
    return details.requestId
  end
  local text = text_of(result.message) .. " " .. text_of(result.close_reason)
  return text:match("requestId:?%s*([%w_-]+)")
end

-- `sent`: {token=bool, password=bool}, what the probe offered. A device-less client that sends no secret to a
-- token gateway hears "device identity required" (PROTOCOL.md 2.3): that is a missing token, not a device problem.
function M.classify(result, sent)
  sent = sent or {}
  if type(result) ~= "table" then
    return { kind = "unknown", detail = "gateway.connect returned no result" }
  end
  if result.ok == true then
    return { kind = "ok" }
  end
  local c = {
    kind = "rejected",
    error = result.error,
    phase = result.phase,
    code = result.code,
    details_code = result.details_code,
    recommended_next_step = result.recommended_next_step,
    close_code = result.close_code,
    close_reason = result.close_reason,
    http_status = result.http_status,
    retry_after_ms = result.retry_after_ms,
    detail = text_of(result.message),
  }
  local secret_sent = sent.token or sent.password

  if result.error == "upgrade_refused" then
    local body = text_of(result.body_preview):lower()
    if result.http_status == 503 and body:find("too many unauthenticated", 1, true) then
      c.id = "auth.rate-limited"
    elseif result.http_status == 503 then
      c.kind = "starting"
    else
      c.kind = "upgrade_refused"
    end
    return c
  end
  if TLS_ERRORS[result.error] then
    c.kind = "tls"
    return c
  end
  if UNREACHABLE[result.error] or (result.error == "timeout" and (result.phase == "tcp" or result.phase == "tls")) then
    c.kind = "unreachable"
    return c
  end

  local id = BY_DETAILS_CODE[result.details_code]
  if not id and type(result.details_code) == "string" then
    if result.details_code:match("^DEVICE_AUTH_") then
      id = "auth.device-identity-required"
    elseif result.details_code:match("^AUTH_") then
      id = "auth.rejected"
    end
  end
  if not id and (result.code == "UNAVAILABLE" or result.close_code == 1013) then
    c.kind = "starting"
    return c
  end
  if not id and result.close_code == 1012 then
    c.kind = "restarting"
    return c
  end
  if not id and result.close_code == 1002 then
    id = "protocol.mismatch"
  end
  id = id or by_text(text_of(result.message), text_of(result.close_reason))
  if id == "auth.device-identity-required" and not secret_sent then
    id = "auth.token-missing"
  end
  if id then
    c.id = id
    c.request_id = request_id_of(result)
    return c
  end

  c.kind = "closed"
  if result.close_code == 1000 and text_of(result.close_reason) == "" then
    -- The gateway's pre-auth timer closes with 1000 and no reason (PROTOCOL.md 2.2).
    c.id = "ws.handshake-timeout"
  elseif result.error == "timeout" then
    -- Connected, but the challenge or the answer to connect never came.
    c.id = "ws.handshake-timeout"
  elseif result.error == "connection_lost" or result.close_code == 1006 then
    c.id = "ws.abnormal-close"
  else
    c.kind = "unknown"
  end
  return c
end

-- One line for step messages: "rejected: AUTH_TOKEN_MISMATCH (close 1008 unauthorized: ...)".
function M.summary(c)
  local parts = { c.kind }
  if c.details_code or c.code then
    parts[#parts + 1] = ": " .. tostring(c.details_code or c.code)
  elseif c.error then
    parts[#parts + 1] = ": " .. tostring(c.error)
  end
  if c.close_code then
    parts[#parts + 1] = " (close " .. tostring(c.close_code)
    if type(c.close_reason) == "string" and c.close_reason ~= "" then
      parts[#parts + 1] = " " .. c.close_reason
    end
    parts[#parts + 1] = ")"
  elseif c.http_status then
    parts[#parts + 1] = " (HTTP " .. tostring(c.http_status) .. ")"
  end
  return table.concat(parts)
end

-- The evidence every finding built from a connect failure carries.
function M.evidence(c, extra)
  local evidence = {
    error = c.error,
    phase = c.phase,
    code = c.code,
    details_code = c.details_code,
    recommended_next_step = c.recommended_next_step,
    close_code = c.close_code,
    close_reason = c.close_reason,
    http_status = c.http_status,
    request_id = c.request_id,
    message = c.detail ~= "" and c.detail or nil,
  }
  for key, value in pairs(extra or {}) do
    evidence[key] = value
  end
  return evidence
end

return M
