"""The upstream app as a SysV service (root mode): /etc/init.d/gslab-app.

Servers without systemd run applications from init scripts, and Gatescope finds such a service
by the address its script names and drives it with `SCRIPT start|stop|restart|status`. In root
mode the lab runs its app that way: it installs an LSB init script (never enabled at boot: no
rc.d links), starts and stops the app only through it, and `gslab stop` stops it and removes the
script and its pid file. The app's output goes to the lab's own log (DIR/logs/app.log), which the
script names, so it stays for post-mortems like every other lab log.

The script is `gslab-app` unless another lab (another worktree) holds that name: then
`gslab<tag>-app`. The name is recorded in state before the file exists.
"""

import os
import shlex
import sys

from labcore import LabError, alive, cmdline, log, read_file, read_pid, run, terminate, unlink

INIT_DIR = "/etc/init.d"

SCRIPT = """#!/bin/sh
### BEGIN INIT INFO
# Provides:          %(name)s
# Required-Start:    $network $remote_fs
# Required-Stop:     $network $remote_fs
# Default-Start:
# Default-Stop:
# Short-Description: gslab practice lab: the upstream app on 127.0.0.1:%(port)d
# Description:       What nginx proxies to in the lab in %(dir)s. Not enabled at boot;
#                    `gslab stop --dir %(dir)s` stops it and removes this script.
### END INIT INFO
%(marker)s

NAME=%(name)s
PORT=%(port)d
DAEMON=%(python)s
APP=%(app)s
PIDFILE=%(pid_file)s
LOGFILE=%(log)s
MODEFILE=%(mode_file)s

# A stopped app may linger as a zombie where nobody reaps orphans (containers): only a process
# that still has the app's command line counts.
alive() {
    [ -n "$1" ] && grep -q upstream_app.py "/proc/$1/cmdline" 2>/dev/null
}

running() {
    alive "$(cat "$PIDFILE" 2>/dev/null)"
}

listening() {
    "$DAEMON" -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.5).close()' "$PORT" 2>/dev/null
}

do_start() {
    if running; then
        echo "$NAME is already running (pid $(cat "$PIDFILE"))"
        return 0
    fi
    # A background job is no process group leader, so setsid needs no fork: $! is the app.
    setsid "$DAEMON" "$APP" --dir %(dir)s --port "$PORT" --mode-file "$MODEFILE" --slow %(slow)s \\
        </dev/null >>"$LOGFILE" 2>&1 &
    pid=$!
    echo "$pid" >"$PIDFILE"
    i=0
    while [ $i -lt 100 ]; do
        # Until setsid has exec'd, the child's command line is still this script's: watch the
        # process itself (a zombie is an app that died).
        if ! kill -0 "$pid" 2>/dev/null || [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" = Z ]; then
            rm -f "$PIDFILE"
            echo "$NAME failed to start; see $LOGFILE"
            return 1
        fi
        if listening; then
            echo "$NAME started (pid $(cat "$PIDFILE"), 127.0.0.1:$PORT)"
            return 0
        fi
        sleep 0.1
        i=$((i + 1))
    done
    echo "$NAME started but does not listen on 127.0.0.1:$PORT; see $LOGFILE"
    return 1
}

do_stop() {
    pid=$(cat "$PIDFILE" 2>/dev/null)
    if ! alive "$pid"; then
        rm -f "$PIDFILE"
        echo "$NAME is not running"
        return 0
    fi
    kill -TERM "$pid"
    i=0
    while alive "$pid" && [ $i -lt 50 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    alive "$pid" && kill -KILL "$pid"
    rm -f "$PIDFILE"
    echo "$NAME stopped"
}

case "$1" in
    start) do_start ;;
    stop) do_stop ;;
    restart | force-reload)
        do_stop
        do_start
        ;;
    status)
        if running; then
            echo "$NAME is running (pid $(cat "$PIDFILE"))"
            exit 0
        fi
        if [ -e "$PIDFILE" ]; then
            echo "$NAME is not running, but its pid file $PIDFILE is left"
            exit 1
        fi
        echo "$NAME is not running"
        exit 3
        ;;
    *)
        echo "Usage: $0 {start|stop|restart|force-reload|status}" >&2
        exit 3
        ;;
esac
"""


