#!/usr/bin/env bash
# The finding catalog (runbooks/knowledge/) is the one source: docs/findings.md is what `clawbook docs --findings`
# generates from it today, the shipped runbooks lint clean against it, and `clawbook lint` refuses a runbook that
# raises an id the catalog lacks or does not list. Usage: finding_catalog_test.sh CLAWBOOK SOURCE_DIR
set -euo pipefail
clawbook=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CLAWBOOK_PATH=

fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. docs/findings.md is current.
"$clawbook" docs --findings "$tmp/findings.md" >/dev/null
diff -u "$src/docs/findings.md" "$tmp/findings.md" >"$tmp/diff" ||
  { cat "$tmp/diff" >&2; fail "docs/findings.md is stale: run clawbook docs --findings docs/findings.md"; }

# 2. The shipped runbooks raise only catalog ids.
"$clawbook" lint "$src/runbooks" 2>"$tmp/lint.err" >"$tmp/lint.out" || { cat "$tmp/lint.out" >&2; fail "lint"; }

# 3. A tree with a catalog: an unknown id, and a raised id missing from `findings`, are lint problems.
mkdir -p "$tmp/tree/lib" "$tmp/tree/knowledge" "$tmp/tree/team"
cat >"$tmp/tree/knowledge/index.lua" <<'LUA'
return { page = "# Findings\n", areas = { "team" }, sections = { { heading = "## Team", area = "team" } } }
LUA
cat >"$tmp/tree/knowledge/team.lua" <<'LUA'
return {
  { id = "team.known", severity = "low", title = "Known", meaning = "A known finding.", source = "report" },
  { id = "team.other", severity = "low", title = "Other", meaning = "Another one.", source = "report" },
}
LUA
cat >"$tmp/tree/team/check.lua" <<'LUA'
local knowledge = require("lib.knowledge")
return {
  id = "team.check", version = "1.0.0", engine = "^1", title = "Check", capabilities = {},
  findings = { "team.known", "team.unknown" },
  run = function(ctx)
    knowledge.raise(ctx, nil, "team.other", {})
  end,
}
LUA
if "$clawbook" lint "$tmp/tree" >"$tmp/tree.out" 2>/dev/null; then fail "lint passed a runbook with unknown ids"; fi
grep -q "check.lua:4: finding team.unknown is not in the catalog" "$tmp/tree.out" ||
  { cat "$tmp/tree.out" >&2; fail "the unknown listed id is not named"; }
grep -q "check.lua:6: raises finding team.other without listing it in \`findings\`" "$tmp/tree.out" ||
  { cat "$tmp/tree.out" >&2; fail "the unlisted raised id is not named"; }
sed -i 's/"team.unknown"/"team.other"/; s/"team.other", {}/"team.missing", {}/' "$tmp/tree/team/check.lua"
if "$clawbook" lint "$tmp/tree" >"$tmp/tree.out" 2>/dev/null; then fail "lint passed a raise of an unknown id"; fi
grep -q "raises finding team.missing, which is not in the catalog" "$tmp/tree.out" ||
  { cat "$tmp/tree.out" >&2; fail "the unknown raised id is not named"; }
echo "finding catalog: docs current, lint enforces the catalog"
