#!/usr/bin/env bash
# Issue 10's table: each lab breakage diagnosed as every login the lab has (root, passwordless
# sudo, sudo with a password given on stdin, no sudo): what comes first, whether the expected
# cause is found and ranked first, the exit code and whether the coverage is complete. The log
# window starts at the breakage (--since), as an admin looking at "now" would.
#
#   tests/lab/gslab start --dir /tmp/gs-lab          (as root: the lab has every login)
#   bench/trust-table.sh /tmp/gs-lab [BUILD_DIR]
set -euo pipefail
lab=${1:?usage: bench/trust-table.sh LAB_DIR [BUILD_DIR]}
build=${2:-build/release}
cli="${build}/cli/gatescope-cli"
gslab="$(dirname "$0")/../tests/lab/gslab"

# Everything the table needs from lab.json, read once. A lab started without root has only the
# key login: then that is the one row per breakage.
lab_values=$(python3 - "${lab}/lab.json" <<'PY'
import json, sys
lab = json.load(open(sys.argv[1]))
users, sites = lab["users"], lab["nginx"]["sites"]
roles = [r for r in ("root", "sudo_nopasswd", "sudo_password", "nosudo") if r in users] or ["key"]
print(lab["ssh"]["port"], lab["ssh"]["known_hosts"], lab["nginx"]["conf"], users["key"]["key"],
      sites["app"]["url"], sites["php"]["url"], sites["php"]["slow_url"],
      users.get("sudo_password", {}).get("password", "-"), ",".join(roles))
for role in roles:
    print(role, users[role]["name"])
PY
)
{
    read -r port known conf key app_url php_url slow_url sudo_password roles
    declare -A user_of
    while read -r role name; do
        user_of[${role}]=${name}
    done
} <<<"${lab_values}"
IFS=, read -r -a role_list <<<"${roles}"

# breakage|expected first finding(s)
cases="app_down|upstream.connection_refused app.service_down
app_slow|upstream.timeout
app_close|upstream.prematurely_closed
app_reset|upstream.connection_reset
app_bigheader|upstream.header_too_big
fpm_socket_missing|upstream.socket_missing phpfpm.listen_mismatch
fpm_socket_perms|upstream.socket_permission_denied phpfpm.socket_permissions
fpm_down|phpfpm.not_running upstream.socket_missing
nginx_config_invalid|nginx.config_invalid
nginx_down|nginx.not_running
nginx_port_conflict|nginx.port_conflict
fpm_config_invalid|phpfpm.config_invalid phpfpm.not_running upstream.socket_missing
fpm_timeout|phpfpm.request_timeout
proxy_to_fpm|upstream.protocol_mismatch"

out=$(mktemp)
trap 'rm -f "${out}"' EXIT
printf '| breakage | login | first finding | expected found | ranked first | exit | coverage complete |\n'
printf '|---|---|---|---|---|---|---|\n'
while IFS='|' read -r breakage expected; do
    for role in "${role_list[@]}"; do
        "${gslab}" reset --dir "${lab}" >/dev/null
        sleep 1.2
        start=$(date +%s)
        "${gslab}" break --dir "${lab}" "${breakage}" >/dev/null
        for _ in 1 2 3; do
            curl -s -o /dev/null -m 8 "${app_url}" || true
            curl -s -o /dev/null -m 8 "${php_url}" || true
        done
        if [[ "${breakage}" == fpm_timeout ]]; then
            curl -s -o /dev/null -m 8 "${slow_url}?s=4" || true
        fi
        now=$(date +%s)
        window=$((now - start + 2))
        secret=()
        if [[ "${role}" == sudo_password ]]; then
            secret=(--password-stdin)
        fi
        rc=0
        printf '%s\n' "${sudo_password}" | "${cli}" diagnose "${user_of[${role}]}@127.0.0.1:${port}" \
            -i "${key}" --known-hosts "${known}" --nginx-conf "${conf}" --since "${window}s" --json \
            "${secret[@]}" >"${out}" 2>/dev/null || rc=$?
        python3 - "${breakage}" "${role}" "${expected}" "${rc}" "${out}" <<'PY'
import json, sys
breakage, role, expected, rc, out = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4], sys.argv[5]
t = json.load(open(out))["targets"][0]
ids = [f["id"] for f in t["findings"] if f.get("state") != "past"]
first = ids[0] if ids else "(none)"
print(f"| {breakage} | {role} | {first} | {'yes' if any(e in ids for e in expected) else 'NO'} "
      f"| {'yes' if first in expected else 'NO'} | {rc} | {t.get('coverage', {}).get('complete')} |")
PY
    done
done <<<"${cases}"
"${gslab}" reset --dir "${lab}" >/dev/null
