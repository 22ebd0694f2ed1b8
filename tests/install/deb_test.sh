#!/usr/bin/env bash
# The .deb: built by CPack from the build directory, its dependencies computed by dpkg-shlibdeps, installed for
# real with dpkg -i (as root), then the installed /usr/bin/clawbook runs a triage from /usr/share/clawbook, and
# the package is removed again. Skips (77) when not root or dpkg is missing.
#   tests/install/deb_test.sh BUILD_DIR
set -euo pipefail
build="$(cd "$1" && pwd)"
fail() { echo "deb_test: FAIL: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "deb_test: skipped: dpkg -i needs root"; exit 77; }
command -v dpkg >/dev/null && command -v cpack >/dev/null || { echo "deb_test: skipped: no dpkg or cpack"; exit 77; }
if dpkg-query -W -f='${Status}' clawbook 2>/dev/null | grep -q "install ok installed"; then
  echo "deb_test: skipped: a clawbook package is already installed here; not touching it"
  exit 77
fi

(cd "$build" && cpack -G DEB >/dev/null) || fail "cpack -G DEB failed"
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
deb="$build/clawbook_${version}_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || fail "no $deb"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libssl3 liblua5.4; do
  [[ "$depends" == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
echo "deb_test: $(basename "$deb"): Depends: $depends"

report=$(mktemp)
trap 'dpkg -r clawbook >/dev/null 2>&1 || true; rm -f "$report"' EXIT
dpkg -i "$deb" >/dev/null || fail "dpkg -i failed"
[ -x /usr/bin/clawbook ] || fail "/usr/bin/clawbook not installed"
[ -f /usr/share/man/man1/clawbook.1.gz ] || fail "no man page"
[ -f /usr/share/bash-completion/completions/clawbook ] || fail "no bash completion"
cd /
set +e
CLAWBOOK_PATH= /usr/bin/clawbook run openclaw.triage --format json --timeout 30 > "$report"
code=$?
set -e
[ "$code" -eq 0 ] || [ "$code" -eq 1 ] || fail "installed triage exited $code"
python3 - "$report" <<'PY' || fail "installed triage wrote no valid report"
import json, sys
report = json.load(open(sys.argv[1]))
assert report["runbook"]["id"] == "openclaw.triage", report["runbook"]
assert report["runbook"]["path"] == "/usr/share/clawbook/runbooks/openclaw/triage.lua", report["runbook"]["path"]
assert report["verdict"] in ("healthy", "problems"), report["verdict"]
assert report["findings"] or report["verdict"] == "healthy"
PY
echo "deb_test: installed triage ran from /usr/share/clawbook (exit $code, verdict in report)"
dpkg -r clawbook >/dev/null || fail "dpkg -r failed"
[ ! -e /usr/bin/clawbook ] || fail "/usr/bin/clawbook left after dpkg -r"
trap 'rm -f "$report"' EXIT
echo "deb_test: removed cleanly"
