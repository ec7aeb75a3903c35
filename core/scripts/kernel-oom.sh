# shellcheck shell=sh
# The kernel's out-of-memory kills since epoch $1 (remotescripts::kernelOom): "@@journal" and the
# kernel journal's matching lines, or (no journal) "@@dmesg" and dmesg's, "@@denied WHY" when dmesg
# is not allowed, then "@@uptime" (dmesg times are seconds since boot). Reads only.
# Tools are looked up in sbin too: a non-root login often lacks it on PATH.
PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin"

since=$1
pattern='out of memory|killed process|oom-kill|oom_reaper'
if command -v journalctl >/dev/null 2>&1 && [ -n "$(journalctl -k -q -n 1 2>/dev/null)" ]; then
  echo @@journal
  journalctl -k -q --no-pager -o short-iso --since "@$since" 2>/dev/null | grep -i -E "$pattern" | tail -n 50
else
  echo @@dmesg
  if out=$(dmesg 2>&1); then printf '%s\n' "$out" | grep -i -E "$pattern" | tail -n 50
  else echo "@@denied $out" | head -n 1; fi
  echo @@uptime; cat /proc/uptime
fi
true
