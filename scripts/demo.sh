#!/usr/bin/env bash
# The main job a newcomer watches work: `clawbook run openclaw.triage` diagnosing a broken gateway end to end.
# The gateway is `clawbook lab`, a simulator speaking the real OpenClaw protocol on a loopback port, here
# answering with a token mismatch; triage is given that port and a token the gateway does not accept.
# On a machine with a real gateway, `clawbook run openclaw.triage` alone is all it takes.
set -euo pipefail
build=${1:-build}
clawbook="$build/clawbook"
log=$(mktemp)
trap 'kill "$lab_pid" 2>/dev/null || true; rm -f "$log"' EXIT

"$clawbook" lab --scenario token-mismatch --port 0 >"$log" 2>&1 &
lab_pid=$!
for _ in $(seq 1 50); do
  grep -q 'url=ws://' "$log" && break
  sleep 0.1
done
url=$(sed -n 's/.* url=\(ws:\/\/[^ ]*\).*/\1/p' "$log" | head -1)
[ -n "$url" ] || { echo "demo: the lab gateway did not start:" >&2; cat "$log" >&2; exit 1; }
echo "demo: a simulated OpenClaw gateway that rejects the client's token listens on ${url#ws://}"
echo "demo: \$ clawbook run openclaw.triage --param target=${url/ws:/http:} --param token=…"
echo
status=0
"$clawbook" run openclaw.triage --param "target=${url/ws:/http:}" --param token=demo-stale-token || status=$?
echo
# Exit 1 means "findings at or above --fail-on": the expected outcome of diagnosing a broken gateway.
if [ "$status" -le 1 ]; then
  echo "demo: triage finished with exit code $status (1 = findings reported). Run it on a real box with: clawbook run openclaw.triage"
  exit 0
fi
exit "$status"
