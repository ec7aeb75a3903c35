#!/usr/bin/env bash
# Gatescope's access-log parse+aggregate versus GoAccess and mawk on the same generated combined
# log, in one run: throughput (MB/s), ratios and peak memory. See bench/README.md.
#
# Usage: bench/errors-vs-goaccess.sh [SIZE_MB] [BUILD_DIR]
#   SIZE_MB    size of the generated log (default 1024)
#   BUILD_DIR  a Release build holding cli/gatescope-cli and bench/genaccesslog
#              (default build/logs-rel, or $GS_BUILD_DIR)
set -euo pipefail

size_mb=${1:-1024}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${2:-${GS_BUILD_DIR:-$root/build/logs-rel}}
cli=$build/cli/gatescope-cli
gen=$build/bench/genaccesslog
window=$build/bench/windowcommand_bench
work=$(mktemp -d "${TMPDIR:-/tmp}/gs-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

for tool in "$cli" "$gen"; do
    [ -x "$tool" ] || { echo "missing $tool: build the release targets first (bench/README.md)" >&2; exit 64; }
done
command -v goaccess >/dev/null || { echo "goaccess is not installed" >&2; exit 64; }
command -v mawk >/dev/null || { echo "mawk is not installed" >&2; exit 64; }
have_time=0
[ -x /usr/bin/time ] && have_time=1

log=$work/access.log
echo "generating a ${size_mb} MB combined log in $work ..." >&2
"$gen" "$size_mb" "$log"
bytes=$(stat -c %s "$log")
lines=$(wc -l < "$log")
# Every tool reads from the page cache: this measures parsing, not the disk.
cat "$log" > /dev/null

# run NAME COMMAND...: wall seconds and peak RSS (KiB) of COMMAND into $work/NAME.{sec,rss}
run() {
    local name=$1
    shift
    if [ "$have_time" = 1 ]; then
        /usr/bin/time -v -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err"
        awk -F': ' '/Elapsed \(wall clock\)/ {
                n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' \
            "$work/$name.time" > "$work/$name.sec"
        awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/$name.time" > "$work/$name.rss"
    else
        local start end
        start=$(date +%s.%N)
        "$@" > "$work/$name.out" 2> "$work/$name.err"
        end=$(date +%s.%N)
        echo "$end - $start" | bc -l > "$work/$name.sec"
        echo "?" > "$work/$name.rss"
    fi
}

echo "timing gatescope-cli errors ..." >&2
run gatescope "$cli" errors --file "$log" --json
echo "timing goaccess ..." >&2
run goaccess goaccess "$log" --log-format=COMBINED --no-global-config -o "$work/goaccess.json"
echo "timing mawk ..." >&2
run mawk mawk '{c[$9]++} END{for(k in c) print k,c[k]}' "$log"

# Same answer: the 502 count from Gatescope's JSON and from mawk.
gs502=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["status"].get("502",0))' "$work/gatescope.out" 2>/dev/null || echo "?")
awk502=$(awk '$1 == "502" { print $2 }' "$work/mawk.out")

awk -v bytes="$bytes" -v lines="$lines" -v mb="$size_mb" \
    -v gs="$(cat "$work/gatescope.sec")" -v ga="$(cat "$work/goaccess.sec")" -v mk="$(cat "$work/mawk.sec")" \
    -v gsr="$(cat "$work/gatescope.rss")" -v gar="$(cat "$work/goaccess.rss")" -v mkr="$(cat "$work/mawk.rss")" \
    -v gs502="$gs502" -v awk502="$awk502" 'BEGIN {
    m = bytes / 1048576
    printf "log: %.0f MB, %d lines (combined)\n", m, lines
    printf "%-22s %8s %10s %12s\n", "tool", "seconds", "MB/s", "peak RSS MB"
    printf "%-22s %8.2f %10.0f %12s\n", "gatescope-cli errors", gs, m / gs, (gsr == "?" ? "?" : sprintf("%.1f", gsr / 1024))
    printf "%-22s %8.2f %10.0f %12s\n", "goaccess 1.7", ga, m / ga, (gar == "?" ? "?" : sprintf("%.1f", gar / 1024))
    printf "%-22s %8.2f %10.0f %12s\n", "mawk status count", mk, m / mk, (mkr == "?" ? "?" : sprintf("%.1f", mkr / 1024))
    printf "gatescope vs goaccess: %.1fx throughput (aim >= 10x)\n", ga / gs
    printf "gatescope vs mawk:     %.1fx throughput (aim > 1x)\n", mk / gs
    printf "502s counted: gatescope %s, mawk %s\n", gs502, awk502
}'

# The server side of `errors --since 1h` when the hour is the last 5 % of the log (the log holds
# 24 h, so 72 minutes): seconds and bytes to transfer.
if [ -x "$window" ]; then
    "$window" "$log" 4320
fi
