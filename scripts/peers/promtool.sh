#!/usr/bin/env bash
# promtool (Prometheus' rule and exposition checker) for the integration tests, taken from Debian's `prometheus`
# package without installing it: installing the package would enable and start a Prometheus server.
#
#   promtool.sh install      `apt-get download prometheus` into a temp dir, `dpkg-deb -x` it there and keep only
#                            usr/bin/promtool as $PEERS/promtool/bin/promtool (idempotent: reused when present)
#   promtool.sh installed    exit 0 when install has completed
#   promtool.sh path         print $PEERS/promtool/bin/promtool; exit 1 (with a message) when not installed
#
# $PEERS = ${CLAWBOOK_PEERS_DIR:-/var/cache/clawbook-peers}, outside the repository so it survives clean clones.
set -euo pipefail

PEERS="${CLAWBOOK_PEERS_DIR:-/var/cache/clawbook-peers}"
PROMTOOL_DIR="$PEERS/promtool"
PROMTOOL_BIN="$PROMTOOL_DIR/bin/promtool"
MARKER="$PROMTOOL_DIR/.installed"

die() { echo "promtool.sh: $*" >&2; exit 1; }

cmd_installed() {
  [ -f "$MARKER" ] && [ -x "$PROMTOOL_BIN" ]
}

# apt-get download needs current package lists; refresh them once when the first attempt fails.
download_package() {
  local dir=$1
  (cd "$dir" && apt-get download -qq prometheus >/dev/null 2>&1) && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "promtool.sh: apt-get download failed; running apt-get update" >&2
  $sudo apt-get update -qq >/dev/null
  (cd "$dir" && apt-get download -qq prometheus >/dev/null) || die "apt-get download prometheus failed"
}

cmd_install() {
  cmd_installed && return 0
  command -v apt-get >/dev/null || die "apt-get not found (Debian or Ubuntu needed)"
  command -v dpkg-deb >/dev/null || die "dpkg-deb not found"
  mkdir -p "$PROMTOOL_DIR/bin"
  # Two test runs may install at once: the second waits, then finds the work done.
  exec 9>"$PROMTOOL_DIR/install.lock"
  flock -w 600 9 || die "another install holds $PROMTOOL_DIR/install.lock"
  cmd_installed && return 0

  local work
  work=$(mktemp -d)
  # shellcheck disable=SC2064  # expand now: $work is local
  trap "rm -rf '$work'" EXIT
  # As root, apt drops to the _apt user to download; it must be able to write here.
  chmod 755 "$work"
  echo "promtool.sh: downloading Debian's prometheus package (not installing it)" >&2
  download_package "$work"
  local deb
  deb=$(find "$work" -maxdepth 1 -name 'prometheus_*.deb' | head -n 1)
  [ -n "$deb" ] || die "apt-get download left no prometheus_*.deb in $work"
  local version
  version=$(dpkg-deb -f "$deb" Version)
  dpkg-deb -x "$deb" "$work/root"
  [ -f "$work/root/usr/bin/promtool" ] || die "prometheus $version has no usr/bin/promtool"
  install -m 0755 "$work/root/usr/bin/promtool" "$PROMTOOL_BIN.tmp"
  "$PROMTOOL_BIN.tmp" --version >/dev/null 2>&1 || die "the extracted promtool does not run"
  mv -f "$PROMTOOL_BIN.tmp" "$PROMTOOL_BIN"
  echo "prometheus $version" >"$MARKER"
  echo "promtool.sh: installed promtool from prometheus $version at $PROMTOOL_BIN" >&2
}

cmd_path() {
  cmd_installed || die "not installed; run: $0 install"
  echo "$PROMTOOL_BIN"
}

case "${1:-}" in
  install) shift; cmd_install "$@" ;;
  installed) cmd_installed ;;
  path) cmd_path ;;
  *) sed -n '2,10p' "$0" >&2; exit 2 ;;
esac
