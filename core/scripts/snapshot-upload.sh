# shellcheck shell=sh
# Puts a local copy of a snapshot back on the server (SnapshotScript::uploadCommand): the tarball
# on stdin, sha256-checked, then its manifest, both renamed into place under the host lock.
# Prints "@@uploaded" when done, else "@@error WHY" and exits 3. Composed after lock-journal.sh,
# with these inputs: d (the snapshots directory), id, want (the tarball's sha256), manifest (its
# text), gs_lock and gs_lock_wait.
#
# shellcheck disable=SC2154 # the inputs above are assigned by SnapshotScript::uploadCommand

{ mkdir -p -- "$d" && chmod 700 -- "$d"; } || { echo "@@error cannot create $d"; exit 3; }
gs_lock_or_exit
t="$d/.upload-$id"
cat > "$t.tar.gz" || { rm -f -- "$t.tar.gz"; echo "@@error upload failed"; exit 3; }
h=$(sha256sum < "$t.tar.gz"); h=${h%% *}
[ "$h" = "$want" ] || { rm -f -- "$t.tar.gz"; echo "@@error the upload was incomplete"; exit 3; }
printf '%s' "$manifest" > "$t.manifest" && sync -- "$t.tar.gz" "$t.manifest" 2>/dev/null
{ mv -f -- "$t.tar.gz" "$d/$id.tar.gz" && mv -f -- "$t.manifest" "$d/$id.manifest"; } || { echo "@@error cannot write to $d"; exit 3; }
echo "@@uploaded"
