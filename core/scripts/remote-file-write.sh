# shellcheck shell=sh
# Writes one file with the content on stdin (RemoteFile::write), under the host lock: the sha256
# conflict check, a temp file next to it (sha256-checked, owner/mode/label copied or mode for a
# new file, fsynced), one rename, then the file's metadata (gs_meta, RemoteFileInfo). Answers
# "@@conflict SHA" (exit 6) or "@@error WHY" (exit 3) when it does not write. Composed after
# file-meta.sh (gs_meta) and lock-journal.sh, with these inputs: p (the path), expect (its sha256
# as read, empty for no check), want (the sha256 of stdin), mode (of a new file), gs_lock and
# gs_lock_wait.
#
# shellcheck disable=SC2154 # the inputs above are assigned by RemoteFile::write

gs_lock_or_exit
r=$(readlink -f -- "$p") || { echo "@@error cannot resolve $p"; exit 3; }
d=${r%/*}; [ -n "$d" ] || d=/; b=${r##*/}
if [ -n "$expect" ]; then
  cur=$(sha256sum < "$r" 2>/dev/null) || cur=; cur=${cur%% *}
  [ "$cur" = "$expect" ] || { echo "@@conflict $cur"; exit 6; }
fi
t=$(mktemp "$d/.gatescope-$b.XXXXXX") || { echo "@@error cannot create a temp file in $d"; exit 3; }
cat > "$t" || { rm -f -- "$t"; echo "@@error upload failed"; exit 3; }
got=$(sha256sum < "$t"); got=${got%% *}
[ "$got" = "$want" ] || { rm -f -- "$t"; echo "@@error the upload was incomplete"; exit 3; }
if [ -e "$r" ]; then
  chown --reference="$r" -- "$t" 2>/dev/null; chmod --reference="$r" -- "$t"
  [ -d /sys/fs/selinux ] && chcon --reference="$r" -- "$t" 2>/dev/null
else chmod "$mode" -- "$t"; fi
sync -- "$t" 2>/dev/null || sync
mv -f -- "$t" "$r" || { rm -f -- "$t"; echo "@@error rename failed"; exit 3; }
sync -- "$d" 2>/dev/null
gs_meta "$p"
