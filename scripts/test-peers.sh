#!/usr/bin/env bash
# The heavy real peers of the integration tests (a real OpenClaw gateway, a private dockerd, a systemd user
# manager in private namespaces), cached outside the clone in $CLAWBOOK_PEERS_DIR and reused.
#
#   test-peers.sh [install]       install every peer (each script's `install` is idempotent)
#   test-peers.sh stop-and-check  stop every peer that is still up, then exit 1 listing whatever of any peer is left
#                                 running or mounted (processes, mounts, cgroups); run by ctest last (the cleanup
#                                 of the fixture every real-peer test requires, test peers:nothing-left)
#
# Stopping is the default: after `make test` nothing of a peer runs. CLAWBOOK_KEEP_PEERS=1 keeps them warm
# between runs instead (the dockerd and its image stay up; the next run skips their start); stop-and-check then
# does nothing and reports itself skipped.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

case "${1:-install}" in
  install)
    for peer in "$here"/peers/*.sh; do
      [ -e "$peer" ] || continue
      bash "$peer" install
    done ;;
  stop-and-check)
    if [ "${CLAWBOOK_KEEP_PEERS:-0}" = 1 ]; then
      echo "CLAWBOOK_KEEP_PEERS=1: peers kept running"
      exit 77
    fi
    status=0
    for peer in "$here"/peers/*.sh; do
      grep -q '^ *stop-all)' "$peer" || continue
      bash "$peer" stop-all || status=1
    done
    for peer in "$here"/peers/*.sh; do
      grep -q '^ *leftovers)' "$peer" || continue
      if ! left=$(bash "$peer" leftovers 2>&1); then
        echo "left by $(basename "$peer"):"
        echo "$left" | sed 's/^/  /'
        status=1
      fi
    done
    [ $status -eq 0 ] && echo "no peer left running or mounted"
    exit $status ;;
  *) sed -n '2,13p' "$0" >&2; exit 2 ;;
esac
