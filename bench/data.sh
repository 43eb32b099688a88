#!/usr/bin/env bash
# The size of bundles of programs whose libraries read data at run time, three ways: without any
# run-time data (--data-exclude '*'), with the defaults (what the libraries need, large optional
# parts left out), and with every optional part (PROJ's grids, every installed tessdata language,
# the fonts). Prints a Markdown table for docs/performance.md (results go there by hand).
#
#   bench/data.sh [TARGET [PROGRAM...]]   (default azure/debian12 and the five programs below; needs
#                                         gdal-bin, imagemagick, tesseract-ocr, graphviz, libgdk-pixbuf2.0-bin)
set -euo pipefail

home=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target=${1:-azure/debian12}
shift || true
programs=("$@")
[[ ${#programs[@]} -gt 0 ]] || programs=(/usr/bin/gdalinfo /usr/bin/convert-im6.q16 /usr/bin/tesseract /usr/bin/dot
    /usr/bin/gdk-pixbuf-thumbnailer)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Unpacked bytes of a zip, from its central directory.
unpacked() {
    python3 -c 'import sys, zipfile; print(sum(i.file_size for i in zipfile.ZipFile(sys.argv[1]).infolist()))' "$1"
}
mib() {
    python3 -c 'import sys; print("%.1f" % (int(sys.argv[1]) / 1048576))' "$1"
}

echo "| program | no data: zipped / unpacked (MiB) | defaults | every optional part |"
echo "|---|---|---|---|"
for program in "${programs[@]}"; do
    row="| \`${program##*/}\`"
    for how in none defaults all; do
        case $how in
            none) flags=(--data-exclude '*') ;;
            defaults) flags=() ;;
            all) flags=(--data-include 'share/proj/*' --data-include 'share/tessdata/*' --data-include share/fonts) ;;
        esac
        zip="$work/$how.zip"
        "$home/nativepack" bundle "$program" --target "$target" -o "$zip" "${flags[@]}" > /dev/null
        row="$row | $(mib "$(stat -c %s "$zip")") / $(mib "$(unpacked "$zip")")"
    done
    echo "$row |"
done
