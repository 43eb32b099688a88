#!/usr/bin/env bash
# Whole-process time of `nativepack bundle` on one program, side by side in one hyperfine run with
# the shell workflow it replaces: copy the ldd closure minus the target's libraries, strip, and
# `zip -r -9`. Also prints the archives' sizes, and times a second bundle that reuses the first's work. Results go to docs/performance.md by hand.
#
#   bench/bundle.sh [FILE] [TARGET]   (default /usr/bin/gdalinfo azure/debian12; needs hyperfine, zip)
set -euo pipefail
# The shell workflow copies no run-time data, so neither does nativepack here (bench/data.sh measures it).
nodata="--data-exclude *"

home=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
file=${1:-/usr/bin/gdalinfo}
target=${2:-azure/debian12}
out=${OUT:-$home/target/bench}
runs=${RUNS:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# The libraries the shell workflow leaves out: those the target has, by name, from its JSON.
"$home/nativepack" targets --json >/dev/null
target_libs="$work/target-libs.txt"
python3 - "$home" "$target" > "$target_libs" <<'PY'
import json, subprocess, sys
home, target = sys.argv[1], sys.argv[2]
ids = [t["id"] for t in json.loads(subprocess.check_output([home + "/nativepack", "targets", "--json"]))]
tid = next(i for i in ids if i == target or i.startswith(target + "/"))
path = home + "/core/src/main/resources/dev/nativepack/core/target/builtin/" + tid + ".json"
for lib in json.load(open(path))["libraries"]:
    print(lib["name"])
PY

cat > "$work/shell-bundle.sh" <<SH
#!/usr/bin/env bash
set -euo pipefail
rm -rf "$work/shell" "$work/shell.zip"
mkdir -p "$work/shell/lib"
cp "$file" "$work/shell/bootstrap"
ldd "$file" | awk '/=> \\// {print \$1, \$3}' | while read -r name path; do
    grep -qx "\$name" "$target_libs" || cp -L "\$path" "$work/shell/lib/\$name"
done
strip --strip-all "$work/shell/bootstrap" "$work/shell/lib/"* 2>/dev/null || true
(cd "$work/shell" && zip -q -r -9 "$work/shell.zip" .)
SH
chmod +x "$work/shell-bundle.sh"

# Build and train the launcher once, outside the measurement.
"$home/nativepack" bundle "$file" --target "$target" -o "$work/warm.zip" >/dev/null

# A first bundle: no cache (a bundle's cache would make later runs reuse the first's work).
hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/bundle.json" --export-markdown "$out/bundle.md" \
    "$home/nativepack bundle $file --target $target -o $work/nativepack.zip --no-cache $nodata" \
    "$home/nativepack bundle $file --target $target -o $work/nativepack-8.zip --no-cache --compression-level 8 $nodata" \
    "$work/shell-bundle.sh"
cat "$out/bundle.md"
echo "--- archive sizes (bytes)"
printf '%-28s %s\n' "nativepack bundle" "$(stat -c %s "$work/nativepack.zip")"
printf '%-28s %s\n' "nativepack, level 8" "$(stat -c %s "$work/nativepack-8.zip")"
printf '%-28s %s\n' "ldd + cp + strip + zip -9" "$(stat -c %s "$work/shell.zip")"
printf '%-28s %s\n' "files (nativepack / shell)" "$(unzip -Z1 "$work/nativepack.zip" | grep -vc '/$') / $(unzip -Z1 "$work/shell.zip" | grep -vc '/$')"

# Reuse: the first bundle of a program against an empty cache, then a second after rebuilding only
# the entry (its content changes before every run), both with the same cache directory.
cache="$work/cache"
app="$work/app"
cp "$file" "$app"
hyperfine -N --runs "$runs" --export-json "$out/bundle-reuse.json" --export-markdown "$out/bundle-reuse.md" \
    --prepare "rm -rf $cache" \
    "$home/nativepack bundle $app --target $target -o $work/first.zip --cache-dir $cache $nodata" \
    --prepare "sh -c 'printf x >> $app'" \
    "$home/nativepack bundle $app --target $target -o $work/second.zip --cache-dir $cache $nodata"
cat "$out/bundle-reuse.md"
