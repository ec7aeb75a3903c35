# shellcheck shell=sh
# The whole-tree snapshot's tree handling, shared by snapshot-create.sh and snapshot-restore.sh: a
# library (after lock-journal.sh and service-health.sh) that defines functions only.
#
# Inputs, assigned before it by SnapshotScript: gs_sdir (<backup root>/snapshots), gs_keep (the
# snapshots kept), gs_protect (a snapshot pruning never removes), gs_max_kb (the largest tree a
# snapshot takes), gs_nservices, gs_valid (set by the scripts: the manifest's validation) and
#   gs_rootlist  the trees, one per line: "d DIRECTORY" or "f FILE"
#   gs_xdirs     directories never touched (state: logs, temp), one per line, with all below them
#   gs_xlogs     log files never touched, one per line, with their rotations (LOG.*)
# Paths travel one per line: a name holding a newline is refused up front (gs_odd_names).
#
# shellcheck disable=SC2154 # the inputs above are assigned by the C++ that composes the script
# shellcheck disable=SC2034 # what the functions set (gs_id, gs_count, ...) is read by the scripts
gs_nl='
'
gs_nlpat="*$gs_nl*"
gs_roots() { printf '%s\n' "$gs_rootlist"; }
# Whether $1 is state never to touch: an excluded directory or anything below it, an excluded log
# or one of its rotations. Builtins only: it runs once per path of every tree.
gs_excluded() {
  gs_xr=$gs_xdirs
  while [ -n "$gs_xr" ]; do
    gs_xe=${gs_xr%%"$gs_nl"*}; gs_xr=${gs_xr#"$gs_xe"}; gs_xr=${gs_xr#"$gs_nl"}
    case "$1" in "$gs_xe"|"$gs_xe"/*) return 0 ;; esac
  done
  gs_xr=$gs_xlogs
  while [ -n "$gs_xr" ]; do
    gs_xe=${gs_xr%%"$gs_nl"*}; gs_xr=${gs_xr#"$gs_xe"}; gs_xr=${gs_xr#"$gs_nl"}
    case "$1" in "$gs_xe"|"$gs_xe".*) return 0 ;; esac
  done
  return 1
}
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
  while [ $gs_i -lt "$gs_nservices" ]; do
    gs_use $gs_i
    gs_o=$(gs_test 2>&1); gs_rc=$?
    gs_vout="$gs_vout\$ $gs_test_text
$gs_o
"
    [ $gs_rc -eq 0 ] || gs_vok=
    gs_i=$((gs_i+1))
  done
}
gs_prune() {
  # shellcheck disable=SC2010 # only names of our own pattern pass the grep
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
  { [ -d "$gs_sdir" ] && [ -w "$gs_sdir" ]; } || { gs_why="cannot write to $gs_sdir"; return 1; }
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
    { mv -f -- "$gs_pp.tar.gz" "$gs_sdir/$gs_id.tar.gz" && mv -f -- "$gs_pp.manifest" "$gs_sdir/$gs_id.manifest"; } ||
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
    { mkdir -p -- "$gs_st" && chmod 700 -- "$gs_st"; } || { gs_why="cannot create $gs_st"; return 1; }
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

# What every snapshot run does once it holds the lock: GNU tar is there, and what a dead run left
# behind is gone (an interrupted restore is reported).
gs_snapshot_begin() {
  { command -v tar >/dev/null 2>&1 && tar --version 2>/dev/null | grep -q 'GNU tar'; } ||
    { gs_step lock failed "GNU tar is needed on the server for snapshots"; gs_result error; }
  gs_leftovers
  if [ -n "$gs_left" ]; then
    gs_step interrupted warning "an earlier restore did not finish (pre-restore snapshot, target: $gs_left); restore the pre-restore snapshot if the configuration is mixed"
  fi
}
