# shellcheck shell=sh
# Safe apply (ApplyScript, architecture.md "Safe apply"): replaces one configuration file with
# the content on stdin under the host lock, for the whole sequence: lock, preflight (sha256
# conflict check, free space, stale candidates of an interrupted apply removed, baseline probes),
# backup, candidate (sha256-checked, owner/mode/label copied, fsynced), validate in place,
# reload, health check, and rollback on any failure after the rename. Every rename is atomic, so
# the file is always old or new, whole; a dropped connection does not stop the script.
#
# Composed after file-meta.sh (gs_meta), lock-journal.sh and service-health.sh (service 0 is the
# one to validate and reload), with these inputs: p (the file as the user named it), expect (its
# sha256 as read, empty for no check), want (the sha256 of stdin), gs_keep (backups kept per
# file).
#
# shellcheck disable=SC2154 # the inputs above are assigned by ApplyScript::build

gs_use 0

# Puts the original back: the inode kept aside ($o), else a copy of the backup.
gs_restore() {
  if [ -e "$o" ]; then mv -f -- "$o" "$r" || return 1
  else cp -p -- "$bfile" "$d/.gatescope-restore-$b.$$" && mv -f -- "$d/.gatescope-restore-$b.$$" "$r" || return 1
  fi
  sync -- "$d" 2>/dev/null; gs_sha "$r"; [ "$gs_h" = "$cur" ]
}

# Reload and health check; $1: apply|rollback, $2: the steps' prefix. Sets gs_ok (1 healthy)
# and gs_report.
gs_reload_and_check() {
  gs_report=; gs_bad=; gs_ok=
  if ! gs_master; then
    if [ "$gs_kind" = fpm ] && [ "$1" = rollback ]; then
      gs_old=; gs_logmark
      gs_rout=$(gs_start 2>&1); sleep 1
      gs_step "$2reload" ok "the master had died: started it again"
    else
      gs_step "$2reload" skipped "$gs_service is not running: nothing to reload"
      gs_ok=1; return
    fi
  else
    gs_old=$(gs_children "$gs_mp")
    gs_logmark
    gs_rout=$(gs_reload "$gs_mp" 2>&1); gs_rrc=$?
    gs_out "$2reload" "$gs_rout"
    if [ $gs_rrc -ne 0 ]; then
      gs_step "$2reload" failed "the reload command failed (exit $gs_rrc)"
      gs_report="reload failed: $gs_rout
"; return
    fi
    gs_step "$2reload" ok "$gs_reload_text"
  fi
  [ "$1" = apply ] && gs_pause reload
  gs_step "$2health" running "checking"
  gs_master || true
  if [ -z "$gs_mp" ] || ! kill -0 "$gs_mp" 2>/dev/null; then
    gs_report="${gs_report}master: not running after the reload FAILED
"; gs_bad=1
  else
    gs_wait_reload "$gs_mp" "$gs_old"; gs_w=$?
    case $gs_w in
      0) gs_report="${gs_report}master $gs_mp alive, new configuration loaded
" ;;
      2) gs_report="${gs_report}master $gs_mp exited during the reload FAILED
"; gs_bad=1 ;;
      *) gs_report="${gs_report}master $gs_mp alive but no new workers: the reload did not take FAILED
"; gs_bad=1 ;;
    esac
  fi
  gs_e=$(gs_newlog | grep -E "$gs_errpattern" | tail -n 5)
  if [ -n "$gs_e" ]; then gs_bad=1; gs_report="${gs_report}new errors in the log FAILED:
$gs_e
"; fi
  gs_judge "$1"
  gs_out "$2health" "$gs_report"
  if [ -n "$gs_bad" ]; then
    gs_step "$2health" failed "$(printf '%s' "$gs_report" | grep FAILED | head -n 1)"
  else gs_ok=1; gs_step "$2health" ok "master alive, no new errors, $gs_nchecks checks passed"; fi
}

# ---- 0. journal (before the lock, so a client that lost us can tell "still waiting")
gs_journal_open

# ---- 1. lock
gs_lock_take
gs_pause lock

# ---- 2. preflight
gs_step preflight running "$p"
if ! r=$(readlink -f -- "$p") || [ ! -f "$r" ]; then gs_step preflight failed "$p is not a regular file"; gs_result error; fi
d=${r%/*}; [ -n "$d" ] || d=/; b=${r##*/}
gs_info real_path "$r"
stale=
for f in "$d"/.gatescope-*; do [ -e "$f" ] || continue; rm -f -- "$f" && stale="$stale $f"; done
[ -n "$stale" ] && gs_info stale_removed "$stale"
if [ ! -w "$d" ] || [ ! -w "$r" ]; then
  gs_step preflight failed "no permission to replace $r (this login cannot write $d; it needs sudo or root)"
  gs_result error
fi
gs_sha "$r"; cur=$gs_h
gs_info old_sha256 "$cur"
meta=$(gs_meta "$p"); gs_info meta "$meta"
if [ -n "$expect" ] && [ "$cur" != "$expect" ]; then
  gs_step preflight failed "changed on the server since it was read: expected sha256 $expect, found $cur"
  gs_result conflict
