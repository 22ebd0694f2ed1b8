return {
  {
    id = "auth.token-missing",
    severity = "high",
    title = "The client sends no gateway token",
    cause = "The gateway at {url} requires a shared token (auth mode {auth_mode}) and the client sent none. Without a "
      .. "token a device-less client is told 'device identity required' (1008), which is the same problem.",
    fix = { "{token_fix}" },
    variants = {
      not_configured = {
        title = "The gateway has no token configured for token auth",
        cause = "The gateway is in token mode but gateway.auth.token and OPENCLAW_GATEWAY_TOKEN are both unset where "
          .. "it runs, so it cannot accept any client.",
        fix = { 'openclaw config set gateway.auth.token "$(openssl rand -hex 24)"', "openclaw gateway restart" },
      },
    },
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
    title = "The client's gateway token does not match the gateway's",
    cause = "The gateway at {url} rejected the client's token (AUTH_TOKEN_MISMATCH, close 1008)."
      .. "{same_copy}{other_copy}",
    fix = { "{token_fix}" },
    texts = {
      same_copy = " The client sent {client_fingerprint} from {client_source}, the same copy the gateway reads at "
        .. "start ({gateway_source}): the running gateway holds another token, so it was not restarted after the token "
        .. "changed (or runs with another config).",
      other_copy = " The client sent {client_fingerprint} from {client_source}; the copy the gateway reads at start is "
        .. "{gateway_fingerprint} ({gateway_source}).",
    },
    -- Where to put the gateway's token, by where the client's copy came from (lib.openclaw's token sources).
    token_fixes = {
      param = {
        "openclaw config get gateway.auth.token   # on the gateway host: the token to send",
        "clawbook run openclaw.auth --param token=<that token>   # the one given is not it",
      },
      env = {
        "openclaw config get gateway.auth.token   # on the gateway host: the token to send",
        "export OPENCLAW_GATEWAY_TOKEN=<that token>   # or `unset OPENCLAW_GATEWAY_TOKEN` to use the config's copy",
        "grep -n OPENCLAW_GATEWAY_TOKEN ~/.bashrc ~/.profile ~/.zshrc   # fix the stale export at its source",
      },
      ["config:remote"] = {
        "openclaw config get gateway.auth.token   # on the gateway host: the token to send",
        "openclaw config set gateway.remote.token <that token>   # gateway.remote.token must match gateway.auth.token",
      },
      dotenv = {
        "openclaw config get gateway.auth.token   # on the gateway host: the token to send",
        "edit ~/.openclaw/.env: set OPENCLAW_GATEWAY_TOKEN=<that token> or delete the line",
      },
      config = {
        "openclaw gateway restart   # the running gateway still holds the token it started with",
        "docker exec <container> openclaw config get gateway.auth.token   # if the gateway runs in a container",
      },
      other = {
        "openclaw config get gateway.auth.token   # on the gateway host: the token to send",
        "export OPENCLAW_GATEWAY_TOKEN=<that token>   # this shell and the CLI",
        "openclaw config set gateway.remote.token <that token>   # a CLI whose gateway.mode is remote",
        "open http://{host}:{port}/?token=<that token>   # the Control UI",
      },
    },
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
    cause = "The gateway accepts {reference} but other copies differ: {stale}. Whichever client or service reads a "
      .. "stale copy fails with a token mismatch: intermittent success, bulk failure after a rotation.",
    fix = { "openclaw config get gateway.auth.token   # on the gateway host: the token to copy", "{copy_fixes}" },
    variants = {
      watch = {
        severity = "high",
        title = "The connection failed after the token changed",
        cause = "A token fingerprint in the config or environment changed during the watch ({changes} change(s)) and "
          .. "the connection broke within two minutes {failures} time(s) (or the gateway closed with 4001 'gateway "
          .. "auth changed'): the token was rotated on one side only.",
        fix = {
          "clawbook run openclaw.auth   # names every copy of the token that disagrees",
          "openclaw config get gateway.auth.token   # on the gateway host: the token every client must send",
        },
      },
      auth_changed = {
        severity = "high",
        title = "The gateway's token changed while clients were connected",
        cause = "The gateway closed the connection with 4001 'gateway auth changed': its shared secret was rotated, "
          .. "and every client still holding the old copy is refused from now on.",
        fix = {
          "openclaw config get gateway.auth.token   # on the gateway host: the token to send",
          "update every copy: OPENCLAW_GATEWAY_TOKEN in shells and service units, gateway.remote.token, container env",
          "clawbook run openclaw.auth   # lists every copy with its fingerprint",
        },
      },
      gateway_container = {
        severity = "high",
        title = "The gateway in container {container} uses another token than this host's copies",
        cause = "The gateway at {url} runs in container {container} with OPENCLAW_GATEWAY_TOKEN {reference} (it reads "
          .. "the container's config and environment, not this host's), but this host's copies differ: {stale}. The "
          .. "client sends the one from {client_source} and is refused (AUTH_TOKEN_MISMATCH, 1008).",
        fix = {
          "docker exec {container} printenv OPENCLAW_GATEWAY_TOKEN   # the gateway's token",
          "{copy_fixes}",
          "or re-create {container} with -e OPENCLAW_GATEWAY_TOKEN=<this host's token> (compose: environment: "
            .. "OPENCLAW_GATEWAY_TOKEN)",
        },
      },
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
      .. "above `auth.token-mismatch`. Also: close 4001 `gateway auth changed` (rotated while connected), and "
      .. "`openclaw.watch`: a disconnect or refused connect within 2 min after a token fingerprint changed in the "
      .. "config or environment during the watch (variant `watch`, high, 0.8).",
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
    title = "The gateway token is not pinned: it is regenerated",
    cause = "Neither gateway.auth.token nor OPENCLAW_GATEWAY_TOKEN is set: the gateway generates a random token when "
      .. "it starts, and every copy made earlier (env, gateway.remote.token, containers) goes stale. Older guides use "
      .. "gateway.token, which OpenClaw does not read.",
    fix = {
      'openclaw config set gateway.auth.token "$(openssl rand -hex 24)"   # not gateway.token',
      "openclaw gateway restart",
      "docker: -e OPENCLAW_GATEWAY_TOKEN=<token> -v openclaw-data:{state_dir}   # or the same under "
        .. "environment:/volumes: in docker-compose.yml",
    },
    variants = {
      unpinned_containers = {
        severity = "high",
        cause = "Container(s) {names} have no OPENCLAW_GATEWAY_TOKEN and no volume for {state_dir}: every re-creation "
          .. "generates a new token and every client and paired device falls out of step.",
      },
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
    cause = "The per-device token a client stored no longer matches the gateway's pairing record "
      .. "(AUTH_DEVICE_TOKEN_MISMATCH): the device was removed or re-paired, or the state dir was replaced.",
    fix = {
      "openclaw devices list",
      "openclaw devices remove <deviceId>   # the device that fails",
      "reconnect the client, then: openclaw devices approve <requestId>",
      "openclaw doctor --fix   # clears a stale identity/device-auth.json on this machine",
    },
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
    title = "A device is waiting for pairing approval",
    cause = "The gateway knows the device but has not approved it for the role or scopes it asks for "
      .. "(PAIRING_REQUIRED, close 1008 'pairing required'). Remote and browser clients need approval once.",
    fix = { "openclaw devices list", "{approvals}" },
    approve = "openclaw devices approve {request}",
    approve_any = "openclaw devices approve <requestId>   # the pending request of the device",
    meaning = "A device waits for approval. High from the connect, medium from the state file or log.",
    detected = "`details_code` `PAIRING_REQUIRED` (request id from `details.requestId` or the reason text); "
      .. "`<state>/devices/pending.json` (`fs.json`); log `pairing required` with `requestId`.",
    fix_doc = "`openclaw devices list`, `openclaw devices approve <requestId>` for each pending id.",
    source = "seed",
  },
  {
    id = "auth.device-identity-required",
    severity = "high",
    title = "The gateway requires a device identity the client does not present",
    cause = "The client connected without a device identity and without credentials that let it skip one "
      .. "(DEVICE_IDENTITY_REQUIRED). The Control UI creates its identity with WebCrypto, which browsers only allow on "
      .. "HTTPS or localhost: opened over plain HTTP from another machine it cannot.{plain_http}",
    fix = {
      "ssh -N -L {port}:127.0.0.1:{port} <user>@<gateway-host>   # then open http://localhost:{port}/",
      "or serve the Control UI over HTTPS (tailscale serve, or a TLS reverse proxy: clawbook run openclaw.proxy)",
      "third-party clients: send the gateway token (operators with a valid token skip device identity)",
    },
    texts = { plain_http = " This gateway serves plain HTTP on a non-loopback bind ({bind})." },
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
    title = "The browser's origin is not in gateway.controlUi.allowedOrigins",
    cause = "The gateway refuses WebSocket connections whose Origin is not allowed (CONTROL_UI_ORIGIN_NOT_ALLOWED, "
      .. "close 1008 'origin not allowed').{refused} Allowed now: {allowed}.",
    fix = { "openclaw config set gateway.controlUi.allowedOrigins '{origins}'", "openclaw gateway restart" },
    texts = { refused = " Refused: {refused_origins}." },
    any_origin = '["https://<the host in the browser address bar>"]',
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
    title = "The gateway is rate-limiting authentication from this address",
    cause = "After 10 failed authentications in 60 s the gateway locks the address out for 5 minutes "
      .. "(AUTH_RATE_LIMITED, HTTP 429 'Too many failed authentication attempts'). Some client keeps retrying a wrong "
      .. "token or password, and every client from that address is refused meanwhile.",
    fix = {
      "openclaw logs --follow | grep -i unauthorized   # the client retrying a bad token (remote= and client=)",
      "fix that client's token (clawbook run openclaw.auth on its machine), then wait {wait}",
    },
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
    title = "The gateway uses password auth and the client's password is missing or wrong",
    cause = "gateway.auth.mode is password (or a password is set, which makes password the mode): clients must send "
      .. "the password, and a token alone is refused with AUTH_PASSWORD_MISSING or AUTH_PASSWORD_MISMATCH.",
    fix = {
      "openclaw config get gateway.auth.mode   # on the gateway host",
      "export OPENCLAW_GATEWAY_PASSWORD=<the gateway's password>   # or gateway.remote.password on a remote CLI",
      "openclaw config set gateway.auth.mode token && openclaw gateway restart   # to go back to token auth",
    },
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
    cause = "gateway.auth.mode is trusted-proxy, which trusts identity headers only from the addresses in "
      .. "gateway.trustedProxies, and that list is empty: the gateway refuses to start ('gateway auth "
      .. "mode=trusted-proxy requires gateway.trustedProxies') or trusts no one.",
    fix = {
      'openclaw config set gateway.trustedProxies \'["127.0.0.1","::1"]\'   # the proxy\'s address',
      "openclaw gateway restart",
    },
    meaning = "`gateway.auth.mode=trusted-proxy` with an empty `gateway.trustedProxies`: the gateway refuses "
      .. "to start. Critical when nothing answers, else high.",
    detected = "`openclaw.config` effective gateway settings.",
    fix_doc = '`openclaw config set gateway.trustedProxies \'["127.0.0.1","::1"]\'`, restart.',
    source = "seed",
  },
  {
    id = "auth.rejected",
    severity = "medium",
    title = "The gateway rejected the connection for an auth reason",
    cause = "The connect was refused with an auth code this runbook has no specific advice for.",
    fix = { "openclaw logs --follow | grep -i unauthorized   # the reason= field names the cause", "openclaw doctor" },
    meaning = "An auth refusal with no specific advice (e.g. `AUTH_TAILSCALE_*`, `unauthorized` without a "
      .. "known reason). Medium.",
    detected = "Any other `AUTH_*` details code or an `unauthorized` close reason.",
    fix_doc = "`openclaw logs --follow \\| grep -i unauthorized` (the `reason=` field), `openclaw doctor`.",
    source = "seed",
  },
  {
    id = "protocol.mismatch",
    severity = "high",
    title = "Client and gateway speak different protocol versions",
    cause = "The gateway refused the client's protocol range (close 1002 'protocol mismatch'). OpenClaw switched from "
      .. "protocol 3 to 4 in 2026.5.9-2026.5.12; clients that hard-code 3 are refused by newer gateways.{said}",
    fix = {
      "openclaw --version   # on both the client and the gateway host",
      "update the client so its protocol range includes the gateway's (4 for OpenClaw 2026.5.9 and later)",
      "npm install -g openclaw@latest && openclaw gateway restart   # when the gateway is the older side",
    },
    texts = { said = " Gateway said: {detail}" },
    meaning = "Client and gateway protocol ranges do not overlap (v3 → v4 in 2026.5.9–5.12).",
    detected = "`details_code` `PROTOCOL_MISMATCH`, close 1002 or `protocol mismatch` text (the probe offers 3..4).",
    fix_doc = "`openclaw --version` on both sides; update the client to protocol 4, or upgrade the gateway.",
    source = "seed",
  },
  {
    id = "protocol.invalid-connect-params",
    severity = "high",
    title = "The gateway rejected the client's connect params: {detail}",
    cause = "The gateway validates the first frame against its ConnectParams schema and refused it with "
      .. "INVALID_REQUEST (`invalid connect params: …`, `invalid handshake: first request must be connect`, "
      .. "`invalid role`), then close 1008. The protocol versions are fine: the client sends a field the gateway "
      .. "does not accept (an unknown client.id or client.mode, an empty version or platform, a role other than "
      .. "operator or node). Upgrading or downgrading the gateway for a protocol mismatch does not fix it.",
    fix = {
      "openclaw logs --follow | grep -i 'invalid connect params'   # the schema error names the field",
      "update the client (dashboard, panel, SDK) to a release made for this gateway: openclaw --version",
      "client.id must be one OpenClaw knows (cli, gateway-client, openclaw-control-ui, webchat, ...) and "
        .. "client.mode one of webchat, cli, ui, backend, node, probe, test",
    },
    meaning = "The connect frame failed the gateway's schema (INVALID_REQUEST `invalid connect params`, "
      .. "`invalid handshake`, `invalid role`, close 1008 `invalid request frame`), which is not a protocol "
      .. "version mismatch.",
    detected = "`gateway.connect` `code=INVALID_REQUEST` with one of those messages or close reasons and no "
      .. "`details.code` (auth refusals carry `AUTH_*`, a version mismatch `PROTOCOL_MISMATCH`).",
    fix_doc = "Read the schema error in the log; update the client; a valid client.id / client.mode / role.",
    source = "protocol",
  },
  {
    id = "client.placeholder-token",
    severity = "high",
    title = "The client sends a placeholder instead of a token ({shape}, from {source})",
    cause = "The token the client resolves ({source}) is not a secret but {what}. The gateway compares it with "
      .. "its own token and refuses it (`unauthorized: gateway token mismatch`). A redacted value "
      .. "(`__OPENCLAW_REDACTED__`) is what `openclaw config get` and the dashboard show instead of the secret: "
      .. "copying it back writes the placeholder.",
    fix = {
      "openclaw config get gateway.auth.token   # on the gateway host: prints __OPENCLAW_REDACTED__, not the token",
      "openclaw dashboard --no-open   # prints a URL carrying the real token",
      "put the real token where the client reads it ({source}) and retry",
    },
    meaning = "The token a client sends is a redacted placeholder (`__OPENCLAW_REDACTED__`), empty, or an "
      .. "unfilled template (`${VAR}`, `<token>`, `YOUR_TOKEN`).",
    detected = "`openclaw.client_token` (the secret triage sends) checked by shape before the connect; its "
      .. "value never appears in the report.",
    fix_doc = "Put the real token (from the gateway host, `openclaw dashboard --no-open`) where the client reads it.",
    source = "report",
  },
  {
    id = "ws.handshake-timeout",
    severity = "medium",
    title = "The WebSocket handshake timed out (closed 1000 with no reason)",
    cause = "The gateway closes a connection with 1000 and an empty reason when connect has not completed within its "
      .. "pre-auth deadline (10 s, 15 s in later releases): the client saw 'gateway closed (1000): '. The gateway's "
      .. "event loop was stalled (CPU, memory, a slow plugin) or the client never finished the handshake.",
    fix = {
      "openclaw logs --follow | grep -iE 'handshake timeout|closed before connect'",
      "top -p $(pgrep -d, -f openclaw-gateway)   # a gateway pinned at 100% CPU stalls every handshake",
      "clawbook run openclaw.known-issues   # 2026.3.13 had intermittent handshake timeouts on loopback",
      "systemctl --user edit openclaw-gateway   # Environment=OPENCLAW_HANDSHAKE_TIMEOUT_MS=30000 buys time",
    },
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
    title = "The WebSocket ended without a close frame (1006)",
    cause = "The connection to {conn_url} dropped without a close frame: something between client and gateway (a "
      .. "reverse proxy without WebSocket support, an idle timeout, a firewall) cut it, or the gateway process "
      .. "died.{after_hello}{through_proxy}",
    fix = {
      "clawbook run openclaw.proxy --param proxy_url=<the URL clients use>   # behind nginx, Apache or Caddy",
      "journalctl --user-unit openclaw-gateway -n 200 --no-pager   # a crash at the same time",
      "openclaw logs --follow",
    },
    texts = {
      after_hello = " It happened after hello-ok, on the first request.",
      through_proxy = " The same handshake straight to the gateway {direct}",
    },
    meaning = "The connection ended without a close frame (1006). In `openclaw.proxy`: high when the direct "
      .. "connect works and the one through the proxy does not.",
    detected = "`gateway.connect` `error=connection_lost` / `close_code=1006`.",
    fix_doc = "`clawbook run openclaw.proxy --param proxy_url=…`, `journalctl --user-unit openclaw-gateway -n 200`.",
    source = "seed",
  },
}
