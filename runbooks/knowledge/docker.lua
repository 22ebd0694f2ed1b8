return {
  {
    id = "docker.not-running",
    severity = "high",
    title = "Container {container} is not running ({status}, {exit})",
    cause = "Nothing serves the gateway while its container is stopped{because}.",
    fix = { "{start}", "{cause_fix}", "docker logs --tail 200 {container}", "{restart_policy}" },
    meaning = "The gateway's container is stopped (exited, created, dead, paused). High, 0.95.",
    detected = "`docker.inspect` `state.running = false` with fewer than 3 restarts; the exit phrase names OOM "
      .. "kills (`state.oom_killed`), exit 78 (another gateway on the port) and 137 (SIGKILL); the cause "
      .. "quotes the most severe `lib.signatures` match in the container's log.",
    fix_doc = "`docker start NAME` (or `docker compose -p P up -d S`, `docker unpause`), `docker logs --tail "
      .. "200 NAME`, `docker update --restart unless-stopped NAME` when the policy is `no`, plus the fix "
      .. "for the log's cause (e.g. `sudo chown -R 1000:1000 STATE_SOURCE`).",
    source = "seed",
  },
  {
    id = "docker.crash-loop",
    severity = "high",
    title = "Container {container} is crash looping ({status})",
    cause = "The gateway in the container exits soon after each start ({exit}){because}. Docker restarts it by its "
      .. "restart policy, so clients see refused or reset connections between restarts.",
    fix = { "{cause_fix}", "docker logs --tail 200 {container}" },
    meaning = "The container keeps exiting and being restarted. High, 0.95 with a log cause, else 0.85.",
    detected = "`state.restarting`, or `restart_count` ≥ 3 and up less than 120 s, or stopped after ≥ 3 "
      .. "restarts (an `on-failure:N` policy that gave up). The cause is the container log's worst "
      .. "signature match (e.g. `non-loopback Control UI requires gateway.controlUi.allowedOrigins`).",
    fix_doc = "`docker logs --tail 200 NAME` and the cause's fix in a container (set "
      .. "`gateway.controlUi.allowedOrigins` / `gateway.mode` in the state volume's `openclaw.json`, `-e "
      .. "OPENCLAW_GATEWAY_TOKEN`, `docker update --memory`, ...).",
    source = "seed",
  },
  {
    id = "docker.port-not-published",
    severity = "high",
    title = "Container {container} does not publish the gateway port {container_port}",
    cause = "The container was started without -p for the gateway's port {container_port}, so nothing outside the "
      .. "container can reach the gateway.",
    fix = { "{recreate}", "docker port {container}" },
    variants = {
      not_published = {
        cause = "Port {container_port} is mapped in the container's config but Docker published nothing for it "
          .. "(network mode {network}; a host port already taken at start has the same effect).",
      },
      other_ports = {
        cause = "The container publishes {published} but the gateway inside listens on {container_port} (port 3001 "
          .. "comes from blog posts; OpenClaw's port is 18789).",
      },
    },
    meaning = "The gateway port inside the container (its `--port`, else 18789) is not published to the host. "
      .. "High, 0.85.",
    detected = "`ports.published` has no binding for the container port; the cause tells apart no `-p` at all, "
      .. "a mapping declared but not published (network mode, host port taken at start), and the blog "
      .. "posts' `-p 3001:3001` on an image listening on 18789. Skipped for `--network host` and shared "
      .. "network namespaces.",
    fix_doc = "Re-create with `-p 127.0.0.1:18789:18789` (compose `ports:`), `docker port NAME`.",
    source = "seed",
  },
  {
    id = "docker.bind-loopback-in-container",
    severity = "high",
    title = "The gateway in {container} listens on 127.0.0.1 inside the container",
    cause = "Inside a container, 127.0.0.1 is the container's own loopback: Docker forwards the published port to "
      .. "the container's network interface, where nothing listens, so connections are reset. {explicit}{unknown}",
    fix = {
      "docker exec {container} openclaw config set gateway.bind lan",
      "docker restart {container}",
      'with --bind in the command, use --bind lan ("0.0.0.0" is not a bind mode; lan is): {recreate}',
      "lan needs auth and Control UI origins: docker exec {container} openclaw config set "
        .. "gateway.controlUi.allowedOrigins '[\"http://localhost:{container_port}\"]'",
    },
    texts = {
      explicit = "The bind is {bind} ({bind_source}){logged}.",
      unknown = "The bind could not be read, but the published port resets every probe.",
    },
    meaning = "The gateway listens on 127.0.0.1 inside the container, so the published port leads nowhere "
      .. "(connection reset). High, 0.9 (0.95 when the probe is reset too; 0.6 on the probe alone).",
    detected = "`--bind loopback` (or `127.0.0.1`, `localhost`) in the container's command, else `gateway.bind` "
      .. "in the state volume's config; a `listening on ws://127.0.0.1` log line (versions before "
      .. "2026-04-03); `gateway.health` on the published port closed/reset (not refused) after the start "
      .. "grace period.",
    fix_doc = "`docker exec NAME openclaw config set gateway.bind lan`, `docker restart NAME`; with `--bind` "
      .. "in the command use `--bind lan` (`0.0.0.0` from the seeds is not a bind mode); set "
      .. "`gateway.controlUi.allowedOrigins` for the lan bind.",
    source = "seed",
  },
  {
    id = "docker.no-volume",
    severity = "medium",
    title = "The OpenClaw state dir of {container} is not on a volume",
    cause = "The config, the generated token, device pairings and the workspace live in {state_dir} inside the "
      .. "container and are lost when it is re-created (docker compose down, an image update).{seed_note}",
    fix = {
      "docker cp {container}:{official_state_dir} ./openclaw-state   # save the current state first",
      "{recreate}",
    },
    texts = {
      seed_note = " A volume is mounted at /app/data, the path of the blog posts' openclaw-stack image; the official "
        .. "image never reads it.",
    },
    meaning = "The OpenClaw state dir (config, token, pairings, workspace) is not on a volume and dies with "
      .. "the container. Medium, 0.85 (0.9 for the seed path).",
    detected = "`docker.inspect` `persisted[path]` false for every state path; a volume at `/app/data` (the "
      .. 'seeds\' "openclaw-stack" image) on the official image counts as none, with that said in the '
      .. "cause.",
    fix_doc = "`docker cp NAME:/home/node/.openclaw ./openclaw-state` first, then re-create with `-v "
      .. "openclaw-state:/home/node/.openclaw` (compose `volumes:`).",
    source = "seed",
  },
  {
    id = "docker.unhealthy",
    severity = "medium",
    title = "Docker reports {container} unhealthy (failing streak {streak})",
    cause = "The container's healthcheck keeps failing: {output}.",
    fix = { "docker inspect --format '{{json .State.Health}}' {container}", "docker exec {container} openclaw doctor" },
    meaning = "The container's own healthcheck keeps failing. Medium, 0.7.",
    detected = '`state.health.status = "unhealthy"` with its failing streak and last output (e.g. `curl: not '
      .. "found`).",
    fix_doc = "`docker inspect --format '{{json .State.Health}}' NAME`, `docker exec NAME openclaw doctor`.",
    source = "seed",
  },
}
