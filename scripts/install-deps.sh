#!/usr/bin/env bash
# Installs the Debian packages clawbook builds and tests with. Idempotent: only missing packages are installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  liblua5.4-dev libboost1.81-dev libssl-dev nlohmann-json3-dev catch2 libcli11-dev
  # tests: the Lua lint (luacheck; StyLua comes from npm) and the peers' installers and probes
  lua-check npm curl
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
