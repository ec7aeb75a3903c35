# shellcheck shell=sh
# The first executable SysV init script in directory $3 that names the TCP port $1 or, when $2
# is not empty, the socket path $2 (remotescripts::initScriptFor, InitScriptReport reads it):
# "@@script PATH", "@@status N" (the exit status of `PATH status`; LSB: 0 running, 3 stopped) and
# its first lines, then "@@log FILE" and the last lines of each *.log file the script names;
# "@@noscript" when none does.
# $s and $f are names read from the server; they are always passed quoted, never evaluated.
# `status` is the one action an LSB script must keep side-effect free; timeout guards against a
# script that hangs.

port=$1; socket=$2; dir=$3
gs_names() {
  if [ -n "$socket" ]; then grep -q -F -- "$socket" "$1" 2>/dev/null
  else grep -q -E "[:= ]$port([^0-9]|\$)" "$1" 2>/dev/null; fi
}
s=
for f in "$dir"/*; do
  { [ -f "$f" ] && [ -x "$f" ]; } || continue
  if gs_names "$f"; then s=$f; break; fi
done
if [ -z "$s" ]; then
  echo @@noscript
else
  echo "@@script $s"
  if command -v timeout >/dev/null 2>&1; then o=$(timeout 10 "$s" status 2>&1); else o=$("$s" status 2>&1); fi
  echo "@@status $?"
  printf '%s\n' "$o" | head -n 5
  # shellcheck disable=SC2013 # log paths are words of [A-Za-z0-9._/-] by the pattern
  for f in $(grep -o -E '/[A-Za-z0-9._/-]+[.]log' "$s" | sort -u | head -n 3); do
    echo "@@log $f"; tail -n 20 -- "$f" 2>&1
  done
fi
true
