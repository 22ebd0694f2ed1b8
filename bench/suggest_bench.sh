#!/usr/bin/env bash
# `clawbook suggest` figures: median and minimum wall time over N runs (default 20) of the whole command as a user
# runs it (a pasted signature line, Chinese text, a symptom in words), beside `clawbook list`, which loads the same
# runbook metadata and nothing else: the difference is what suggest adds (its knowledge and the ranking).
# Prints a Markdown table (no pass/fail); figures in docs/performance.md.
#   bench/suggest_bench.sh [BINARY] [RUNS]      (default build/clawbook)
set -euo pipefail
bin=${1:-build/clawbook}
runs=${2:-20}

measure() {
  local label=$1
  shift
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$bin" "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    times+=($(((end - start) / 1000)))
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  median=$(sed -n "$((runs / 2 + 1))p" <<<"$sorted")
  min=$(head -1 <<<"$sorted")
  printf '| %s | %d.%02d ms | %d.%02d ms |\n' "$label" $((median / 1000)) $((median % 1000 / 10)) \
    $((min / 1000)) $((min % 1000 / 10))
}

echo "| command | median | min |"
echo "|---|---|---|"
measure '`clawbook list` (the runbook metadata only)' list
measure '`clawbook suggest` a signature line' suggest 'Gateway start blocked: set gateway.mode=local (current: unset)'
measure '`clawbook suggest` Chinese text' suggest '网关 无法启动，端口被占用'
measure '`clawbook suggest` a symptom in words' suggest 'the bot is not responding after update'
measure '`clawbook suggest --format json` a 3-line paste' suggest --format json \
  $'07:14:18 [ws] unauthorized conn=9 reason=token_mismatch\nError: connect ECONNREFUSED 127.0.0.1:18789\nthe dashboard will not load'
