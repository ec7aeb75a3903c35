# shellcheck shell=sh
# One round of following a log (LogFollower, which documents the protocol). Usage:
#   log-follow.sh PATH INODE OFFSET   (INODE 0: not known yet; OFFSET -1: from the end)
# Prints "gs-follow INODE SIZE ROTATED OLD_BYTES NEW_BYTES" (ROTATED 1: a new inode, the rest of
# the old one read from PATH.1 first; 2: truncated, read again from 0), then the bytes. Exit 66
# when PATH cannot be read. Reads only.
#
# Whole blocks are read with dd, so that a big offset is a seek, then trimmed to the exact bytes.

f=$1; i=$2; o=$3
# "INODE SIZE" of a file; ls where stat has no -c (its inode and size columns of one named file).
# shellcheck disable=SC2012
st() { stat -L -c '%i %s' -- "$1" 2>/dev/null || ls -iLnd -- "$1" 2>/dev/null | awk '{ print $1, $6 }'; }
part() { # FILE FROM COUNT
  [ "$3" -gt 0 ] || return 0
  dd if="$1" bs=65536 skip=$(($2 / 65536)) 2>/dev/null | tail -c +$(($2 % 65536 + 1)) | head -c "$3"
}
cur=$(st "$f")
if [ -z "$cur" ]; then echo "gs-follow: cannot read $f" >&2; exit 66; fi
# "INODE SIZE", split into words on purpose.
# shellcheck disable=SC2086
set -- $cur; ni=$1; ns=$2
r=0; ob=0
if [ "$o" -lt 0 ]; then o=$ns
elif [ "$i" != 0 ] && [ "$ni" != "$i" ]; then
  r=1
  old=$(st "$f.1")
  if [ -n "$old" ]; then
    # shellcheck disable=SC2086
    set -- $old
    if [ "$1" = "$i" ] && [ "$2" -gt "$o" ]; then ob=$(($2 - o)); fi
  fi
elif [ "$ns" -lt "$o" ]; then r=2; o=0
fi
if [ "$r" = 1 ]; then nb=$ns; else nb=$((ns - o)); fi
echo "gs-follow $ni $ns $r $ob $nb"
part "$f.1" "$o" "$ob"
if [ "$r" = 1 ]; then part "$f" 0 "$nb"; else part "$f" "$o" "$nb"; fi
