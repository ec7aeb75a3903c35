#!/usr/bin/env bash
# Round trips of a full diagnosis across a slow link, side by side with what an admin does instead,
# in one run: the lab's sshd is reached through delayrelay (a loopback TCP relay that adds RTT), at
# 50, 100 and 200 ms. Round trips = wall time / RTT (loopback time is noise beside them).
#
#   tests/lab/gslab start --dir /tmp/gs-bench-lab
#   bench/roundtrips.sh /tmp/gs-bench-lab [BUILD_DIR] [RTT_MS...]
#
# Compared, each through the same relay:
#   gatescope   gatescope-cli diagnose (connect, host key, login, sudo probe, every round; median of 3)
#   by hand     the twelve commands of a 502 hunt, one `ssh host CMD` each (OpenSSH, new connection)
#   mux         the same twelve over one multiplexed OpenSSH connection (ControlMaster), its
#               connect included
set -euo pipefail
lab=${1:?usage: bench/roundtrips.sh LAB_DIR [BUILD_DIR] [RTT_MS...]}
build=${2:-${GS_BUILD_DIR:-build/release}}
shift $(($# < 2 ? $# : 2))
rtts=("$@")
((${#rtts[@]})) || rtts=(50 100 200)
cli="$build/cli/gatescope-cli"
relay_bin="$build/bench/delayrelay"
[[ -x $cli && -x $relay_bin ]] || {
    echo "build gatescope-cli and delayrelay first: cmake --build $build --target gatescope-cli delayrelay" >&2
    exit 2
}

read -r port user key known conf errlog fpmlog site < <(python3 - "$lab/lab.json" <<'PY'
import json, sys
lab = json.load(open(sys.argv[1]))
u = lab["users"]["sudo_nopasswd"]
print(lab["ssh"]["port"], u["name"], u["key"], lab["ssh"]["known_hosts"], lab["nginx"]["conf"],
      lab["nginx"]["error_log"], lab["phpfpm"]["error_log"], lab["nginx"]["sites"]["php"]["url"])
PY
)
relay_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
work=$(mktemp -d)
relay_pid=
cleanup() {
    if [[ -n $relay_pid ]]; then kill "$relay_pid" 2>/dev/null || true; fi
    ssh -o ControlPath="$work/mux" -O exit x 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
# The relay's port is another address to ssh: the lab's host key, recorded under it.
sed "s/^\[127.0.0.1\]:$port /[127.0.0.1]:$relay_port /" "$known" >"$work/known_hosts"

target="$user@127.0.0.1:$relay_port"
ssh_opts=(-i "$key" -p "$relay_port" -o BatchMode=yes -o IdentitiesOnly=yes
    -o UserKnownHostsFile="$work/known_hosts" -o StrictHostKeyChecking=yes -o LogLevel=ERROR)
# What an admin types to chase a 502 (docs/nginx-502-reference.md), one answer at a time.
hunt=(
    "sudo -n nginx -T -c $conf >/dev/null"
    "sudo -n nginx -t -c $conf"
    "sudo -n ss -ltnpx"
    "ps -eo pid,user,args | grep -E 'nginx|php-fpm'"
    "sudo -n tail -n 200 $errlog"
    "sudo -n tail -n 100 $fpmlog"
    "curl -s -o /dev/null -w '%{http_code}' $site"
    "systemctl --no-pager status nginx || true"
    "df -h"
    "free -m"
    "sudo -n journalctl -k -n 50 --no-pager || true"
    "cat /proc/loadavg"
)

ms() { date +%s%3N; }
median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }

run_gatescope() {
    local times=() start
    for _ in 1 2 3; do
        start=$(ms)
        "$cli" diagnose "$target" -i "$key" --known-hosts "$work/known_hosts" \
            --nginx-conf "$conf" --json >"$work/out.json" 2>"$work/err.txt" || true
        times+=($(($(ms) - start)))
    done
    grep -q '"findings"' "$work/out.json" || {
        echo "gatescope-cli diagnose failed:" >&2
        cat "$work/err.txt" >&2
        exit 1
    }
    median3 "${times[@]}"
}

run_by_hand() {
    local start
    start=$(ms)
    for command in "${hunt[@]}"; do
        # shellcheck disable=SC2029 # the commands carry the lab's paths, expanded here on purpose
        ssh "${ssh_opts[@]}" "$user@127.0.0.1" "$command" >/dev/null 2>&1 || true
    done
    echo $(($(ms) - start))
}

run_mux() {
    local start
    start=$(ms)
    ssh "${ssh_opts[@]}" -o ControlMaster=yes -o ControlPath="$work/mux" -o ControlPersist=60 \
        -N -f "$user@127.0.0.1"
    for command in "${hunt[@]}"; do
        ssh "${ssh_opts[@]}" -o ControlPath="$work/mux" "$user@127.0.0.1" "$command" \
            >/dev/null 2>&1 || true
    done
    echo $(($(ms) - start))
    ssh -o ControlPath="$work/mux" -O exit "$user@127.0.0.1" 2>/dev/null || true
}

printf '%-7s | %-22s | %-22s | %-22s | %s\n' "RTT" "gatescope diagnose" \
    "by hand (${#hunt[@]} x ssh)" "mux (1 conn, ${#hunt[@]} cmds)" "by hand / gatescope"
for rtt in "${rtts[@]}"; do
    "$relay_bin" "$relay_port" "$port" "$rtt" &
    relay_pid=$!
    sleep 0.3
    g=$(run_gatescope)
    h=$(run_by_hand)
    m=$(run_mux)
    kill "$relay_pid" 2>/dev/null || true
    wait "$relay_pid" 2>/dev/null || true
    relay_pid=
    trips() { awk -v t="$1" -v r="$rtt" 'BEGIN { printf "%.1f", t / r }'; }
    printf '%-7s | %6d ms = %5s RTT | %6d ms = %5s RTT | %6d ms = %5s RTT | %s\n' "${rtt} ms" \
        "$g" "$(trips "$g")" "$h" "$(trips "$h")" "$m" "$(trips "$m")" \
        "$(awk -v a="$h" -v b="$g" 'BEGIN { printf "%.1fx", a / b }')"
done
