# shellcheck shell=sh
# For the master pids given as arguments (one or several per argument, space-separated), each
# master and its children: "pid=N ppid=N rss=KB nofile=SOFT/HARD fds=N comm=NAME" (fds=? when
# /proc/PID/fd is closed to this login) (remotescripts::processLimits, HostModel reads it).
# Shell builtins only (read, set, globs): one fork per process would take seconds. The masters'
# children come from /proc/PID/task/*/children (one cat); a kernel without it, or a master gone
# meanwhile, gets the scan of every process. Reads only.
# shellcheck disable=SC2086 # pid lists and /proc lines are split into words on purpose

M=" $* "; L=
for m in $M; do
  if [ -r "/proc/$m/task/$m/children" ]; then
    L="$L /proc/$m"
    # shellcheck disable=SC2013 # the children files hold pids separated by spaces
    for c in $(cat /proc/$m/task/*/children 2>/dev/null); do L="$L /proc/$c"; done
  else
    L=all; break
  fi
done
[ "$L" = all ] && L=$(echo /proc/[0-9]*)
for p in $L; do
  pid=${p#/proc/}; s=
  { read -r s < "$p/stat"; } 2>/dev/null || continue
  r=${s##*) }; set -- $r; ppid=$2
  case "$M" in *" $pid "*|*" $ppid "*) ;; *) continue ;; esac
  c=${s#*(}; c=${c%)*}
  rss='?'
  { while read -r k v _; do if [ "$k" = VmRSS: ]; then rss=$v; fi; done < "$p/status"; } 2>/dev/null
  nofile='?'
  { while read -r l; do case "$l" in "Max open files"*) set -- $l; nofile="$4/$5" ;; esac; done < "$p/limits"; } 2>/dev/null
  set -- "$p"/fd/*
  if [ -e "$1" ] || [ -L "$1" ]; then fds=$#; else fds='?'; fi
  echo "pid=$pid ppid=$ppid rss=$rss nofile=$nofile fds=$fds comm=$c"
done
true
