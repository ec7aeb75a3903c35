# shellcheck shell=sh
# What a server is: OS, kernel, init system, the nginx and PHP-FPM masters (with their command
# lines and start times), nginx -V, the PHP-FPM binaries and the tools the checks can use. One
# "@@section" line before each part; FactsScript::parse reads it. Reads only; no arguments.
# Tools are looked up in sbin too: a non-root login often lacks it on PATH.
PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin"
echo @@os; grep -E '^(PRETTY_NAME|ID|ID_LIKE|VERSION_ID)=' /etc/os-release 2>/dev/null
echo @@kernel; uname -sr
echo @@hostname; hostname 2>/dev/null || cat /proc/sys/kernel/hostname
echo @@init; cat /proc/1/comm 2>/dev/null; [ -d /run/systemd/system ] && echo systemd-running
echo @@cpus; nproc 2>/dev/null || grep -c ^processor /proc/cpuinfo
echo @@login; id -un; id -u
echo @@procs
# One grep over every cmdline, not a tr per process: a few hundred forks were most of the
# diagnosis's CPU on the server.
# shellcheck disable=SC2013 # /proc/PID/cmdline paths: words are what is wanted
for f in $(grep -lasE '^(nginx|php-fpm): master process' /proc/[0-9]*/cmdline 2>/dev/null); do
  p=${f%/cmdline}
  c=$(tr '\000' ' ' < "$f" 2>/dev/null) || continue
  case "$c" in
    "nginx: master process"*|"php-fpm: master process"*)
      u=$(stat -c %U "$p" 2>/dev/null); e=$(readlink "$p/exe" 2>/dev/null)
      gs_masters="$gs_masters ${p#/proc/}"
      echo "${p#/proc/}|$u|$e|$c";;
  esac
done
# When each master started and when its newest child did (an nginx reload starts new workers):
# log lines older than that were written by what ran before. Shell builtins only (read, set,
# arithmetic): a fork per process here cost more than the rest of the script.
echo @@starts
hz=100 # USER_HZ: /proc counts in 1/100 s on every Linux architecture, whatever CONFIG_HZ is
bt=
while read -r gs_key gs_value; do
  [ "$gs_key" = btime ] && bt=$gs_value && break
done < /proc/stat
# Sets gs_s to the epoch second process $1 started, empty when it is gone.
gs_start() {
  gs_s=
  gs_line=
  { read -r gs_line < "/proc/$1/stat"; } 2>/dev/null || true
  [ -n "$gs_line" ] && [ -n "$bt" ] || return 0
  # shellcheck disable=SC2086 # split into the stat fields on purpose (after the comm field)
  set -- ${gs_line##*) }
  [ -n "${20}" ] && gs_s=$((bt + ${20} / hz))
}
for m in $gs_masters; do
  gs_start "$m"; ms=${gs_s:-0}; ys=0
  kids=
  { read -r kids < "/proc/$m/task/$m/children"; } 2>/dev/null || true
  for c in $kids; do gs_start "$c"; [ "${gs_s:-0}" -gt "$ys" ] && ys=$gs_s; done
  echo "$m $ms $ys"
done
echo @@nginx_binary; command -v nginx
echo @@nginx_V; nginx -V 2>&1
echo @@fpm_binaries; for b in php-fpm php-fpm8.3 php-fpm8.2 php-fpm8.1 php-fpm8.0 php-fpm7.4 php-fpm7.3; do command -v "$b"; done; ls /usr/sbin/php-fpm* /opt/remi/*/root/usr/sbin/php-fpm 2>/dev/null
echo @@fpm_version; for b in $(command -v php-fpm php-fpm8.3 php-fpm8.2 php-fpm8.1 php-fpm8.0 php-fpm7.4 2>/dev/null); do "$b" -v 2>/dev/null | head -n 1; break; done
echo @@tools; for t in ss netstat curl wget journalctl systemctl service sudo getenforce ausearch iptables nft firewall-cmd ufw getent dig host openssl cgi-fcgi ab wrk gzip tac flock sha256sum stat readlink; do command -v "$t" >/dev/null 2>&1 && echo "$t"; done
echo @@end
