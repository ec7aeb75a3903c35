# shellcheck shell=sh
# The diagnosis's access-log read (remotescripts::accessLogWindow): of one log's last MAX_BYTES,
# the lines stamped at or after SINCE. Bounded twice, so a busy server's log costs at most
# MAX_BYTES of reading whatever the window. Usage:
#   log-tail-window.sh MAX_BYTES SINCE FILE   (SINCE: epoch seconds)
# T holds the awk function ep(line) (epoch-*.awk), assigned before this text.
# stdout: the lines. stderr: "gs-tail: FILE size=N offset=M" (M > 0: the window may begin before
# the bytes read); or "gs-tail: FILE: No such file or directory" / "...: Permission denied" and
# exit 66. Reads only.
# shellcheck disable=SC2154 # T is assigned by accessLogWindow

cap=$1; s=$2; f=$3
if [ ! -e "$f" ]; then echo "gs-tail: $f: No such file or directory" >&2; exit 66; fi
if [ ! -r "$f" ]; then echo "gs-tail: $f: Permission denied" >&2; exit 66; fi
sz=$( { wc -c < "$f"; } 2>/dev/null ); sz=$((sz + 0))
o=$((sz - cap)); [ "$o" -lt 0 ] && o=0
echo "gs-tail: $f size=$sz offset=$o" >&2
# A tail that starts inside the file starts inside a line: that one is dropped. Once a line is in
# the window the rest follows as it is (nginx writes roughly in time order; the reader drops the
# stragglers), so awk parses a time only until the window begins.
tail -c +$((o + 1)) -- "$f" | head -c $((sz - o)) \
  | LC_ALL=C awk -v s="$s" -v o="$o" "$T"' NR == 1 && o > 0 { next } p { print; next } ep($0) >= s { p = 1; print }'
