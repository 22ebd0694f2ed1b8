return {
  {
    id = "preflight.mode-not-explicit",
    severity = "medium",
    title = "`gateway.mode` is unset (the start is blocked without `--allow-unconfigured`) or not "
      .. "`local`/`remote` (the seeds' `hybrid`)",
    meaning = "`gateway.mode` is unset (the start is blocked without `--allow-unconfigured`) or not "
      .. "`local`/`remote` (the seeds' `hybrid`). Medium, 0.9.",
    detected = '`openclaw.config` `gateway.mode` (`source = "unset"` or `valid = false`).',
    fix_doc = "`openclaw config set gateway.mode local`.",
    source = "seed",
  },
  {
    id = "preflight.data-not-persisted",
    severity = "medium",
    title = "The state dir is under `/tmp`, `/var/tmp`, `/dev/shm` or `/run`, or a gateway container keeps "
      .. "it on no volume",
    meaning = "The state dir is under `/tmp`, `/var/tmp`, `/dev/shm` or `/run`, or a gateway container keeps "
      .. "it on no volume. Medium, 0.85.",
    detected = "`openclaw.paths().state_dir`; `lib.deployments` `state_persistence` of each gateway container.",
    fix_doc = "`OPENCLAW_STATE_DIR=$HOME/.openclaw` (copy the dir over); a volume at `/home/node/.openclaw`.",
    source = "seed",
  },
  {
    id = "preflight.multiple-instances",
    severity = "medium",
    title = "More than one gateway of one profile",
    meaning = "More than one gateway of one profile: host processes (not a gateway's children, not in a "
      .. "container), or, when none runs, more than one enabled unit. Medium, 0.85.",
    detected = "`proc.gateway_processes()` without `parent_gateway` and whose `proc.cgroup` is not a container, "
      .. "grouped by `gateway.profile`; `lib.deployments` `unit_in_use`.",
    fix_doc = "`openclaw gateway status --deep`; stop and disable all but one; a second gateway needs its own "
      .. "`--profile` and port.",
    source = "seed",
  },
  {
    id = "preflight.proxy-idle-timeout",
    severity = "medium",
    title = "A reverse proxy in front of the gateway closes idle WebSockets in under 60 s (two gateway ticks)",
    meaning = "A reverse proxy in front of the gateway closes idle WebSockets in under 60 s (two gateway "
      .. "ticks): quiet clients get 1006 (4008 in the Control UI). Medium, 0.8.",
    detected = "Proxy configs that mention `:PORT`: nginx `proxy_read_timeout`/`proxy_send_timeout`, Apache "
      .. "`ProxyTimeout`/`ProxyPass ... timeout=`, Caddy `read_timeout`/`stream_timeout` (units s, ms, m, "
      .. "h, d). The seeds' `gateway.websocket.keepAlive` is not an OpenClaw key.",
    fix_doc = "nginx `proxy_read_timeout 3600s; proxy_send_timeout 3600s;` + `nginx -t && sudo systemctl "
      .. "reload nginx`; Apache `ProxyTimeout 3600`; Caddy raise the timeout.",
    source = "seed",
  },
  {
    id = "preflight.no-healthcheck",
    severity = "low",
    title = "A gateway container has no healthcheck",
    meaning = "A gateway container has no healthcheck. Low, 0.85.",
    detected = "`docker.inspect` without `state.health`.",
    fix_doc = "A compose `healthcheck:` (or `docker run --health-cmd`) fetching `http://127.0.0.1:PORT/readyz`.",
    source = "seed",
  },
  {
    id = "preflight.no-supervisor",
    severity = "low",
    title = "A gateway nothing restarts",
    meaning = "A gateway nothing restarts: a host process in a login session (`session-N.scope`) or an "
      .. "unclassified cgroup, or a unit with `Restart=no`. Low, 0.75 to 0.8.",
    detected = '`proc.cgroup(pid)` `kind = "plain"` or a `.scope` unit; `systemd.unit` `restart = "no"`.',
    fix_doc = "`openclaw gateway install` (user unit with `Restart=always`), `sudo loginctl enable-linger "
      .. "$USER`; or `Restart=always` in the unit.",
    source = "seed",
  },
}
