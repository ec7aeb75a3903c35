# shellcheck shell=sh
# A systemd unit's state and its journal's start/stop/crash lines since an epoch
# (remotescripts::unitOfPid, ::unitState, ::unitForAddress): "@@unit NAME", `systemctl show` of
# it, "@@journal" and the lines; "@@nounit" when no unit is found. Reads only. Usage:
#   unit-state.sh pid PID SINCE             the unit of a process, from its cgroup
#   unit-state.sh unit NAME SINCE           a named unit
#   unit-state.sh address PORT SOCKET SINCE the first service unit file that names the socket
#                                           path SOCKET or, when it is empty, the TCP port PORT
# A unit name read from the server is only ever passed quoted, never evaluated.

u=
case $1 in
  pid)
    since=$3
    u=$(sed -n 's|^0::.*/\([^/]*\.service\).*$|\1|p; s|^[0-9]*:name=systemd:.*/\([^/]*\.service\).*$|\1|p' \
      "/proc/$2/cgroup" 2>/dev/null | head -n 1) ;;
  unit)
    since=$3; u=$2 ;;
  address)
    since=$4
    set -- "$2" "$3" /etc/systemd/system/*.service /run/systemd/system/*.service \
      /usr/lib/systemd/system/*.service /lib/systemd/system/*.service
    if [ -n "$2" ]; then
      socket=$2; shift 2; u=$(grep -l -F -- "$socket" "$@" 2>/dev/null | head -n 1)
    else
      port=$1; shift 2; u=$(grep -l -E "[:= ]$port([^0-9]|\$)" "$@" 2>/dev/null | head -n 1)
    fi
    u=${u##*/} ;;
esac
if [ -z "$u" ]; then
  echo @@nounit
else
  echo "@@unit $u"
  systemctl show -p Id,ActiveState,SubState,Result,NRestarts,ExecMainStartTimestamp,ExecStart,Environment "$u" 2>&1
  echo @@journal
  journalctl -u "$u" -q --no-pager -o short-iso --since "@$since" 2>&1 |
    grep -E 'Started|Stopped|Failed|failed|exited|Scheduled restart|Main process|Killed' | tail -n 60
fi
true
