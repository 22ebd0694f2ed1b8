return {
  {
    id = "auth.token-missing",
    severity = "high",
    title = "The client sends no token to a token gateway, or the gateway has no token configured",
    meaning = "The client sends no token to a token gateway, or the gateway has no token configured. High.",
    detected = "`gateway.connect` with what `openclaw.client_token` resolves: `details_code` "
      .. "`AUTH_TOKEN_MISSING`, `AUTH_REQUIRED`, `AUTH_TOKEN_NOT_CONFIGURED`, or "
      .. "`DEVICE_IDENTITY_REQUIRED` when no secret was sent; log lines `reason=token_missing`.",
    fix_doc = "Per source: `openclaw config get gateway.auth.token` on the gateway host, then `export "
      .. "OPENCLAW_GATEWAY_TOKEN=…`, `openclaw config set gateway.remote.token …`, or `/?token=…` for the "
      .. 'Control UI; gateway side: `openclaw config set gateway.auth.token "$(openssl rand -hex 24)"` + '
      .. "restart.",
    source = "seed",
  },
  {
    id = "auth.token-mismatch",
    severity = "high",
    title = "The gateway rejects the client's token",
    meaning = "The gateway rejects the client's token. High.",
    detected = "`details_code` `AUTH_TOKEN_MISMATCH`/`AUTH_UNAUTHORIZED`; `gateway.http_token_check` verdict "
      .. "`rejected` (401) when the WebSocket gives no auth answer; log `reason=token_mismatch`. The "
      .. "cause compares the client's fingerprint and source with the copy the gateway reads at start "
      .. "(`openclaw.token_sources` `drift.effective`); equal fingerprints mean the gateway was not "
      .. "restarted.",
    fix_doc = "By the client's source: `unset`/`export OPENCLAW_GATEWAY_TOKEN`, `openclaw config set "
      .. "gateway.remote.token`, edit `~/.openclaw/.env`, or `openclaw gateway restart`.",
    source = "seed",
  },
  {
    id = "auth.token-drift",
    severity = "high",
    title = "Copies of the gateway token disagree",
    variants = {
      container = {
        severity = "high",
        title = "The host's clients send a different token than {container} expects",
        cause = "Clients on this host send the token from {client_source} ({client_fingerprint}), but the "
          .. "container's OPENCLAW_GATEWAY_TOKEN is {container_fingerprint}: connects through {url} fail with token "
          .. "mismatch (1008).",
        fix = {
          'openclaw config set gateway.auth.token "$(docker exec {container} printenv OPENCLAW_GATEWAY_TOKEN)"',
          "or export OPENCLAW_GATEWAY_TOKEN with the container's value in the client's environment",
        },
      },
    },
    meaning = "Copies of the gateway token disagree (env, config, `gateway.remote.token`, `.env`, systemd unit "
      .. "and `EnvironmentFile=`, running gateway processes, container env). High when the connect failed "
      .. "for the token, else medium. When a running container serves the dialled loopback port (host "
      .. "network, or the port published) its `OPENCLAW_GATEWAY_TOKEN` is the gateway's token: if the "
      .. "gateway refused the client's copy, the drift names the container and ranks first (high, 0.97) "
      .. "above `auth.token-mismatch`. Also: close 4001 `gateway auth changed` (rotated while connected).",
    detected = "`openclaw.token_sources` fingerprints plus `docker.inspect` env fingerprints of running "
      .. "`openclaw` containers, compared with the token the gateway accepted (or the serving "
      .. "container's, or its effective copy). `gateway.token` copies are shown but ignored (OpenClaw "
      .. "does not read them).",
    fix_doc = "One line per stale copy: `export`, `openclaw config set gateway.remote.token`, edit the unit + "
      .. "`systemctl --user daemon-reload`, `openclaw gateway restart`, `docker compose up -d`; for a "
      .. 'serving container: `openclaw config set gateway.auth.token "$(docker exec NAME printenv '
      .. "OPENCLAW_GATEWAY_TOKEN)\"` or re-create it with the host's token.",
    source = "seed",
  },
  {
    id = "auth.token-not-pinned",
    severity = "medium",
    title = "The gateway token is not pinned: the gateway generates one at its next start",
    variants = {
      preflight = {
        title = "The gateway token is not pinned: the gateway generates one at its next start",
        cause = "Neither gateway.auth.token nor OPENCLAW_GATEWAY_TOKEN is set, so the gateway generates a token when "
          .. "it starts and writes it into the config; a re-created container or a restored config gets a new one "
          .. "and every client and paired device fails with token mismatch.{legacy_key}",
        fix = {
          'openclaw config set gateway.auth.token "$(openssl rand -hex 24)"',
          "or set OPENCLAW_GATEWAY_TOKEN in the service's environment (systemd Environment=, docker -e)",
        },
      },
      container = {
        title = "The gateway token of {container} is not pinned",
        cause = "Without OPENCLAW_GATEWAY_TOKEN the gateway generates a token at its first start and writes it to "
          .. "the config in its state dir{persisted}{lost}{legacy}. (Blog posts say gateway.token; OpenClaw reads "
          .. "gateway.auth.token.)",
        fix = {
          "openssl rand -hex 24   # a new token; keep it in a secret store",
          "{recreate}",
          "openclaw config set gateway.auth.token <token>   # the same token for the host's CLI",
        },
      },
    },
    texts = {
      legacy_key = " gateway.token is set, but that key (from blog posts) is not read: the key is gateway.auth.token.",
      persisted = "; if that config is replaced, the token changes",
      lost = ", which is lost with the container: every re-created container has a new token and paired clients "
        .. "get token mismatches",
      legacy = ". OPENCLAW_GATEWAY_AUTH_TOKEN is set, but OpenClaw does not read that name",
    },
    meaning = "No token is configured, so the gateway generates one at start (medium); or a container has no "
      .. "`OPENCLAW_GATEWAY_TOKEN` and no volume for `/home/node/.openclaw`, so every re-creation makes a "
      .. "new token (high).",
    detected = "Config `gateway.auth.secret` not set and no service/process/container copy; `docker.inspect` "
      .. "env + `persisted`.",
    fix_doc = '`openclaw config set gateway.auth.token "$(openssl rand -hex 24)"` (not `gateway.token`), '
      .. "restart; Docker: `-e OPENCLAW_GATEWAY_TOKEN=… -v openclaw-data:/home/node/.openclaw`.",
    source = "seed",
  },
  {
    id = "auth.device-token-mismatch",
    severity = "high",
    title = "A paired device presents a stale or revoked device token",
    meaning = "A paired device presents a stale or revoked device token.",
    detected = "`details_code` `AUTH_DEVICE_TOKEN_MISMATCH`, close reason `device removed`; log "
      .. "`device_token_mismatch`.",
    fix_doc = "`openclaw devices list`, `openclaw devices remove <deviceId>`, reconnect, `openclaw devices "
      .. "approve <requestId>`, `openclaw doctor --fix`.",
    source = "seed",
  },
  {
    id = "auth.pairing-required",
    severity = "high",
    title = "A device waits for approval",
    meaning = "A device waits for approval. High from the connect, medium from the state file or log.",
    detected = "`details_code` `PAIRING_REQUIRED` (request id from `details.requestId` or the reason text); "
      .. "`<state>/devices/pending.json` (`fs.json`); log `pairing required` with `requestId`.",
    fix_doc = "`openclaw devices list`, `openclaw devices approve <requestId>` for each pending id.",
    source = "seed",
  },
  {
    id = "auth.device-identity-required",
    severity = "high",
    title = "The client has no device identity and nothing that lets it skip one",
    meaning = "The client has no device identity and nothing that lets it skip one: typically the Control UI "
      .. "over plain HTTP from another machine (no WebCrypto outside HTTPS/localhost).",
    detected = "`details_code` `DEVICE_IDENTITY_REQUIRED` with a secret sent, "
      .. "`CONTROL_UI_DEVICE_IDENTITY_REQUIRED`, `DEVICE_AUTH_*`; log `control ui requires device "
      .. "identity`; the cause adds a non-loopback bind without TLS from the config.",
    fix_doc = "`ssh -N -L PORT:127.0.0.1:PORT user@host` then `http://localhost:PORT/`, or HTTPS (tailscale "
      .. "serve, a TLS proxy); third-party clients send the token.",
    source = "seed",
  },
  {
    id = "auth.origin-not-allowed",
    severity = "high",
    title = "A browser's Origin is not in `gateway.controlUi.allowedOrigins`",
    container_fix = "set gateway.controlUi.allowedOrigins in openclaw.json in the state volume, e.g. "
      .. '["http://localhost:18789"] (a lan bind needs it)',
    meaning = "A browser's Origin is not in `gateway.controlUi.allowedOrigins`. High from the connect, medium "
      .. "from the log or (in `openclaw.proxy`) from a proxy host name.",
    detected = "`details_code` `CONTROL_UI_ORIGIN_NOT_ALLOWED`; log `origin not allowed` with the refused "
      .. "`origin=`; `openclaw.proxy`: `https://<server_name>` of a route to the gateway not in the list.",
    fix_doc = '`openclaw config set gateway.controlUi.allowedOrigins \'["existing…","https://host"]\'`, restart.',
    source = "seed",
  },
  {
    id = "auth.rate-limited",
    severity = "medium",
    title = "The address is locked out after 10 failed authentications in 60 s (5 minutes), or too many "
      .. "unauthenticated sockets",
    meaning = "The address is locked out after 10 failed authentications in 60 s (5 minutes), or too many "
      .. "unauthenticated sockets.",
    detected = "`details_code` `AUTH_RATE_LIMITED`; `gateway.http_token_check` verdict `rate_limited` (429, "
      .. "`Retry-After`); upgrade refused 503 `Too many unauthenticated sockets`; log "
      .. "`reason=rate_limited`.",
    fix_doc = "`openclaw logs --follow \\| grep -i unauthorized` to find the client retrying a bad token, fix "
      .. "it, wait out the lockout.",
    source = "seed",
  },
  {
    id = "auth.password-mode",
    severity = "medium",
    title = "The gateway uses password auth (`gateway.auth.mode=password`, or a password set) and the "
      .. "client's password is missing or wrong",
    meaning = "The gateway uses password auth (`gateway.auth.mode=password`, or a password set) and the "
      .. "client's password is missing or wrong.",
    detected = "`details_code` `AUTH_PASSWORD_MISSING`/`_MISMATCH`/`_NOT_CONFIGURED`; the probe sends the "
      .. "password when `openclaw.client_token` says `kind=password` or the config's mode is password.",
    fix_doc = "`export OPENCLAW_GATEWAY_PASSWORD=…` (or `gateway.remote.password`), or `openclaw config set "
      .. "gateway.auth.mode token` + restart.",
    source = "seed",
  },
  {
    id = "auth.trusted-proxy-unconfigured",
    severity = "critical",
    title = "Auth mode trusted-proxy without gateway.trustedProxies",
    meaning = "`gateway.auth.mode=trusted-proxy` with an empty `gateway.trustedProxies`: the gateway refuses "
      .. "to start. Critical when nothing answers, else high.",
    detected = "`openclaw.config` effective gateway settings.",
    fix_doc = '`openclaw config set gateway.trustedProxies \'["127.0.0.1","::1"]\'`, restart.',
    source = "seed",
  },
  {
    id = "auth.rejected",
    severity = "medium",
    title = "An auth refusal with no specific advice (e.g",
    meaning = "An auth refusal with no specific advice (e.g. `AUTH_TAILSCALE_*`, `unauthorized` without a "
      .. "known reason). Medium.",
    detected = "Any other `AUTH_*` details code or an `unauthorized` close reason.",
    fix_doc = "`openclaw logs --follow \\| grep -i unauthorized` (the `reason=` field), `openclaw doctor`.",
    source = "seed",
  },
  {
    id = "protocol.mismatch",
    severity = "high",
    title = "Client and gateway protocol ranges do not overlap (v3 → v4 in 2026.5.9–5.12)",
    meaning = "Client and gateway protocol ranges do not overlap (v3 → v4 in 2026.5.9–5.12).",
    detected = "`details_code` `PROTOCOL_MISMATCH`, close 1002 or `protocol mismatch` text (the probe offers 3..4).",
    fix_doc = "`openclaw --version` on both sides; update the client to protocol 4, or upgrade the gateway.",
    source = "seed",
  },
  {
    id = "ws.handshake-timeout",
    severity = "medium",
    title = "The gateway closed with 1000 and no reason before hello (its 10 s / 15 s pre-auth deadline), or "
      .. "the handshake did not finish before the probe's deadline",
    meaning = "The gateway closed with 1000 and no reason before hello (its 10 s / 15 s pre-auth deadline), or "
      .. "the handshake did not finish before the probe's deadline. In `openclaw.false-green` also 3+ "
      .. "`handshake timeout` log lines.",
    detected = '`gateway.connect` `error=closed, close_code=1000, close_reason=""` or `error=timeout` in phase '
      .. "challenge/connect; log `handshake timeout`, `1000 normal closure): no close reason`.",
    fix_doc = "`openclaw logs --follow \\| grep -iE 'handshake timeout\\|closed before connect'`, check the "
      .. "gateway's CPU, `clawbook run openclaw.known-issues`, `OPENCLAW_HANDSHAKE_TIMEOUT_MS=30000` in "
      .. "the unit.",
    source = "seed",
  },
  {
    id = "ws.abnormal-close",
    severity = "medium",
    title = "The connection ended without a close frame (1006)",
    meaning = "The connection ended without a close frame (1006). In `openclaw.proxy`: high when the direct "
      .. "connect works and the one through the proxy does not.",
    detected = "`gateway.connect` `error=connection_lost` / `close_code=1006`.",
    fix_doc = "`clawbook run openclaw.proxy --param proxy_url=…`, `journalctl --user -u openclaw-gateway -n 200`.",
    source = "seed",
  },
}
