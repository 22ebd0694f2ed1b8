#!/usr/bin/env bash
# The Prometheus integration: integrations/prometheus/clawbook.rules.yml and `clawbook run --format prometheus`.
#
#   tests/integrations/prometheus_test.sh CLAWBOOK_BINARY
#
# (a) `promtool check rules` accepts the rules, and `promtool test rules` (a test file written here) shows each
#     alert firing when it should and not before;
# (b) `run openclaw.preflight --format prometheus -o FILE` (exit 0 or 1) writes exposition text that
#     `promtool check metrics` accepts without a lint problem and that keeps the contract: HELP and TYPE gauge
#     before every family, no sample timestamps, runbook="openclaw.preflight" on every sample, exactly one
#     verdict at 1, all five severities counted, findings and verdict equal to the same run's JSON report, no
#     temp file left behind, the file readable by node_exporter's user;
# (c) writing over an existing file replaces it by rename (the old inode, kept by a hard link, is untouched).
# Exit 0 on success, 77 (skip) when promtool is missing (scripts/peers/promtool.sh install), 1 with a one-line
# reason on a failure. The runbook sees an empty HOME, so the result does not depend on this machine's OpenClaw.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RULES="$ROOT/integrations/prometheus/clawbook.rules.yml"
RUNBOOK="openclaw.preflight"

fail() { echo "prometheus_test: FAIL: $*" >&2; exit 1; }
skip() { echo "prometheus_test: SKIPPED: $*" >&2; exit 77; }

binary="${1:-}"
[ -n "$binary" ] || { echo "usage: $0 CLAWBOOK_BINARY" >&2; exit 2; }
[ -x "$binary" ] || fail "no clawbook binary at $binary"
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"

promtool=$("$ROOT/scripts/peers/promtool.sh" path 2>/dev/null) || promtool=$(command -v promtool) ||
  skip "promtool not found (run: scripts/peers/promtool.sh install)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ---------------------------------------------------------------------------------------------------------- (a)
"$promtool" check rules "$RULES" >"$work/check-rules.out" 2>&1 ||
  { cat "$work/check-rules.out" >&2; fail "promtool check rules rejects $RULES"; }

