# shellcheck shell=sh
# A unix socket $1 as nginx meets it (remotescripts::probeUnix): "type=... owner=... group=...
# mode=..." (or "type=missing"), then "dir=... mode=..." for each parent directory up to /.
# Reads only.

p=$1
if [ -e "$p" ]; then stat -L -c 'type=%F owner=%U group=%G mode=%a' -- "$p"; else echo type=missing; fi
d=$(dirname -- "$p")
while [ "$d" != / ] && [ -n "$d" ]; do
  stat -c 'dir=%n owner=%U group=%G mode=%a' -- "$d" 2>/dev/null
  d=$(dirname -- "$d")
done
true
