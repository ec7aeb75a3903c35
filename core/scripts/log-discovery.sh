# shellcheck shell=sh
# What the access-log reader needs to know of a server, in one round trip and without a fork per
# process (remotelogscripts::discovery, which documents the sections). Usage:
#   log-discovery.sh NGINX_CONF LOG   (either may be empty: the running master's configuration,
#                                      no log known yet)
# Reads only; run privileged (nginx -T needs it).
# Tools are looked up in sbin too: a non-root login often lacks it on PATH.
PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin"; conf=$1; log=$2
masters=$( { ps -eo pid=,user=,args= 2>/dev/null || for p in /proc/[0-9]*; do
    c=$(tr '\000' ' ' < "$p/cmdline" 2>/dev/null) && echo "${p#/proc/} ? $c"; done; } |
  while read -r pid user args; do
    case "$args" in
      "nginx: master process"*|"php-fpm: master process"*) echo "$pid|$user||$args";;
    esac
  done)
echo @@procs; [ -n "$masters" ] && echo "$masters"
echo @@nginx_binary; command -v nginx
echo @@nginx_V; nginx -V 2>&1
echo @@tools; command -v journalctl >/dev/null 2>&1 && echo journalctl
echo @@clock; date +%z; date +%s
# nginx -T as the first master runs (its binary, -p, -c), or with the given configuration.
bin=nginx; pre=""; cfg=""
m=$(echo "$masters" | sed -n 's/^[0-9]*|[^|]*||nginx: master process //p' | head -n 1)
if [ -n "$m" ]; then
  # The master's command line split into words as nginx got them (no globbing).
  set -f
  # shellcheck disable=SC2086
  set -- $m
  set +f
  case "$1" in -*) ;; *) bin=$1; shift;; esac
  while [ $# -gt 0 ]; do
    case "$1" in -c) cfg=$2; shift;; -p) pre=$2; shift;; esac
    shift
  done
fi
[ -n "$conf" ] && { cfg=$conf; pre=""; }
echo @@gs_nginx_T
if [ -n "$pre" ] && [ -n "$cfg" ]; then "$bin" -p "$pre" -c "$cfg" -T 2>/dev/null
elif [ -n "$cfg" ]; then "$bin" -c "$cfg" -T 2>/dev/null
else "$bin" -T 2>/dev/null; fi
st=$?
echo; echo "@@gs_nginx_T_end $st"
if [ "$st" != 0 ]; then echo @@gs_nginx_T_error; "$bin" ${cfg:+-c "$cfg"} -t 2>&1 | tail -n 3; fi
echo "$masters" | sed -n 's/^[0-9]*|[^|]*||php-fpm: master process (\(.*\)).*$/\1/p' |
while read -r c; do
  echo @@gs_fpm_conf; echo "[global]"; grep -E '^[[:space:]]*error_log[[:space:]]*=' -- "$c" 2>/dev/null
done
if [ -n "$log" ]; then
  s=$( { wc -c < "$log"; } 2>/dev/null ) || s=-1
  echo "@@size $((s + 0)) $log"
  d=$(dirname -- "$log"); echo "@@dir $d"; ls -1 -- "$d" 2>/dev/null
fi
echo @@end
