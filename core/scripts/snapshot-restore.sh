# shellcheck shell=sh
# Puts a whole-tree snapshot back (SnapshotScript::restore): checks the tarball's sha256, takes a
# pre-restore snapshot, makes every tree identical to the snapshot (rename by rename), validates
# every service, reloads every running master and judges the health check; puts the pre-restore
# snapshot back when validation or the health check fails. <gs_sdir>/.restoring names the
# pre-restore snapshot while the trees may be mixed.
# Composed after lock-journal.sh, service-health.sh and snapshot-trees.sh, with these inputs:
# gs_target and gs_target_sha (the snapshot and its tarball's sha256), gs_pre_head (the head of
# the pre-restore snapshot's manifest).
#
# shellcheck disable=SC2154 # the inputs above are assigned by SnapshotScript::restore

gs_journal_open
gs_lock_take
gs_snapshot_begin

gs_reload_all() {
  gs_rlog=; gs_rok=1; gs_i=0
  while [ $gs_i -lt "$gs_nservices" ]; do
    gs_use $gs_i
    eval "gs_mp_$gs_i=; gs_old_$gs_i=; gs_marked_$gs_i="
    if gs_master; then
      gs_o=$(gs_children "$gs_mp"); eval "gs_mp_$gs_i=\$gs_mp; gs_old_$gs_i=\$gs_o; gs_marked_$gs_i=1"
      gs_logmark
      gs_o=$(gs_reload "$gs_mp" 2>&1); gs_rc=$?
      if [ $gs_rc -eq 0 ]; then gs_rlog="$gs_rlog$gs_service: $gs_reload_text
"
      else gs_rok=; gs_rlog="$gs_rlog$gs_service: $gs_reload_text failed (exit $gs_rc): $gs_o
"; fi
    elif [ "$1" = rollback ] && [ "$gs_kind" = fpm ] && eval "[ -n \"\$gs_was_$gs_i\" ]"; then
      eval "gs_marked_$gs_i=1"; gs_logmark
      gs_o=$(gs_start 2>&1); sleep 1
      gs_rlog="$gs_rlog$gs_service: the master had died: started it again
"
    else
      gs_rlog="$gs_rlog$gs_service: not running, nothing to reload
"
    fi
    gs_i=$((gs_i+1))
  done
  gs_out "$2reload" "$gs_rlog"
  if [ -n "$gs_rok" ]; then gs_step "$2reload" ok "every running master reloaded"
  else gs_step "$2reload" failed "a reload command failed"; fi
}
# Once every master has reloaded: masters alive with new workers, no new errors in their logs,
# then the probes and pings against their baseline. Sets gs_ok when healthy.
gs_health_all() {
  gs_step "$2health" running "checking"
  gs_report=; gs_bad=; gs_ok=; gs_i=0
  [ -n "$gs_rok" ] || { gs_bad=1; gs_report="a reload command failed FAILED
"; }
  while [ $gs_i -lt "$gs_nservices" ]; do
    gs_use $gs_i
    eval "gs_m=\$gs_mp_$gs_i; gs_o=\$gs_old_$gs_i; gs_mk=\$gs_marked_$gs_i; gs_was=\$gs_was_$gs_i"
    if [ -n "$gs_m" ]; then
      if ! kill -0 "$gs_m" 2>/dev/null; then
        gs_bad=1; gs_report="$gs_report$gs_service: master $gs_m is gone FAILED
"
      else
        gs_wait_reload "$gs_m" "$gs_o"; gs_w=$?
        case $gs_w in
          0) gs_report="$gs_report$gs_service: master $gs_m alive, new configuration loaded
" ;;
          2) gs_bad=1; gs_report="$gs_report$gs_service: master $gs_m exited during the reload FAILED
" ;;
          *) gs_bad=1; gs_report="$gs_report$gs_service: master $gs_m alive but no new workers: the reload did not take FAILED
" ;;
        esac
      fi
    elif [ -n "$gs_mk" ]; then
      if gs_master; then gs_report="$gs_report$gs_service: running again (master $gs_mp)
"
      else gs_bad=1; gs_report="$gs_report$gs_service: not running FAILED
"; fi
    elif [ -n "$gs_was" ]; then
      gs_bad=1; gs_report="$gs_report$gs_service: was running before and is not now FAILED
"
    fi
    if [ -n "$gs_mk" ]; then
      gs_e=$(gs_newlog | grep -E "$gs_errpattern" | tail -n 5)
      if [ -n "$gs_e" ]; then gs_bad=1; gs_report="$gs_report$gs_service: new errors in the log FAILED:
