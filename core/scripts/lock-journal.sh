# shellcheck shell=sh
# The lock and journal protocol of every script that changes a server (apply.sh,
# snapshot-create.sh, snapshot-restore.sh, snapshot-upload.sh, remote-file-write.sh): a library,
# put in front of the script's own text (after its inputs) by ApplyScript, SnapshotScript and
# RemoteFile; it defines functions and runs nothing but the settings below.
#
# Inputs, assigned before this text: gs_nonce ([A-Za-z0-9], marks the protocol lines and names
# the journal), gs_broot (the backup root; its journal/ holds one file per run), gs_lock (the
# host lock) and gs_lock_wait (seconds), gs_pause_after and gs_pause_seconds (the test hook).
#
# Markers, one line each, on stdout and appended to the journal (ApplyEventParser reads them):
#   "$M step NAME STATUS DETAIL", "$M out NAME" + text + "$M end", "$M info KEY VALUE",
#   "$M pause STEP SSHD_PID", "$M result OUTCOME"; M is "@@GS" and the nonce.
# The host lock is flock(1) on fd 9 for the rest of the script: the kernel lets go of it when the
# script ends, however it ends, so a lock is never stale; a dead run leaves only its file.
#
# shellcheck disable=SC2154 # the inputs above are assigned by the C++ that composes the script
# shellcheck disable=SC2034 # M and j are read by the functions here and by the scripts after

# A dropped connection must not stop a change half-way: the script finishes on its own.
trap '' HUP PIPE
umask 077
M="@@GS$gs_nonce"
j=
gs_emit() { printf '%s\n' "$1"; [ -n "$j" ] && printf '%s\n' "$1" >> "$j"; return 0; }
gs_step() { gs_emit "$M step $1 $2 $3"; }
gs_info() { gs_emit "$M info $1 $2"; }
gs_out() { gs_emit "$M out $1
$2
$M end"; }
gs_result() { gs_emit "$M result $1"; exit 0; }
# Test hook: after the step named in gs_pause_after, say which sshd serves us (a test stops it
# to cut the connection there) and sleep.
gs_pause() {
  [ "$gs_pause_after" = "$1" ] || return 0
  gs_s=$$; gs_sp=
  while [ -n "$gs_s" ] && [ "$gs_s" -gt 1 ]; do
    gs_c=$(cat "/proc/$gs_s/comm" 2>/dev/null)
    if [ "$gs_c" = sshd ]; then gs_sp=$gs_s; break; fi
    gs_s=$(sed 's/^.*) [A-Za-z] \([0-9]*\).*$/\1/' "/proc/$gs_s/stat" 2>/dev/null)
  done
  gs_emit "$M pause $1 $gs_sp"
  sleep "$gs_pause_seconds"
}

# The journal <gs_broot>/journal/<gs_nonce>, opened before the lock is taken, so that a client
# that lost the connection can tell "still waiting for the lock" from "never started". A run
# that cannot write it goes on without one (j stays empty). Journals older than a week go.
gs_journal_open() {
  mkdir -p -- "$gs_broot/journal" 2>/dev/null && chmod 700 -- "$gs_broot" 2>/dev/null
  # `true`, not `:`: a failed redirection of a special builtin ends sh (dash, bash --posix)
  # instead of taking the || branch.
  j="$gs_broot/journal/$gs_nonce"; { true > "$j"; } 2>/dev/null || j=
  find "$gs_broot/journal" -type f -mtime +7 -exec rm -f {} + 2>/dev/null
}

# Opens the host lock on fd 9, creating it readable by everyone: flock needs only a read
# descriptor, so logins without sudo share the one lock.
gs_lock_open() {
  [ -e "$gs_lock" ] || (umask 022; : >> "$gs_lock") 2>/dev/null
  # `command` keeps a failed open from ending sh (exec is a special builtin), so the callers can
  # say why.
  command exec 9<"$gs_lock"
}

# Takes the host lock as step "lock" (running, waiting, ok); fails the run with result "error"
# when it cannot open the lock or another change holds it for longer than gs_lock_wait seconds.
gs_lock_take() {
  gs_step lock running "$gs_lock"
  mkdir -p /run/lock 2>/dev/null
  gs_lock_open || { gs_step lock failed "cannot open $gs_lock"; gs_result error; }
  if ! flock -n 9; then
    gs_step lock waiting "another change is running on this host"
    flock -w "$gs_lock_wait" 9 || { gs_step lock failed "still locked after ${gs_lock_wait}s"; gs_result error; }
  fi
  gs_step lock ok "$gs_lock"
}

# The same lock for commands that answer "@@error WHY" and exit 3 rather than in markers.
gs_lock_or_exit() {
  gs_lock_open || { echo "@@error cannot open the lock $gs_lock"; exit 3; }
  flock -w "$gs_lock_wait" 9 || { echo "@@error another change is still running"; exit 3; }
}
