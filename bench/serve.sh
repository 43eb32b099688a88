#!/usr/bin/env bash
# Throughput of `nativepack serve` with --concurrency 2 (and 1, side by side), under wrk: the C
# runtime of the invoke tests answering each event at once, POSTs of {"n": 1} on loopback.
#
#   bench/serve.sh [SECONDS] [CONNECTIONS]   (default 10 s, 4 connections; needs wrk, gcc, libcurl4-openssl-dev)
set -euo pipefail

home=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-10}
connections=${2:-4}
work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

gcc -O2 -o "$work/bootstrap" "$home/cli/src/test/resources/dev/nativepack/cli/bootstrap.c" -lcurl
"$home/nativepack" bundle "$work/bootstrap" --target provided.al2023 --bundle-library libcurl.so.4 \
    -o "$work/function.zip" --no-cache >/dev/null
cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"n": 1}'
wrk.headers["Content-Type"] = "application/json"
LUA
for k in 1 2; do
    "$home/nativepack" serve "$work/function.zip" --port 0 --concurrency "$k" > "$work/serve-$k.out" 2> "$work/serve-$k.log" &
    pids+=($!)
    for _ in $(seq 100); do grep -q serving "$work/serve-$k.out" 2>/dev/null && break; sleep 0.1; done
    url=$(grep -o 'http://[^ ]*' "$work/serve-$k.out")
    echo "--- --concurrency $k, wrk -t2 -c$connections -d${seconds}s"
    wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/post.lua" "$url" | grep -E "Requests/sec|50%|99%|Non-2xx|requests in"
done
