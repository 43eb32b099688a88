#!/usr/bin/env bash
# Whole-process time of `nativepack audit` on one binary against built-in targets, beside `tree`
# on the same binary (the resolution alone) in one hyperfine run. Results go to
# docs/performance.md by hand.
#
#   bench/audit.sh [FILE]          (default /usr/bin/gdalinfo; needs hyperfine)
set -euo pipefail

home=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
file=${1:-/usr/bin/gdalinfo}
out=${OUT:-$home/target/bench}
runs=${RUNS:-30}
mkdir -p "$out"

# Build and train the launcher once, outside the measurement.
"$home/nativepack" audit "$file" --target provided.al2023 >/dev/null || true

echo "--- what the audit finds in $file"
for target in aws-lambda/provided.al2023/x86_64 aws-lambda/provided.al2/x86_64 azure/debian12/x86_64; do
    "$home/nativepack" audit "$file" --target "$target" --format json --fail-on none |
        python3 -c 'import json,sys; d=json.load(sys.stdin); s=d["summary"]; print("%-36s from target %3d, to bundle %3d, errors %3d, warnings %3d, notes %3d" % (d["target"]["id"], s["librariesFromTarget"], s["librariesToBundle"], s["errors"], s["warnings"], s["notes"]))'
done

echo "--- hyperfine, $runs runs each, warm page cache"
# -i: audit exits 1 when it finds errors, which is the point of running it here.
hyperfine -N -i --warmup 5 --runs "$runs" --export-json "$out/audit.json" --export-markdown "$out/audit.md" \
    "$home/nativepack audit $file --target aws-lambda/provided.al2023/x86_64" \
    "$home/nativepack audit $file --target aws-lambda/provided.al2/x86_64 --format sarif" \
    "$home/nativepack audit $file --target azure/debian12/x86_64" \
    "$home/nativepack tree $file"
cat "$out/audit.md"
