#!/usr/bin/env bash
# Measures the start-up of the command line with each JVM flag the launcher uses, alone and
# together, with hyperfine (no shell, warm page cache). On a shared machine the load drifts, so
# the variants are interleaved: ROUNDS rounds of RUNS runs each, medians over all rounds.
# Usage: bench/startup.sh [HOME] [COMMAND] [FILE]
#   HOME: a checkout with the launcher (default: this one); COMMAND: tree (default) or inspect.
set -euo pipefail

home=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)
command=${2:-tree}
file=${3:-/usr/bin/gdalinfo}
rounds=${ROUNDS:-10}
runs=${RUNS:-3}
jar=$home/cli/target/nativepack-cli.jar
static_archive=$home/cli/target/nativepack.jsa
results=$(mktemp -d)
dynamic_archive=$results/dynamic.jsa

"$home/nativepack" --version >/dev/null   # builds the jar and the launcher's static archive if needed
# For comparison: the dynamic archive JDK 17 writes at exit, which leaves out picocli's Java 5 classes.
java -XX:ArchiveClassesAtExit="$dynamic_archive" -cp "$jar" dev.nativepack.cli.CdsTraining /bin/ls >/dev/null 2>&1

main="-cp $jar dev.nativepack.cli.Main $command $file"
cds="-XX:SharedArchiveFile=$static_archive -Xshare:auto"
fast="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData"
for round in $(seq "$rounds"); do
    hyperfine -N --warmup 1 --runs "$runs" --style none --export-json "$results/round-$round.json" \
        -n "no flags"                  "java $main" \
        -n "dynamic CDS"               "java -XX:SharedArchiveFile=$dynamic_archive $main" \
        -n "static CDS"                "java $cds $main" \
        -n "TieredStopAtLevel=1"       "java -XX:TieredStopAtLevel=1 $main" \
        -n "UseSerialGC"               "java -XX:+UseSerialGC $main" \
        -n "no PerfData"                "java -XX:-UsePerfData $main" \
        -n "static CDS + TieredStop"   "java $cds -XX:TieredStopAtLevel=1 $main" \
        -n "static CDS + SerialGC"     "java $cds -XX:+UseSerialGC $main" \
        -n "static CDS + no PerfData" "java $cds -XX:-UsePerfData $main" \
        -n "static CDS + all three"    "java $cds $fast $main" \
        -n "all + Xss256k"             "java $cds $fast -Xss256k $main" \
        -n "all + CICompilerCount=1"   "java $cds $fast -XX:CICompilerCount=1 $main" \
        -n "all + Xint"                "java $cds -Xint -XX:+UseSerialGC -XX:-UsePerfData $main" \
        -n "launcher"                  "$home/nativepack $command $file" \
        -n "launcher --json"           "$home/nativepack $command --json $file" \
        -n "java -version (floor)"     "java $fast -version" >/dev/null 2>&1
done

python3 - "$results" <<'PY'
import glob, json, statistics, sys
times, cpu = {}, {}
for path in sorted(glob.glob(sys.argv[1] + "/round-*.json")):
    for r in json.load(open(path))["results"]:
        times.setdefault(r["command"], []).extend(r["times"])
        cpu.setdefault(r["command"], []).append(r["user"] + r["system"])  # a mean per round
print("%-28s %8s %8s %10s %5s" % ("variant", "median", "min", "user+sys", "n"))
for name, t in times.items():
    print("%-28s %6.1fms %6.1fms %8.1fms %5d" % (name, statistics.median(t) * 1e3, min(t) * 1e3,
                                                statistics.median(cpu[name]) * 1e3, len(t)))
PY
