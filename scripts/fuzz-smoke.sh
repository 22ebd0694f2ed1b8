#!/usr/bin/env bash
# Builds every libFuzzer target (fuzz/<name>_fuzz.cpp) with clang in build-fuzz/ and runs each for N seconds
# (default 20) from its seed corpus fuzz/corpus/<name>/, with fuzz/<name>.dict when there is one, running
# $CLAWBOOK_BUILD_JOBS targets (default 2) at a time. A crash, leak, sanitizer report, broken invariant or timeout
# fails that target; the other targets still run, and the script ends with the list of failures (exit 1). Failing inputs are kept under build-fuzz/fuzz-artifacts/.
#   scripts/fuzz-smoke.sh [seconds] [name...]      e.g. scripts/fuzz-smoke.sh 60 journal systemd_show
# Longer runs and how to reproduce a finding: docs/fuzzing.md.
set -euo pipefail

seconds="${1:-20}"
shift || true
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${CLAWBOOK_FUZZ_BUILD_DIR:-$root/build-fuzz}"
jobs="${CLAWBOOK_BUILD_JOBS:-2}"
case "$seconds" in
  '' | *[!0-9]* | 0 | 0*) echo "fuzz-smoke: seconds must be a positive whole number (0 means forever to libFuzzer), got '$seconds'" >&2; exit 64 ;;
esac

shopt -s nullglob
targets=()
if [ $# -gt 0 ]; then
  for short in "$@"; do
    short="${short%_fuzz}"
    [ -f "$root/fuzz/${short}_fuzz.cpp" ] || { echo "fuzz-smoke: no target fuzz/${short}_fuzz.cpp" >&2; exit 64; }
    targets+=("$root/fuzz/${short}_fuzz.cpp")
  done
else
  targets=("$root"/fuzz/*_fuzz.cpp)
fi
[ ${#targets[@]} -gt 0 ] || { echo "fuzz-smoke: no fuzz targets in $root/fuzz" >&2; exit 1; }

# A build directory already configured with the fuzz targets (`make sanitize` builds them beside the sanitized
# test suite) is used as it is; otherwise build-fuzz/ gets only the fuzz targets.
if ! grep -qs '^CLAWBOOK_FUZZ:BOOL=ON' "$build/CMakeCache.txt"; then
  cmake -S "$root" -B "$build" -G Ninja -DCLAWBOOK_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >/dev/null
fi
build_targets=()
for source in "${targets[@]}"; do build_targets+=("$(basename "$source" .cpp)"); done
cmake --build "$build" --target "${build_targets[@]}" -j "$jobs"

artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"

# One target for `seconds`; its output in $artifacts/<short>.log. Exit 0 when it found nothing.
run_target() {
  local source=$1 name short binary work
  name="$(basename "$source" .cpp)"   # json5_fuzz
  short="${name%_fuzz}"               # json5
  binary="$build/fuzz/$name"
  # New inputs go to a scratch corpus; the checked-in seeds stay untouched.
  work="$(mktemp -d)"
  local args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
              -artifact_prefix="$artifacts/$short-")
  [ -f "$root/fuzz/$short.dict" ] && args+=(-dict="$root/fuzz/$short.dict")
  local corpora=("$work")
  [ -d "$root/fuzz/corpus/$short" ] && corpora+=("$root/fuzz/corpus/$short")
  # Runbooks seed from the real ones (shipped and the test fixtures) rather than copies of them.
  [ "$short" = runbook_metadata ] && corpora+=("$root/runbooks/openclaw" "$root/runbooks/examples"
                                              "$root/tests/engine/fixtures/runbooks")
  # Scenario files seed from the shipped ones (lab/scenarios/), which docs/lab.md documents.
  [ "$short" = scenario_file ] && corpora+=("$root/lab/scenarios")
  "$binary" "${args[@]}" "${corpora[@]}" >"$artifacts/$short.log" 2>&1
  local status=$?
  rm -rf "$work"
  return $status
}

# Targets run `jobs` at a time (each is one process on one core), so the smoke takes seconds x targets / jobs.
failed=()
for ((first = 0; first < ${#targets[@]}; first += jobs)); do
  batch=("${targets[@]:first:jobs}")
  pids=()
  for source in "${batch[@]}"; do
    echo "fuzz-smoke: $(basename "$source" .cpp) for ${seconds}s" >&2
    run_target "$source" &
    pids+=($!)
  done
  for i in "${!batch[@]}"; do
    name="$(basename "${batch[$i]}" .cpp)"
    short="${name%_fuzz}"
    if wait "${pids[$i]}"; then
      grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' "$artifacts/$short.log" |
        sed "s/^/$short: /" >&2 || true
    else
      tail -n 40 "$artifacts/$short.log" >&2
      echo "fuzz-smoke: $name FAILED; reproduce with: $build/fuzz/$name $artifacts/$short-<crash file>" >&2
      failed+=("$name")
    fi
  done
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz-smoke: ${#failed[@]} of ${#targets[@]} target(s) failed: ${failed[*]} (logs in $artifacts)" >&2
  exit 1
fi
echo "fuzz-smoke: all ${#targets[@]} target(s) ran ${seconds}s without findings" >&2
