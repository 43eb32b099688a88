#!/usr/bin/env bash
# Warm invocation overhead of `nativepack invoke`: a trivial custom runtime (the C bootstrap of the
# invoke tests, libcurl, answering each event at once) gets N events on one warm process; the
# REPORT lines' Durations (event queued -> response received, the emulator's round trip plus the
# runtime's own HTTP work) give the median and p99. The cold start is reported on its own.
#
#   bench/invoke.sh [N]   (default 1000; needs gcc, libcurl4-openssl-dev, bubblewrap)
set -euo pipefail

home=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
n=${1:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

gcc -O2 -o "$work/bootstrap" "$home/cli/src/test/resources/dev/nativepack/cli/bootstrap.c" -lcurl
"$home/nativepack" bundle "$work/bootstrap" --target provided.al2023 --bundle-library libcurl.so.4 \
    -o "$work/function.zip" --no-cache >/dev/null
echo '{}' > "$work/event.json"
args=()
for ((i = 0; i < n; i++)); do
    args+=(--event "$work/event.json")
done
"$home/nativepack" invoke "$work/function.zip" "${args[@]}" 2> "$work/logs.txt" >/dev/null
python3 - "$work/logs.txt" <<'PY'
import re, statistics, sys
text = open(sys.argv[1]).read()
reports = re.findall(r"REPORT RequestId: \S+\tDuration: ([0-9.]+) ms.*?(?:Init Duration: ([0-9.]+) ms)?\t?$", text, re.M)
cold = [float(d) for d, init in reports if init]
warm = sorted(float(d) for d, init in reports if not init)
def pct(p):
    return warm[min(len(warm) - 1, int(round(p / 100 * (len(warm) - 1))))]
print(f"events: {len(reports)} ({len(cold)} cold, {len(warm)} warm)")
inits = re.findall(r"Init Duration: ([0-9.]+) ms", text)
print(f"cold start: init {inits[0]} ms, first invocation {cold[0]:.2f} ms")
print(f"warm: median {statistics.median(warm):.3f} ms, p90 {pct(90):.3f} ms, p99 {pct(99):.3f} ms, max {warm[-1]:.3f} ms")
PY
