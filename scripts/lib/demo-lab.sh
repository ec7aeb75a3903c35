# shellcheck shell=bash
# Sourced by scripts/quickstart and scripts/screenshots: the demo lab and the demo inventory entry.
# The caller sets $root to the checkout.
# shellcheck disable=SC2154

# demo_lab_start LAB_DIR: starts the practice lab with its demo server (a site that answers 502).
# Callers stop it from an EXIT trap (demo_lab_stop), so it stops however the script ends.
demo_lab_start() {
    "$root/tests/lab/gslab" start --dir "$1" --demo
}

demo_lab_stop() {
    echo "Stopping the demo lab."
    "$root/tests/lab/gslab" stop --dir "$1" || true
}

# demo_lab_register LAB_DIR CLI: (re)adds demo-server to the inventory in $GATESCOPE_DATA_DIR, with
# the port, user, key and known_hosts the lab wrote to LAB_DIR/lab.json. Returns 1 (after saying
# why) when that is not possible, so the caller decides whether it can go on without it.
demo_lab_register() {
    local lab_json=$1/lab.json cli=$2
    if [[ ! -f $lab_json ]]; then
        echo "warning: the lab wrote no $lab_json, so there is no demo server to add" >&2
        return 1
    fi
    local fields
    if ! mapfile -t fields < <(python3 -c '
import json, sys
lab = json.load(open(sys.argv[1]))
# The passwordless-sudo admin (root mode) shows the whole checklist without a sudo prompt.
user = lab["users"].get("sudo_nopasswd") or lab["users"]["key"]
for value in (lab["ssh"]["port"], user["name"], user["key"],
              lab["ssh"]["known_hosts"], lab["nginx"]["conf"]):
    print(value)' "$lab_json") || ((${#fields[@]} != 5)); then
        echo "warning: $lab_json lacks ssh.port, ssh.known_hosts or users.key.{name,key}" >&2
        return 1
    fi
    # Idempotent: a second run replaces the entry instead of failing on a duplicate name.
    "$cli" hosts remove demo-server >/dev/null 2>&1 || true
    if ! "$cli" hosts add demo-server --host 127.0.0.1 --port "${fields[0]}" --user "${fields[1]}" \
        --identity "${fields[2]}" --known-hosts "${fields[3]}" --nginx-conf "${fields[4]}" \
        --group Demo; then
        echo "warning: gatescope-cli could not add demo-server to the inventory" >&2
        return 1
    fi
}
