#!/usr/bin/env bash
# The main job a newcomer watches work: a diagnosis end to end.
set -euo pipefail
build=${1:-build}
exec "$build/clawbook" run example.hello
