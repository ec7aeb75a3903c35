# shellcheck shell=sh
# The running masters whose configuration can be edited: every nginx master (a server may run
# several instances) with its command line, exe and cgroup; then, for each "PID CONFIG" pair of
# arguments (the PHP-FPM masters the facts found), that master's cgroup and main configuration
# file (ConfigFiles::discover; ConfigDiscoveryParser reads the "@@" sections). Reads only.
# One grep over every cmdline, not a tr per process: a fork per process costs more than the rest.
# shellcheck disable=SC2013 # /proc/PID/cmdline paths: words are what is wanted
for f in $(grep -lasE '^nginx: master process' /proc/[0-9]*/cmdline 2>/dev/null); do
  p=${f%/cmdline}
  c=$(tr '\000' ' ' < "$f" 2>/dev/null) || continue
  case "$c" in
    "nginx: master process"*)
      echo "@@nginx_master ${p#/proc/}"
      echo "$c"
      echo "exe=$(readlink "$p/exe" 2>/dev/null)"
      cat "$p/cgroup" 2>/dev/null;;
  esac
done
while [ $# -ge 2 ]; do
  echo "@@fpm_cgroup $1"; cat "/proc/$1/cgroup"
  echo "@@fpm_conf $1"; cat -- "$2"; echo
  shift 2
done
true
