#!/usr/bin/env bash
# clawbook against a real systemd user manager and journald (scripts/peers/systemd.sh: private PID, mount and
# cgroup namespaces, never the host's) running the real OpenClaw gateway as openclaw-gateway.service
# (scripts/peers/openclaw.sh's install). clawbook runs inside the namespaces, as on a host whose user manager runs.
#
#   real_systemd_test.sh CASE CLAWBOOK_BINARY      (cases: the functions named case_* below)
#
# Exit 0 when the case passes, 77 with "SKIPPED: why" when the peer cannot run here (no namespaces, not root,
# another cgroup layout) or the gateway peer is not installed, non-zero with "FAIL: ..." otherwise. Every case
# starts its own peer in a temp dir and stops it on exit; a peer that leaves a process, mount or cgroup behind
# fails the case. The gateway answers on the host's loopback on a random free port; its token is a fake value.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEER="$ROOT/scripts/peers/systemd.sh"
OPENCLAW_PEER="$ROOT/scripts/peers/openclaw.sh"
UNIT=openclaw-gateway.service

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIPPED: $*"; exit 77; }

case_name="${1:-}"
binary="${2:-}"
[ -n "$case_name" ] && [ -n "$binary" ] || { echo "usage: $0 CASE CLAWBOOK_BINARY" >&2; exit 2; }
[ -x "$binary" ] || fail "no clawbook binary at $binary"
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
command -v python3 >/dev/null || skip "no python3 (the report checks use it)"

reason=$("$PEER" check) || skip "$reason"

