#!/usr/bin/env bash
# A private, real Docker engine for tests (facts: REAL-PEERS.md section 2). It touches no host network: no
# iptables rules, no bridge; containers run with `--network host` or `--network none` only.
#
#   dockerd.sh install         apt-get docker.io + busybox-static (idempotent)
#   dockerd.sh start [DIR]     start dockerd with its data, exec root, pidfile and socket under DIR (unless it is
#                              already running there), wait for /_ping, import clawbook-test/busybox:1 if missing,
#                              print the socket path. Exit 0; stderr says "started PID" or "running PID".
#   dockerd.sh status [DIR]    exit 0 and print the PID when the daemon of DIR is running
#   dockerd.sh stop [DIR]      remove every container of that daemon, then SIGTERM (SIGKILL after 15 s) its PID;
#                              then its containerd and shims if they outlived it, and the mounts it left under DIR
#   dockerd.sh stop-all        stop [DIR] for the default DIR (what test-peers.sh runs after the suite)
#   dockerd.sh leftovers [DIR] print any process or mount of the daemon of DIR; exit 1 when there is one
#   dockerd.sh docker [DIR] -- ARGS...   the docker CLI pointed at DIR's socket (test setup only)
#
# DIR defaults to $PEERS/dockerd, $PEERS = ${CLAWBOOK_PEERS_DIR:-/var/cache/clawbook-peers}: outside the repository,
# so the image and data root survive between runs and CI reuses them.
set -euo pipefail

PEERS="${CLAWBOOK_PEERS_DIR:-/var/cache/clawbook-peers}"
IMAGE="clawbook-test/busybox:1"

die() { echo "dockerd.sh: $*" >&2; exit 1; }

# The CLI that came with docker.io matches the daemon's API; any other docker CLI negotiates down.
docker_cli() {
  local dir=$1; shift
  local cli=/usr/bin/docker
  [ -x "$cli" ] || cli=$(command -v docker) || die "no docker CLI (run: dockerd.sh install)"
  "$cli" -H "unix://$dir/docker.sock" "$@"
}

cmd_install() {
  local missing=()
  for p in docker.io busybox-static; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "dockerd.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  }
}

running_pid() {
  local dir=$1 pid
  [ -f "$dir/dockerd.pid" ] || return 1
  pid=$(cat "$dir/dockerd.pid")
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  # A recycled PID must not be mistaken for our daemon.
  grep -q "dockerd" "/proc/$pid/comm" 2>/dev/null || return 1
  echo "$pid"
}

ping_ok() {
  local dir=$1
  [ -S "$dir/docker.sock" ] || return 1
  curl -sf --max-time 2 --unix-socket "$dir/docker.sock" http://localhost/_ping >/dev/null 2>&1 && return 0
  # curl may be absent: the CLI answers too.
  docker_cli "$dir" version --format '{{.Server.APIVersion}}' >/dev/null 2>&1
}

