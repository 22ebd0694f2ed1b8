#!/usr/bin/env bash
# Debian's Chromium, for the test that renders a watch's HTML report in a real headless browser. The package
# starts no service; each test runs its own headless instance with a temporary profile.
#
#   chromium.sh install   apt-get install chromium (idempotent)
#   chromium.sh path      print the browser's path; exit 1 when it is not installed
set -euo pipefail

die() { echo "chromium.sh: $*" >&2; exit 1; }

cmd_install() {
  dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q "install ok installed" && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "chromium.sh: installing chromium" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 || {
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
  }
}

case "${1:-}" in
  install) cmd_install ;;
  path) command -v chromium || die "not installed (run: scripts/peers/chromium.sh install)" ;;
  *) die "usage: chromium.sh install|path" ;;
esac
