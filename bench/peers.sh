#!/usr/bin/env bash
# Whole-process comparison of `nativepack tree` with its peers on one binary, side by side in one
# hyperfine run, plus how many libraries each one finds. Results go to docs/performance.md by hand.
#
#   bench/peers.sh [FILE]          (default /usr/bin/gdalinfo; needs hyperfine libtree pax-utils)
set -euo pipefail

home=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
file=${1:-/usr/bin/gdalinfo}
out=${OUT:-$home/target/bench}
runs=${RUNS:-30}
mkdir -p "$out"

# Build and train the launcher once, outside the measurement.
"$home/nativepack" tree "$file" >/dev/null

loader=/lib64/ld-linux-x86-64.so.2
echo "--- libraries found in the closure of $file"
printf '%-28s %s\n' "ld.so --list" "$("$loader" --list "$file" | grep -cv -e linux-vdso -e "$loader")"
printf '%-28s %s\n' "ldd" "$(ldd "$file" | grep -c '=> /')"
printf '%-28s %s\n' "libtree -p -v (distinct)" "$(libtree -p -v "$file" | grep -o '/[^ ]*' | grep -v -x -e "$file" | grep -v 'ld-linux' | sort -u | wc -l)"
printf '%-28s %s\n' "lddtree -l (paths)" "$(/usr/bin/python3 /usr/bin/lddtree -l "$file" 2>/dev/null | grep -v -x -e "$file" -e "$loader" -e "$(readlink -f "$loader")" | grep -c '^/')"
printf '%-28s %s\n' "nativepack tree --json" "$("$home/nativepack" tree --json "$file" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(1 for o in d["objects"] if o.get("foundVia") not in ("MAIN","INTERPRETER")))')"

echo "--- hyperfine, $runs runs each, warm page cache"
hyperfine -N --warmup 5 --runs "$runs" --export-json "$out/peers.json" --export-markdown "$out/peers.md" \
    "$home/nativepack tree $file" \
    "libtree $file" \
    "$loader --list $file" \
    "ldd $file" \
    "/usr/bin/python3 /usr/bin/lddtree $file"
cat "$out/peers.md"