fi
if [ "$cur" = "$want" ]; then gs_step preflight ok "the server already has this content"; gs_result unchanged; fi
sz=$(stat -c %s -- "$r"); need=$(( (sz * 3) / 1024 + 64 ))
mkdir -p -- "$gs_broot" 2>/dev/null
for fs in "$d" "$gs_broot"; do
  av=$(df -Pk -- "$fs" 2>/dev/null | awk 'NR==2 {print $4}')
  if [ -n "$av" ] && [ "$av" -lt "$need" ]; then
    gs_step preflight failed "not enough free space on $fs (${av} KiB free, ${need} KiB needed)"; gs_result error
  fi
done
gs_baseline
gs_step preflight ok "$r sha256 $cur"
gs_pause preflight

# ---- 3. backup
gs_step backup running ""
bdir="$gs_broot/files$r"
mkdir -p -- "$bdir" || { gs_step backup failed "cannot create $bdir"; gs_result error; }
id="$(date -u +%Y%m%dT%H%M%SZ)-$(printf '%.12s' "$cur")"
bfile="$bdir/$id"
cp -p -- "$r" "$bdir/.partial-$id" && sync -- "$bdir/.partial-$id" 2>/dev/null
mv -f -- "$bdir/.partial-$id" "$bfile" || { gs_step backup failed "cannot write $bfile"; gs_result error; }
gs_sha "$bfile"
[ "$gs_h" = "$cur" ] || { rm -f -- "$bfile"; gs_step backup failed "the backup does not match the file"; gs_result error; }
# Backup names are UTC times, so the newest sort first.
# shellcheck disable=SC2010 # the names are ours (TIME-SHA; dot names are partial copies)
ls -1 -- "$bdir" | grep -v '^\.' | sort -r | tail -n "+$((gs_keep + 1))" | while read -r old; do rm -f -- "$bdir/$old"; done
gs_info backup "$id $bfile"
gs_step backup ok "$bfile"
gs_pause backup

# ---- 4. candidate
gs_step candidate running ""
c=$(mktemp -- "$d/.gatescope-$b.XXXXXX") || { gs_step candidate failed "cannot create a file in $d"; gs_result error; }
cat > "$c" 2>/dev/null
gs_sha "$c"
if [ "$gs_h" != "$want" ]; then
  rm -f -- "$c"; gs_step candidate failed "the upload was incomplete (sha256 $gs_h, expected $want)"; gs_result error
fi
chown --reference="$r" -- "$c" 2>/dev/null
chmod --reference="$r" -- "$c" || { rm -f -- "$c"; gs_step candidate failed "cannot copy the mode"; gs_result error; }
[ -d /sys/fs/selinux ] && chcon --reference="$r" -- "$c" 2>/dev/null
sync -- "$c" 2>/dev/null || sync
gs_info candidate "$c"
gs_step candidate ok "$c"
gs_pause candidate

# ---- 5. validate in place (the original inode is kept aside for an instant restore)
gs_step validate running "$gs_test_text"
o="$d/.gatescope-orig-$b.$$"
ln -- "$r" "$o" 2>/dev/null || cp -p -- "$r" "$o" || { rm -f -- "$c"; gs_step validate failed "cannot keep the original aside"; gs_result error; }
mv -f -- "$c" "$r" || { rm -f -- "$c" "$o"; gs_step validate failed "cannot rename the candidate"; gs_result error; }
sync -- "$d" 2>/dev/null
tout=$(gs_test 2>&1); trc=$?
gs_out validate "$tout"
if [ $trc -ne 0 ]; then
  gs_step validate failed "the validator rejected the change (exit $trc)"
  if gs_restore; then gs_step restore ok "the original is back ($cur)"
  else gs_step restore failed "could not put the original back; the backup is $bfile"; fi
  gs_result validation_failed
fi
gs_step validate ok "$gs_test_text"
gs_pause validate

# ---- 6. reload + 7. health
gs_reload_and_check apply ""
if [ -n "$gs_ok" ]; then
  rm -f -- "$o"; sync -- "$d" 2>/dev/null
  gs_pause health
  gs_result applied
fi

# ---- 8. rollback
gs_step rollback running "the health check failed: putting the original back"
if gs_restore; then gs_step rollback.restore ok "the original is back ($cur)"
else gs_step rollback.restore failed "could not put the original back; the backup is $bfile"; gs_result rollback_failed; fi
tout=$(gs_test 2>&1); trc=$?
gs_out rollback.validate "$tout"
if [ $trc -ne 0 ]; then gs_step rollback.validate failed "the original does not validate either"
else gs_step rollback.validate ok "$gs_test_text"; fi
gs_reload_and_check rollback rollback.
if [ -n "$gs_ok" ]; then gs_step rollback ok "rolled back"; gs_result rolled_back; fi
gs_step rollback failed "rolled back, but the service is not healthy"
gs_result rollback_failed