# A rootfs holding only busybox-static and its applet links: enough for sh, httpd, sleep, env.
import_image() {
  local dir=$1
  docker_cli "$dir" image inspect "$IMAGE" >/dev/null 2>&1 && return 0
  local busybox=/bin/busybox
  file -L "$busybox" 2>/dev/null | grep -q "statically linked" || busybox=/usr/bin/busybox
  [ -x "$busybox" ] || die "no busybox (run: dockerd.sh install)"
  local rootfs
  rootfs=$(mktemp -d)
  mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev" "$rootfs/www"
  cp "$busybox" "$rootfs/bin/busybox"
  for applet in $("$busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  echo "clawbook test page" >"$rootfs/www/index.html"
  tar -C "$rootfs" -cf - . | docker_cli "$dir" import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' - "$IMAGE" >/dev/null
  rm -rf "$rootfs"
}

cmd_start() {
  local dir=${1:-$PEERS/dockerd} pid
  command -v dockerd >/dev/null || die "dockerd not installed (run: dockerd.sh install)"
  mkdir -p "$dir"
  exec 9>"$dir/start.lock"
  flock -w 120 9 || die "another start holds $dir/start.lock"
  if pid=$(running_pid "$dir"); then
    echo "dockerd.sh: running $pid" >&2
  else
    rm -f "$dir/docker.sock" "$dir/dockerd.pid"
    mkdir -p "$dir/data" "$dir/exec"
    setsid dockerd --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs \
      --data-root="$dir/data" --exec-root="$dir/exec" --pidfile="$dir/dockerd.pid" \
      -H "unix://$dir/docker.sock" >"$dir/dockerd.log" 2>&1 </dev/null 9>&- &
    local launcher=$!
    for _ in $(seq 1 300); do
      ping_ok "$dir" && break
      kill -0 "$launcher" 2>/dev/null || { tail -20 "$dir/dockerd.log" >&2; die "dockerd exited during start"; }
      sleep 0.1
    done
    ping_ok "$dir" || { tail -20 "$dir/dockerd.log" >&2; kill "$launcher" 2>/dev/null; die "no /_ping answer in 30 s"; }
    pid=$(running_pid "$dir") || pid=$launcher
    echo "dockerd.sh: started $pid" >&2
  fi
  import_image "$dir"
  echo "$dir/docker.sock"
}

cmd_status() {
  local dir=${1:-$PEERS/dockerd}
  running_pid "$dir"
}

# Processes of the daemon of DIR, by command line: dockerd, its containerd and the shims (they name DIR's exec root).
peer_processes() {
  local dir=$1 p cmd prog
  for p in /proc/[0-9]*; do
    { cmd=$(tr '\0' ' ' <"$p/cmdline"); } 2>/dev/null || continue
    prog=${cmd%% *}
    case "${prog##*/}" in dockerd|containerd|containerd-shim*) ;; *) continue ;; esac
    case "$cmd" in *"$dir"*) echo "${p#/proc/} ${cmd:0:160}" ;; esac
  done
}

# Mounts under DIR in this mount namespace (the data root's bind mount, netns files), deepest first.
peer_mounts() {
  local dir=$1
  awk -v d="$dir" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r
}

cmd_leftovers() {
  local dir=${1:-$PEERS/dockerd} left
  left=$( { peer_processes "$dir" | sed 's/^/process /'; peer_mounts "$dir" | sed 's/^/mount /'; } )
  [ -z "$left" ] && return 0
  echo "$left"
  return 1
}

# After the daemon: what it should have taken down with it (containerd, shims, mounts), by PID and path.
cleanup_after() {
  local dir=$1 pid _rest m
  while read -r pid _rest; do
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
  done < <(peer_processes "$dir")
  for _ in $(seq 1 50); do [ -z "$(peer_processes "$dir")" ] && break; sleep 0.1; done
  while read -r pid _rest; do
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
  done < <(peer_processes "$dir")
  for m in $(peer_mounts "$dir"); do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || echo "dockerd.sh: could not unmount $m" >&2
  done
}

cmd_stop() {
  local dir=${1:-$PEERS/dockerd} pid
  pid=$(running_pid "$dir") || { cleanup_after "$dir"; echo "dockerd.sh: not running" >&2; return 0; }
  local ids
  ids=$(docker_cli "$dir" ps -aq 2>/dev/null || true)
  [ -z "$ids" ] || docker_cli "$dir" rm -f $ids >/dev/null 2>&1 || true
  kill -TERM "$pid"
  for _ in $(seq 1 150); do
    [ -d "/proc/$pid" ] || break
    sleep 0.1
  done
  if [ -d "/proc/$pid" ]; then
    echo "dockerd.sh: dockerd $pid ignored SIGTERM, sending SIGKILL" >&2
    kill -KILL "$pid"
  fi
  cleanup_after "$dir"
  echo "dockerd.sh: stopped $pid" >&2
}

cmd_docker() {
  local dir=$PEERS/dockerd
  if [ $# -gt 0 ] && [ "$1" != "--" ]; then dir=$1; shift; fi
  [ "${1:-}" = "--" ] && shift
  docker_cli "$dir" "$@"
}

case "${1:-}" in
  install) shift; cmd_install "$@" ;;
  start) shift; cmd_start "$@" ;;
  status) shift; cmd_status "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  stop-all) cmd_stop ;;
  leftovers) shift; cmd_leftovers "$@" ;;
  docker) shift; cmd_docker "$@" ;;
  *) sed -n '2,18p' "$0" >&2; exit 2 ;;
esac
