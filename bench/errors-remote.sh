#!/usr/bin/env bash
# `gatescope-cli errors TARGET --since 1h` against the practice lab's sshd with a 1 GB access log
# generated on the server side: wall time of the whole command (connect, discovery, window,
# transfer, aggregation) and the bytes that crossed the network. See bench/README.md.
#
# Usage: bench/errors-remote.sh LAB_DIR [SIZE_MB] [BUILD_DIR]
#   LAB_DIR    a running lab (tests/lab/gslab start --dir LAB_DIR)
#   SIZE_MB    size of the generated log (default 1024)
#   BUILD_DIR  a Release build holding cli/gatescope-cli and bench/genaccesslog
#              (default build/logs-rel, or $GS_BUILD_DIR)
set -euo pipefail

lab=${1:?usage: bench/errors-remote.sh LAB_DIR [SIZE_MB] [BUILD_DIR]}
size_mb=${2:-1024}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${3:-${GS_BUILD_DIR:-$root/build/logs-rel}}
cli=$build/cli/gatescope-cli
gen=$build/bench/genaccesslog
for tool in "$cli" "$gen"; do
    [ -x "$tool" ] || { echo "missing $tool: build the release targets first (bench/README.md)" >&2; exit 64; }
done
[ -f "$lab/lab.json" ] || { echo "no running lab in $lab" >&2; exit 64; }

json() { python3 -c "import json,sys; d=json.load(open('$lab/lab.json')); print(eval('d' + sys.argv[1]))" "$1"; }
port=$(json "['ssh']['port']")
known=$(json "['ssh']['known_hosts']")
if python3 -c "import json; d=json.load(open('$lab/lab.json')); exit(0 if 'sudo_nopasswd' in d['users'] else 1)"; then
    role=sudo_nopasswd
else
    role=key
fi
user=$(json "['users']['$role']['name']")
key=$(json "['users']['$role']['key']")
target="$user@127.0.0.1:$port"
ssh_opts=(-p "$port" -i "$key" -o "UserKnownHostsFile=$known" -o BatchMode=yes -o StrictHostKeyChecking=yes)

# The log lives on the "server" (the lab's sshd on loopback): generated there, never copied.
remote_dir=$lab/bench-remote
mkdir -p "$remote_dir"
chmod 0755 "$remote_dir"
log=$remote_dir/access.log
trap 'rm -rf "$remote_dir"' EXIT
echo "generating a ${size_mb} MB combined log on the server side ($log) ..." >&2
cp "$gen" "$remote_dir/genaccesslog"
chmod 0755 "$remote_dir/genaccesslog"
chmod 0777 "$remote_dir"
ssh "${ssh_opts[@]}" "$user@127.0.0.1" "$remote_dir/genaccesslog $size_mb $log"
bytes=$(stat -c %s "$log")
# The server reads from its page cache, as a busy server's recent log would be.
cat "$log" > /dev/null

measure() {
    local since=$1
    local out=$remote_dir/errors-$since.json
    local start end
    start=$(date +%s.%N)
    "$cli" errors "$target" -i "$key" --known-hosts "$known" --log "$log" --since "$since" --json \
        > "$out" 2> "$remote_dir/errors-$since.err"
    end=$(date +%s.%N)
    python3 - "$out" "$start" "$end" "$bytes" "$since" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
size = int(sys.argv[4])
t = d["transfer"]
print(f"--since {sys.argv[5]:>4}: {wall:6.2f} s wall (load {t['duration_ms']} ms after connect), "
      f"{t['bytes']:,} bytes over SSH = {100.0 * t['bytes'] / size:.2f} % of the {size:,}-byte log; "
      f"window text {t['text_bytes']:,} bytes ({100.0 * t['text_bytes'] / size:.2f} %), "
      f"server read from offset {t['files'][-1]['offset']:,}; "
      f"{d['totals']['requests']:,} requests, 502: {d['totals']['status'].get('502', 0):,}")
EOF
}

echo "log: $bytes bytes, $(wc -l < "$log") lines, 24 h ending now" >&2
measure 15m
measure 1h
measure 72m
