#!/usr/bin/env bash
# The format check (ctest format:sources): C++ with clang-format and .clang-format, Lua outside runbooks/ with
# StyLua and stylua.toml (runbooks/ is checked by scripts/lint-lua.sh with luacheck).
#   scripts/check-format.sh              check every tracked source except those in .format-pending
#   scripts/check-format.sh FILE...      check these files
#   scripts/check-format.sh --fix FILE...  reformat these files in place (then drop them from .format-pending)
# .format-pending lists files written before .clang-format existed and not yet reformatted, so that the check
# could start without rewriting every file under the other branches in flight. A file leaves the list when it
# is reformatted (one `--fix` on it, committed alone); new files are checked from the start.
# Exits 0 when clean, 1 with the tools' diff otherwise, 77 (ctest: skipped) when clang-format is missing.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
stylua="${CLAWBOOK_PEERS_DIR:-/var/cache/clawbook-peers}/stylua/node_modules/.bin/stylua"
clang_format=$(command -v clang-format || command -v clang-format-14 || true)

fix=0
if [ "${1:-}" = "--fix" ]; then
  fix=1
  shift
fi

if [ $# -gt 0 ]; then
  files=("$@")
else
  # Tracked files when this is a git checkout, else everything under the source rooms (a tarball).
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -t all < <(git ls-files -- '*.cpp' '*.hpp' '*.lua' | grep -v -e '^runbooks/' -e '/fixtures/' -e '^fuzz/corpus/')
  else
    mapfile -t all < <(find bench bindings bundle cli common engine fleet fuzz include lab tests -type f \
      \( -name '*.cpp' -o -name '*.hpp' -o -name '*.lua' \) -not -path '*/fixtures/*' -not -path 'fuzz/corpus/*' | sort)
  fi
  pending=()
  [ -f .format-pending ] && mapfile -t pending < <(grep -v -e '^#' -e '^$' .format-pending)
  files=()
  for f in "${all[@]}"; do
    skip=0
    for p in "${pending[@]}"; do [ "$f" = "$p" ] && skip=1 && break; done
    [ $skip -eq 0 ] && [ -f "$f" ] && files+=("$f")
  done
fi

cpp=()
lua=()
for f in "${files[@]}"; do
  case "$f" in
    *.cpp | *.hpp | *.h) cpp+=("$f") ;;
    *.lua) lua+=("$f") ;;
  esac
done

if [ -z "$clang_format" ]; then
  echo "format: skipped, clang-format is not installed (scripts/install-deps.sh installs it)"
  exit 77
fi

failed=0
if [ ${#cpp[@]} -gt 0 ]; then
  if [ $fix -eq 1 ]; then
    "$clang_format" -i --style=file "${cpp[@]}"
  elif ! "$clang_format" --dry-run --Werror --style=file "${cpp[@]}"; then
    failed=1
  fi
fi
lua_note=""
if [ ${#lua[@]} -gt 0 ]; then
  if [ ! -x "$stylua" ]; then
    lua_note=" (Lua not checked: no StyLua at $stylua; scripts/lint-lua.sh installs it)"
  elif [ $fix -eq 1 ]; then
    "$stylua" --config-path stylua.toml "${lua[@]}"
  elif ! "$stylua" --config-path stylua.toml --check "${lua[@]}"; then
    failed=1
  fi
fi

if [ $failed -ne 0 ]; then
  echo "format: failed; reformat with scripts/check-format.sh --fix FILE..."
  exit 1
fi
[ $fix -eq 1 ] || echo "format: ${#cpp[@]} C++ and ${#lua[@]} Lua files clean$lua_note"
