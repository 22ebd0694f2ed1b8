return {
  {
    id = "gateway.not-running",
    severity = "high",
    title = "The gateway is not running: nothing listens on {host}:{port}",
    cause = "No gateway process runs and nothing accepts connections on the port clients use ({port_source}). "
      .. "Clients fail with ECONNREFUSED / `connect failed` / `gateway not connected`. Findings above, when any, "
      .. "say why it stopped or cannot start.",
    fix = {
      "openclaw gateway start   # or systemctl --user start openclaw-gateway; without a service manager "
        .. "(container, WSL without systemd, Termux): openclaw gateway run under a supervisor",
      "openclaw logs --follow   # watch the start",
      "openclaw gateway status",
    },
    variants = {
      -- No service manager runs on this machine (PID 1 is not systemd, or there is no systemctl): `gateway start`
      -- would fail, so the fix starts the gateway the way such a machine runs it.
      no_manager = {
        fix = {
          "openclaw gateway run   # in the foreground; no service manager runs here (container, WSL without "
            .. "systemd, Termux), so `openclaw gateway start` cannot",
          "keep it running under a supervisor: the container's restart policy, tmux, runit or supervisord "
            .. "running `openclaw gateway run`",
          "openclaw logs --follow   # watch the start",
        },
      },
      remote = {
        title = "{host}:{port} cannot be reached",
        cause = "The connect failed ({error}: {message}): check the host name and that a gateway runs there.",
        fix = {
          "On the gateway host: openclaw gateway status",
          "openclaw gateway start   # without a service manager there: openclaw gateway run under a supervisor",
        },
      },
    },
    meaning = "Nothing listens on the port clients use and no gateway process runs.",
    detected = "`proc.listeners{port}` empty, `/healthz` unreachable, `proc.gateway_processes()` empty "
      .. "(`openclaw.gateway.start`); for a remote target, a TCP connect that fails other than "
      .. "refused/timeout (`openclaw.gateway.connect`). Also triage's fallback when the TCP connect is "
      .. "refused and no runbook found more.",
    fix_doc = "`openclaw gateway start` (or `systemctl --user start openclaw-gateway`; without a service manager: "
      .. "`openclaw gateway run` under a supervisor, see `service.no-manager`), `openclaw logs --follow`, `openclaw "
      .. "gateway status`.",
    source = "seed",
  },
  {
    id = "gateway.port-conflict",
    severity = "high",
    title = "Port {port} is held by {owner}, not by the gateway",
    cause = "The gateway cannot bind its port (EADDRINUSE, `another gateway instance is already listening on "
      .. "ws://127.0.0.1:{port}` after its retries) while another program listens there.",
    fix = {
      "ss -ltnp 'sport = :{port}'   # confirm the owner",
      "{kills}",
      "# or move the gateway: openclaw config set gateway.port {next_port} && openclaw gateway restart (and point "
        .. "every client at the new port)",
    },
    log_fix = { "ss -ltnp 'sport = :{port}'", "openclaw gateway status --deep" },
    variants = {
      unseen = {
        cause = "The gateway cannot bind its port (EADDRINUSE, `another gateway instance is already listening on "
          .. "ws://127.0.0.1:{port}` after its retries) while another program listens there. The owner belongs to "
          .. "another user: run clawbook as root to name it.",
      },
    },
    container_fix = "stop the other gateway on the port (docker ps; openclaw gateway status --deep) or give this "
      .. "container another port",
    meaning = "The gateway port is held by a process that is not a gateway.",
    detected = "A listener on the port whose pids are not gateway processes, `/healthz` not answering, and not "
      .. "`docker-proxy`/`rootlessport`; from the logs, `EADDRINUSE` / `address already in use`. "
      .. "Confidence 0.7 when the owner is another user's (pids not visible).",
    fix_doc = "`ss -ltnp 'sport = :PORT'`, `kill PID` if safe, or `openclaw config set gateway.port NEW` and "
      .. "restart.",
    source = "seed",
  },
  {
    id = "gateway.mode-unset",
    severity = "critical",
    title = "gateway.mode is unset: the gateway start is blocked",
    cause = "Without gateway.mode the gateway refuses to start. Real messages: `Gateway start blocked: set "
      .. "gateway.mode=local (current: unset) or pass --allow-unconfigured.` and `Gateway start blocked: existing "
      .. "config is missing gateway.mode. Treat this as suspicious or clobbered config.`; blog-post variants: "
      .. "`gateway.mode unset`, `gateway.mode is unset`, `gateway.mode not configured`, `start blocked — config "
      .. "key gateway.mode has no value`, `access not configured`.",
    fix = { "{clobbered}", "openclaw config set gateway.mode local", "openclaw gateway restart" },
    variants = {
      remote = {
        title = "gateway.mode is remote without gateway.remote.url: no local gateway will start",
        cause = "gateway.mode=remote makes this machine a client of gateway.remote.url (unset) and blocks a local "
          .. "gateway (`Gateway start blocked: set gateway.mode=local (current: remote)`). Blog posts describe "
          .. 'remote as "listen on 0.0.0.0": that is gateway.bind=lan.',
      },
      invalid_value = {
        title = 'gateway.mode is "{mode}", which OpenClaw does not accept',
        cause = 'gateway.mode takes local or remote. "{mode}" (hybrid in blog posts) blocks the start: `Gateway '
          .. "start blocked: set gateway.mode=local (current: {mode})`. To listen on every interface use "
          .. "gateway.bind=lan with a token.",
      },
    },
    container_fix = 'set gateway.mode to "local" in openclaw.json in the state volume (or keep '
      .. "--allow-unconfigured in the container's command, as the official image does)",
    meaning = "`gateway.mode` is unset, or not `local`/`remote` (the seeds' `hybrid`), or `remote` without "
      .. "`gateway.remote.url`: the start is blocked.",
    detected = "`openclaw.config` result `gateway.mode` (`openclaw.config`); log lines `Gateway start blocked: "
      .. "set gateway.mode=local (current: …)`, `existing config is missing gateway.mode`, and the seeds' "
      .. "variants (`gateway.mode unset`, `gateway.mode is unset`, `gateway.mode not configured`, `start "
      .. "blocked — config key gateway.mode has no value`, `access not configured`) via `lib.signatures` "
      .. "(`openclaw.gateway.start`); a log line is only info when the config has `gateway.mode` local "
      .. "(or remote with a URL) now ([log attribution](#log-attribution)).",
    fix_doc = "`openclaw config set gateway.mode local`, `openclaw gateway restart` (diff a `.clobbered.*` "
      .. "copy first when one exists).",
    source = "seed",
  },
  {
    id = "gateway.missing-config",
    severity = "critical",
    title = "No OpenClaw config: the gateway refuses to start (Missing config)",
    cause = "The gateway prints `Missing config. Run `openclaw setup` or set gateway.mode=local (or pass "
      .. "--allow-unconfigured)` and exits when {path} does not exist. Blog posts also show it as `missing config: "
      .. "run openclaw setup or set gateway.mode=local`.",
    fix = { "{restore}", "openclaw setup", "openclaw config set gateway.mode local" },
    variants = {
      no_cli = {
        severity = "medium",
        title = "No OpenClaw config and no openclaw CLI on this machine",
        cause = "The gateway prints `Missing config. Run `openclaw setup` or set gateway.mode=local (or pass "
          .. "--allow-unconfigured)` and exits when {path} does not exist. Blog posts also show it as `missing "
          .. "config: run openclaw setup or set gateway.mode=local`. No `openclaw` is on PATH either: if the "
          .. "gateway runs in a container or on another host, its config is there, and this machine needs none.",
      },
    },
    container_fix = 'set gateway.mode to "local" in openclaw.json in the state volume (or keep '
      .. "--allow-unconfigured in the container's command, as the official image does)",
    meaning = "No config file: `Missing config. Run openclaw setup or set gateway.mode=local`.",
    detected = '`openclaw.config` returns `error = "not_found"`; severity medium (confidence 0.4) when no '
      .. "`openclaw` CLI is on PATH (`openclaw.version`), i.e. the gateway lives in a container or "
      .. "elsewhere. Log line `Missing config` as a fallback; only info when the config exists now.",
    fix_doc = "`openclaw setup` or `openclaw config set gateway.mode local`; `cp` the newest last-good/.bak "
      .. "copy back when one exists.",
    source = "seed",
  },
  {
    id = "gateway.bind-without-auth",
    severity = "critical",
    title = "gateway.bind={bind}{default_note} without a shared secret: the gateway refuses to bind",
    cause = "A non-loopback bind needs a token or password: the gateway exits with `refusing to bind gateway to "
      .. "{bind_host}:{port} without auth`. The check here reads clawbook's environment; a service may still pass "
      .. "OPENCLAW_GATEWAY_TOKEN itself.",
    fix = {
      'openclaw config set {secret_key} "$(openssl rand -hex 24)"',
      "{set_mode}",
      "openclaw gateway restart",
      "# or keep the gateway local: openclaw config set gateway.bind loopback",
    },
    container_fix = 'give the container a token: -e OPENCLAW_GATEWAY_TOKEN="$(openssl rand -hex 24)" '
      .. "(compose: environment: OPENCLAW_GATEWAY_TOKEN)",
    meaning = "A non-loopback bind (`lan`, `tailnet`, `custom`, `auto` in a container) without a token or "
      .. "password: `refusing to bind gateway to HOST:PORT without auth`.",
    detected = "Config: `gateway.bind` non-loopback and `gateway.auth.mode` none, or token/password with no "
      .. "secret from the config or clawbook's environment. Log line `refusing to bind gateway` (catches "
      .. "`--bind lan` passed by a service); only info when the config has a token/password (or "
      .. "`trusted-proxy`) now, the line names another port, or the config binds loopback and changed "
      .. "after the line.",
    fix_doc = '`openclaw config set gateway.auth.token "$(openssl rand -hex 24)"`, restart; or `gateway.bind '
      .. "loopback`.",
    source = "seed",
  },
  {
    id = "gateway.starting",
    severity = "medium",
    title = "The gateway is still starting: /healthz is live, /readyz answers 503 (startup-sidecars)",
    cause = "The HTTP server is up before channels, plugins and sidecars are; until then /readyz answers 503 and "
      .. "WebSocket connects get UNAVAILABLE `gateway starting; retry shortly` and close 1013. In Docker a start "
      .. "takes about 40 s. Wait for /readyz, not for a log line.",
    fix = { "until curl -fsS {url}/readyz; do sleep 2; done   # then retry the client" },
    variants = {
      stuck = {
        severity = "high",
        title = "The gateway has been starting for {minutes} min: /readyz still 503",
        cause = "The HTTP server is up before channels, plugins and sidecars are; until then /readyz answers 503 "
          .. "and WebSocket connects get UNAVAILABLE `gateway starting; retry shortly` and close 1013. In Docker a "
          .. "start takes about 40 s. Wait for /readyz, not for a log line. This one has been starting far longer "
          .. "than that: a sidecar or channel hangs.",
        fix = { "openclaw logs --follow", "openclaw channels status --probe", "openclaw gateway restart" },
      },
      container = {
        severity = "low",
        title = "The gateway in {container} is still starting{age}",
        cause = "The gateway in a container takes up to about 40 s to become ready; until /readyz answers 200 it "
          .. "refuses connections with 503 or close 1013. Wait for readiness, not for the first log line (since "
          .. '2026.4 there is no "listening on" line; "[gateway] ready" marks the end of the start).',
        fix = {
          "until curl -fsS {container_url}/readyz >/dev/null; do sleep 2; done",
          "compose: give the gateway a healthcheck on /readyz and make clients depend_on it with condition: "
            .. "service_healthy",
        },
      },
      title_window = {
        severity = "medium",
        title = "The gateway (pid {pid}) is starting: it has not bound port {port} yet",
        cause = "A Node process titled a bare `openclaw` holds the gateway lifecycle lock: `openclaw gateway run` in "
          .. "its first seconds. It retitles itself to `openclaw-gateway` a few seconds later and binds the port "
          .. "after that; until then clients get ECONNREFUSED. Probe again once /readyz answers.",
        fix = { "until curl -fsS {url}/readyz; do sleep 2; done   # then retry the client", "openclaw logs --follow" },
      },
      unbound = {
        severity = "medium",
        title = "A gateway process runs but does not listen on port {port}",
        cause = "The process exists but has not bound the port: it is still starting, hangs during start, or was "
          .. "started with another --port (openclaw.gateway.connect compares the ports).",
        fix = { "openclaw logs --follow", "openclaw gateway status --deep" },
      },
    },
    meaning = "The gateway is up but not ready: `/healthz` live, `/readyz` 503 with `startup-sidecars` "
      .. "(connect: UNAVAILABLE, close 1013). High when still starting after 5 minutes. Also: a gateway "
      .. "process that has not bound the port, including one in its title window (its first seconds, titled a "
      .. "bare `openclaw` like any CLI command, recognised by the gateway lifecycle lock it holds open).",
    detected = "`gateway.health` (`live`, `ready`, `failing`, `status`, `pendingReason`, `uptimeMs`); "
      .. "`proc.gateway_processes()` with no listener.",
    fix_doc = "Wait for `/readyz` (`until curl -fsS URL/readyz; do sleep 2; done`), not for a log line; when "
      .. "stuck: `openclaw logs --follow`, `openclaw channels status --probe`.",
    source = "seed",
  },
  {
    id = "gateway.hung",
    severity = "critical",
    title = "The gateway (pid {pid}) is hung: {state_text}",
    cause = "The gateway process lives and the kernel still accepts TCP connections on port {port} (its listen "
      .. "backlog), but nothing answers: /healthz and the WebSocket handshake get no reply. {stopped}{disk_wait} "
      .. "Clients wait and time out; they do not get a refusal, so it looks like a proxy or network problem.",
    fix = { "{fix_lines}" },
    variants = {
      blocked = {
        severity = "high",
        title = "The gateway (pid {pid}) accepts connections but does not answer: its event loop is blocked",
        cause = "The gateway process runs (state {state}) and the kernel accepts TCP connections on port {port}, "
          .. "but neither /healthz nor the WebSocket handshake got an answer within {seconds} s: its Node.js event "
          .. "loop is blocked (a synchronous task, a busy loop, a stuck plugin) or it is starved of CPU.",
        fix = {
          "top -p {pid}   # 100% CPU: a busy loop; 0%: waiting on something",
          "openclaw logs --tail 100",
          "openclaw gateway restart",
        },
      },
    },
    texts = {
      stopped = "It is stopped (state T): a SIGSTOP, a Ctrl-Z in the terminal that started it, or a debugger "
        .. "holds it.",
      disk_wait = "It sleeps uninterruptibly (state D): a system call into the kernel does not return, usually "
        .. "I/O on a slow or dead disk or network filesystem (NFS, FUSE) under its state dir.",
    },
    meaning = "The gateway process lives and its port accepts TCP, but nothing answers: the process is stopped "
      .. "(state T), stuck in uninterruptible sleep (D), or its event loop is blocked. Critical for T and D; "
      .. "high for a blocked loop.",
    detected = "`proc.gateway_processes()` and the port's `proc.listeners` owners read before the network probes: "
      .. "a state of T or D shortens the probe deadlines to 1 s (verdict within about 1 s); a running or sleeping "
      .. "gateway that owns the port while `/healthz` and the handshake time out is a blocked event loop.",
    fix_doc = "T: `kill -CONT PID` (or `fg` in the terminal that suspended it); D: `cat /proc/PID/wchan`, "
      .. "`dmesg | tail`, check the disk or network filesystem, then `openclaw gateway restart`; blocked: "
      .. "`top -p PID`, `openclaw logs --tail 100`, `openclaw gateway restart`.",
    source = "report",
  },
  {
    id = "runtime.node-incompatible",
    severity = "critical",
    title = "Node.js {node} is outside the range OpenClaw {openclaw} requires ({range})",
    cause = "{who} runs on Node.js {node} ({executable}), but the installed OpenClaw {openclaw} declares "
      .. "`engines.node` {range} in its package.json. The gateway refuses to start (`Node {node} is "
      .. "unsupported; OpenClaw requires ...`) or starts and fails in the runtime (its embedded SQLite, "
      .. "WebSocket or fetch behave differently). npm installs OpenClaw anyway: a successful install does "
      .. "not mean the Node is supported.",
    fix = {
      "{executable} --version   # the Node that runs the gateway (the service may not use the one on PATH)",
      "nvm install 24 && nvm use 24   # or the distribution's Node 24 / 26 package",
      "openclaw gateway install --force   # rewrite the service with the new Node path, then: openclaw gateway "
        .. "restart",
    },
    variants = {
      -- The version is inside engines.node, the SQLite the Node loads is not (lib.node_runtime's table).
      sqlite = {
        title = "Node.js {node} has {sqlite}; OpenClaw {openclaw} needs SQLite {sqlite_range}",
        cause = "{who} runs on Node.js {node} ({executable}), inside the release's `engines.node` {range}, but "
          .. "the SQLite its node:sqlite loads ({sqlite}) lacks the WAL-reset fix OpenClaw {openclaw} requires "
          .. "(SQLite {sqlite_range}). The gateway refuses to open its state databases and does not start, "
          .. "often without a clear error; `doctor` does not name it.",
        fix = {
          "{executable} -p process.versions.sqlite   # the SQLite this Node embeds",
          "nvm install 24 && nvm use 24   # official Node 22.22.3+, 24.15+ and 25.9+ builds embed a fixed SQLite",
          "openclaw gateway install --force   # rewrite the service with the new Node path, then: openclaw gateway "
            .. "restart",
        },
      },
      -- A distribution's Node built with --shared-sqlite: the library is the system's.
      sqlite_shared = {
        title = "Node.js {node} uses the system's SQLite ({sqlite}); OpenClaw {openclaw} needs SQLite "
          .. "{sqlite_range}",
        cause = "{who} runs on Node.js {node} ({executable}), a build that links the system's SQLite library "
          .. "(--shared-sqlite, as distribution packages do) instead of embedding one, and that library ({sqlite}) "
          .. "lacks the WAL-reset fix OpenClaw {openclaw} requires (SQLite {sqlite_range}). The gateway refuses to "
          .. "open its state databases and does not start, often without a clear error.",
        fix = {
          "{executable} -p process.versions.sqlite   # the SQLite this Node loads",
          "nvm install 24 && nvm use 24   # an official Node build embeds a fixed SQLite; or upgrade the system's "
            .. "libsqlite3 to 3.51.3+",
          "openclaw gateway install --force   # rewrite the service with the new Node path, then: openclaw gateway "
            .. "restart",
        },
      },
    },
    meaning = "The Node.js that runs the gateway (a running gateway's executable) or would run it (`node` on "
      .. "PATH) is outside the installed release's `engines.node` range, or (OpenClaw 2026.7 and later) the SQLite "
      .. "its node:sqlite loads is older than the WAL-reset fix (3.51.3, or 3.50.7+ / 3.44.6+ on those lines).",
    detected = "`openclaw.version()` (the package dir), its `package.json` `engines.node` (`fs.json`), "
      .. "`openclaw.node_version{pid}` compared with `lib.versions.satisfies`; with `exec:node`, a fixed "
      .. "`node -e` probe reads the SQLite it loads (`sqlite_version()`, else `process.versions.sqlite`) against "
      .. "`lib.node_runtime`'s table. A Node with no SQLite at all (Node 20) is said so in the step, and is a "
      .. "finding only when the release needs one. By `openclaw.gateway.start` when the gateway does not listen.",
    fix_doc = "Install a Node inside the range (`nvm install 24`), re-install the service so it uses it "
      .. "(`openclaw gateway install --force`), restart. For SQLite: an official Node build (it embeds a fixed "
      .. "SQLite), or a system libsqlite3 3.51.3+ for a --shared-sqlite build.",
    source = "report",
    refs = {
      "https://docs.openclaw.ai/install/node",
      "https://github.com/openclaw/openclaw/pull/106065",
      "https://github.com/openclaw/openclaw/issues/107607",
    },
  },
  {
    id = "gateway.stale-lock",
    severity = "high",
    title = "Stale {kind} file: {path}",
    cause = "A gateway that died without cleaning up (a crash, SIGKILL, a power cut) leaves its lock or PID file "
      .. "behind; its pid is {status}, so the file only blocks or confuses the next start.",
    fix = {
      "{removals}",
      "openclaw gateway start   # without a service manager: openclaw gateway run under a supervisor",
    },
    meaning = "A lock file (`<tmp>/openclaw-<uid>/gateway.<hash>.lock`, `<state>/tmp/…`) or the seeds' "
      .. "`~/.openclaw/gateway.pid` whose pid is dead, a zombie or reused by another process. High when "
      .. "the gateway is down, low when it runs: after a SIGKILL it ranks first (high, 0.8), above "
      .. "`gateway.not-running` (a killed gateway left as a zombie is not a gateway process).",
    detected = "`openclaw.locks` entries with `stale = true` or an invalid payload.",
    fix_doc = "`rm PATH` (the pid is gone), `openclaw gateway start`.",
    source = "seed",
  },
  {
    id = "session.stale-lock",
    severity = "high",
    title = "{count} agent session lock(s) left by a process that is gone: {path}",
    cause = "OpenClaw locks a session transcript (`<session>.jsonl.lock`, holding the owner's pid) while it "
      .. "writes to it. The owner of this lock is {status}: a gateway or agent killed mid-write (SIGKILL, OOM, an "
      .. "in-process restart) left it, and every run of that session now waits out the lock and fails with "
      .. "`session file locked (timeout 10000ms): pid=... .jsonl.lock`, which looks like every model failing.",
    fix = { "{removals}", "openclaw gateway restart   # if runs still hang" },
    meaning = "An agent session lock (`<state dir>/agents/*/sessions/*.jsonl.lock`) whose owner pid is dead, a "
      .. "zombie, reused by another process (its start time differs from the lock's `starttime`), or missing.",
    detected = "`fs.glob` of the state dir's session locks, `fs.json` of each, `proc.alive` / `proc.get` of its "
      .. "pid (`lib/session_locks.lua`); by `openclaw.triage` whenever the config's state dir is known (one "
      .. "glob when there is no lock).",
    fix_doc = "`rm` each stale `.jsonl.lock` (its owner is gone), restart the gateway if runs still hang.",
    source = "report",
  },
  {
    id = "gateway.duplicate-instance",
    severity = "high",
    title = "{count} gateway processes run at once",
    cause = "One gateway per machine (and state dir): a second one fights for the port and the lock "
      .. "(`gateway already running (pid N); lock timeout`), and after an upgrade an old process can keep the "
      .. "port while the new one half-starts, so probes reach the wrong version.",
    fix = {
      "openclaw gateway status --deep",
      "{kills}",
      "systemctl --user list-units 'openclaw*' ; systemctl list-units 'openclaw*'   # one service only",
    },
    log_fix = { "openclaw gateway status --deep", "pgrep -af openclaw" },
    container_fix = "stop the other gateway on the port (docker ps; openclaw gateway status --deep) or give this "
      .. "container another port",
    meaning = "More than one gateway process for one state dir (not counting a gateway's children). OpenClaw "
      .. "profiles (`--profile NAME`, `OPENCLAW_STATE_DIR`, `OPENCLAW_CONFIG_PATH`) run one gateway each, with "
      .. "its own state dir and port: another profile's gateway is named as context, never as a duplicate.",
    detected = "`openclaw.gateways()` (each gateway process with the state dir and config its environment and "
      .. "`--profile` resolve to) without `parent_gateway`, counting those of the config's own state dir or port; "
      .. "log lines `another gateway instance is already listening`, `gateway already running (pid N)` that "
      .. "belong to this gateway ([log attribution](#log-attribution)).",
    fix_doc = "`openclaw gateway status --deep`; `kill` the instance that holds no port; keep one service "
      .. "(user or system unit).",
    source = "seed",
  },
  {
    id = "gateway.orphan-process",
    severity = "high",
    title = "Gateway pid {pid} runs outside {unit}, which runs pid {unit_pids}",
    cause = "The service manager supervises the gateway in {unit}, but pid {pid} ({where}) is a gateway outside "
      .. "it. An in-process restart (SIGUSR1, `update.run`) or `openclaw gateway restart` forked it outside "
      .. "the unit while `Restart=always` started the unit again: the two race for the port and the lock "
      .. "(`gateway already running (pid N); lock timeout`, `another gateway instance is already listening`, "
      .. "EADDRINUSE every restart), and stopping the service leaves the orphan running.",
    fix = {
      "{kills}",
      "systemctl --user restart openclaw-gateway   # then only the unit's gateway runs",
      "openclaw gateway status --deep",
    },
    meaning = "A gateway process outside its supervisor's cgroup while the systemd unit runs another gateway "
      .. "(a restart race under `Restart=always`, an in-process restart forked outside the unit).",
    detected = "With more than one gateway instance, `proc.cgroup` of each: some in a systemd unit's cgroup, "
      .. "others outside it (a session scope or no unit) (`openclaw.gateway.start`).",
    fix_doc = "`kill PID` of the orphan; `systemctl --user restart openclaw-gateway`; keep restarts to the service "
      .. "manager.",
    source = "report",
  },
  {
    id = "gateway.legacy-install",
    severity = "medium",
    title = "Leftovers of the pre-rename install (clawdbot / moltbot): {summary}",
    cause = "OpenClaw was called clawdbot, then moltbot. An install from those days leaves things the current "
      .. "gateway does not read or that fight it: {summary}. Old `CLAWDBOT_*` variables are not read (a config "
      .. "that references them fails with MissingEnvVarError), an old state dir holds a stale token and config, "
      .. "and an old process or unit may hold the port.",
    fix = { "{fixes}", "openclaw doctor   # migrates what it can" },
    meaning = "Leftovers of the old names: `~/.clawdbot` / `~/.moltbot` state dirs, `CLAWDBOT_*` / `MOLTBOT_*` "
      .. "variables, clawdbot/moltbot processes.",
    detected = "`fs.list` of the home dir, `env.fingerprint` of the old variable names, `proc.list` with a "
      .. "clawdbot|moltbot command line (`lib/legacy_install.lua`, from `openclaw.gateway.start` when the gateway "
      .. "does not listen). Units named clawdbot-gateway are named by `openclaw.systemd`.",
    fix_doc = "Move what is still needed into `~/.openclaw` (`openclaw doctor`), rename `CLAWDBOT_*` variables to "
      .. "`OPENCLAW_*`, stop old processes, remove the old dirs once migrated.",
    source = "report",
  },
  {
    id = "gateway.low-memory",
    severity = "high",
    title = "Only {available} of memory available (the gateway needs 256 MiB)",
    cause = "Node needs room for its heap at start; with less than 256 MiB available the gateway starts slowly, "
      .. "fails with ENOMEM or is killed by the OOM killer.",
    fix = {
      "free -h",
      "ps aux --sort=-rss | head   # stop what you can spare",
      "Raise the VM or container memory limit (docker run --memory 1g)",
    },
    log_fix = { "free -h", "Stop other processes or raise the VM/container memory limit" },
    meaning = "Less than 256 MiB available (the seeds' minimum). High when the gateway is down, medium when it runs.",
    detected = "`proc.meminfo().available`; log lines `ENOMEM`, `Cannot allocate memory`.",
    fix_doc = "`free -h`, stop other processes, raise the VM/container memory limit.",
    source = "seed",
  },
  {
    id = "gateway.state-dir-permissions",
    severity = "high",
    title = "The state dir {path} is {problem}",
    cause = "The gateway writes its config, identity, sessions and logs under the state dir; when it cannot "
      .. "(EACCES/EPERM), it fails to start or exits on the first write.",
    fix = { 'sudo chown -R "$(id -un):$(id -gn)" {path}', "chmod 700 {path}", "openclaw gateway restart" },
    log_fix = { 'sudo chown -R "$(id -un)" ~/.openclaw', "openclaw gateway restart" },
    container_fix = "make the state dir writable by the container's user (uid 1000 in the official "
      .. "image): sudo chown -R "
      .. "1000:1000 {state_source}",
    meaning = "The state dir is not readable/writable by this user, or owned by someone other than the home "
      .. "dir's owner (a `sudo openclaw` leftover).",
    detected = "`fs.stat` of `openclaw.paths().state_dir` and of the home dir; log lines `EACCES`/`EPERM` on "
      .. "`.openclaw`.",
    fix_doc = '`sudo chown -R "$(id -un):$(id -gn)" STATE_DIR`, `chmod 700 STATE_DIR`, restart.',
    source = "seed",
  },
  {
    id = "gateway.crashed",
    severity = "high",
    title = "The gateway crashed: it {what}",
    cause = "The gateway died and is not running; clients connected at the time got `send failed: gateway not "
      .. "connected` or close 1006.",
    fix = {
      "openclaw logs --tail 100",
      "journalctl --user-unit openclaw-gateway -n 100 --no-pager",
      "openclaw gateway restart",
    },
    variants = {
      oom = {
        severity = "critical",
        cause = "The gateway died and is not running; clients connected at the time got `send failed: gateway not "
          .. "connected` or close 1006. The kernel's OOM killer (or Node's heap limit) ended it.",
        fix = {
          "free -h",
          "Give the gateway more memory (VM/container limit) or stop other processes",
          "openclaw gateway restart",
        },
      },
      restarted = {
        severity = "medium",
        cause = "The gateway died and was started again; clients connected at the time got `send failed: gateway "
          .. "not connected` or close 1006.",
      },
      oom_restarted = {
        severity = "medium",
        cause = "The gateway died and was started again; clients connected at the time got `send failed: gateway "
          .. "not connected` or close 1006. The kernel's OOM killer (or Node's heap limit) ended it.",
        fix = {
          "free -h",
          "Give the gateway more memory (VM/container limit) or stop other processes",
          "openclaw gateway restart",
        },
      },
    },
    container_fix = "raise the memory limit: docker update --memory 2g --memory-swap 2g {container}",
    meaning = "The gateway died: OOM kill (critical), Node heap exhaustion, `Killed`, `status=9/KILL`, "
      .. "`panic:`, `fatal error`, uncaught exception. High/critical when it is down now, medium when it "
      .. "was restarted.",
    detected = "`log.scan` of the gateway's log files and the `openclaw-gateway` journal (user and system, last "
      .. "6 h) with the `gateway.crashed` signatures of `lib.signatures` (this gateway's lines only: [log "
      .. "attribution](#log-attribution)); `proc.oom_kills()` of `node`/`openclaw*` processes in the last "
      .. "24 h.",
    fix_doc = "OOM: `free -h`, more memory; else `openclaw logs --tail 100`, `journalctl --user-unit "
      .. "openclaw-gateway -n 100`; `openclaw gateway restart`.",
    source = "seed",
  },
  {
    id = "gateway.wrong-port",
    severity = "high",
    title = "Clients dial port {port} but the gateway listens on {actual}",
    cause = "Clients resolve port {port} from {port_source} but the gateway listens on {actual}.{seed_note}",
    fix = {
      "export OPENCLAW_GATEWAY_PORT={actual}   # for this shell's clients",
      "# or make the gateway use the configured port: openclaw config set gateway.port {port} && openclaw gateway "
        .. "restart",
      "openclaw gateway status   # shows the port the service passes (--port)",
    },
    variants = {
      env_override = {
        cause = "OPENCLAW_GATEWAY_PORT={env_port} in this shell overrides gateway.port={config_port}, so clients "
          .. "started here dial the wrong port.{seed_note}",
      },
      argv_port = {
        cause = "The gateway was started with --port {argv_port} (a service unit or script), while clients resolve "
          .. "{port} from {port_source}.{seed_note}",
      },
    },
    texts = { seed_note = " Port 3001 comes from blog posts; OpenClaw's default is 18789." },
    meaning = "Clients dial one port, the gateway listens on another.",
    detected = "TCP connect refused while a gateway process listens on another port; the cause names "
      .. "`OPENCLAW_GATEWAY_PORT` overriding `gateway.port`, a `--port` in the service's command line, or "
      .. "the seeds' 3001.",
    fix_doc = "`export OPENCLAW_GATEWAY_PORT=ACTUAL`, or `openclaw config set gateway.port PORT` and restart; "
      .. "`openclaw gateway status`.",
    source = "seed",
  },
  {
    id = "config.invalid",
    severity = "critical",
    title = "{file} is not valid JSON5 ({where})",
    cause = "The config does not parse: {message}. The gateway cannot start (and the CLI cannot read its settings) "
      .. "until it does.",
    fix = {
      "openclaw config validate",
      "Edit {path} at {where} (JSON5: comments, trailing commas and unquoted keys are fine; unbalanced braces, "
        .. "missing commas and stray characters are not)",
      "{restore}",
      "openclaw doctor --fix",
    },
    variants = {
      journal = {
        severity = "high",
        title = "The gateway refuses its config (journal of {unit})",
        cause = 'At its last start the gateway said: "{line}"',
        fix = { "openclaw doctor --fix", "{systemctl} restart {unit}" },
      },
      preflight = {
        severity = "medium",
        title = "The config does not parse: {path}:{line}:{column}",
        cause = "JSON5 error: {message}. The gateway refuses to start with it.",
        fix = { "openclaw config validate", "clawbook run openclaw.config" },
      },
      unreadable = {
        severity = "high",
        title = "The config cannot be read ({error})",
        cause = "{message}",
        fix = { "ls -la {dir}", "openclaw config validate" },
      },
      refused_combination = {
        title = "The gateway refuses this combination: {refusal}",
        cause = "The gateway checks bind, auth and Tailscale settings together at start and exits with `{refusal}`.",
        fix = { "{change}", "openclaw gateway restart" },
      },
    },
    container_fix = "fix the JSON5 error: docker cp {container}:/home/node/.openclaw/openclaw.json . "
      .. "then edit and copy "
      .. "it back",
    meaning = "The config does not load: a JSON5 syntax error (with line, column and the line's text), an "
      .. "unreadable file, a bind/auth/Tailscale combination the gateway refuses (`trusted-proxy` without "
      .. "`trustedProxies`, `custom` without `customBindHost`, Tailscale serve/funnel rules), or a "
      .. "strict-schema error in the log (`invalid config`, `unrecognized key`).",
    detected = '`openclaw.config` `error = "invalid"` (`line`, `column`, `message`) and `fs.read` for the line; '
      .. "the effective gateway settings; log signatures `config.invalid`, "
      .. "`start.config-combination-refused` (only info when the config parses now and the line is a "
      .. "JSON5 error, or the config changed after the line).",
    fix_doc = "`openclaw config validate`, edit at LINE:COL, restore the last-good/.bak copy, `openclaw doctor "
      .. "--fix`.",
    source = "seed",
  },
  {
    id = "config.unresolved-env",
    severity = "critical",
    title = "The config references ${{var}}, which is unset where the gateway reads it",
    cause = "OpenClaw substitutes `${VAR}` in the config from the environment of the process that loads it. On "
      .. 'an unset one older releases refuse to start (`MissingEnvVarError: Missing env var "{var}" referenced '
      .. 'at config path: {path}`); 2026.9 starts with a warning (`{path}: *** env var "{var}" - feature using '
      .. "this value will be unavailable`) and, for the gateway token, makes up a token for that start only, so "
      .. "every client is refused. That environment is the service's (the unit's Environment/EnvironmentFile, the "
      .. "state dir's .env) or the running gateway's, not the shell's: a variable exported in `~/.bashrc` does not "
      .. "reach a systemd service. After the clawdbot/moltbot rename, old `CLAWDBOT_*` names are a common cause.",
    fix = {
      "echo '{var}=...' >> {env_file}   # the gateway loads the state dir's .env, whatever starts it",
      "# or reference the variable the service sets: openclaw config set {path} '${OPENCLAW_GATEWAY_TOKEN}'",
      "openclaw gateway restart",
    },
    log_fix = {
      "grep -n '\\${' ~/.openclaw/openclaw.json   # every substitution the config uses",
      "systemctl --user show openclaw-gateway -p Environment -p EnvironmentFiles",
      "add the variable to ~/.openclaw/.env (or the unit), then: openclaw gateway restart",
    },
    meaning = "A `${VAR}` substitution in the config that is unset in the environment of the process that "
      .. "reads it (the service's or the running gateway's, not the shell's): older releases refuse to start "
      .. "(`MissingEnvVarError`), 2026.9 warns and runs without the value (a token made up per start).",
    detected = "`openclaw.config`: every `${VAR}` of the config tree and the token's substitution, against the "
      .. "running gateway's environment (`proc.env_fingerprints` of the gateway serving the port), else the user "
      .. "unit's Environment/EnvironmentFile plus the state dir's `.env`, else the shell's plus the `.env`. The "
      .. 'log lines `MissingEnvVarError: Missing env var "X" referenced at config path: P` and `P: *** env var '
      .. '"X" - feature using this value will be unavailable` (`lib.signatures`, `openclaw.gateway.start`).',
    fix_doc = "Define the variable where the gateway reads it (the state dir's `.env`, the unit's "
      .. "Environment), or reference one that is set; restart.",
    source = "report",
  },
  {
    id = "config.schema-invalid",
    severity = "critical",
    title = "The config breaks the schema of OpenClaw {version}: {first_path}: {first_message}",
    cause = "OpenClaw validates the whole config against its strict schema at start and refuses to start on any "
      .. "violation (`Invalid config at {config_path}`; `openclaw doctor --fix` does not repair most of them). "
      .. "{count} violation(s) against the schema `openclaw config schema` prints for {version}: {violations}.",
    fix = {
      "{fixes}",
      "openclaw config validate",
      "openclaw gateway restart",
    },
    variants = {
      running = {
        severity = "high",
        title = "The config breaks the schema of OpenClaw {version}: the next restart fails ({first_path})",
        cause = "The gateway runs on the config it read at its last start; this file fails the schema of "
          .. "{version} ({count} violation(s): {violations}), so the next restart or `config.patch` reload is refused.",
      },
    },
    meaning = "The config parses, but the installed release's own JSON schema (`openclaw config schema`, draft-07) "
      .. "rejects it: an unknown key (a root `aliases` valid in older releases), a wrong type "
      .. "(`models.providers.X.models.0: expected object, received string`), a value outside an enum "
      .. '(`gateway.bind: "0.0.0.0"`). The gateway exits at start with `Invalid config`.',
    detected = "`openclaw.validate_config`: the parsed config against the schema of the installed version, "
      .. "cached per version by `openclaw.config_schema` ($XDG_CACHE_HOME/clawbook, /var/cache/clawbook as root, "
      .. "else ~/.cache/clawbook; made with `openclaw config schema` when missing), validated with valijson. Each "
      .. "violation has its path and message. Ranked below `config.invalid` (no parse) and `config.legacy-key` "
      .. "(a known blog-post key says more) when they cover the same key.",
    fix_doc = "`openclaw config unset PATH` for an unknown key, `openclaw config set PATH VALUE` with a value of "
      .. "the right type or one of the allowed values; `openclaw config validate`; restart.",
    source = "report",
    refs = {
      "https://github.com/mithun50/openclaw-termux/issues/88",
      "https://github.com/openclaw/openclaw/issues/7820",
      "https://github.com/openclaw/openclaw/issues/15708",
    },
  },
  {
    id = "config.legacy-key",
    severity = "medium",
    title = "Config uses keys OpenClaw does not read: {keys}",
    cause = "These come from blog posts or older releases; OpenClaw ignores them (or refuses them under its strict "
      .. "schema), so the setting they were meant to make is not in effect. {first_message}",
    fix = { "{pin}", "{replacements}" },
    variants = {
      unknown_keys = {
        severity = "info",
        title = "gateway keys this runbook does not know: {keys}",
        cause = "Newer releases reject unknown keys at start (`unrecognized key`); these may also be keys of a "
          .. "release newer than this runbook.",
        fix = { "openclaw config validate" },
      },
    },
    meaning = "Keys OpenClaw does not read: `gateway.token` (high when no `gateway.auth.token`: nothing is "
      .. "pinned), `gateway.password`, `gateway.host`, `gateway.websocket`, invalid "
      .. "`gateway.bind`/`gateway.auth.mode` values, port 3001, "
      .. "`OPENCLAW_GATEWAY_MODE`/`_AUTH_TOKEN`/`_HOST` in the environment, a `config.yaml`, a pre-rename "
      .. "`~/.clawdbot` location. Unknown `gateway.*` keys are reported as info.",
    detected = "`openclaw.config().legacy`, `fs.stat` of `config.yaml`, the `gateway.*` keys against the schema "
      .. "of releases 2026.4 to 2026.9.",
    fix_doc = "Move each value to the real key (`gateway.auth.token`, `gateway.bind`, …); `openclaw config "
      .. "validate`.",
    source = "seed",
  },
  {
    id = "config.rejected-files",
    severity = "medium",
    title = "The last config edit was refused: {file}",
    cause = "OpenClaw saves a write that fails validation as openclaw.json.rejected.<time> and a suspicious one "
      .. "(much smaller, missing meta or gateway.mode) as .clobbered.<time>, keeping the active file. The newest is "
      .. "newer than the config: its change is not in effect (`Config auto-restored from last-known-good`).",
    fix = { "ls -la {dir}/{config_name}.*", "diff {path} {newest}", "openclaw config validate", "{restore}" },
    variants = {
      old = {
        severity = "low",
        title = "Old rejected or clobbered config copies: {file}",
        cause = "OpenClaw saves a write that fails validation as openclaw.json.rejected.<time> and a suspicious "
          .. "one (much smaller, missing meta or gateway.mode) as .clobbered.<time>, keeping the active file. They "
          .. "are older than the current config.",
      },
    },
    meaning = "`openclaw.json.rejected.*` or `.clobbered.*` copies: OpenClaw refused a write or suspected a "
      .. "clobbered file. Medium when the newest is newer than the config (the last edit is not in "
      .. 'effect, "auto-restored from last-known-good"), low when older.',
    detected = "`openclaw.config().backups` (`kind` rejected/clobbered/last_good) and `fs.stat` of the config "
      .. "for its mtime.",
    fix_doc = "`ls -la CONFIG.*`, `diff CONFIG NEWEST`, `openclaw config validate`; `openclaw doctor --fix` "
      .. "restores last-good.",
    source = "seed",
  },
  {
    id = "network.firewall-blocks-port",
    severity = "high",
    title = "{tool} drops inbound TCP to port {port}",
    cause = "The saved {tool} rules block the gateway port ({why}), so other hosts time out while local clients "
      .. "work. The rules checked are the saved files; the live ruleset may differ.",
    variants = {
      ufw = { fix = { "sudo ufw allow {port}/tcp", "sudo ufw status verbose" } },
      iptables = {
        fix = {
          "sudo iptables -I INPUT -p tcp --dport {port} -j ACCEPT",
          "sudo sh -c 'iptables-save > /etc/iptables/rules.v4'   # keep it across reboots",
        },
      },
      nftables = {
        fix = {
          "sudo nft add rule inet filter input tcp dport {port} accept",
          "Add `tcp dport {port} accept` to the input chain in /etc/nftables.conf",
        },
      },
      timeout = {
        severity = "medium",
        title = "Connecting to {host}:{port} times out: packets are dropped on the way",
        cause = "A refused connect is answered at once; a timeout means something drops the packets: the gateway "
          .. "host's firewall, a cloud security group or a router. No saved rule on this machine explains it.",
        fix = {
          "On the gateway host: sudo ufw status verbose; sudo iptables -S INPUT; sudo nft list ruleset",
          "Allow TCP {port} in the VPS provider's security group",
          "nc -vz {host} {port}",
        },
      },
    },
    meaning = "Saved firewall rules drop inbound TCP to the gateway port (high), or a connect to a "
      .. "non-loopback target timed out with no rule here to explain it (medium: a cloud security group "
      .. "or the remote host's firewall).",
    detected = "Only when the gateway listens beyond loopback or a non-loopback connect timed out: "
      .. "`/etc/ufw/ufw.conf`, `/etc/default/ufw`, `/etc/ufw/user*.rules`, `/etc/iptables/rules.v4`, "
      .. "`/etc/sysconfig/iptables`, `/etc/nftables.conf` (default policy and rules naming the port); "
      .. "`gateway.tcp` error `timeout`. The live ruleset may differ from the saved files.",
    fix_doc = "`sudo ufw allow PORT/tcp` (the seeds' UDP rule is unnecessary), `iptables -I INPUT -p tcp "
      .. "--dport PORT -j ACCEPT` + save, `nft add rule inet filter input tcp dport PORT accept`; the "
      .. "provider's security group.",
    source = "seed",
  },
  {
    id = "network.loopback-only",
    severity = "medium",
    title = "The gateway listens on 127.0.0.1 only; {host} cannot reach it",
    cause = "gateway.bind defaults to loopback: only clients on the gateway's machine connect. Another host needs "
      .. "gateway.bind=lan (with a token) or an SSH tunnel.",
    fix = {
      "ssh -N -L {port}:127.0.0.1:{port} user@{host}   # simplest: tunnel, keep the loopback bind",
      "# or, on the gateway host: openclaw config set gateway.bind lan && openclaw config set "
        .. 'gateway.auth.token "$(openssl rand -hex 24)" && openclaw gateway restart',
    },
    variants = {
      refused = {
        severity = "medium",
        title = "{host}:{port} refuses connections: the gateway there is stopped or bound to loopback",
        cause = "gateway.bind defaults to loopback: only clients on the gateway's machine connect. Another host "
          .. "needs gateway.bind=lan (with a token) or an SSH tunnel. From here it cannot be told apart from a "
          .. "stopped gateway; run `ss -ltn 'sport = :{port}'` on that host.",
      },
    },
    meaning = "The target is not loopback but the gateway listens on 127.0.0.1 only (high), or a remote host "
      .. "refuses the port (medium: stopped or loopback-bound there).",
    detected = "`proc.listeners{port}` all `loopback`, target host from the `target` param; `gateway.tcp` refused.",
    fix_doc = "`ssh -N -L PORT:127.0.0.1:PORT user@HOST`, or on the gateway host `openclaw config set "
      .. "gateway.bind lan` with a token, restart.",
    source = "seed",
  },
}
