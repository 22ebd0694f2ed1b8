-- The finding catalog's index: the areas (one data file each under knowledge/, in the order docs/findings.md
-- shows them) and the prose around their tables. Data only. `clawbook docs` renders docs/findings.md from this
-- file and the area files; lib/knowledge.lua loads the catalog for runbooks and tests.
--
-- A section: heading (Markdown), intro and notes (Markdown before and after its table), area (the area file whose
-- findings the table lists), also (rows for ids defined in another area, as this section's runbook raises them).
return {
  page = [==[
# Finding catalog

Every finding a shipped runbook raises, with its stable id (a public contract: ids are added, never renamed),
what it means, how it is detected and the exact fix the runbook prints. Diagnostic runbooks are read-only: fixes are
commands for the user; `openclaw.recovery` carries fixes out, only with `--apply` ([remediation.md](remediation.md)). Ranking in a report: severity, then confidence, then order; each runbook sets them so
the most likely root cause comes first. `clawbook show <runbook>` lists the ids a runbook can raise, and
[reference/runbooks.md](reference/runbooks.md) has them per runbook.

Sections: [gateway start, connect and config](#findings-gateway-start-connect-and-config-core),
[auth, false green, proxies, models, known issues](#findings-auth-false-green-reverse-proxies-models-and-known-issues-auth-proxy-models), [Docker, systemd, preflight and channels](#findings-docker-systemd-preflight-and-channels-services-channels).
]==],
  areas = {
    "gateway",
    "auth",
    "false_green",
    "proxy",
    "models",
    "version",
    "docker",
    "systemd",
    "preflight",
    "channels",
    "recovery",
  },
  -- Texts shared by every id: a finding taken from a log line, and a start refusal the current config rules out.
  templates = {
    from_log = {
      title = "The gateway log says: {message_head}",
      cause = "The last start attempts logged `{message}` ({where}).",
    },
    ruled_out = {
      severity = "info",
      title = "A start refusal in the log does not apply now ({id}): {reason}",
      cause = "The log ({where}) says `{message}`, but {reason}. The line is from an earlier start, since fixed, or "
        .. "from another gateway sharing the log: it is not why this gateway is down now.",
    },
  },
  -- openclaw.triage's own finding when the runbooks for a symptom found nothing more precise: {why} is what its
  -- probes saw; {ran} the runbooks it called.
  triage_fallback = {
    title = "The gateway at {host}:{port}: {why}",
    cause = "{why}. Triage ran no slower check for it.",
    cause_after_runbooks = "{why}. The runbooks for this symptom ({ran}) found nothing more precise, or are not "
      .. "installed.",
  },
  sections = {
    {
      heading = "## Findings: gateway start, connect and config (core)",
      area = "gateway",
      intro = [==[
Raised by `openclaw.gateway.start`, `openclaw.gateway.connect` and `openclaw.config`, and called by
`openclaw.triage`. Every fix is printed with the resolved port and config path; nothing is changed on the machine.
Severity and confidence are chosen so the root cause ranks above its symptom: a config or host cause (critical or
high, confidence 0.75 to 0.95) comes before `gateway.not-running` (high, 0.6).
]==],
    },
    {
      heading = "### Log attribution",
      intro = [==[
Every OpenClaw gateway without `logging.file` writes to the same `/tmp/openclaw/openclaw-<date>.log` (and its
fallback under `<tmp>/openclaw-<uid>/`), so a line there may be another gateway's. `lib.openclaw`'s
`scan_gateway_logs` (used by `openclaw.gateway.start`, `openclaw.gateway.connect` and, through
`lib.gateway_logs`, the auth, false-green, proxy, models and known-issues runbooks) reads the config's own
`logging.file`, the service's `~/.openclaw/logs/gateway*.log` and the unit's journal whole; skips the shared files
when the config sets `logging.file` (the gateway writes there only); and otherwise keeps a shared file's line only
when it is at or after the config file's mtime (`fs.stat`, read only when some log matched), names this gateway's
port (`:18789`, `port 18789`) or config path, or has no date. A start refusal kept that way and still
contradicted by the current config (`oc.config_rules_out`: `gateway.mode-unset` while the mode is local,
`gateway.missing-config` while the file exists, `gateway.bind-without-auth` while auth is set,
`config.invalid` while the config parses) is reported as info (confidence 0.3, "a start refusal in the log does
not apply now"), never above a cause the current state supports.
]==],
    },
    {
      heading = "### Triage fallbacks",
      intro = [==[
`openclaw.triage` classifies what its probes saw (down, unreachable, starting, auth, proxy, wrong scheme,
handshake, scope, protocol, channels, abnormal, duplicate, config) and runs the runbook for it. When that runbook
raises nothing of severity low or above (or is not installed), triage raises the catalog id for the class itself
(high, confidence 0.5): `gateway.not-running`, `gateway.starting`, `gateway.duplicate-instance`, `config.invalid`,
`ws.abnormal-close` (hello-ok then the connection broke, or an unclassified close), `ws.handshake-timeout` (close
1000 without a reason, or no answer after the upgrade within the 3 s connect timeout; for the latter triage runs
no slower runbook), `scope.missing-operator-read`, `protocol.mismatch`, `proxy.no-websocket-upgrade`,
`proxy.scheme-mismatch` (connect error `plain_on_tls_port` / `tls_on_plain_port`: ws:// to a TLS port or the
reverse; never reported as a port conflict), and for auth failures the id matching the handshake's
`details_code` (`auth.token-mismatch`, `auth.token-missing`, `auth.device-token-mismatch`,
`auth.pairing-required`, `auth.device-identity-required`, `auth.origin-not-allowed`, `auth.rate-limited`). Their
meaning is documented by the runbooks that own them.

A gateway that answers is also checked for channels in trouble, and `openclaw.channels` runs when one is: an
account in the `health` reply (read after hello-ok) that is enabled but not configured, not linked, not running,
disconnected or whose probe fails; an account `lastError`, a line of the recent gateway log (`logs.tail`, last
300 lines, last 6 h; read only when the gateway runs channels, none is in trouble by its state, and the session
has `operator.read`) or the `symptom` param matching a channel signature (`oc.channel_signatures()`:
`lib/channel_signatures.lua` plus `channel.send-while-disconnected` from `lib/signatures.lua`). When
`openclaw.channels` finds nothing, triage raises the channel id it saw (medium, 0.5), e.g.
`channel.send-while-disconnected` for a pasted `send failed: gateway not connected`; `/readyz` failing for a
channel falls back to `channel.probe-failed`. A gateway without channels costs no extra request.
]==],
    },
    {
      heading = "## Findings: auth, false green, reverse proxies, models and known issues (auth-proxy-models)",
      intro = [==[
Raised by `openclaw.auth`, `openclaw.false-green`, `openclaw.proxy`, `openclaw.models` and
`openclaw.known-issues` (the first four are also run by `openclaw.triage`). Nothing is changed on the machine: every
fix is a printed command, with the resolved port filled in. Token values never appear: tokens are compared by
fingerprint (`sha256:1a2b3c4d`).

Helpers: `runbooks/lib/connect_errors.lua` (a failed `gateway.connect` → finding id, shared so one failure is named
the same way everywhere), `runbooks/lib/auth_findings.lua` (titles, causes and fixes of the auth/protocol/ws ids),
`runbooks/lib/gateway_logs.lua` (log matches per finding over `lib.openclaw`'s file + journal scan),
`runbooks/lib/proxy_configs.lua` (nginx, Apache and Caddy routes to the gateway port),
`runbooks/lib/model_routes.lua` (model refs, custom providers, `context1m`), `runbooks/lib/versions.lua` and
`runbooks/lib/known_issues.lua` (the regression table, data only).

Ranking: the gateway's own answer to our connect (confidence 0.95) outranks the HTTP token check (0.9), files in
the state dir (0.8) and log lines of other clients (0.65, severity lowered to medium), so the root cause comes first.
Log evidence is the last hour of `lib.openclaw`'s scan (400 lines of each log file, 6 h of the unit's journal;
this gateway's lines only, see [log attribution](#log-attribution));
lines caused by clawbook's own probes (client version `clawbook-…`) are ignored, so a fixed token is not reported
again from the log.

Seed variants: `gateway.token` (seed 004) is not read by OpenClaw (the key is `gateway.auth.token`); the seeds'
"the token is regenerated on every restart" holds only when no token is configured or a container's state dir is
not on a volume; 4008 is the Control UI's own close code for "connect failed", so its cause is the 1008 reason
behind it; `gateway.websocket.keepAlive` (seed 002) is not a key, the gateway's `tick` event is its keepalive; a
device-less client sending no token hears `device identity required`, which means the token is missing.
]==],
    },
    {
      heading = "### Auth (`openclaw.auth`; the connect classification is shared with `openclaw.false-green` and `openclaw.proxy`)",
      area = "auth",
    },
    {
      heading = "### False green (`openclaw.false-green`)",
      area = "false_green",
      intro = [==[
Runs when the RPC probe is green but clients fail. When its own probe is refused for an auth reason it runs
`openclaw.auth` (those findings appear under that runbook); when nothing answers it says so and raises nothing.
]==],
    },
    {
      heading = "### Reverse proxies (`openclaw.proxy`)",
      area = "proxy",
      intro = [==[
Routes are the `proxy_pass` (nginx, with `upstream` blocks and `include`s expanded from `/etc/nginx/nginx.conf`,
else `conf.d`/`sites-enabled`), `ProxyPass`/`RewriteRule [P]` (Apache, Debian and Red Hat layouts) and
`reverse_proxy` (Caddy, with snippets and imports) whose upstream port is the gateway's. The keepalive is the
gateway's tick (`hello-ok.policy.tickIntervalMs`, 30 s when unknown).
]==],
    },
    {
      heading = "### Models (`openclaw.models`)",
      area = "models",
      intro = [==[
Custom providers are `models.providers.<id>` with a `baseUrl`; their backends are asked `GET <baseUrl>/models`
(Ollama's native API: `/api/tags`) and `POST <baseUrl>/chat/completions` with an empty body, which a backend refuses
before running a model. `--param completion=true` adds one real 1-token request with structured content.
]==],
    },
    {
      heading = "### Known issues (`openclaw.known-issues`)",
      area = "version",
    },
    {
      heading = "## Findings: Docker, systemd, preflight and channels (services-channels)",
      intro = [==[
Raised by `openclaw.docker`, `openclaw.systemd`, `openclaw.preflight` and `openclaw.channels` (the first two and
the last are also run by `openclaw.triage`). Nothing is changed on the machine: every fix is a printed command or
instruction. Where Docker or systemd is not there (no socket, no manager, no permission), the runbook says so in a
skipped step and raises nothing. Ranking: a service that is down or looping (high, 0.85 to 0.95) comes before what
explains a later failure (token, volume: medium), and `openclaw.preflight` raises only low and medium findings so a
pipeline can gate on them with `--fail-on low` or `--fail-on medium`.

Helpers: `runbooks/lib/deployments.lua` (container and unit discovery, state persistence, ports),
`runbooks/lib/channel_signatures.lua` (the log signatures of the channel findings, in the `lib/signatures.lua` shape).
]==],
    },
    {
      heading = "### Docker (`openclaw.docker`)",
      area = "docker",
      intro = [==[
Containers are the ones whose image, name or compose service says `openclaw` (or `clawdbot`), except the compose
file's `openclaw-cli` helper; `--param container=NAME` picks one. Each is read once with `docker.inspect` (state dir
persistence checked at `/home/node/.openclaw`, `/root/.openclaw` and the seeds' `/app/data`), its last 200 log lines
with `docker.logs` + `lib.signatures`, the config in its state volume with `fs.json5` when the host may read it (a
bind mount, or `/var/lib/docker/volumes/*/_data`), and its published gateway port with `gateway.health`.
]==],
      notes = [==[
Each running container also gets `docker exec NAME openclaw doctor` printed in the last step.
]==],
      also = {
        {
          id = "auth.token-not-pinned",
          meaning = "(shared id) The container has no `OPENCLAW_GATEWAY_TOKEN`/`_PASSWORD`, no `--token`, and no token in a persisted config: the gateway generates one at its first start. Medium, 0.85 without a state volume (the token changes with every re-created container), 0.6 with one.",
          detected = "`docker.inspect` `env` names (an empty value, `sha256:e3b0c442`, counts as unset; `OPENCLAW_GATEWAY_AUTH_TOKEN` is named as not read), `command.argv`, `gateway.auth.token` in the state volume's config.",
          fix_doc = "`openssl rand -hex 24`, re-create with `-e OPENCLAW_GATEWAY_TOKEN=<token>` (compose `environment:`), `openclaw config set gateway.auth.token <token>` on the host.",
        },
        {
          id = "auth.token-drift",
          meaning = "(shared id) The host's CLI sends a token whose fingerprint differs from the container's `OPENCLAW_GATEWAY_TOKEN`, for a container that publishes the port the host's clients dial. High, 0.85.",
          detected = "`docker.inspect` env fingerprint vs `openclaw.client_token` fingerprint (`lib.openclaw` `token()`), only when the target is loopback and its port is the container's published port (or host network).",
          fix_doc = '`openclaw config set gateway.auth.token "$(docker exec NAME printenv OPENCLAW_GATEWAY_TOKEN)"`, or export the container\'s value as `OPENCLAW_GATEWAY_TOKEN` for the clients.',
        },
        {
          id = "gateway.starting",
          meaning = "(shared id) The gateway in the container is not ready yet. Low, 0.8.",
          detected = "Up less than 120 s and `/readyz` 503 or the probe failing, or `/readyz` failing `startup-sidecars`, or Docker health `starting`.",
          fix_doc = "`until curl -fsS URL/readyz >/dev/null; do sleep 2; done`; compose: a `/readyz` healthcheck and `depends_on: condition: service_healthy` (wait for readiness, not the first log line; there is no `listening on` line since 2026.4).",
        },
      },
    },
    {
      heading = "### systemd (`openclaw.systemd`)",
      area = "systemd",
      intro = [==[
Units: `openclaw-gateway[-PROFILE].service`, the legacy `clawdbot-gateway*.service`, hand-written
`openclaw.service`/`clawdbot.service`, in both scopes (`systemd.units{pattern="*claw*"}`), or `--param unit=`,
`OPENCLAW_SYSTEMD_UNIT`. Each is read with `systemd.unit` and its last 24 h of journal (300 entries) with
`systemd.journal`; journal messages are scanned with `lib.signatures` to name the cause.
]==],
    },
    {
      heading = "### Preflight (`openclaw.preflight`)",
      area = "preflight",
      intro = [==[
The seeds' prevention checklist as a CI audit: config (`openclaw.config`), deployment (`docker.inspect` of gateway
containers, `systemd.unit` of gateway units, `proc.gateway_processes` + `proc.cgroup`), `openclaw.paths`, and the
nginx, Apache and Caddy configs (`fs.glob` + `fs.read`) that proxy to the gateway port.
]==],
      also = {
        {
          id = "auth.token-not-pinned",
          meaning = "(shared id) Token auth with no `gateway.auth.token` and no `OPENCLAW_GATEWAY_TOKEN`: the next start generates a token. Medium, 0.9. The seeds' `gateway.token` is named as not read.",
          detected = "`openclaw.config` `gateway.auth.secret.set = false` (`generated_on_start`), `legacy` entry `gateway.token`.",
          fix_doc = '`openclaw config set gateway.auth.token "$(openssl rand -hex 24)"`, or `OPENCLAW_GATEWAY_TOKEN` in the service\'s environment.',
        },
        {
          id = "config.invalid",
          meaning = "(shared id) The config does not parse; the config items are skipped. Medium here.",
          detected = '`openclaw.config` `error = "invalid"` with line and column.',
          fix_doc = "`openclaw config validate`, `clawbook run openclaw.config`.",
        },
      },
    },
    {
      heading = "### Channels (`openclaw.channels`)",
      area = "channels",
      intro = [==[
For a gateway that is up while a channel stays silent. Sources, in order of preference: `channels.status`
`{probe:true}` (per-account probe and permission audit; needs `operator.read`), else `health {probe:true}` (scope
free; per-channel account snapshots); the channel config from `config.get`, else the local `openclaw.config`; the
log from `logs.tail`, else the local log file (`openclaw.paths().log_files`), scanned with
`lib.channel_signatures`; and for a loopback gateway the DM pairing store
`<state>/credentials/<channel>-pairing.json` (`{version, requests:[{id, code, createdAt, lastSeenAt, meta}]}`,
requests older than an hour ignored). When no gateway answers, the channels the local config enables are checked
against the local log and pairing store only. Channel secrets are never read: the config comes redacted
(`__OPENCLAW_REDACTED__` from the gateway, fingerprints from the local file).
]==],
    },
    {
      heading = "## Findings: recovery (`openclaw.recovery`)",
      area = "recovery",
    },
  },
}
