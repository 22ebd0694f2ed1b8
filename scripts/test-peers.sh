#!/usr/bin/env bash
# Installs the heavy real peers the integration tests use (a real OpenClaw gateway, a private dockerd), cached
# outside the clone in $CLAWBOOK_PEERS_DIR and reused. Each script is idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
for peer in "$here"/peers/*.sh; do
  [ -e "$peer" ] || continue
  bash "$peer" install
done
