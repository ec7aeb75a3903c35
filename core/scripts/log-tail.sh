# shellcheck shell=sh
# The last bytes of log files, and the kernel's OOM kills (remotelogscripts::tailFiles). Usage:
#   log-tail.sh MAX_BYTES JOURNAL_SINCE FILE...   (JOURNAL_SINCE: epoch seconds, -1 for none)
# stdout, gzip'ed: the last MAX_BYTES of each file followed by a newline, then the kernel
# journal's "killed process" lines since JOURNAL_SINCE in short-iso. stderr: "gs-tail: FILE
# size=N offset=M" per file read, "gs-tail: cannot read FILE" per other. Reads only.

cap=$1; js=$2; shift 2
{
for f in "$@"; do
  [ -r "$f" ] || { echo "gs-tail: cannot read $f" >&2; continue; }
  sz=$( { wc -c < "$f"; } 2>/dev/null ); sz=$((sz + 0))
  o=$((sz - cap)); [ "$o" -lt 0 ] && o=0
  echo "gs-tail: $f size=$sz offset=$o" >&2
  tail -c +$((o + 1)) -- "$f" | head -c $((sz - o)); echo
done
if [ "$js" -ge 0 ] && command -v journalctl >/dev/null 2>&1; then
  journalctl -k -q --no-pager -o short-iso --since "@$js" 2>/dev/null | grep -i 'killed process'
fi
} | gzip -1
