#!/usr/bin/env bash
# Whole-process time of `nativepack jar scan` over about 100 MB of real jars from Maven Central,
# and of `nativepack jar prune` beside `zip -d` (deleting the same entries in place) and `cp` (the
# disk's speed) on the same jar. Results go to docs/performance.md by hand.
#
#   bench/jar.sh        (needs hyperfine, zip, python3 and Maven Central for the first run)
set -euo pipefail

home=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${OUT:-$home/target/bench}
jars=$out/jars
runs=${RUNS:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$jars"

# Jars with natives for every platform (several versions, as a fat jar's history collects them)
# and plain Java ones: 101 MB in 18 jars.
artifacts=(
    org.xerial:sqlite-jdbc:3.54.1.0 org.xerial:sqlite-jdbc:3.53.4.0 org.xerial:sqlite-jdbc:3.51.3.0
    org.xerial:sqlite-jdbc:3.50.3.0
    com.github.luben:zstd-jni:1.5.7-21 com.github.luben:zstd-jni:1.5.7-20 com.github.luben:zstd-jni:1.5.7-19
    com.github.luben:zstd-jni:1.5.7-18
    net.java.dev.jna:jna:5.17.0 org.xerial.snappy:snappy-java:1.1.10.12
    com.amazonaws:aws-lambda-java-runtime-interface-client:2.10.1
    com.google.guava:guava:33.4.0-jre net.bytebuddy:byte-buddy:1.15.11 org.scala-lang:scala-reflect:2.13.15
    org.eclipse.jgit:org.eclipse.jgit:7.4.0.202509020913-r com.fasterxml.jackson.core:jackson-databind:2.18.2
    org.apache.commons:commons-compress:1.27.1 info.picocli:picocli:4.7.7
)
for a in "${artifacts[@]}"; do
    IFS=: read -r group artifact version <<<"$a"
    [[ -f $jars/$artifact-$version.jar ]] ||
        mvn -q -B dependency:copy -Dartifact="$a" -DoutputDirectory="$jars" -Dmdep.overWriteReleases=true
done
echo "--- $(ls "$jars"/*.jar | wc -l) jars, $(du -cb "$jars"/*.jar | tail -1 | cut -f1) bytes"

# Build and train the launcher once, outside the measurement.
"$home/nativepack" jar scan "$jars" >/dev/null

echo "--- what the scan finds"
"$home/nativepack" jar scan "$jars" --target java21 --json | python3 -c '
import json, sys
d = json.load(sys.stdin); s = d["summary"]
print("%d jars, %d natives: keep %d (%d bytes), drop %d (%d bytes), unknown %d, failing the audit %d"
      % (s["jars"], s["natives"], s["keep"], s["keepBytes"], s["drop"], s["dropBytes"], s["unknown"], s["failingAudit"]))'

echo "--- scan, hyperfine, $runs runs"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$out/jar-scan.json" --export-markdown "$out/jar-scan.md" \
    "$home/nativepack jar scan $jars" \
    "$home/nativepack jar scan $jars --target java21"
cat "$out/jar-scan.md"

# Prune: sqlite-jdbc (12 MB, 20 natives of which 19 are for other platforms than java21's).
jar=$jars/sqlite-jdbc-3.54.1.0.jar
"$home/nativepack" jar scan "$jar" --target java21 --json |
    python3 -c 'import json,sys; [print(n["entry"]) for n in json.load(sys.stdin)["natives"] if n["decision"]=="drop"]' \
    > "$work/dropped.txt"
# A fat jar of all the jars above, STORED under BOOT-INF/lib as Spring Boot writes them.
(mkdir -p "$work/fat/BOOT-INF/lib" && cp "$jars"/*.jar "$work/fat/BOOT-INF/lib/" &&
    cd "$work/fat" && zip -q -0 -r "$work/fat.jar" BOOT-INF)

echo "--- prune, hyperfine, $runs runs"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$out/jar-prune.json" --export-markdown "$out/jar-prune.md" \
    --prepare "cp $jar $work/w.jar" \
    "$home/nativepack jar prune $jar --target java21 -o $work/pruned.jar" \
    "zip -q -d $work/w.jar $(tr '\n' ' ' < "$work/dropped.txt")" \
    "cp $jar $work/copy.jar" \
    "$home/nativepack jar prune $work/fat.jar --target java21 -o $work/fat-pruned.jar" \
    "cp $work/fat.jar $work/fat-copy.jar"
cat "$out/jar-prune.md"
ls -l "$jar" "$work/pruned.jar" "$work/w.jar" "$work/fat.jar" "$work/fat-pruned.jar"
