#!/usr/bin/env bash
# The HTML report of a watch in a real headless browser (Chromium from Debian): a watch of the lab's idle-close
# scenario is rendered to a screenshot, which must show the timeline's green connection spans and red disconnect
# marks. Skips (77) when chromium is not installed. Usage: watch_html_chromium_test.sh CLAWBOOK
set -euo pipefail
clawbook=$1
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || { echo "chromium not installed (run: scripts/peers/chromium.sh install): skipped"; exit 77; }
work=$(mktemp -d)
lab_pid=""
cleanup() {
  [ -z "$lab_pid" ] || kill "$lab_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$clawbook" lab --port 0 --scenario idle-close --period-ms 1200 --tick-ms 300 --token clawbook-lab-token \
  >"$work/lab.out" 2>&1 &
lab_pid=$!
for _ in $(seq 50); do grep -q "url=" "$work/lab.out" && break; sleep 0.1; done
url=$(grep -o 'url=ws://[^ ]*' "$work/lab.out" | head -1 | cut -d= -f2)
[ -n "$url" ] || { echo "the lab did not start"; cat "$work/lab.out"; exit 1; }

OPENCLAW_STATE_DIR=/nonexistent CI=1 "$clawbook" watch --target "$url" --duration 5s --on-failure none \
  --param token=clawbook-lab-token --format html -o "$work/watch.html" 2>/dev/null || true
grep -q "<svg" "$work/watch.html"

timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,500 \
  --screenshot="$work/shot.png" "file://$work/watch.html" >/dev/null 2>&1
[ -s "$work/shot.png" ] || { echo "no screenshot"; exit 1; }

# Decode the PNG (8-bit RGB/RGBA, the five filters) and count the timeline's colours.
python3 - "$work/shot.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, width = 8, b"", 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, color = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and color in (2, 6), "unexpected PNG format"
        bpp = 3 if color == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
raw, stride = zlib.decompress(idat), width * bpp
prev, green, red = bytearray(stride), 0, 0
for y in range(height):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        r, g, bl = line[x], line[x + 1], line[x + 2]
        if abs(r - 0x2C) < 20 and abs(g - 0xA0) < 20 and abs(bl - 0x2C) < 20: green += 1
        if abs(r - 0xD6) < 20 and abs(g - 0x27) < 20 and abs(bl - 0x28) < 20: red += 1
    prev = line
print(f"screenshot {width}x{height}: {green} green (connected, ready) and {red} red (disconnect) pixels")
assert green > 5000, "no connection spans drawn"
assert red > 50, "no disconnect marks drawn"
PY
