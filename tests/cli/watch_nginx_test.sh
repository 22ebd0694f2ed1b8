#!/usr/bin/env bash
# A real nginx (Debian package) with a short proxy_read_timeout in front of a gateway (clawbook lab, ticks every
# 30 s): `clawbook watch` through it sees the periodic disconnects and names the proxy's idle timeout with the
# measured period. nginx comes from scripts/peers/nginx.sh; skips (77) without it. Usage: watch_nginx_test.sh CLAWBOOK
set -euo pipefail
clawbook=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
nginx=$(bash "$root/scripts/peers/nginx.sh" path 2>/dev/null || command -v nginx || true)
[ -n "$nginx" ] || { echo "nginx not installed (run: scripts/peers/nginx.sh install): skipped"; exit 77; }
work=$(mktemp -d)
lab_pid=""
nginx_pid=""
cleanup() {
  [ -z "$nginx_pid" ] || kill "$nginx_pid" 2>/dev/null || true
  [ -z "$lab_pid" ] || kill "$lab_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$clawbook" lab --port 0 --scenario healthy --token clawbook-lab-token >"$work/lab.out" 2>&1 &
lab_pid=$!
for _ in $(seq 50); do grep -q "url=" "$work/lab.out" && break; sleep 0.1; done
upstream=$(grep -o 'url=ws://[^ ]*' "$work/lab.out" | head -1 | sed 's|url=ws://||')
[ -n "$upstream" ] || { echo "the lab did not start"; cat "$work/lab.out"; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cat >"$work/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://$upstream;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_read_timeout 2s;
    }
  }
}
CONF
"$nginx" -e "$work/error.log" -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break; sleep 0.1; done

OPENCLAW_STATE_DIR=/nonexistent CI=1 "$clawbook" watch --target "http://127.0.0.1:$port" --duration 9s \
  --on-failure none --param token=clawbook-lab-token --format json -o "$work/report.json" 2>"$work/events.txt" || true
cat "$work/events.txt"
python3 - "$work/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
found = {f["id"]: f for f in report["findings"]}
assert "proxy.idle-timeout" in found, f"no proxy.idle-timeout in {list(found)}"
period = found["proxy.idle-timeout"]["evidence"]["period_s"]
assert 1.7 <= period <= 2.6, f"period {period} s, nginx's proxy_read_timeout is 2 s"
print(f"proxy.idle-timeout named with a period of {period} s (proxy_read_timeout 2s)")
PY
