# shellcheck shell=sh
# The host's resources and limits for the diagnosis (remotescripts::system, HostModel reads it):
# meminfo, loadavg, nproc, df, file-nr, the local port range, the TIME_WAIT count and the peers
# with more than one TIME_WAIT socket (-1 when there is no ss). One "@@section" line before each
# part. Reads only; no arguments.

echo @@meminfo; cat /proc/meminfo
echo @@loadavg; cat /proc/loadavg
echo @@nproc; nproc 2>/dev/null || grep -c ^processor /proc/cpuinfo
echo @@df; df -P 2>/dev/null
echo @@file-nr; cat /proc/sys/fs/file-nr
echo @@port-range; cat /proc/sys/net/ipv4/ip_local_port_range
echo @@timewait
if command -v ss >/dev/null 2>&1; then
  # One ss run, counted and then grouped by address (local and peer alike).
  tw=$(ss -Htan state time-wait 2>/dev/null)
  if [ -n "$tw" ]; then printf '%s\n' "$tw" | wc -l; else echo 0; fi
  echo @@timewait-peers
  [ -n "$tw" ] && printf '%s\n' "$tw" | awk '{c[$(NF-1)]++; c[$NF]++} END {for (k in c) if (c[k] > 1) print c[k], k}' | sort -rn | head -n 30
else
  echo -1
fi
true
