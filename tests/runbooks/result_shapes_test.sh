#!/usr/bin/env bash
# Result shapes (tests/runbooks/result_shapes_test.py): records every binding on this machine with
# tests/runbooks/record_all.lua and `clawbook run --record`, then holds that recording, the shipped runbooks'
# recordings and their test cases' calls to runbooks/types/.   result_shapes_test.sh CLAWBOOK
set -euo pipefail
clawbook=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir=$(mktemp -d /tmp/clawbook-shapes.XXXXXX)
trap 'rm -rf "$dir"' EXIT
printf '{\n  // scratch\n  gateway: { mode: "remote" },\n}\n' >"$dir/a.json5"
# The run's verdict does not matter here (nothing is listening, docker may be absent); its recording does.
CLAWBOOK_PATH= "$clawbook" run "$here/record_all.lua" -p "dir=$dir" --record "$dir/record.json" -f json \
  -o "$dir/report.json" >"$dir/run.log" 2>&1 || true
if [ ! -s "$dir/record.json" ]; then
  echo "no recording written; the run said:"
  cat "$dir/run.log"
  exit 1
fi
python3 "$here/result_shapes_test.py" "$root" "$dir/record.json"
