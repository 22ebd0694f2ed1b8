#!/usr/bin/env bash
# Records the `clawbook test` cases of openclaw.watch (runbooks/openclaw/tests/watch-*.json and their recordings):
# each is a short `clawbook watch --record` against `clawbook lab`, one scenario per pattern. Rerun after a change
# to what the watch calls; the cases then replay offline in milliseconds.
#   usage: tests/runbooks/record_watch_cases.sh CLAWBOOK [CASE...]   (cases: the names below; default all)
set -euo pipefail
clawbook=$(realpath "$1")
shift
root=$(cd "$(dirname "$0")/../.." && pwd)
tests="$root/runbooks/openclaw/tests"
token=clawbook-lab-token
tmp=$(mktemp -d)
lab_pid=""
cleanup() {
  if [ -n "$lab_pid" ]; then
    kill -CONT "$lab_pid" 2>/dev/null || true
    kill "$lab_pid" 2>/dev/null || true
    wait "$lab_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
export CLAWBOOK_PATH= CI=1 OPENCLAW_GATEWAY_TOKEN= OPENCLAW_STATE_DIR=/nonexistent/clawbook-watch-state

# lab ARGS...: starts `clawbook lab` on an ephemeral port; sets lab_pid and url (http://127.0.0.1:PORT).
lab() {
  "$clawbook" lab --port 0 --token "$token" "$@" >"$tmp/lab.out" 2>&1 &
  lab_pid=$!
  for _ in $(seq 100); do
    grep -q "url=" "$tmp/lab.out" && break
    sleep 0.1
  done
  url="http://$(sed -n 's/.*url=[a-z]*:\/\/\([^ ]*\).*/\1/p' "$tmp/lab.out" | head -1)"
}

stop_lab() {
  kill "$lab_pid"
  wait "$lab_pid" 2>/dev/null || true
  lab_pid=""
}

# record NAME DURATION [watch args...]: the watch against $url, recorded into recordings/NAME.json.
record() {
  local name=$1 duration=$2
  shift 2
  "$clawbook" watch --target "$url" --duration "$duration" --param "token=$token" --on-failure none \
    --record "$tests/recordings/$name.json" --format json -o "$tmp/$name.report.json" "$@" 2>"$tmp/$name.err" || true
  echo "$name: $(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["verdict"], [f["id"] for f in r["findings"]], r["facts"]["watch"]["total"], "events")' "$tmp/$name.report.json")"
}

# case NAME DESCRIPTION DURATION EXPECT_JSON [PARAMS_JSON]: the case file replaying recordings/NAME.json.
case_file() {
  local name=$1 description=$2 duration=$3 expect=$4 extra=${5:-"{}"}
  python3 - "$tests/$name.json" "$description" "$url" "$duration" "$expect" "$extra" "$token" <<'PY'
import json, sys
path, description, url, duration, expect, extra, token = sys.argv[1:]
params = {"target": url, "token": token, "duration": duration, "on_failure": "none"}
params.update(json.loads(extra))
case = {"description": description, "runbook": "openclaw.watch", "params": params,
        "recording": "recordings/" + path.rsplit("/", 1)[1], "expect": json.loads(expect)}
with open(path, "w") as f:
    json.dump(case, f, indent=2)
    f.write("\n")
PY
}

want() { [ $# -eq 0 ] || [[ " $* " == *" $name "* ]]; }
all=("$@")

name=watch-idle-timeout
if want "${all[@]}"; then
  lab --scenario idle-close --period-ms 1200 --tick-ms 400
  record $name 5s
  case_file $name "lab idle-close (every connection cut 1.2 s after hello-ok, as by a proxy's idle timeout): the period is named" 5s \
    '{"verdict": "problems", "first": "proxy.idle-timeout", "findings": ["proxy.idle-timeout"], "absent": ["gateway.reconnect-storm", "gateway.restart-loop"]}'
  stop_lab
fi

name=watch-readiness-flapping
if want "${all[@]}"; then
  lab --scenario flap-readyz --period-ms 800
  record $name 4s --param probe_every=0.3
  case_file $name "lab flap-readyz (/readyz 200, then 503 failing telegram, every 0.8 s): flapping readiness" 4s \
    '{"verdict": "problems", "first": "gateway.readiness-flapping", "findings": ["gateway.readiness-flapping"], "absent": ["proxy.idle-timeout"]}' \
    '{"probe_every": 0.3}'
  stop_lab
fi

name=watch-restart-loop
if want "${all[@]}"; then
  lab --scenario restart-loop --period-ms 1500
  record $name 5s
  case_file $name "lab restart-loop (shutdown event, close 1012, a new bootId every 1.5 s): a restart loop with its reason" 5s \
    '{"verdict": "problems", "first": "gateway.restart-loop", "findings": ["gateway.restart-loop"], "absent": ["proxy.idle-timeout"]}'
  stop_lab
fi

name=watch-reconnect-storm
if want "${all[@]}"; then
  lab --scenario closed-1000-after-hello
  record $name 9s
  case_file $name "lab closed-1000-after-hello (every connection closed right after hello-ok): a reconnect storm, not an idle timeout" 9s \
    '{"verdict": "problems", "first": "gateway.reconnect-storm", "findings": ["gateway.reconnect-storm"], "absent": ["proxy.idle-timeout"]}'
  stop_lab
fi

name=watch-token-drift
if want "${all[@]}"; then
  state="$tmp/state"
  mkdir -p "$state"
  write_token() {
    printf '{"gateway":{"auth":{"token":"%s"}}}' "$1" >"$state/openclaw.json.tmp"
    mv "$state/openclaw.json.tmp" "$state/openclaw.json"
  }
  write_token fake-token-before-1111
  lab --scenario idle-close --period-ms 2000
  (sleep 1.2 && write_token fake-token-after-2222) &
  rotate=$!
  OPENCLAW_STATE_DIR="$state" HOME="$state" record $name 5s --param probe_every=0.5
  wait $rotate
  case_file $name "lab idle-close every 2 s while the config's token is rotated 1.2 s in (one side only): the disconnects that follow are token drift, not an idle timeout" 5s \
    '{"verdict": "problems", "first": "auth.token-drift", "findings": ["auth.token-drift"], "absent": ["proxy.idle-timeout"]}' \
    '{"probe_every": 0.5}'
  stop_lab
fi

name=watch-event-loop-stall
if want "${all[@]}"; then
  lab --scenario healthy --tick-ms 400
  (sleep 2 && kill -STOP "$lab_pid" && sleep 3 && kill -CONT "$lab_pid") &
  freeze=$!
  record $name 7s --param probe_every=0.5
  wait $freeze
  case_file $name "lab healthy, its process stopped (SIGSTOP) for 3 s from 2 s in: health unanswered on the open connection is a stall" 7s \
    '{"verdict": "problems", "first": "gateway.event-loop-stall", "findings": ["gateway.event-loop-stall"], "absent": ["proxy.idle-timeout", "gateway.restart-loop"]}' \
    '{"probe_every": 0.5}'
  stop_lab
fi

name=watch-healthy
if want "${all[@]}"; then
  lab --scenario healthy --tick-ms 500
  record $name 3s --param probe_every=1
  case_file $name "lab healthy: ticks, /readyz ready, a low event-loop delay from health; nothing to name" 3s \
    '{"verdict": "healthy", "absent": ["proxy.idle-timeout", "gateway.readiness-flapping", "gateway.restart-loop", "auth.token-drift", "gateway.reconnect-storm", "gateway.event-loop-stall"]}' \
    '{"probe_every": 1}'
  stop_lab
fi
