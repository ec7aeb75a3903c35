# shellcheck shell=sh
# Lines of error logs holding any of some fixed strings and stamped in a time range
# (remotelogscripts::grepFixed). Usage:
#   log-grep.sh MAX_LINES N FROM TO NEEDLE... FILE...   (the first N words after TO are needles;
#                                                        FROM, TO: "yyyy/MM/dd HH:mm:ss", empty
#                                                        for no bound)
# stdout, gzip'ed: at most MAX_LINES lines stamped in [FROM, TO). Reads only.
#
# Grep narrows to whole minutes; awk then keeps [from, to) to the second, before head caps the
# count, so a busy minute's earlier lines cannot crowd out the ones asked for. nginx stamps
# "2026/11/21 13:03:10", PHP-FPM "[21-Nov-2026 13:03:10]": both become the first form to compare.

m=$1; n=$2; from=$3; to=$4; shift 4; i=0; set -f
pat=""
for a in "$@"; do
  i=$((i + 1))
  if [ "$i" -le "$n" ]; then
    if [ -z "$pat" ]; then pat=$a; else pat="$pat
$a"; fi
  fi
done
i=0
for f in "$@"; do
  i=$((i + 1))
  [ "$i" -le "$n" ] && continue
  [ -r "$f" ] && grep -h -F -e "$pat" -- "$f" 2>/dev/null
done | awk -v from="$from" -v to="$to" '
BEGIN { split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", names, " ")
        for (k = 1; k <= 12; k++) month[names[k]] = sprintf("%02d", k) }
{ if (substr($0, 1, 1) == "[")
    t = substr($0, 9, 4) "/" month[substr($0, 5, 3)] "/" substr($0, 2, 2) " " substr($0, 14, 8)
  else
    t = substr($0, 1, 19)
  if ((from == "" || t >= from) && (to == "" || t < to)) print }' | head -n "$m" | gzip -1
