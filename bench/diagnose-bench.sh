#!/usr/bin/env bash
# Full diagnosis of a lab host including connect: the median of 10 runs, then 20 targets at once
# (20 concurrent SSH sessions to the lab's sshd, each a full diagnosis), in one run.
#
#   tests/lab/gslab start --dir /tmp/gs-bench-lab          (as root: the sudo user gets full checks)
#   bench/diagnose-bench.sh /tmp/gs-bench-lab [BUILD_DIR]
set -euo pipefail
lab=${1:?usage: bench/diagnose-bench.sh LAB_DIR [BUILD_DIR]}
build=${2:-${GS_BUILD_DIR:-build/release}}
cli="$build/cli/gatescope-cli"
read -r port user key known conf < <(python3 - "$lab/lab.json" <<'PY'
import json, sys
lab = json.load(open(sys.argv[1]))
role = "sudo_nopasswd" if "sudo_nopasswd" in lab["users"] else "key"
u = lab["users"][role]
print(lab["ssh"]["port"], u["name"], u["key"], lab["ssh"]["known_hosts"], lab["nginx"]["conf"])
PY
)
target="$user@127.0.0.1:$port"
common=(-i "$key" --known-hosts "$known" --nginx-conf "$conf" --json)

ms() { date +%s%3N; }
times=()
for _ in $(seq 10); do
    start=$(ms)
    "$cli" diagnose "$target" "${common[@]}" >/dev/null 2>&1 || true
    times+=($(( $(ms) - start )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END{print (a[5]+a[6])/2}')
echo "one host, full diagnose incl. connect, 10 runs (ms): ${times[*]}"
echo "  median: ${median} ms (aim <= 1500)"

targets=()
for _ in $(seq 20); do targets+=("$target"); done
start=$(ms)
"$cli" diagnose "${targets[@]}" "${common[@]}" >/dev/null 2>&1 || true
echo "20 targets at once (20 concurrent sessions, one lab sshd): $(( $(ms) - start )) ms (aim <= 3000)"
