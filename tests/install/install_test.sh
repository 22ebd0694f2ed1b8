#!/usr/bin/env bash
# `cmake --install` into a throwaway prefix: the installed binary finds its shipped runbooks without flags, and
# the man page, completions, annotations and docs land where the README says.
#   tests/install/install_test.sh BUILD_DIR
set -euo pipefail
build="$(cd "$1" && pwd)"
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
fail() { echo "install_test: FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null
for path in bin/clawbook share/clawbook/runbooks/openclaw/triage.lua share/clawbook/runbooks/types/clawbook.lua \
            share/clawbook/runbooks/lib/openclaw.lua share/clawbook/integrations share/doc/clawbook/README.md \
            share/man/man1/clawbook.1.gz share/bash-completion/completions/clawbook \
            share/zsh/vendor-completions/_clawbook; do
  [ -e "$prefix/$path" ] || fail "$path is not installed"
done
echo "install_test: layout ok"

# Outside the source tree and with no search path, so only the installed runbooks can be found.
cd "$prefix"
export CLAWBOOK_PATH=
path=$("$prefix/bin/clawbook" show openclaw.triage --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["path"])')
[ "$path" = "$prefix/share/clawbook/runbooks/openclaw/triage.lua" ] || fail "triage resolved to $path, not the installed copy"
"$prefix/bin/clawbook" list --format ids | grep -qx openclaw.preflight || fail "list does not show the shipped runbooks"
set +e
"$prefix/bin/clawbook" run openclaw.preflight --format json -o "$prefix/report.json" --timeout 20
code=$?
set -e
[ "$code" -eq 0 ] || [ "$code" -eq 1 ] || fail "installed preflight exited $code"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["runbook"]["id"]=="openclaw.preflight" and r["verdict"] in ("healthy","problems"), r["verdict"]' \
  "$prefix/report.json" || fail "installed preflight wrote no valid report"
echo "install_test: the installed binary runs its installed runbooks (exit $code)"

# The man page is roff the man toolchain reads, generated from the help text.
zcat "$prefix/share/man/man1/clawbook.1.gz" | grep -q '^\.SH "EXIT STATUS"\|^\.SH EXIT STATUS' || fail "man page has no EXIT STATUS section"
zcat "$prefix/share/man/man1/clawbook.1.gz" | grep -q 'report merge' || fail "man page lacks the examples"
if command -v groff >/dev/null; then
  zcat "$prefix/share/man/man1/clawbook.1.gz" | groff -man -Tutf8 -ww -z 2>&1 | { ! grep -q .; } || fail "groff warns about the man page"
fi
echo "install_test: man page ok"

# A team keeps an edited copy of a shipped runbook (same id and version): like PATH, their directory shadows the
# installed one, with a note; `show` says so; a checkout of the runbooks beside the installed clawbook passes its
# own cases without "defined twice"; the same id and version twice in ONE directory stays an error.
user="$prefix/team-runbooks"
mkdir -p "$user"
sed 's/^  title = ".*"/  title = "the team copy"/' "$prefix/share/clawbook/runbooks/examples/hello.lua" >"$user/hello.lua"
out=$("$prefix/bin/clawbook" run example.hello --runbook-path "$user" --format json 2>"$prefix/note.txt")
echo "$out" | python3 -c 'import json,sys; r=json.load(sys.stdin); assert r["runbook"]["path"].endswith("team-runbooks/hello.lua"), r["runbook"]' \
  || fail "--runbook-path did not shadow the installed example.hello"
grep -q "note: .*team-runbooks/hello.lua shadows .*share/clawbook/runbooks/examples/hello.lua" "$prefix/note.txt" \
  || fail "no shadowing note on stderr: $(cat "$prefix/note.txt")"
CLAWBOOK_PATH="$user" "$prefix/bin/clawbook" show example.hello | grep -q "^Shadows: .*share/clawbook/runbooks/examples/hello.lua" \
  || fail "show does not name the shadowed copy"
[ "$("$prefix/bin/clawbook" list --runbook-path "$user" --format ids | grep -cx example.hello)" -eq 1 ] || fail "list shows example.hello twice"
cp -r "$prefix/share/clawbook/runbooks" "$prefix/checkout"
"$prefix/bin/clawbook" test "$prefix/checkout" >"$prefix/test.txt" 2>&1 || fail "a checkout's own cases fail beside the install: $(tail -5 "$prefix/test.txt")"
! grep -q "defined twice" "$prefix/test.txt" || fail "a checkout beside the install gives 'defined twice'"
cp "$user/hello.lua" "$user/hello-again.lua"
set +e
"$prefix/bin/clawbook" run example.hello --runbook-path "$user" >/dev/null 2>"$prefix/twice.txt"
code=$?
set -e
[ "$code" -eq 2 ] && grep -q "defined twice in one directory" "$prefix/twice.txt" || fail "two copies in one directory: exit $code, $(cat "$prefix/twice.txt")"
echo "install_test: a team copy shadows the installed runbook; a checkout's cases pass beside it; twice in one directory is an error"