work=""
started=$SECONDS
cleanup() {
  local status=$?
  if [ -n "$work" ]; then
    if ! "$PEER" stop "$work" 2>"$work.stop.err"; then
      cat "$work.stop.err" >&2
      echo "FAIL: the peer left something behind after stop" >&2
      status=1
    fi
    rm -rf "$work" "$work.stop.err"
  fi
  echo "case $case_name: $((SECONDS - started)) s" >&2
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_peer() {
  work="$(mktemp -d "${TMPDIR:-/tmp}/clawbook-systemd.XXXXXX")"
  case "$work/" in "${HOME:-/root}"/*) fail "TMPDIR lies under HOME; the peer mounts its own home over it" ;; esac
  "$PEER" start "$work" >/dev/null || fail "systemd.sh start failed"
}
inside() { "$PEER" exec "$work" "$@"; }
sctl() { inside systemctl --user --no-pager "$@"; }
prop() { sctl show -p "$2" --value "$1"; }

# clawbook inside the namespaces, as the account whose manager runs (USER/LOGNAME as a login sets them).
report=""
clawbook() {
  report="$work/report.json"
  local status=0
  inside env USER=root LOGNAME=root ${CLAWBOOK_PATH+CLAWBOOK_PATH="$CLAWBOOK_PATH"} \
    timeout 25 "$binary" "$@" >"$report" 2>"$work/report.err" || status=$?
  [ "$status" -lt 124 ] || { cat "$work/report.err" >&2; fail "clawbook $* timed out or crashed ($status)"; }
  return 0
}

# Checks on the last report with python: `expect 'PYTHON-EXPR' 'what'`; r is the report, ids its finding ids,
# f(id) the finding, step(title) the step (at any depth), text the whole report as text.
expect() {
  local status=0
  python3 - "$report" "$1" "$2" <<'EOF' || status=$?
import json, sys
path, expr, what = sys.argv[1:]
text = open(path).read()
try:
    r = json.loads(text)
except Exception as e:
    print(f"FAIL: {what}: the report is not JSON ({e})", file=sys.stderr); sys.exit(1)
ids = [x["id"] for x in r.get("findings", [])]
def f(i):
    return next((x for x in r.get("findings", []) if x["id"] == i), None)
def steps(s):
    for x in s:
        yield x
        yield from steps(x.get("steps", []))
def step(title):
    return next((x for x in steps(r.get("steps", [])) if x["title"].startswith(title)), None)
ok = False
try:
    ok = eval(expr)
except Exception as e:
    print(f"FAIL: {what}: {expr} raised {e!r}; findings {ids}", file=sys.stderr); sys.exit(1)
if not ok:
    print(f"FAIL: {what} ({expr}); findings {ids}", file=sys.stderr); sys.exit(1)
EOF
  [ $status -eq 0 ] && return 0
  echo "--- report:" >&2; head -c 6000 "$report" >&2; echo >&2
  [ -s "$report" ] || { echo "--- stderr:" >&2; head -c 3000 "$work/report.err" >&2 2>/dev/null || true; }
  exit 1
}

wait_for() {  # wait_for SECONDS WHAT COMMAND...
  local seconds=$1 what=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    [ $SECONDS -lt $deadline ] || fail "$what: not within ${seconds}s"
    sleep 0.2
  done
}

# The gateway's unit and config, as OpenClaw writes them, on a free loopback port.
port=""
token="clawbook-fake-token-$$-$RANDOM"
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
install_gateway() {
  "$OPENCLAW_PEER" installed || skip "no OpenClaw peer (run: scripts/peers/openclaw.sh install)"
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    port_free "$port" && break
  done
  "$PEER" gateway-unit "$work" "$port" "$token" >/dev/null
  sctl daemon-reload
}
unit_file() { echo "$work/home/.config/systemd/user/$UNIT"; }
drop_in() {  # drop_in NAME TEXT: a drop-in override, as `systemctl --user edit` writes one
  mkdir -p "$(unit_file).d"
  printf '[Service]\n%s\n' "$2" >"$(unit_file).d/$1.conf"
  sctl daemon-reload
}
active() { [ "$(prop $UNIT ActiveState)" = active ] && [ "$(prop $UNIT MainPID)" != 0 ]; }
ready() { curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$port/readyz" 2>/dev/null; }
failed() { [ "$(prop $UNIT ActiveState)" = failed ]; }

# --- The peer itself ---------------------------------------------------------------------------------------------

case_peer() {
  local host_init host_cgroups
  host_init=$(cat /proc/1/comm)
  host_cgroups=$(ls /sys/fs/cgroup/unified /sys/fs/cgroup/systemd | grep -v '^clawbook-systemd-' | sort)
  start_peer
  [ "$(sctl is-system-running || true)" = running ] || fail "the user manager is not running"
  # The manager sits where a booted machine has it, inside the namespace's own cgroup root.
  inside cat /proc/self/cgroup >/dev/null
  sctl status --no-pager | grep -q "/user.slice/user-0.slice/user@0.service" || fail "manager not in user@0.service"
  inside journalctl --no-pager -q | grep -q "Startup finished" || fail "the manager does not log to journald"
  inside sh -c 'ps -e -o pid= | wc -l' | awk '{ exit !($1 < 10) }' || fail "the namespace sees the host's processes"
  [ "$(cat /proc/1/comm)" = "$host_init" ] || fail "the host's PID 1 changed"
  local host_after
  host_after=$(ls /sys/fs/cgroup/unified /sys/fs/cgroup/systemd | grep -v '^clawbook-systemd-' | sort)
  [ "$host_after" = "$host_cgroups" ] || fail "the host's cgroup root changed: $(diff <(echo "$host_cgroups") <(echo "$host_after"))"
  grep -qF "$work" /proc/self/mountinfo && fail "a mount of the peer shows in the host's mount table"
  local id
  id=$(cat "$work/cgroup.id")
  "$PEER" stop "$work" 2>/dev/null || fail "stop reported leftovers"
  "$PEER" leftovers "$work" >/dev/null || fail "leftovers after stop: $("$PEER" leftovers "$work")"
  [ ! -e "/sys/fs/cgroup/unified/$id" ] && [ ! -e "/sys/fs/cgroup/systemd/$id" ] || fail "cgroup $id is left"
  "$PEER" stop "$work" 2>/dev/null || fail "a second stop failed"
  "$PEER" exec "$work" true 2>/dev/null && fail "exec works after stop"
  return 0
}

# --- The systemd binding and openclaw.systemd on the real manager ----------------------------------------------

case_binding_reads() {
  start_peer
  install_gateway
  sctl start $UNIT
  wait_for 10 "unit active" active
  local main_pid
  main_pid=$(prop $UNIT MainPID)
  clawbook run openclaw.systemd --format json
  expect "'user unit $UNIT' in step('Find the gateway units')['evidence']['units']" "the user unit is listed"
  expect "step('Read the units')['evidence']['user unit $UNIT']['active_state'] == 'active'" "ActiveState read"
  expect "step('Read the units')['evidence']['user unit $UNIT']['sub_state'] == 'running'" "SubState read"
  expect "step('Read the units')['evidence']['user unit $UNIT']['n_restarts'] == 0" "NRestarts read"
  expect "step('Read the units')['evidence']['user unit $UNIT']['fragment_path'] == '${HOME:-/root}/.config/systemd/user/$UNIT'" \
    "FragmentPath read"
  expect "int(step('Read the units')['evidence']['user unit $UNIT']['journal'].split()[0]) > 0" \
    "the journal of root's user unit is read (it lives in the system journal)"
  expect "r['verdict'] == 'healthy'" "a unit that runs is healthy"
  [ "$(prop $UNIT MainPID)" = "$main_pid" ] || fail "reading changed the unit"
}

case_crash_loop() {
  start_peer
  install_gateway
  # A unit left pointing at an install that is gone (npm moved it): node exits 1 at once. RestartSec=1 and a
  # large burst keep it looping within the test's time; the rest is OpenClaw's unit.
  sed -i "s#/dist/index.js#/dist/index-removed.js#" "$(unit_file)"
  drop_in loop $'RestartSec=1\nStartLimitBurst=1000'
  sctl start $UNIT || true
  wait_for 20 "three restarts" sh -c "[ \"\$('$PEER' exec '$work' systemctl --user show -p NRestarts --value $UNIT)\" -ge 3 ]"
  clawbook run openclaw.systemd --format json
  expect "'systemd.crash-loop' in ids" "a crash loop is named"
  expect "f('systemd.crash-loop')['evidence']['n_restarts'] >= 3" "NRestarts is the evidence"
  expect "'The journal says' in f('systemd.crash-loop')['cause']" "the journal line that shows why is quoted"
}

case_start_limit() {
  start_peer
  install_gateway
  sed -i "s#/dist/index.js#/dist/index-removed.js#" "$(unit_file)"
  drop_in loop 'RestartSec=1'  # OpenClaw's StartLimitBurst=5 in 60 s, reached in about 6 s
  sctl start $UNIT || true
  wait_for 20 "the start limit" failed
  # systemd 252 leaves Result=exit-code here: only the journal says the start limit was hit.
  clawbook run openclaw.systemd --format json
  expect "ids[0] == 'systemd.start-limit-hit'" "the start limit is the first finding"
  expect "any('reset-failed' in x for x in f('systemd.start-limit-hit')['fix'])" "the fix resets the failed state"
  inside journalctl --no-pager -q --user-unit $UNIT | grep -q "Start request repeated too quickly" ||
    fail "the journal lacks the start-limit line"
}

case_restart_prevented() {
  start_peer
  install_gateway
  # A key the gateway's strict schema refuses: it exits 78, and RestartPreventExitStatus=78 keeps it down.
  sed -i 's/"mode": "local",/"mode": "local", "bogusKey": true,/' "$work/home/.openclaw/openclaw.json"
  sctl start $UNIT || true
  wait_for 20 "exit 78" failed
  [ "$(prop $UNIT ExecMainStatus)" = 78 ] || fail "the gateway did not exit 78 ($(prop $UNIT ExecMainStatus))"
  clawbook run openclaw.systemd --format json
  expect "'systemd.restart-prevented' in ids" "restart prevented by exit 78"
  expect "'config' in f('systemd.restart-prevented')['cause'].lower()" "the cause is the refused config"
  expect "not any(x.startswith('ss -ltnp') for x in f('systemd.restart-prevented')['fix'])" \
    "no port hunt when the journal shows a refused config"
  expect "'config.invalid' in ids" "the refused config is named"
  expect "'Unrecognized key' in json.dumps(f('config.invalid'))" "with the gateway's own words"
}

case_sigkill() {
  start_peer
  install_gateway
  sctl start $UNIT
  wait_for 10 "unit active" active
  local first
  first=$(prop $UNIT MainPID)
  sleep 1
  inside kill -KILL "$first"
  wait_for 12 "restart after SIGKILL" sh -c "[ \"\$('$PEER' exec '$work' systemctl --user show -p NRestarts --value $UNIT)\" = 1 ]"
  wait_for 5 "unit active again" active
  [ "$(prop $UNIT MainPID)" != "$first" ] || fail "MainPID did not change"
  clawbook run openclaw.triage --format json
  expect "'gateway.crashed' in ids" "the crash is named"
  expect "'status=9/KILL' in json.dumps(f('gateway.crashed')['evidence'])" "with the journal line"
  expect "'systemd.restart-instability' in ids and f('systemd.restart-instability')['evidence']['n_restarts'] == 1" \
    "NRestarts=1 is read"
  # The journal command the findings advise finds the kill on the real journal (as root, `--user -u` would not).
  local advised
  python3 - "$report" >"$work/advised" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
print(next(x for f in r["findings"] for x in f["fix"] if x.startswith("journalctl")).split("  #")[0])
EOF
  advised=$(cat "$work/advised")
  [[ "$advised" == "journalctl --user-unit "* ]] || fail "the advised journal command is '$advised'"
  # shellcheck disable=SC2086 # the advised command line, split as a shell would
  inside $advised | grep -q "status=9/KILL" || fail "'$advised' does not show the kill"
}

case_duplicate_units() {
  start_peer
  install_gateway
  # A hand-written openclaw.service beside OpenClaw's own unit, both enabled.
  cp "$(unit_file)" "$work/home/.config/systemd/user/openclaw.service"
  sctl daemon-reload
  sctl enable $UNIT openclaw.service 2>/dev/null
  clawbook run openclaw.systemd --format json
  expect "'systemd.duplicate-units' in ids" "two units for one gateway"
  expect "any('disable --now openclaw.service' in x for x in f('systemd.duplicate-units')['fix'])" \
    "the hand-written unit is the one to retire"
}

# --- Service manager ids ---------------------------------------------------------------------------------------

no_gateway_start() {  # no fix of finding $1 says `gateway start` unless it installs the service first
  expect "not any('gateway start' in x for x in f('$1')['fix']) or any('gateway install' in x for x in f('$1')['fix'])" \
    "$1 does not recommend gateway start where it cannot work"
}

case_not_installed() {
  start_peer
  clawbook run openclaw.systemd --format json
  expect "'service.not-installed' in ids" "a manager but no gateway unit"
  expect "any('openclaw gateway install' in x for x in f('service.not-installed')['fix'])" "install is the fix"
  no_gateway_start service.not-installed
}

case_user_bus_unavailable() {
  start_peer
  install_gateway
  # No XDG_RUNTIME_DIR (an SSH session without a login session): systemctl --user cannot find the manager.
  report="$work/report.json"
  inside env -u XDG_RUNTIME_DIR USER=root LOGNAME=root timeout 25 "$binary" run openclaw.systemd --format json \
    >"$report" 2>"$work/report.err" || true
  expect "'service.user-bus-unavailable' in ids" "no XDG_RUNTIME_DIR"
  no_gateway_start service.user-bus-unavailable
  # XDG_RUNTIME_DIR set, but no bus nor manager socket there.
  mkdir -p "$work/empty-run" && chmod 700 "$work/empty-run"
  inside env XDG_RUNTIME_DIR="$work/empty-run" USER=root LOGNAME=root timeout 25 "$binary" run openclaw.systemd \
    --format json >"$report" 2>"$work/report.err" || true
  expect "'service.user-bus-unavailable' in ids" "no bus in XDG_RUNTIME_DIR"
  no_gateway_start service.user-bus-unavailable
}

case_no_manager() {
  # Outside the namespace: this host has no systemd at all (PID 1 is not systemd).
  [ "$(cat /proc/1/comm)" != systemd ] || skip "PID 1 is systemd here: no-manager cannot be observed"
  report="$(mktemp "${TMPDIR:-/tmp}/clawbook-no-manager.XXXXXX")"
  env -u XDG_RUNTIME_DIR timeout 25 "$binary" run openclaw.systemd --format json >"$report" 2>/dev/null || true
  expect "'service.no-manager' in ids" "no manager outside the namespace"
  expect "any('gateway run' in x for x in f('service.no-manager')['fix'])" "gateway run under a supervisor"
  expect "not any('gateway start' in x for x in f('service.no-manager')['fix'])" "no gateway start"
  rm -f "$report"
}

# --- Actions and recovery on the real unit -----------------------------------------------------------------------

write_action_runbook() {  # a runbook that only calls action.$1 on the unit
  mkdir -p "$work/runbooks"
  cat >"$work/runbooks/unit-action.lua" <<EOF
return {
  id = "test.unit-action", version = "1.0.0", engine = "^1", title = "$1 the gateway unit",
  capabilities = { "action" },
  run = function(ctx)
    ctx:step("$1", function(step)
      local result = action.$1({ unit = "$UNIT", scope = "user" })
      step:evidence("result", result)
      step:pass(tostring(result.status))
    end)
  end,
}
EOF
}

case_restart_unit() {
  start_peer
  install_gateway
  sctl start $UNIT
  wait_for 10 "unit active" active
  local first
  first=$(prop $UNIT MainPID)
  write_action_runbook restart_unit
  clawbook run "$work/runbooks/unit-action.lua" --format json
  expect "r['actions'][0]['status'] == 'planned' and r['action_mode'] == 'dry-run'" "a dry run plans the restart"
  [ "$(prop $UNIT MainPID)" = "$first" ] || fail "the dry run changed MainPID"
  [ "$(prop $UNIT NRestarts)" = 0 ] || fail "the dry run restarted the unit"
  clawbook run "$work/runbooks/unit-action.lua" --format json --apply --yes
  expect "r['actions'][0]['status'] == 'applied'" "--apply restarts"
  wait_for 10 "unit active after restart" active
  local second
  second=$(prop $UNIT MainPID)
  [ "$second" != "$first" ] || fail "MainPID did not change ($first)"
  local audit
  audit=$(find "$work/home" -name 'audit*' -type f 2>/dev/null | head -n1)
  [ -n "$audit" ] || fail "no audit log under the home"
  # The audit line says what was done and to what: the unit restarted, the old and the new main process.
  python3 - "$audit" "$first" "$second" <<'EOF' || fail "the audit line does not say so: $(tail -1 "$audit")"
import json, sys
path, first, second = sys.argv[1:]
line = json.loads(open(path).read().splitlines()[-1])
assert line["action"] == "restart_unit" and line["status"] == "applied", line
assert line["target"] == "openclaw-gateway.service" and line["args"]["scope"] == "user", line
assert line["result"]["main_pid_before"] == first, line
assert line["result"]["main_pid_after"] == second, line
EOF
  expect "r['actions'][0]['main_pid_before'] == '$first' and r['actions'][0]['main_pid_after'] == '$second'" \
    "the report shows the old and the new MainPID"
}

case_start_unit() {
  start_peer
  install_gateway
  write_action_runbook start_unit
  clawbook run "$work/runbooks/unit-action.lua" --format json
  expect "r['actions'][0]['status'] == 'planned'" "a dry run plans the start"
  [ "$(prop $UNIT ActiveState)" = inactive ] || fail "the dry run started the unit"
  clawbook run "$work/runbooks/unit-action.lua" --format json --apply --yes
  expect "r['actions'][0]['status'] == 'applied'" "--apply starts"
  wait_for 10 "unit active" active
}

case_recovery() {
  start_peer
  install_gateway
  # Stopped (as after `systemctl --user stop`): recovery brings it back through the unit, then checks it answers.
  clawbook run openclaw.recovery --format json --apply --yes
  expect "any(a['action'] == 'restart_unit' and a['status'] == 'applied' for a in r['actions'])" \
    "the unit is (re)started through systemd"
  active || fail "the unit is not active after the recovery"
  ready || fail "the gateway does not answer after the recovery"
  expect "r['verdict'] == 'healthy'" "recovery ends healthy"
}

# --- Triage and bundle --------------------------------------------------------------------------------------------

case_triage_healthy() {
  start_peer
  install_gateway
  sctl start $UNIT
  wait_for 25 "gateway ready" ready
  clawbook run openclaw.triage --format json
  expect "r['verdict'] == 'healthy'" "a healthy gateway under systemd is healthy"
  expect "step('Classify the symptom')['message'].endswith('run by the systemd user unit $UNIT')" "the unit is named"
}

case_bundle() {
  start_peer
  install_gateway
  sctl start $UNIT
  wait_for 10 "unit active" active
  sleep 2
  local out="$work/bundle.tar.gz"
  inside env USER=root LOGNAME=root timeout 25 "$binary" bundle -o "$out" >"$work/bundle.out" 2>&1 ||
    { cat "$work/bundle.out" >&2; fail "clawbook bundle failed"; }
  local journal
  journal=$(tar -xzOf "$out" --wildcards '*journal-openclaw-gateway.txt' 2>/dev/null) ||
    fail "no journal in the bundle: $(tar -tzf "$out" | head -30 | tr '\n' ' ')"
  grep -q "Started $UNIT" <<<"$journal" || fail "the bundle's journal lacks the last start"
  grep -q "gateway" <<<"$journal" || fail "the bundle's journal lacks the gateway's own lines"
  grep -qF "$token" <<<"$journal" && fail "the token appears in the bundle"
  return 0
}

declare -F "case_$case_name" >/dev/null || fail "unknown case $case_name"
"case_$case_name"
echo "PASS: $case_name"