# Times are minutes from 0; the series are sampled every minute. h1 has problems, a critical and a medium finding
# and a fresh timestamp; h2 ends in error and its last run was at time 0.
cat >"$work/rules-test.yml" <<EOF
rule_files:
  - $RULES
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'clawbook_verdict{instance="h1",job="node",runbook="openclaw.triage",verdict="problems"}'
        values: '1x40'
      - series: 'clawbook_verdict{instance="h1",job="node",runbook="openclaw.triage",verdict="healthy"}'
        values: '0x40'
      - series: 'clawbook_verdict{instance="h1",job="node",runbook="openclaw.triage",verdict="error"}'
        values: '0x40'
      - series: 'clawbook_verdict{instance="h2",job="node",runbook="openclaw.preflight",verdict="error"}'
        values: '1x40'
      - series: 'clawbook_verdict{instance="h2",job="node",runbook="openclaw.preflight",verdict="problems"}'
        values: '0x40'
      - series: 'clawbook_finding{instance="h1",job="node",runbook="openclaw.triage",id="gateway.not-running",severity="critical"}'
        values: '2x40'
      - series: 'clawbook_finding{instance="h1",job="node",runbook="openclaw.triage",id="config.invalid",severity="medium"}'
        values: '1x40'
      - series: 'clawbook_last_run_timestamp_seconds{instance="h1",job="node",runbook="openclaw.triage"}'
        values: '0+60x40'
      - series: 'clawbook_last_run_timestamp_seconds{instance="h2",job="node",runbook="openclaw.preflight"}'
        values: '0x40'
    alert_rule_test:
      - eval_time: 14m
        alertname: ClawbookRunbookProblems
      - eval_time: 16m
        alertname: ClawbookRunbookProblems
        exp_alerts:
          - exp_labels: { severity: warning, instance: h1, job: node, runbook: openclaw.triage, verdict: problems }
            exp_annotations:
              summary: "clawbook openclaw.triage reports problems on h1"
              description: >-
                The last runs of openclaw.triage on h1 ended with the verdict "problems" for 15 minutes. The
                findings are in clawbook_finding{runbook="openclaw.triage"}; run \`clawbook run openclaw.triage\`
                on the host for the causes and fixes.
      - eval_time: 9m
        alertname: ClawbookRunbookError
      - eval_time: 11m
        alertname: ClawbookRunbookError
        exp_alerts:
          - exp_labels: { severity: warning, instance: h2, job: node, runbook: openclaw.preflight, verdict: error }
            exp_annotations:
              summary: "clawbook openclaw.preflight fails to run on h2"
              description: >-
                openclaw.preflight ended in a runbook error for 10 minutes on h2. Run \`clawbook run
                openclaw.preflight -v\` there (or \`journalctl -u clawbook-preflight.service\`) to see why.
      - eval_time: 4m
        alertname: ClawbookSevereFinding
      - eval_time: 6m
        alertname: ClawbookSevereFinding
        exp_alerts:
          - exp_labels:
              severity: critical
              finding_severity: critical
              instance: h1
              job: node
              runbook: openclaw.triage
              id: gateway.not-running
            exp_annotations:
              summary: "critical finding gateway.not-running from openclaw.triage on h1"
              description: >-
                clawbook openclaw.triage raised the critical finding gateway.not-running on h1. \`clawbook run
                openclaw.triage\` there prints its cause, evidence and fix; docs/findings.md describes every
                finding id.
      - eval_time: 19m
        alertname: ClawbookRunStale
      - eval_time: 22m
        alertname: ClawbookRunStale
        exp_alerts:
          - exp_labels: { severity: warning, instance: h2, job: node, runbook: openclaw.preflight }
            exp_annotations:
              summary: "clawbook openclaw.preflight has not run on h2 for 22m 0s"
              description: >-
                The last run of openclaw.preflight on h2 finished 22m 0s ago (expected every 5 minutes). Check
                \`systemctl list-timers clawbook-preflight.timer\` and \`systemctl status
                clawbook-preflight.service\` there.
EOF
"$promtool" test rules "$work/rules-test.yml" >"$work/test-rules.out" 2>&1 ||
  { cat "$work/test-rules.out" >&2; fail "promtool test rules: an alert of $RULES fires wrongly (output above)"; }
echo "prometheus_test: (a) rules pass promtool check rules and the alert tests"

# ---------------------------------------------------------------------------------------------------------- (b)
mkdir -p "$work/home" "$work/out1" "$work/out2"
# The runbook must not see this machine's OpenClaw: an empty home, no OpenClaw variables.
run_preflight() {
  env -u OPENCLAW_STATE_DIR -u OPENCLAW_CONFIG_PATH -u OPENCLAW_HOME -u OPENCLAW_PROFILE \
    -u OPENCLAW_GATEWAY_PORT -u OPENCLAW_GATEWAY_TOKEN -u CLAWBOOK_PATH HOME="$work/home" \
    "$binary" run "$RUNBOOK" "$@"
}
# Exit 0 (no finding at or above --fail-on) and 1 (findings) are both results; anything else is not.
expect_result() {
  local code=$1 what=$2
  [ "$code" -eq 0 ] || [ "$code" -eq 1 ] || {
    sed -n '1,20p' "$work/stderr" >&2
    [ "$code" -ne 64 ] || fail "$what exited 64 (usage error): does this binary have --format prometheus?"
    fail "$what exited $code, expected 0 or 1"
  }
}

prom="$work/out1/clawbook_openclaw_preflight.prom"
before=$(date +%s)
code=0
(umask 022 && run_preflight --format prometheus -o "$prom") >"$work/stdout" 2>"$work/stderr" || code=$?
after=$(date +%s)
expect_result "$code" "run $RUNBOOK --format prometheus -o FILE"
[ -s "$prom" ] || fail "run --format prometheus -o FILE left no file (or an empty one) at FILE"
[ ! -s "$work/stdout" ] || fail "run --format prometheus -o FILE also printed to stdout"

# promtool check metrics lints exposition text: exit 0 means it parsed and found no lint problem.
"$promtool" check metrics <"$prom" >"$work/check-metrics.out" 2>&1 ||
  { cat "$work/check-metrics.out" >&2; fail "promtool check metrics rejects the file (problems above)"; }

# The only file beside FILE is FILE: the temp file of the atomic write was renamed, not left.
leftovers=$(find "$work/out1" -mindepth 1 ! -name "$(basename "$prom")" -printf '%f ')
[ -z "$leftovers" ] || fail "files left beside FILE: $leftovers"

# node_exporter reads the file as its own user: a private temp file (mkstemp's 0600) renamed as is would not do.
mode=$(stat -c %a "$prom")
[ $((8#$mode & 8#044)) -eq $((8#044)) ] || fail "FILE has mode $mode under umask 022; node_exporter cannot read it"

# The contract, line by line. awk prints one reason and exits 1 at the first violation.
awk -v runbook="$RUNBOOK" -v before="$before" -v after="$after" '
  function bad(why) { print "line " NR ": " why; failed = 1; exit 1 }
  /^# HELP / { help[$3] = 1; next }
  /^# TYPE / { type[$3] = $4; if ($4 != "gauge") bad($3 " has TYPE " $4 ", not gauge"); next }
  /^#/ || /^[[:space:]]*$/ { next }
  {
    name = $0; sub(/[{ ].*/, "", name)
    value = $NF
    rest = $0; sub(/^[^{ ]+(\{.*\})?[ ]+/, "", rest)
    if (rest ~ /[ \t]/) bad("sample with a timestamp (the textfile collector refuses them): " $0)
    if (!(name in help)) bad("sample of " name " before its # HELP line")
    if (!(name in type)) bad("sample of " name " before its # TYPE line")
    if (index($0, "runbook=\"" runbook "\"") == 0) bad("sample without runbook=\"" runbook "\": " $0)
    if (name !~ /^clawbook_/) bad("metric outside the clawbook_ namespace: " name)
    count[name]++
    if (name == "clawbook_verdict") {
      if (!match($0, /verdict="[a-z]+"/)) bad("clawbook_verdict without a verdict label")
      v = substr($0, RSTART + 9, RLENGTH - 10)
      if (v != "healthy" && v != "problems" && v != "error") bad("unknown verdict " v)
      if (seen_verdict[v]++) bad("verdict " v " twice")
      if (value != "0" && value != "1") bad("clawbook_verdict value " value ", not 0 or 1")
      if (value == "1") { ones++; verdict = v }
    } else if (name == "clawbook_findings") {
      if (!match($0, /severity="[a-z]+"/)) bad("clawbook_findings without a severity label")
      s = substr($0, RSTART + 10, RLENGTH - 11)
      if (seen_severity[s]++) bad("clawbook_findings severity " s " twice")
      if (value !~ /^[0-9]+$/) bad("clawbook_findings count " value " is not a whole number")
      counted[s] = value
    } else if (name == "clawbook_finding") {
      if ($0 !~ /[{,]id="[^"]+"/) bad("clawbook_finding without an id label")
      if ($0 !~ /severity="(info|low|medium|high|critical)"/) bad("clawbook_finding without a known severity")
      if (value !~ /^[1-9][0-9]*$/) bad("clawbook_finding value " value ", not 1 (or the count of a repeated finding)")
    } else if (name == "clawbook_runbook_info") {
      if ($0 !~ /[{,]version="[^"]+"/) bad("clawbook_runbook_info without version")
      if ($0 !~ /engine_version="[^"]+"/) bad("clawbook_runbook_info without engine_version")
      if (value != "1") bad("clawbook_runbook_info value " value ", not 1")
    } else if (name == "clawbook_step_duration_seconds") {
      if ($0 !~ /step="[^"]*"/) bad("clawbook_step_duration_seconds without a step label")
      if (value + 0 < 0) bad("negative step duration")
    } else if (name == "clawbook_last_run_timestamp_seconds") {
      if (value + 0 < before - 1 || value + 0 > after + 1) bad("last run timestamp " value " not within the run (" before ".." after ")")
    } else if (name == "clawbook_run_duration_seconds") {
      if (value + 0 < 0) bad("negative run duration")
    }
  }
  END {
    if (failed) exit 1
    if (ones != 1) { print "clawbook_verdict has " ones + 0 " samples at 1, expected exactly one"; exit 1 }
    split("healthy problems error", verdicts, " ")
    for (i in verdicts) if (!(verdicts[i] in seen_verdict)) { print "no clawbook_verdict sample for " verdicts[i]; exit 1 }
    split("info low medium high critical", severities, " ")
    for (i in severities) if (!(severities[i] in seen_severity)) { print "no clawbook_findings sample for " severities[i]; exit 1 }
    split("clawbook_runbook_info clawbook_run_duration_seconds clawbook_last_run_timestamp_seconds", single, " ")
    for (i in single) if (count[single[i]] != 1) { print single[i] " has " count[single[i]] + 0 " samples, expected 1"; exit 1 }
    if (count["clawbook_step_duration_seconds"] < 1) { print "no clawbook_step_duration_seconds sample"; exit 1 }
  }
' "$prom" >"$work/contract.out" || fail "contract: $(head -n 1 "$work/contract.out")"

# The same run as JSON must tell the same story: verdict, findings (id and severity), counts per severity, and
# one step duration per top-level step.
if command -v python3 >/dev/null; then
  code=0
  run_preflight --format json -o "$work/report.json" >/dev/null 2>"$work/stderr" || code=$?
  expect_result "$code" "run $RUNBOOK --format json"
  python3 - "$work/report.json" "$prom" >"$work/compare.out" <<'PY' || fail "prometheus and JSON reports disagree: $(cat "$work/compare.out")"
import collections, json, re, sys
report = json.load(open(sys.argv[1]))
samples = []
for line in open(sys.argv[2]):
    if line.startswith("#") or not line.strip():
        continue
    m = re.match(r'^(\w+)(?:\{(.*)\})?\s+(\S+)', line)
    labels = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(2) or ""))
    samples.append((m.group(1), labels, float(m.group(3))))
def out(why):
    print(why)
    sys.exit(1)
verdict = [l["verdict"] for n, l, v in samples if n == "clawbook_verdict" and v == 1]
if verdict != [report["verdict"]]:
    out(f"verdict {verdict} vs JSON {report['verdict']}")
prom_findings = sorted((l["id"], l["severity"]) for n, l, v in samples if n == "clawbook_finding")
json_findings = sorted(set((f["id"], f["severity"]) for f in report["findings"]))
if prom_findings != json_findings:
    out(f"findings {prom_findings} vs JSON {json_findings}")
per_severity = collections.Counter(f["severity"] for f in report["findings"])
for n, l, v in samples:
    if n == "clawbook_findings" and v != per_severity.get(l["severity"], 0):
        out(f"clawbook_findings{{severity={l['severity']}}} {v:g} vs {per_severity.get(l['severity'], 0)} in JSON")
steps = sorted(s["title"] for s in report["steps"])
prom_steps = [l["step"].replace('\\"', '"').replace("\\\\", "\\") for n, l, v in samples
              if n == "clawbook_step_duration_seconds"]
if len(set(prom_steps)) != len(prom_steps):
    out(f"two clawbook_step_duration_seconds samples with one step label: {prom_steps}")
# A repeated title may carry a suffix (" #2") so that its series stay apart.
if sorted(t if t in steps else re.sub(r" #[0-9]+$", "", t) for t in prom_steps) != steps:
    out(f"steps {sorted(prom_steps)} vs JSON {steps}")
info = [l for n, l, v in samples if n == "clawbook_runbook_info"][0]
if info.get("version") != report["runbook"]["version"] or info.get("engine_version") != report["engine"]["version"]:
    out(f"runbook_info {info} vs JSON runbook {report['runbook']['version']} engine {report['engine']['version']}")
PY
else
  echo "prometheus_test: python3 missing: the comparison with the JSON report is not made" >&2
fi
echo "prometheus_test: (b) exposition passes promtool check metrics and the contract"

# ---------------------------------------------------------------------------------------------------------- (c)
# An in-place rewrite (open with O_TRUNC) would change the inode the hard link shares; a rename leaves it alone.
prom2="$work/out2/clawbook_openclaw_preflight.prom"
printf '# stale content of an earlier run\nclawbook_stale_marker 1\n' >"$prom2"
ln "$prom2" "$work/out2/kept-old-inode"
old_inode=$(stat -c %i "$prom2")
code=0
(umask 022 && run_preflight --format prometheus -o "$prom2") >/dev/null 2>"$work/stderr" || code=$?
expect_result "$code" "second run $RUNBOOK --format prometheus -o FILE"
[ "$(stat -c %i "$prom2")" != "$old_inode" ] || fail "FILE was rewritten in place (same inode), not replaced by rename"
grep -q '^clawbook_stale_marker 1$' "$work/out2/kept-old-inode" || fail "the old file's content changed during the write"
! grep -q clawbook_stale_marker "$prom2" || fail "FILE still holds the old content after the second write"
grep -q '^clawbook_verdict{' "$prom2" || fail "FILE has no clawbook_verdict after the second write"
"$promtool" check metrics <"$prom2" >/dev/null 2>&1 || fail "promtool check metrics rejects the rewritten file"
leftovers=$(find "$work/out2" -mindepth 1 ! -name "$(basename "$prom2")" ! -name kept-old-inode -printf '%f ')
[ -z "$leftovers" ] || fail "files left beside FILE after the second write: $leftovers"
echo "prometheus_test: (c) a second write replaces FILE atomically"
echo "prometheus_test: PASS"
