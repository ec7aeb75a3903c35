#include "config/snapshotscript.h"

#include "config/applyscript.h"
#include "config/snapshotmanifest.h"
#include "util/shellquote.h"

namespace gs::config {

using gs::shellQuote;

namespace {

// Tree handling shared by create and restore. Expects gs_roots (prints "d PATH" / "f PATH"),
// gs_excluded PATH, gs_sdir, gs_nonce, gs_keep, gs_protect, gs_max_kb and gs_use_N per service.
// Paths travel one per line: a name holding a newline is refused up front (gs_odd_names).
const char *const kTrees = R"GS(
gs_nlpat='*
*'
gs_type() { if [ -L "$1" ]; then gs_ty=l; elif [ -d "$1" ]; then gs_ty=d; else gs_ty=f; fi; }
gs_parent() { gs_par=${1%/*}; [ -n "$gs_par" ] || gs_par=/; }
gs_rm_partials() { rm -rf -- "$gs_sdir/.partial-$gs_nonce" "$gs_sdir/.partial-$gs_nonce".* 2>/dev/null; }
gs_odd_names() {
  gs_roots | while IFS= read -r gs_l; do
    case "$gs_l" in d\ *) [ -d "${gs_l#? }" ] && find "${gs_l#? }" -name "$gs_nlpat" -print 2>/dev/null | head -n 1 ;; esac
  done
}
# What a snapshot takes: one absolute path per line, sorted, state left out.
gs_list() {
  gs_roots | while IFS= read -r gs_l; do
    gs_p=${gs_l#? }
    case "$gs_l" in
      d\ *) if [ -d "$gs_p" ] && [ ! -L "$gs_p" ]; then find "$gs_p" \( -type d -o -type f -o -type l \) -print; fi ;;
      *) if [ -f "$gs_p" ] || [ -L "$gs_p" ]; then printf '%s\n' "$gs_p"; fi ;;
    esac
  done | while IFS= read -r gs_p; do gs_excluded "$gs_p" || printf '%s\n' "$gs_p"; done | LC_ALL=C sort -u
}
# One line per path read on stdin (looked at under the prefix $1): type, mode, owner and content
# (sha256 or link target). Sorted, its sha256 is the tree's digest.
gs_describe() {
  while IFS= read -r gs_y; do
    gs_x="$1$gs_y"
    if [ -L "$gs_x" ]; then printf 'l %s -> %s\n' "$gs_y" "$(readlink -- "$gs_x")"
    elif [ -d "$gs_x" ]; then printf 'd %s %s\n' "$(stat -c '%a %u:%g' -- "$gs_x")" "$gs_y"
    elif [ -f "$gs_x" ]; then gs_sha "$gs_x"; printf 'f %s %s %s\n' "$(stat -c '%a %u:%g' -- "$gs_x")" "$gs_h" "$gs_y"
    fi
  done
}
gs_validate_all() {
  gs_vout=; gs_vok=1; gs_i=0
  while [ $gs_i -lt $gs_nservices ]; do
    gs_use_$gs_i
    gs_o=$(gs_test 2>&1); gs_rc=$?
    gs_vout="$gs_vout\$ $gs_test_text
$gs_o
"
    [ $gs_rc -eq 0 ] || gs_vok=
    gs_i=$((gs_i+1))
  done
}
gs_prune() {
  ls -1 -- "$gs_sdir" 2>/dev/null | grep -E '^[0-9]{8}T[0-9]{6}Z-[0-9a-f]+\.manifest$' | LC_ALL=C sort -r |
    tail -n "+$((gs_keep + 1))" | while IFS= read -r gs_o; do
      gs_o=${gs_o%.manifest}
      [ "$gs_o" = "$gs_protect" ] && continue
      rm -f -- "$gs_sdir/$gs_o.manifest" "$gs_sdir/$gs_o.tar.gz"
    done
}
gs_clean_stages() {
  gs_roots | while IFS= read -r gs_l; do
    gs_parent "${gs_l#? }"; rm -rf -- "$gs_par/.gatescope-restore-$gs_nonce" 2>/dev/null
  done
}
# What a dead run left (we hold the lock, so nothing else is at work): partial files, staging
# directories, a tarball without its manifest. gs_left names an interrupted restore.
gs_leftovers() {
  gs_left=
  rm -rf -- "$gs_sdir"/.partial-* "$gs_sdir"/.upload-* 2>/dev/null
  for gs_t in "$gs_sdir"/*.tar.gz; do
    [ -f "$gs_t" ] || continue; [ -f "${gs_t%.tar.gz}.manifest" ] || rm -f -- "$gs_t"
  done
  gs_roots | while IFS= read -r gs_l; do
    gs_parent "${gs_l#? }"
    for gs_x in "$gs_par"/.gatescope-restore-*; do [ -d "$gs_x" ] && rm -rf -- "$gs_x"; done
  done
  [ -f "$gs_sdir/.restoring" ] && gs_left=$(head -c 200 "$gs_sdir/.restoring" | tr '\n' ' ')
  return 0
}
# Takes a snapshot of the trees; $1: the manifest's head. Sets gs_id, gs_count, gs_size, gs_tree;
# returns 1 with gs_why when it cannot.
gs_snapshot() {
  gs_why=; gs_id=; gs_new=; gs_pp="$gs_sdir/.partial-$gs_nonce"
  mkdir -p -- "$gs_sdir" 2>/dev/null; chmod 700 -- "$gs_sdir" 2>/dev/null
  [ -d "$gs_sdir" ] && [ -w "$gs_sdir" ] || { gs_why="cannot write to $gs_sdir"; return 1; }
  gs_odd=$(gs_odd_names)
  [ -z "$gs_odd" ] || { gs_why="a file name holds a line break ($(printf '%s' "$gs_odd" | tr '\n' '?')): rename it first"; return 1; }
  gs_list > "$gs_pp.list" 2> "$gs_pp.err"
  if [ -s "$gs_pp.err" ]; then gs_why="cannot read the whole tree: $(head -n 3 "$gs_pp.err" | tr '\n' ' ')"; gs_rm_partials; return 1; fi
  [ -s "$gs_pp.list" ] || { gs_why="none of the trees exists"; gs_rm_partials; return 1; }
  gs_kb=$(tr '\n' '\0' < "$gs_pp.list" | xargs -0 stat -c '%F|%s' -- 2>/dev/null |
    awk -F'|' '$1 ~ /^regular/ {s += $2} END {printf "%d", s / 1024 + 1}')
  if [ "${gs_kb:-0}" -gt "$gs_max_kb" ]; then
    gs_why="the trees hold ${gs_kb} KiB, more than a snapshot takes (${gs_max_kb} KiB)"; gs_rm_partials; return 1
  fi
  gs_av=$(df -Pk -- "$gs_sdir" 2>/dev/null | awk 'NR==2 {print $4}')
  if [ -n "$gs_av" ] && [ "$gs_av" -lt $((gs_kb + 1024)) ]; then
    gs_why="not enough free space in $gs_sdir (${gs_av} KiB free, $((gs_kb + 1024)) KiB needed)"; gs_rm_partials; return 1
  fi
  gs_describe '' < "$gs_pp.list" | LC_ALL=C sort > "$gs_pp.tree"
  gs_sha "$gs_pp.tree"; gs_tree=$gs_h
  gs_count=$(grep -c '^[fl] ' "$gs_pp.tree")
  sed 's|^/||' "$gs_pp.list" > "$gs_pp.members"
  if ! tar -C / --no-recursion --no-unquote -czf "$gs_pp.tar.gz" -T "$gs_pp.members" 2> "$gs_pp.err"; then
    gs_why="tar failed: $(tail -n 3 "$gs_pp.err" | tr '\n' ' ')"; gs_rm_partials; return 1
  fi
  sync -- "$gs_pp.tar.gz" 2>/dev/null || sync
  gs_sha "$gs_pp.tar.gz"; gs_tsha=$gs_h
  gs_size=$(stat -c %s -- "$gs_pp.tar.gz")
  # One clock reading for the id, the ISO time and the milliseconds that order two snapshots
  # taken within the same second (a date without %N leaves them out).
  gs_now=$(date -u '+%Y%m%dT%H%M%SZ %Y-%m-%dT%H:%M:%SZ %s%3N')
  gs_rest=${gs_now#* }; gs_created=${gs_rest%% *}; gs_ms=${gs_rest#* }
  case $gs_ms in ''|*[!0-9]*) gs_ms= ;; esac
  gs_id="${gs_now%% *}-$(printf '%.12s' "$gs_tsha")"
  gs_host=$(cat /proc/sys/kernel/hostname 2>/dev/null)
  { printf '%s' "$1"
    printf 'id\t%s\ncreated\t%s\ncreated_ms\t%s\nhost\t%s\nvalidation\t%s\nfiles\t%s\nsize\t%s\nsha256\t%s\ntree_sha256\t%s\n' \
      "$gs_id" "$gs_created" "$gs_ms" "$gs_host" "$gs_valid" "$gs_count" "$gs_size" "$gs_tsha" "$gs_tree"
  } > "$gs_pp.manifest"
  sync -- "$gs_pp.manifest" 2>/dev/null
  # The same content within the same second is the same snapshot: keep the first one's note.
  if [ ! -f "$gs_sdir/$gs_id.manifest" ]; then
    mv -f -- "$gs_pp.tar.gz" "$gs_sdir/$gs_id.tar.gz" && mv -f -- "$gs_pp.manifest" "$gs_sdir/$gs_id.manifest" ||
      { rm -f -- "$gs_sdir/$gs_id.tar.gz"; gs_why="cannot write $gs_sdir/$gs_id.tar.gz"; gs_rm_partials; return 1; }
    gs_new=1
  fi
  gs_rm_partials
  return 0
}
# Makes one live file or symlink ($1) what the staged one ($2) is; absent from the snapshot
# means it did not exist then. Unchanged files keep their inode.
gs_same() {
  if [ -L "$1" ]; then [ -L "$2" ] && [ "$(readlink -- "$1")" = "$(readlink -- "$2")" ]; return; fi
  [ -f "$2" ] && [ ! -L "$2" ] && cmp -s -- "$1" "$2" &&
    [ "$(stat -c '%a %u:%g' -- "$1")" = "$(stat -c '%a %u:%g' -- "$2")" ]
}
gs_swap_file() {
  if [ ! -e "$2" ] && [ ! -L "$2" ]; then
    if [ -L "$1" ] || [ -f "$1" ]; then
      rm -f -- "$1" || { gs_why="cannot remove $1"; return 1; }; gs_removed=$((gs_removed+1))
    fi
    return 0
  fi
  gs_same "$2" "$1" && return 0
  if [ -d "$1" ] && [ ! -L "$1" ]; then gs_why="$1 is a directory that is not empty; the snapshot has a file there"; return 1; fi
  mv -fT -- "$2" "$1" || { gs_why="cannot put $1 in place"; return 1; }
  gs_changed=$((gs_changed+1))
}
# Makes the live tree $1 identical to its copy staged under $2: directories (parents first),
# then what the snapshot lacks is removed (deepest first), then files and symlinks by rename.
gs_swap_tree() {
  gs_tp=$1; gs_tst=$2; gs_ts="$2$1"
  : > "$gs_w/snap"; : > "$gs_w/live"
  if [ -d "$gs_ts" ] && [ ! -L "$gs_ts" ]; then
    find "$gs_ts" \( -type d -o -type f -o -type l \) -print > "$gs_w/found"
    while IFS= read -r gs_x; do
      gs_y=${gs_x#"$gs_tst"}; gs_excluded "$gs_y" && continue; gs_type "$gs_x"; printf '%s %s\n' "$gs_ty" "$gs_y"
    done < "$gs_w/found" | LC_ALL=C sort > "$gs_w/snap"
  elif [ -e "$gs_ts" ] || [ -L "$gs_ts" ]; then
    gs_why="the snapshot has a file where $gs_tp is a directory"; return 1
  fi
  if [ -d "$gs_tp" ] && [ ! -L "$gs_tp" ]; then
    find "$gs_tp" \( -type d -o -type f -o -type l \) -print > "$gs_w/found"
    while IFS= read -r gs_x; do
      gs_excluded "$gs_x" && continue; gs_type "$gs_x"; printf '%s %s\n' "$gs_ty" "$gs_x"
    done < "$gs_w/found" | LC_ALL=C sort > "$gs_w/live"
  fi
  cut -c3- "$gs_w/snap" | gs_describe "$gs_tst" >> "$gs_w/expect"
  grep '^d ' "$gs_w/snap" | cut -c3- > "$gs_w/dirs"
  while IFS= read -r gs_y; do
    if [ -L "$gs_y" ] || { [ -e "$gs_y" ] && [ ! -d "$gs_y" ]; }; then
      rm -f -- "$gs_y" || { gs_why="cannot remove $gs_y"; return 1; }
    fi
    if [ ! -d "$gs_y" ]; then
      mkdir -- "$gs_y" || { gs_why="cannot create $gs_y"; return 1; }; gs_changed=$((gs_changed+1))
    fi
    chown --reference="$gs_tst$gs_y" -- "$gs_y" 2>/dev/null
    chmod --reference="$gs_tst$gs_y" -- "$gs_y" || { gs_why="cannot set the mode of $gs_y"; return 1; }
  done < "$gs_w/dirs"
  LC_ALL=C comm -23 "$gs_w/live" "$gs_w/snap" | cut -c3- | LC_ALL=C sort -r -u > "$gs_w/extra"
  while IFS= read -r gs_y; do
    grep -Fxq -- "d $gs_y" "$gs_w/snap" && continue
    if [ -d "$gs_y" ] && [ ! -L "$gs_y" ]; then
      if rmdir -- "$gs_y" 2>/dev/null; then gs_removed=$((gs_removed+1)); else gs_kept="$gs_kept $gs_y"; fi
    elif [ -e "$gs_y" ] || [ -L "$gs_y" ]; then
      rm -f -- "$gs_y" || { gs_why="cannot remove $gs_y"; return 1; }; gs_removed=$((gs_removed+1))
    fi
  done < "$gs_w/extra"
  grep '^[fl] ' "$gs_w/snap" | cut -c3- > "$gs_w/files"
  while IFS= read -r gs_y; do gs_swap_file "$gs_y" "$gs_tst$gs_y" || return 1; done < "$gs_w/files"
  return 0
}
# Makes every tree what the tarball $1 holds, then checks the result against it. Sets gs_changed,
# gs_removed, gs_kept; returns 1 with gs_why when it cannot.
gs_swap_in() {
  gs_changed=0; gs_removed=0; gs_kept=; gs_why=
  gs_w="$gs_sdir/.partial-$gs_nonce"
  rm -rf -- "$gs_w"; mkdir -p -- "$gs_w" || { gs_why="cannot create $gs_w"; return 1; }
  : > "$gs_w/expect"
  gs_roots > "$gs_w/roots"
  while IFS= read -r gs_l; do
    gs_p=${gs_l#? }; gs_parent "$gs_p"
    gs_st="$gs_par/.gatescope-restore-$gs_nonce"
    mkdir -p -- "$gs_st" && chmod 700 -- "$gs_st" || { gs_why="cannot create $gs_st"; return 1; }
    tar -xzpf "$1" -C "$gs_st" --no-wildcards --no-unquote -- "${gs_p#/}" 2> "$gs_w/err"; gs_xrc=$?
    if [ -e "$gs_st$gs_p" ] || [ -L "$gs_st$gs_p" ]; then
      [ $gs_xrc -eq 0 ] || { gs_why="cannot extract $gs_p: $(head -n 2 "$gs_w/err" | tr '\n' ' ')"; return 1; }
    elif ! grep -q 'Not found in archive' "$gs_w/err"; then
      gs_why="cannot extract $gs_p: $(head -n 2 "$gs_w/err" | tr '\n' ' ')"; return 1
    fi
    case "$gs_l" in
      d\ *) gs_swap_tree "$gs_p" "$gs_st" || return 1 ;;
      *) printf '%s\n' "$gs_p" | gs_describe "$gs_st" >> "$gs_w/expect"
         gs_swap_file "$gs_p" "$gs_st$gs_p" || return 1 ;;
    esac
  done < "$gs_w/roots"
  if [ -d /sys/fs/selinux ] && command -v restorecon >/dev/null 2>&1; then
    while IFS= read -r gs_l; do restorecon -R -- "${gs_l#? }" 2>/dev/null; done < "$gs_w/roots"
  fi
  gs_list | gs_describe '' | LC_ALL=C sort > "$gs_w/actual"
  LC_ALL=C sort "$gs_w/expect" > "$gs_w/expect.sorted"
  if ! cmp -s "$gs_w/actual" "$gs_w/expect.sorted"; then
    gs_why="the trees differ from the snapshot after the swap: $(LC_ALL=C comm -3 "$gs_w/expect.sorted" "$gs_w/actual" | head -n 3 | tr '\n' ' ')"
    return 1
  fi
  gs_clean_stages
  rm -rf -- "$gs_w"
  return 0
}
)GS";

// Journal and lock, as safe apply takes them; then what a dead run left behind.
const char *const kPreamble = R"GS(
mkdir -p -- "$gs_broot/journal" 2>/dev/null && chmod 700 -- "$gs_broot" 2>/dev/null
j="$gs_broot/journal/$gs_nonce"; : > "$j" 2>/dev/null || j=
find "$gs_broot/journal" -type f -mtime +7 -exec rm -f {} + 2>/dev/null
gs_step lock running "$gs_lock"
mkdir -p /run/lock 2>/dev/null
[ -e "$gs_lock" ] || (umask 022; : >> "$gs_lock") 2>/dev/null
exec 9<"$gs_lock" || { gs_step lock failed "cannot open $gs_lock"; gs_result error; }
if ! flock -n 9; then
  gs_step lock waiting "another change is running on this host"
  flock -w "$gs_lock_wait" 9 || { gs_step lock failed "still locked after ${gs_lock_wait}s"; gs_result error; }
fi
gs_step lock ok "$gs_lock"
command -v tar >/dev/null 2>&1 && tar --version 2>/dev/null | grep -q 'GNU tar' ||
  { gs_step lock failed "GNU tar is needed on the server for snapshots"; gs_result error; }
gs_leftovers
if [ -n "$gs_left" ]; then
  gs_step interrupted warning "an earlier restore did not finish (pre-restore snapshot, target: $gs_left); restore the pre-restore snapshot if the configuration is mixed"
fi
)GS";

const char *const kCreate = R"GS(
gs_step validate running "testing the configuration as it is"
gs_validate_all
gs_out validate "$gs_vout"
if [ -n "$gs_vok" ]; then gs_valid=ok; gs_step validate ok "the configuration validates"
else gs_valid=failed; gs_step validate warning "the configuration does not validate as it is; the snapshot records that"; fi
gs_step snapshot running "$gs_what"
gs_snapshot "$gs_head" || { gs_step snapshot failed "$gs_why"; gs_result error; }
gs_info id "$gs_id"
gs_step snapshot ok "$gs_id: $gs_count files, $gs_size bytes"
gs_pause snapshot
gs_prune
gs_result created
)GS";

const char *const kRestore = R"GS(
gs_reload_all() {
  gs_rlog=; gs_rok=1; gs_i=0
  while [ $gs_i -lt $gs_nservices ]; do
    gs_use_$gs_i
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
  while [ $gs_i -lt $gs_nservices ]; do
    gs_use_$gs_i
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
while [ $gs_i -lt $gs_nservices ]; do gs_use_$gs_i; eval "gs_was_$gs_i="; gs_master && eval "gs_was_$gs_i=1"; gs_i=$((gs_i+1)); done
gs_baseline
gs_step preflight ok "$gs_target sha256 $gs_target_sha"
gs_pause preflight

gs_step pre-snapshot running "taking a snapshot of the trees as they are now"
gs_validate_all
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
)GS";

// 200 MiB: configuration trees are kilobytes; more means something else lives there.
constexpr int kMaxKiB = 200 * 1024;

QString assign(const QString &name, const QString &value)
{
    return name + QLatin1Char('=') + shellQuote(value) + QLatin1Char('\n');
}

// gs_roots and gs_excluded for the trees, and gs_use_N per service.
QString common(const SnapshotScript::Params &params,
               const QStringList &excluded,
               const QStringList &excludedLogs)
{
    QString script;
    script += assign(QStringLiteral("gs_nonce"), params.nonce);
    script += assign(QStringLiteral("gs_lock"), params.lockFile);
    script += assign(QStringLiteral("gs_lock_wait"), QString::number(params.lockWaitSeconds));
    script += assign(QStringLiteral("gs_broot"), params.backupRoot);
    script += assign(QStringLiteral("gs_sdir"), SnapshotScript::directory(params.backupRoot));
    script += assign(QStringLiteral("gs_keep"), QString::number(params.keep));
    script += assign(QStringLiteral("gs_max_kb"), QString::number(kMaxKiB));
    script += assign(QStringLiteral("gs_pause_after"), params.pauseAfterStep);
    script += assign(QStringLiteral("gs_pause_seconds"), QString::number(params.pauseSeconds));
    script += assign(QStringLiteral("gs_protect"), QString());

    QStringList roots;
    for (const QString &dir : params.snapshot.directories)
        roots << shellQuote(QStringLiteral("d ") + dir);
    for (const QString &file : params.snapshot.files)
        roots << shellQuote(QStringLiteral("f ") + file);
    script += QStringLiteral("gs_roots() { printf '%s\\n' %1; }\n")
                      .arg(roots.join(QLatin1Char(' ')));

    // Quoted words with an unquoted "/*" or ".*" after them: the path literally, then a glob.
    QStringList patterns;
    for (const QString &dir : excluded)
        patterns << shellQuote(dir) << shellQuote(dir) + QStringLiteral("/*");
    for (const QString &log : excludedLogs)
        patterns << shellQuote(log) << shellQuote(log) + QStringLiteral(".*");
    script += patterns.isEmpty()
                      ? QStringLiteral("gs_excluded() { return 1; }\n")
                      : QStringLiteral("gs_excluded() { case \"$1\" in %1) return 0 ;; esac; "
                                       "return 1; }\n")
                                .arg(patterns.join(QLatin1Char('|')));

    for (qsizetype i = 0; i < params.services.size(); ++i) {
        script += QStringLiteral("gs_use_%1() {\n").arg(i);
        script += ApplyScript::serviceFunctions(params.services.at(i),
                                                QStringLiteral("gs_lm_%1_").arg(i));
        script += QStringLiteral("}\n");
    }
    script += assign(QStringLiteral("gs_nservices"), QString::number(params.services.size()));
    return script;
}

} // namespace

QString SnapshotScript::directory(const QString &backupRoot)
{
    return backupRoot + QStringLiteral("/snapshots");
}

QString SnapshotScript::create(const Params &params)
{
    QString script = common(params, params.snapshot.excluded, params.snapshot.excludedLogs);
    script += assign(QStringLiteral("gs_head"),
                     QString::fromUtf8(SnapshotManifest::head(params.snapshot)));
    script += assign(QStringLiteral("gs_what"), params.snapshot.paths().join(QLatin1String(", ")));
    script += ApplyScript::checkFunctions({});
    return script + ApplyScript::library() + QString::fromUtf8(kTrees)
           + QString::fromUtf8(kPreamble) + QString::fromUtf8(kCreate);
}

QString SnapshotScript::restore(const Params &params)
{
    QStringList excluded = params.snapshot.excluded;
    for (const QString &dir : params.extraExcluded) {
        if (!excluded.contains(dir))
            excluded << dir;
    }
    QStringList logs = params.snapshot.excludedLogs;
    for (const QString &log : params.extraExcludedLogs) {
        if (!logs.contains(log))
            logs << log;
    }
    // The pre-restore snapshot covers the same trees, with every exclusion in force.
    SnapshotEntry pre = params.snapshot;
    pre.note = params.preRestoreNote;
    pre.excluded = excluded;
    pre.excludedLogs = logs;
    QString script = common(params, excluded, logs);
    script += assign(QStringLiteral("gs_target"), params.snapshot.id);
    script += assign(QStringLiteral("gs_target_sha"), params.snapshot.sha256);
    script += assign(QStringLiteral("gs_protect"), params.snapshot.id);
    script += assign(QStringLiteral("gs_pre_head"), QString::fromUtf8(SnapshotManifest::head(pre)));
    script += ApplyScript::checkFunctions(params.health);
    return script + ApplyScript::library() + QString::fromUtf8(kTrees)
           + QString::fromUtf8(kPreamble) + QString::fromUtf8(kRestore);
}

QString SnapshotScript::listCommand(const QString &backupRoot)
{
    return QStringLiteral("d=%1; for m in \"$d\"/*.manifest; do [ -f \"$m\" ] || continue; "
                          "i=${m##*/}; i=${i%.manifest}; printf '@@snapshot\\t%s\\n' \"$i\"; "
                          "cat -- \"$m\"; t=\"$d/$i.tar.gz\"; if [ -f \"$t\" ]; then "
                          "printf '@@tarball\\t%s\\n' \"$(stat -c %s -- \"$t\")\"; fi; done; true")
            .arg(shellQuote(directory(backupRoot)));
}

QString SnapshotScript::readCommand(const QString &backupRoot, const QString &id)
{
    return QStringLiteral("cat -- %1")
            .arg(shellQuote(directory(backupRoot) + QLatin1Char('/') + id
                            + QStringLiteral(".tar.gz")));
}

QString SnapshotScript::uploadCommand(const QString &backupRoot,
                                      const QString &id,
                                      const QString &sha256,
                                      const QByteArray &manifest,
                                      int lockWaitSeconds)
{
    static const QString body = QStringLiteral(R"GS(
trap '' HUP PIPE
umask 077
mkdir -p -- "$d" && chmod 700 -- "$d" || { echo "@@error cannot create $d"; exit 3; }
[ -e "$lock" ] || (umask 022; : >> "$lock") 2>/dev/null
exec 9<"$lock" || { echo "@@error cannot open the lock $lock"; exit 3; }
flock -w "$wait" 9 || { echo "@@error another change is still running"; exit 3; }
t="$d/.upload-$id"
cat > "$t.tar.gz" || { rm -f -- "$t.tar.gz"; echo "@@error upload failed"; exit 3; }
h=$(sha256sum < "$t.tar.gz"); h=${h%% *}
[ "$h" = "$want" ] || { rm -f -- "$t.tar.gz"; echo "@@error the upload was incomplete"; exit 3; }
printf '%s' "$manifest" > "$t.manifest" && sync -- "$t.tar.gz" "$t.manifest" 2>/dev/null
mv -f -- "$t.tar.gz" "$d/$id.tar.gz" && mv -f -- "$t.manifest" "$d/$id.manifest" || { echo "@@error cannot write to $d"; exit 3; }
echo "@@uploaded"
)GS");
    return assign(QStringLiteral("d"), directory(backupRoot))
           + assign(QStringLiteral("lock"), ApplyScript::lockPath())
           + assign(QStringLiteral("wait"), QString::number(lockWaitSeconds))
           + assign(QStringLiteral("id"), id) + assign(QStringLiteral("want"), sha256)
           + assign(QStringLiteral("manifest"), QString::fromUtf8(manifest)) + body;
}

} // namespace gs::config
