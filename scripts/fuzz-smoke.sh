#!/usr/bin/env bash
# Builds every libFuzzer target (fuzz/<name>_fuzz.cpp) with clang in build-fuzz/ and runs each for N seconds
# (default 20) from its seed corpus fuzz/corpus/<name>/. Fails on the first crash, leak, sanitizer report or
# timeout; the failing input is kept under build-fuzz/fuzz-artifacts/.
#   scripts/fuzz-smoke.sh [seconds]
set -euo pipefail

seconds="${1:-20}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${CLAWBOOK_FUZZ_BUILD_DIR:-$root/build-fuzz}"
jobs="${CLAWBOOK_BUILD_JOBS:-2}"

cmake -S "$root" -B "$build" -G Ninja -DCLAWBOOK_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" --target clawbook_fuzzers -j "$jobs"

artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
shopt -s nullglob
targets=("$root"/fuzz/*_fuzz.cpp)
[ ${#targets[@]} -gt 0 ] || { echo "fuzz-smoke: no fuzz targets in $root/fuzz" >&2; exit 1; }

for source in "${targets[@]}"; do
  name="$(basename "$source" .cpp)"   # json5_fuzz
  short="${name%_fuzz}"               # json5
  binary="$build/fuzz/$name"
  # New inputs go to a scratch corpus; the checked-in seeds stay untouched.
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$artifacts/$short-")
  [ -f "$root/fuzz/$short.dict" ] && args+=(-dict="$root/fuzz/$short.dict")
  corpora=("$work")
  [ -d "$root/fuzz/corpus/$short" ] && corpora+=("$root/fuzz/corpus/$short")
  echo "fuzz-smoke: $name for ${seconds}s" >&2
  if ! "$binary" "${args[@]}" "${corpora[@]}" >"$artifacts/$short.log" 2>&1; then
    tail -n 40 "$artifacts/$short.log" >&2
    echo "fuzz-smoke: $name FAILED; reproduce with: $binary $artifacts/$short-<crash file>" >&2
    exit 1
  fi
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' "$artifacts/$short.log" >&2 || true
  rm -rf "$work"
  trap - EXIT
done
echo "fuzz-smoke: all ${#targets[@]} target(s) ran ${seconds}s without findings" >&2