def marker(paths):
    return "# gslab lab: %s" % paths.dir


def _ours(paths, path):
    text = read_file(path)
    return text is not None and (marker(paths) + "\n") in text


def _stale(path):
    """A lab's script whose lab is gone (killed, its directory removed before `gslab stop`)."""
    for line in (read_file(path) or "").splitlines():
        if line.startswith("# gslab lab: "):
            return not os.path.exists(os.path.join(line[len("# gslab lab: "):], "state.json"))
    return False


def _claim(paths, path, text):
    """Create path with text unless another lab's file is there: link() fails on an existing
    name, so two labs starting at once cannot both take it."""
    tmp = os.path.join(os.path.dirname(path), ".%s.%s.tmp" % (os.path.basename(path), paths.tag()))
    with open(tmp, "w") as f:
        f.write(text)
    os.chmod(tmp, 0o755)
    try:
        try:
            os.link(tmp, path)
            return True
        except FileExistsError:
            if _ours(paths, path) or _stale(path):
                if not _ours(paths, path):
                    log("replacing %s, left by a lab that is gone" % path)
                os.replace(tmp, path)
                return True
            return False
    finally:
        unlink(tmp)


def install(paths, state, L, port, slow):
    """Install this lab's init script (root only) and make L use it."""
    for name in ("gslab-app", "gslab%s-app" % paths.tag()):
        service = {"name": name, "script": os.path.join(INIT_DIR, name),
                   "pid_file": "/run/%s.pid" % name}
        state.set("app_service", service)  # recorded before the file exists
        q = shlex.quote
        text = SCRIPT % {"name": name, "port": port, "dir": q(paths.dir), "marker": marker(paths),
                         "python": q(sys.executable),
                         "app": q(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                               "upstream_app.py")),
                         "pid_file": q(service["pid_file"]), "log": q(L.app_log),
                         "mode_file": q(L.app_mode_file), "slow": q(str(slow))}
        os.makedirs(INIT_DIR, exist_ok=True)
        if _claim(paths, service["script"], text):
            L.app_service = service
            return service
    raise LabError("both gslab-app and gslab%s-app in %s belong to other labs" % (
        paths.tag(), INIT_DIR))


def pid(service):
    p = read_pid(service["pid_file"])
    return p if p and alive(p) and "upstream_app.py" in " ".join(cmdline(p)) else None


def start(L, port):
    service = L.app_service
    p = run([service["script"], "start"], check=False, timeout=30)
    if p.returncode != 0:
        raise LabError("%s start failed (exit %d): %s" % (
            service["script"], p.returncode, (p.stdout + p.stderr).strip()))


def stop(L):
    service = L.app_service
    if os.path.exists(service["script"]) and _ours(L.paths, service["script"]):
        p = run([service["script"], "stop"], check=False, timeout=30)
        if p.returncode != 0:
            log("%s stop: %s" % (service["script"], (p.stdout + p.stderr).strip()))
    # Whatever the script could not stop (or a script that is gone) by its pid file.
    left = pid(service)
    if left:
        terminate([left])
    if _ours(L.paths, service["script"]) or not os.path.exists(service["script"]):
        unlink(service["pid_file"])


def remove(paths, state):
    """Undo install(): the script (only if it is this lab's) and its pid file. Returns errors."""
    service = state.get("app_service")
    if not service:
        return []
    errors = []
    try:
        if _ours(paths, service["script"]):
            os.unlink(service["script"])
        if not os.path.exists(service["script"]):
            unlink(service["pid_file"])
    except OSError as e:
        errors.append("removing %s: %s" % (service["script"], e))
    return errors
