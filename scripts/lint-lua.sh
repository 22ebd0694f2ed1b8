#!/usr/bin/env bash
# Lints the shipped Lua (runbooks/): luacheck with .luacheckrc and StyLua's format check with stylua.toml.
#   luacheck: Debian package lua-check, installed when missing.
#   StyLua:   npm package @johnnymorganz/stylua-bin (the binary ships inside it), pinned below, installed once into
#             $CLAWBOOK_PEERS_DIR/stylua (default /var/cache/clawbook-peers/stylua), outside the clone.
# Idempotent. Quiet on success: one line "lua lint: N files clean". On a violation prints the tools' output and
# exits 1. Reformat with: "$CLAWBOOK_PEERS_DIR/stylua/node_modules/.bin/stylua" runbooks
set -euo pipefail

STYLUA_VERSION=2.5.2
root=$(cd "$(dirname "$0")/.." && pwd)
peers="${CLAWBOOK_PEERS_DIR:-/var/cache/clawbook-peers}"
stylua_prefix="$peers/stylua"
stylua="$stylua_prefix/node_modules/.bin/stylua"

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

apt_install() {
  echo "lint-lua: installing $*" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

command -v luacheck >/dev/null || apt_install lua-check

if [ "$("$stylua" --version 2>/dev/null)" != "stylua $STYLUA_VERSION" ]; then
  command -v npm >/dev/null || apt_install npm
  echo "lint-lua: installing @johnnymorganz/stylua-bin@$STYLUA_VERSION into $stylua_prefix" >&2
  mkdir -p "$stylua_prefix"
  npm install --no-audit --no-fund --loglevel=error --save-exact --prefix "$stylua_prefix" \
    "@johnnymorganz/stylua-bin@$STYLUA_VERSION" >&2
  if [ "$("$stylua" --version 2>/dev/null)" != "stylua $STYLUA_VERSION" ]; then
    echo "lint-lua: $stylua does not run as StyLua $STYLUA_VERSION" >&2
    exit 2
  fi
fi

cd "$root"
failed=0
if ! out=$(luacheck --no-color --codes runbooks 2>&1); then
  printf '%s\n' "$out"
  failed=1
fi
if ! out=$("$stylua" --config-path stylua.toml --check runbooks 2>&1); then
  printf 'stylua --check runbooks:\n%s\n' "$out"
  failed=1
fi
if [ "$failed" -ne 0 ]; then
  echo "lua lint: failed (luacheck and/or stylua above)"
  exit 1
fi
echo "lua lint: $(find runbooks -name '*.lua' -type f | wc -l) files clean"
