return {
  {
    id = "preflight.mode-not-explicit",
    severity = "medium",
    title = "gateway.mode is not set",
    cause = 'Without gateway.mode the gateway refuses to start ("Gateway start blocked: set gateway.mode=local") '
      .. "unless --allow-unconfigured is passed, and a config that loses the key is treated as clobbered.",
    fix = { "openclaw config set gateway.mode local" },
    variants = {
      invalid = {
        title = 'gateway.mode is "{mode}", which OpenClaw does not accept',
        cause = "gateway.mode takes local or remote; values such as hybrid come from blog posts that confuse it with "
          .. "the bind address.",
      },
    },
    meaning = "`gateway.mode` is unset (the start is blocked without `--allow-unconfigured`) or not "
      .. "`local`/`remote` (the seeds' `hybrid`). Medium, 0.9.",
    detected = '`openclaw.config` `gateway.mode` (`source = "unset"` or `valid = false`).',
    fix_doc = "`openclaw config set gateway.mode local`.",
    source = "seed",
  },
  {
    id = "preflight.data-not-persisted",
    severity = "medium",
    title = "The OpenClaw state dir is in a temporary directory: {state_dir}",
    cause = "Config, token, device pairings and the workspace live in the state dir; {state_dir} is cleared at "
      .. "reboot or by tmp cleaners.",
    fix = {
      "export OPENCLAW_STATE_DIR=$HOME/.openclaw   # in the service's environment too",
      "cp -a {state_dir} $HOME/.openclaw",
    },
    variants = {
      container = {
        title = "Container {container} keeps the OpenClaw state dir on no volume",
        cause = "Re-creating the container (an image update, docker compose down) loses the config, the token and "
          .. "the device pairings.{seed_note}",
        fix = {
          "mount a volume at {official_state_dir} (docker run -v openclaw-state:{official_state_dir}, or compose "
            .. "volumes:)",
          "clawbook run openclaw.docker",
        },
      },
    },
    texts = {
      seed_note = " Its volume is at /app/data (blog posts' image); the official image keeps state in "
        .. "{official_state_dir}.",
    },
    meaning = "The state dir is under `/tmp`, `/var/tmp`, `/dev/shm` or `/run`, or a gateway container keeps "
      .. "it on no volume. Medium, 0.85.",
    detected = "`openclaw.paths().state_dir`; `lib.deployments` `state_persistence` of each gateway container.",
    fix_doc = "`OPENCLAW_STATE_DIR=$HOME/.openclaw` (copy the dir over); a volume at `/home/node/.openclaw`.",
    source = "seed",
  },
  {
    id = "preflight.multiple-instances",
    severity = "medium",
    title = "{count} gateway instances share the {profile} profile",
    cause = "Instances of one profile share the state dir and config: they fight over the port and the lock, and "
      .. "tokens and pairings written by one are overwritten by the other. {instances}.",
    fix = {
      "openclaw gateway status --deep   # lists every gateway and service",
      "keep one: stop and disable the others (systemctl disable --now <unit>, kill <pid>)",
      "a second gateway needs its own profile: openclaw --profile <name> gateway --port <other port>",
    },
    meaning = "More than one gateway of one profile: host processes (not a gateway's children, not in a "
      .. "container), or, when none runs, more than one enabled unit. Medium, 0.85.",
    detected = "`openclaw.gateways()` without `parent_gateway` and whose `proc.cgroup` is not a container, "
      .. "grouped by the state dir each one's environment names (else its `--profile`); `lib.deployments` "
      .. "`unit_in_use`.",
    fix_doc = "`openclaw gateway status --deep`; stop and disable all but one; a second gateway needs its own "
      .. "`--profile` and port.",
    source = "seed",
  },
  {
    id = "preflight.proxy-idle-timeout",
    severity = "medium",
    title = "{server} closes idle gateway WebSockets after {seconds} s ({file})",
    cause = "{directive} is shorter than two gateway ticks ({minimum} s): a client that sends nothing is cut off "
      .. "(1006, or 4008 in the Control UI). The gateway.websocket.keepAlive key from blog posts does not exist; the "
      .. "proxy's timeout is what counts.",
    fix = { "raise {directive} to 1h in {file}", "sudo systemctl reload caddy" },
    variants = {
      nginx = {
        fix = {
          "set proxy_read_timeout 3600s; and proxy_send_timeout 3600s; in the location that proxies to :{gateway_port} "
            .. "in {file}",
          "nginx -t && sudo systemctl reload nginx",
        },
      },
      apache = {
        fix = {
          "set ProxyTimeout 3600 (or timeout=3600 on the ProxyPass line) in {file}",
          "apachectl configtest && sudo systemctl reload apache2",
        },
      },
    },
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
    title = "Container {container} has no healthcheck",
    cause = "Without a healthcheck Docker reports the container up while the gateway inside is stuck or not ready, "
      .. "and dependants cannot wait for readiness.",
    fix = {
      'compose: healthcheck: test: ["CMD", "node", "-e", "fetch(\'http://127.0.0.1:{container_port}/readyz\')'
        .. '.then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"], interval: 30s',
      "or docker run --health-cmd with the same command",
    },
    meaning = "A gateway container has no healthcheck. Low, 0.85.",
    detected = "`docker.inspect` without `state.health`.",
    fix_doc = "A compose `healthcheck:` (or `docker run --health-cmd`) fetching `http://127.0.0.1:PORT/readyz`.",
    source = "seed",
  },
  {
    id = "preflight.no-supervisor",
    severity = "low",
    title = "{scope} unit {unit} does not restart the gateway (Restart=no)",
    cause = "A crashed gateway stays down until someone restarts it by hand.",
    fix = {
      "openclaw gateway install   # writes the user unit with Restart=always",
      "or add Restart=always and RestartSec=5 to {fragment_path}",
    },
    variants = {
      by_hand = {
        title = "The gateway (pid {pid}) was started by hand, not by a service manager",
        cause = "It runs in {where}: it stops with the session and nothing restarts it after a crash or a reboot.",
        fix = {
          "openclaw gateway install   # a systemd user unit (launchd on macOS)",
          "sudo loginctl enable-linger $USER   # so the user unit survives logout",
        },
      },
    },
    meaning = "A gateway nothing restarts: a host process in a login session (`session-N.scope`) or an "
      .. "unclassified cgroup, or a unit with `Restart=no`. Low, 0.75 to 0.8.",
    detected = '`proc.cgroup(pid)` `kind = "plain"` or a `.scope` unit; `systemd.unit` `restart = "no"`.',
    fix_doc = "`openclaw gateway install` (user unit with `Restart=always`), `sudo loginctl enable-linger "
      .. "$USER`; or `Restart=always` in the unit.",
    source = "seed",
  },
}
