#!/usr/bin/env bash
# nginx (Debian's package) for the proxy tests, taken from the package without installing it: installing it would
# enable and start a web server on port 80. Each test runs its own nginx on a loopback port with its own config,
# prefix and error log, and stops it by PID.
#
#   nginx.sh install      `apt-get download nginx` into a temp dir, `dpkg-deb -x` it there and keep only
#                         usr/sbin/nginx as $PEERS/nginx/bin/nginx (idempotent: reused when present)
#   nginx.sh path         print that path; exit 1 (with a message) when not installed
#
# $PEERS = ${CLAWBOOK_PEERS_DIR:-/var/cache/clawbook-peers}, outside the repository so it survives clean clones.
set -euo pipefail

PEERS="${CLAWBOOK_PEERS_DIR:-/var/cache/clawbook-peers}"
NGINX_BIN="$PEERS/nginx/bin/nginx"

die() { echo "nginx.sh: $*" >&2; exit 1; }

cmd_install() {
  [ -x "$NGINX_BIN" ] && return 0
  local tmp sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' RETURN
  echo "nginx.sh: downloading Debian's nginx package (not installing it)" >&2
  (cd "$tmp" && apt-get download -qq nginx >/dev/null 2>&1) || {
    $sudo apt-get update -qq
    (cd "$tmp" && apt-get download -qq nginx >/dev/null)
  }
  dpkg-deb -x "$tmp"/nginx_*.deb "$tmp/root"
  [ -x "$tmp/root/usr/sbin/nginx" ] || die "the package has no usr/sbin/nginx"
  mkdir -p "$(dirname "$NGINX_BIN")"
  install -m 0755 "$tmp/root/usr/sbin/nginx" "$NGINX_BIN.new"
  "$NGINX_BIN.new" -v 2>/dev/null || die "the extracted nginx does not run (missing libraries?)"
  mv "$NGINX_BIN.new" "$NGINX_BIN"
  echo "nginx.sh: installed $("$NGINX_BIN" -v 2>&1) at $NGINX_BIN" >&2
}

case "${1:-}" in
  install) cmd_install ;;
  path) [ -x "$NGINX_BIN" ] || die "not installed (run: scripts/peers/nginx.sh install)"; echo "$NGINX_BIN" ;;
  *) die "usage: nginx.sh install|path" ;;
esac
