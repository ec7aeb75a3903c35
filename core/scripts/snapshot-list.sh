# shellcheck shell=sh
# Every snapshot in the snapshots directory $1 (SnapshotScript::listCommand): "@@snapshot<TAB>ID",
# its manifest, then "@@tarball<TAB>SIZE" when the tarball is there. SnapshotManifest reads it.
# Reads only.

d=$1
for m in "$d"/*.manifest; do
  [ -f "$m" ] || continue
  i=${m##*/}; i=${i%.manifest}
  printf '@@snapshot\t%s\n' "$i"
  cat -- "$m"
  t="$d/$i.tar.gz"
  if [ -f "$t" ]; then printf '@@tarball\t%s\n' "$(stat -c %s -- "$t")"; fi
done
true
