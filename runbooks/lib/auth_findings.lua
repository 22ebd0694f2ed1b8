-- Finding specs (title, cause, fix) for auth, protocol and WebSocket failures, shared by openclaw.auth,
-- openclaw.false-green and openclaw.proxy so one failure reads the same whichever runbook names it.
--
--   local auth_findings = require("lib.auth_findings")
--   local spec = auth_findings.spec("auth.token-mismatch", { client = tok, via = "probe", classification = c })
--   oc.finding(ctx, target, spec)      -- {url}, {port}, {host} in the texts are filled in by lib.openclaw
--
-- info fields (all optional): via = "probe" (the gateway said so to our connect) | "http" (the HTTP token
-- check) | "log" (the gateway's log) | "state" (files in the state dir); classification (lib.connect_errors);
-- client = {source, fingerprint} of the secret the client sent; gateway_token = {fingerprint, source}; request_ids,
-- origins, allowed_origins (lists); log = {count, last, sample}; retry_after; auth_mode; tls; bind.
local M = {}

-- How sure a finding is, by where its evidence came from: the gateway's own answer beats a log line.
local CONFIDENCE = { probe = 0.95, http = 0.9, state = 0.8, log = 0.65, config = 0.6 }

local GATEWAY_TOKEN_LOOKUP = "openclaw config get gateway.auth.token   # on the gateway host: the token to send"

-- Where to put the gateway's token, by where the client's copy came from (lib.openclaw's token sources).
local function token_fix(source)
  if source == "param" then
    return { GATEWAY_TOKEN_LOOKUP, "clawbook run openclaw.auth --param token=<that token>   # the one given is not it" }
  elseif source == "env" then
    return {
      GATEWAY_TOKEN_LOOKUP,
      "export OPENCLAW_GATEWAY_TOKEN=<that token>   # or `unset OPENCLAW_GATEWAY_TOKEN` to use the config's copy",
      "grep -n OPENCLAW_GATEWAY_TOKEN ~/.bashrc ~/.profile ~/.zshrc   # fix the stale export at its source",
    }
  elseif source == "config:remote" then
    return {
      GATEWAY_TOKEN_LOOKUP,
      "openclaw config set gateway.remote.token <that token>   # gateway.remote.token must match gateway.auth.token",
    }
  elseif source == "dotenv" then
    return {
      GATEWAY_TOKEN_LOOKUP,
      "edit ~/.openclaw/.env: set OPENCLAW_GATEWAY_TOKEN=<that token> or delete the line",
    }
  elseif source == "config" then
    -- The config holds the token, yet the gateway rejects it: the gateway runs with an older copy.
    return {
      "openclaw gateway restart   # the running gateway still holds the token it started with",
      "docker exec <container> openclaw config get gateway.auth.token   # if the gateway runs in a container",
    }
  end
  return {
    GATEWAY_TOKEN_LOOKUP,
    "export OPENCLAW_GATEWAY_TOKEN=<that token>   # this shell and the CLI",
    "openclaw config set gateway.remote.token <that token>   # a CLI whose gateway.mode is remote",
    "open http://{host}:{port}/?token=<that token>   # the Control UI",
  }
end

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

local SPECS = {}

SPECS["auth.token-missing"] = function(info)
  local c = info.classification or {}
  if c.details_code == "AUTH_TOKEN_NOT_CONFIGURED" then
    return {
      severity = "high",
      title = "The gateway has no token configured for token auth",
      cause = "The gateway is in token mode but gateway.auth.token and OPENCLAW_GATEWAY_TOKEN are both unset where "
        .. "it runs, so it cannot accept any client.",
      fix = {
        'openclaw config set gateway.auth.token "$(openssl rand -hex 24)"',
        "openclaw gateway restart",
      },
    }
  end
  return {
    severity = "high",
    title = "The client sends no gateway token",
    cause = "The gateway at {url} requires a shared token (auth mode "
      .. tostring(info.auth_mode or "token")
      .. ") and the client sent none. Without a token a device-less client is told 'device identity required' "
      .. "(1008), which is the same problem.",
    fix = token_fix(info.client and info.client.source),
  }
end

SPECS["auth.token-mismatch"] = function(info)
  local client = info.client or {}
  local gateway = info.gateway_token or {}
  local cause = "The gateway at {url} rejected the client's token (AUTH_TOKEN_MISMATCH, close 1008)."
  if client.fingerprint and gateway.fingerprint and client.fingerprint == gateway.fingerprint then
    cause = cause
      .. " The client sent "
      .. client.fingerprint
      .. " from "
      .. tostring(client.source)
      .. ", the same copy the gateway reads at start ("
      .. tostring(gateway.source)
      .. "): the running gateway "
      .. "holds another token, so it was not restarted after the token changed (or runs with another config)."
  elseif client.fingerprint and gateway.fingerprint then
    cause = cause
      .. " The client sent "
      .. client.fingerprint
      .. " from "
      .. tostring(client.source)
      .. "; the copy the gateway reads at start is "
      .. gateway.fingerprint
      .. " ("
      .. tostring(gateway.source)
      .. ")."
  end
  return {
    severity = "high",
    title = "The client's gateway token does not match the gateway's",
    cause = cause,
    fix = token_fix(client.source),
  }
end

SPECS["auth.password-mode"] = function()
  return {
    severity = "high",
    title = "The gateway uses password auth and the client's password is missing or wrong",
    cause = "gateway.auth.mode is password (or a password is set, which makes password the mode): clients must "
      .. "send the password, and a token alone is refused with AUTH_PASSWORD_MISSING or AUTH_PASSWORD_MISMATCH.",
    fix = {
      "openclaw config get gateway.auth.mode   # on the gateway host",
      "export OPENCLAW_GATEWAY_PASSWORD=<the gateway's password>   # or gateway.remote.password on a remote CLI",
      "openclaw config set gateway.auth.mode token && openclaw gateway restart   # to go back to token auth",
    },
  }
end

SPECS["auth.device-token-mismatch"] = function()
  return {
    severity = "high",
    title = "A paired device presents a stale or revoked device token",
    cause = "The per-device token a client stored no longer matches the gateway's pairing record "
      .. "(AUTH_DEVICE_TOKEN_MISMATCH): the device was removed or re-paired, or the state dir was replaced.",
    fix = {
      "openclaw devices list",
      "openclaw devices remove <deviceId>   # the device that fails",
      "reconnect the client, then: openclaw devices approve <requestId>",
      "openclaw doctor --fix   # clears a stale identity/device-auth.json on this machine",
    },
  }
end

SPECS["auth.pairing-required"] = function(info)
  local fix = { "openclaw devices list" }
  for _, id in ipairs(type(info.request_ids) == "table" and info.request_ids or {}) do
    fix[#fix + 1] = "openclaw devices approve " .. id
  end
  if #fix == 1 then
    fix[2] = "openclaw devices approve <requestId>   # the pending request of the device"
  end
  return {
    severity = "high",
    title = "A device is waiting for pairing approval",
    cause = "The gateway knows the device but has not approved it for the role or scopes it asks for "
      .. "(PAIRING_REQUIRED, close 1008 'pairing required'). Remote and browser clients need approval once.",
    fix = fix,
  }
end

SPECS["auth.device-identity-required"] = function(info)
  local cause = "The client connected without a device identity and without credentials that let it skip one "
    .. "(DEVICE_IDENTITY_REQUIRED). The Control UI creates its identity with WebCrypto, which browsers only allow "
    .. "on HTTPS or localhost: opened over plain HTTP from another machine it cannot."
  if info.tls == false and info.bind and info.bind ~= "loopback" then
    cause = cause .. " This gateway serves plain HTTP on a non-loopback bind (" .. tostring(info.bind) .. ")."
  end
  return {
    severity = "high",
    title = "The gateway requires a device identity the client does not present",
    cause = cause,
    fix = {
      "ssh -N -L {port}:127.0.0.1:{port} <user>@<gateway-host>   # then open http://localhost:{port}/",
      "or serve the Control UI over HTTPS (tailscale serve, or a TLS reverse proxy: clawbook run openclaw.proxy)",
      "third-party clients: send the gateway token (operators with a valid token skip device identity)",
    },
  }
end

SPECS["auth.origin-not-allowed"] = function(info)
  local origins = type(info.origins) == "table" and info.origins or {}
  local allowed = {}
  for _, origin in ipairs(type(info.allowed_origins) == "table" and info.allowed_origins or {}) do
    allowed[#allowed + 1] = origin
  end
  for _, origin in ipairs(origins) do
    allowed[#allowed + 1] = origin
  end
  local list = #origins > 0 and json_list(allowed) or '["https://<the host in the browser address bar>"]'
  return {
    severity = "high",
    title = "The browser's origin is not in gateway.controlUi.allowedOrigins",
    cause = "The gateway refuses WebSocket connections whose Origin is not allowed (CONTROL_UI_ORIGIN_NOT_ALLOWED, "
      .. "close 1008 'origin not allowed')."
      .. (#origins > 0 and (" Refused: " .. join(origins) .. ".") or "")
      .. " Allowed now: "
      .. (#(info.allowed_origins or {}) > 0 and join(info.allowed_origins) or "none")
      .. ".",
    fix = {
      "openclaw config set gateway.controlUi.allowedOrigins '" .. list .. "'",
      "openclaw gateway restart",
    },
  }
end

SPECS["auth.rate-limited"] = function(info)
  local wait = info.retry_after and (tostring(info.retry_after) .. " s") or "the 5-minute lockout"
  return {
    severity = "high",
    title = "The gateway is rate-limiting authentication from this address",
    cause = "After 10 failed authentications in 60 s the gateway locks the address out for 5 minutes "
      .. "(AUTH_RATE_LIMITED, HTTP 429 'Too many failed authentication attempts'). Some client keeps retrying "
      .. "a wrong token or password, and every client from that address is refused meanwhile.",
    fix = {
      "openclaw logs --follow | grep -i unauthorized   # the client retrying a bad token (remote= and client=)",
      "fix that client's token (clawbook run openclaw.auth on its machine), then wait " .. wait,
    },
  }
end

SPECS["auth.rejected"] = function()
  return {
    severity = "medium",
    title = "The gateway rejected the connection for an auth reason",
    cause = "The connect was refused with an auth code this runbook has no specific advice for.",
    fix = {
      "openclaw logs --follow | grep -i unauthorized   # the reason= field names the cause",
      "openclaw doctor",
    },
  }
end

SPECS["auth.token-drift"] = function(info)
  local c = info.classification or {}
  if c.close_reason and tostring(c.close_reason):lower():find("auth changed", 1, true) then
    return {
      severity = "high",
      title = "The gateway's token changed while clients were connected",
      cause = "The gateway closed the connection with 4001 'gateway auth changed': its shared secret was rotated, "
        .. "and every client still holding the old copy is refused from now on.",
      fix = {
        GATEWAY_TOKEN_LOOKUP,
        "update every copy: OPENCLAW_GATEWAY_TOKEN in shells and service units, gateway.remote.token, container env",
        "clawbook run openclaw.auth   # lists every copy with its fingerprint",
      },
    }
  end
  return nil
end

SPECS["protocol.mismatch"] = function(info)
  local c = info.classification or {}
  return {
    severity = "high",
    title = "Client and gateway speak different protocol versions",
    cause = "The gateway refused the client's protocol range (close 1002 'protocol mismatch'). OpenClaw switched "
      .. "from protocol 3 to 4 in 2026.5.9-2026.5.12; clients that hard-code 3 are refused by newer gateways."
      .. (c.detail and c.detail ~= "" and (" Gateway said: " .. c.detail) or ""),
    fix = {
      "openclaw --version   # on both the client and the gateway host",
      "update the client so its protocol range includes the gateway's (4 for OpenClaw 2026.5.9 and later)",
      "npm install -g openclaw@latest && openclaw gateway restart   # when the gateway is the older side",
    },
  }
end

SPECS["ws.handshake-timeout"] = function()
  return {
    severity = "medium",
    title = "The WebSocket handshake timed out (closed 1000 with no reason)",
    cause = "The gateway closes a connection with 1000 and an empty reason when connect has not completed within "
      .. "its pre-auth deadline (10 s, 15 s in later releases): the client saw 'gateway closed (1000): '. The "
      .. "gateway's event loop was stalled (CPU, memory, a slow plugin) or the client never finished the handshake.",
    fix = {
      "openclaw logs --follow | grep -iE 'handshake timeout|closed before connect'",
      "top -p $(pgrep -d, -f openclaw-gateway)   # a gateway pinned at 100% CPU stalls every handshake",
      "clawbook run openclaw.known-issues   # 2026.3.13 had intermittent handshake timeouts on loopback",
      "systemctl --user edit openclaw-gateway   # Environment=OPENCLAW_HANDSHAKE_TIMEOUT_MS=30000 buys time",
    },
  }
end

SPECS["ws.abnormal-close"] = function(info)
  return {
    severity = "medium",
    title = "The WebSocket ended without a close frame (1006)",
    cause = "The connection to "
      .. tostring(info.url or "{url}")
      .. " dropped without a close frame: something between client and gateway (a reverse proxy without "
      .. "WebSocket support, an idle timeout, a firewall) cut it, or the gateway process died.",
    fix = {
      "clawbook run openclaw.proxy --param proxy_url=<the URL clients use>   # behind nginx, Apache or Caddy",
      "journalctl --user-unit openclaw-gateway -n 200 --no-pager   # a crash at the same time",
      "openclaw logs --follow",
    },
  }
end

-- The finding spec for `id`, or nil when the id has none here (or, for auth.token-drift, no 4001 close).
function M.spec(id, info)
  info = info or {}
  local build = SPECS[id]
  local spec = build and build(info)
  if not spec then
    return nil
  end
  spec.id = id
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
