# shellcheck shell=sh
# Sizes of files and listings of directories (remotelogscripts::sizesAndListings). Usage:
#   log-sizes.sh N FILE... DIR...   (the first N paths are files)
# Prints "@@size BYTES FILE" (-1 when unreadable) for each file, then "@@dir DIR" and `ls -1` of
# each directory. Reads only.

n=$1; shift; i=0
for f in "$@"; do
  i=$((i + 1))
  if [ "$i" -le "$n" ]; then
    s=$( { wc -c < "$f"; } 2>/dev/null ) || s=-1
    echo "@@size $((s + 0)) $f"
  else
    echo "@@dir $f"; ls -1 -- "$f" 2>/dev/null
  fi
done; true