$gs_e
"; fi
    fi
    gs_i=$((gs_i+1))
  done
  gs_judge "$1"
  gs_out "$2health" "$gs_report"
  if [ -n "$gs_bad" ]; then gs_step "$2health" failed "$(printf '%s' "$gs_report" | grep FAILED | head -n 1)"
  else gs_ok=1; gs_step "$2health" ok "masters alive, no new errors, $gs_nchecks checks passed"; fi
}
# Puts the pre-restore snapshot back; $1: the step's name.
gs_put_back() {
  gs_step "$1" running "putting back what was there before ($gs_pre)"
  gs_clean_stages
  if gs_swap_in "$gs_sdir/$gs_pre.tar.gz"; then
    gs_step "$1" ok "the trees are as they were before ($gs_pre): $gs_changed put back, $gs_removed removed"
    return 0
  fi
  gs_clean_stages
  gs_step "$1" failed "could not put everything back ($gs_why); snapshot $gs_pre holds what was there"
  return 1
}

gs_step preflight running "$gs_target"
gs_t="$gs_sdir/$gs_target.tar.gz"
[ -f "$gs_t" ] || { gs_step preflight failed "snapshot $gs_target is not on the server"; gs_result error; }
gs_sha "$gs_t"
[ "$gs_h" = "$gs_target_sha" ] ||
  { gs_step preflight failed "the tarball of $gs_target is damaged (sha256 $gs_h, expected $gs_target_sha)"; gs_result error; }
gs_odd=$(gs_odd_names)
[ -z "$gs_odd" ] || { gs_step preflight failed "a file name holds a line break: $(printf '%s' "$gs_odd" | tr '\n' '?')"; gs_result error; }
gs_i=0
while [ $gs_i -lt "$gs_nservices" ]; do gs_use $gs_i; eval "gs_was_$gs_i="; gs_master && eval "gs_was_$gs_i=1"; gs_i=$((gs_i+1)); done
gs_baseline
gs_step preflight ok "$gs_target sha256 $gs_target_sha"
gs_pause preflight

gs_step pre-snapshot running "taking a snapshot of the trees as they are now"
gs_validate_all
# shellcheck disable=SC2034 # gs_valid goes into the manifest (gs_snapshot, snapshot-trees.sh)
if [ -n "$gs_vok" ]; then gs_valid=ok; else gs_valid=failed; fi
gs_snapshot "$gs_pre_head" || { gs_step pre-snapshot failed "$gs_why"; gs_result error; }
gs_pre=$gs_id; gs_pre_new=$gs_new
gs_info pre_snapshot "$gs_pre"
gs_step pre-snapshot ok "$gs_pre: $gs_count files, $gs_size bytes"
gs_pause pre-snapshot

gs_step swap running "making the trees identical to $gs_target"
printf '%s %s\n' "$gs_pre" "$gs_target" > "$gs_sdir/.restoring"; sync
if ! gs_swap_in "$gs_t"; then
  gs_clean_stages
  gs_step swap failed "$gs_why"
  gs_put_back restore && rm -f -- "$gs_sdir/.restoring"
  gs_result error
fi
if [ "$gs_changed" -eq 0 ] && [ "$gs_removed" -eq 0 ]; then
  rm -f -- "$gs_sdir/.restoring"
  # The pre-restore snapshot holds what the target holds: keep the list free of the duplicate.
  if [ -n "$gs_pre_new" ] && [ "$gs_pre" != "$gs_target" ]; then
    rm -f -- "$gs_sdir/$gs_pre.tar.gz" "$gs_sdir/$gs_pre.manifest"; gs_info pre_snapshot_dropped "$gs_pre"
  fi
  gs_step swap ok "the trees already match $gs_target"
  gs_prune
  gs_result unchanged
fi
gs_step swap ok "$gs_changed replaced or created, $gs_removed removed${gs_kept:+; left in place (not empty):$gs_kept}"
gs_pause swap

gs_step validate running "testing the restored configuration"
gs_validate_all
gs_out validate "$gs_vout"
if [ -z "$gs_vok" ]; then
  gs_step validate failed "the validator rejected the snapshot's configuration"
  gs_put_back restore && rm -f -- "$gs_sdir/.restoring"
  gs_result validation_failed
fi
gs_step validate ok "every service validates"
gs_pause validate

gs_reload_all apply ""
gs_pause reload
gs_health_all apply ""
if [ -n "$gs_ok" ]; then
  rm -f -- "$gs_sdir/.restoring"
  gs_prune
  gs_pause health
  gs_result applied
fi

gs_step rollback running "the health check failed: putting back what was there before"
gs_put_back rollback.restore || gs_result rollback_failed
gs_validate_all
gs_out rollback.validate "$gs_vout"
if [ -n "$gs_vok" ]; then gs_step rollback.validate ok "every service validates"
else gs_step rollback.validate failed "what was there before does not validate either"; fi
gs_reload_all rollback rollback.
gs_health_all rollback rollback.
rm -f -- "$gs_sdir/.restoring"
gs_prune
if [ -n "$gs_ok" ]; then gs_step rollback ok "rolled back"; gs_result rolled_back; fi
gs_step rollback failed "rolled back, but the services are not healthy"
gs_result rollback_failed
