"""Shared plumbing of the practice lab: paths, state, processes, ports, waiting.

Everything the lab starts is recorded in DIR (pid files under DIR/run/pids, the rest in
DIR/state.json) *before* it can outlive us, so that `gslab stop` can clean up after a `start` that
failed or was killed halfway.
"""

import errno
import fcntl
import hashlib
import json
import os
import pwd
import random
import signal
import socket
import subprocess
import sys
import time

LOOPBACK = "127.0.0.1"


class LabError(Exception):
    """A failure to report to the user (no traceback)."""


def out(text):
    """Print, surviving a closed stdout (`gslab start | head -1`): the lab's work matters more
    than its messages."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def log(msg):
    out("gslab: " + msg)


def is_root():
    return os.geteuid() == 0


def invoking_user():
    return pwd.getpwuid(os.geteuid()).pw_name


class Paths:
    """Where everything lives inside the lab directory."""

    def __init__(self, lab_dir):
        self.dir = os.path.abspath(lab_dir)
        d = self.dir
        self.lab_json = os.path.join(d, "lab.json")
        self.state = os.path.join(d, "state.json")
        self.lock = os.path.join(d, ".gslab.lock")
        self.run = os.path.join(d, "run")
        self.pids = os.path.join(d, "run", "pids")
        self.keys = os.path.join(d, "keys")
        self.ssh = os.path.join(d, "ssh")
        self.home = os.path.join(d, "home")
        self.nginx = os.path.join(d, "nginx")
        self.fpm = os.path.join(d, "fpm")
        self.www = os.path.join(d, "www")
        self.app = os.path.join(d, "app")
        self.logs = os.path.join(d, "logs")

    def tag(self):
        """A short stable id of this lab (names users and drop-ins when several labs run)."""
        return hashlib.sha1(self.dir.encode()).hexdigest()[:6]


# ---------------------------------------------------------------------------------------------
# State


class State:
    """DIR/state.json: what this lab created and must undo. Saved after every change."""

    def __init__(self, paths):
        self.paths = paths
        self.data = {}
        if os.path.exists(paths.state):
            with open(paths.state) as f:
                self.data = json.load(f)

    def get(self, key, default=None):
        return self.data.get(key, default)

    def set(self, key, value):
        self.data[key] = value
        self.save()

    def append(self, key, value):
        items = self.data.setdefault(key, [])
        if value not in items:
            items.append(value)
        self.save()

    def save(self):
        write_file(self.paths.state, json.dumps(self.data, indent=2) + "\n", mode=0o600)

    def remove(self):
        for p in (self.paths.state,):
            try:
                os.unlink(p)
            except FileNotFoundError:
                pass
        self.data = {}


class DirLock:
    """Serialises gslab commands on one lab directory."""

    def __init__(self, paths):
        self.paths = paths
        self.fd = None

    def __enter__(self):
        os.makedirs(self.paths.dir, exist_ok=True)
        self.fd = os.open(self.paths.lock, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        os.close(self.fd)


def write_file(path, content, mode=0o644):
    """Atomic write (temp file + rename) so readers never see half a file."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".tmp")
    with open(tmp, "w") as f:
        f.write(content)
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def read_file(path, default=None):
    try:
        with open(path) as f:
            return f.read()
    except (FileNotFoundError, NotADirectoryError, ProcessLookupError):
        # ProcessLookupError: a /proc/PID file whose process exited between open and read.
        return default


def unlink(path):
    try:
        os.unlink(path)
        return True
    except FileNotFoundError:
        return False


def run(args, check=True, input=None, timeout=60, env=None):
    """Run a short command, capturing its output; raise LabError with its stderr on failure."""
    try:
        p = subprocess.run(args, input=input, capture_output=True, text=True, timeout=timeout,
                           env=env, stdin=None if input is not None else subprocess.DEVNULL)
    except FileNotFoundError:
        raise LabError("command not found: %s" % args[0])
    except subprocess.TimeoutExpired:
        raise LabError("command timed out: %s" % " ".join(args))
    if check and p.returncode != 0:
        raise LabError("%s failed (exit %d): %s" % (" ".join(args), p.returncode,
                                                    (p.stderr or p.stdout).strip()))
    return p


# ---------------------------------------------------------------------------------------------
# Processes


def proc_stat(pid):
    """(state, ppid, pgid) of a process, or None when it is gone."""
    s = read_file("/proc/%d/stat" % pid)
    if s is None:
        return None
    rest = s[s.rfind(")") + 2:].split()
    return rest[0], int(rest[1]), int(rest[2])


def alive(pid):
    """True for a running process; zombies count as dead (nobody may reap them in a container)."""
    if not pid or pid <= 0:
        return False
    st = proc_stat(pid)
    return st is not None and st[0] not in ("Z", "X")


def cmdline(pid):
    raw = read_file("/proc/%d/cmdline" % pid)
    if raw is None:
        return []
    return [a for a in raw.split("\0") if a]


def proc_uid(pid):
    try:
        return os.stat("/proc/%d" % pid).st_uid
    except FileNotFoundError:
        return None


def all_pids():
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def children(pid):
    out = []
    for p in all_pids():
        st = proc_stat(p)
        if st and st[1] == pid and st[0] not in ("Z", "X"):
            out.append(p)
    return out


def read_pid(path):
    s = read_file(path)
    try:
        return int(s.strip()) if s else None
    except ValueError:
        return None


def record_pid(paths, name, pid):
    write_file(os.path.join(paths.pids, name + ".pid"), "%d\n" % pid)


def spawn(paths, name, args, log_path, env=None):
    """Start a long-running process in its own session (so stop can kill its whole group), with
    its output in a file (never our stdout: ctest would wait for the pipe), and record its pid
    at once."""
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    with open(log_path, "ab") as out:
        p = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                             start_new_session=True, close_fds=True, env=env)
    record_pid(paths, name, p.pid)
    return p


def signal_group_or_pid(pid, sig):
    """Signal pid's process group when pid leads it (our daemons do), else just pid."""
    try:
        st = proc_stat(pid)
        if st and st[2] == pid:
            os.killpg(pid, sig)
        else:
            os.kill(pid, sig)
    except ProcessLookupError:
        pass
    except PermissionError:
        pass


def terminate(pids, sig=signal.SIGTERM, timeout=5.0):
    """Signal each pid (group), wait for them to go, SIGKILL the stragglers."""
    pids = [p for p in pids if alive(p)]
    for p in pids:
        signal_group_or_pid(p, sig)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        reap()
        time.sleep(0.05)
    for p in pids:
        if alive(p):
            signal_group_or_pid(p, signal.SIGKILL)
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        reap()
        time.sleep(0.05)


def reap():
    """Collect our own exited children so they don't look alive."""
    try:
        while True:
            pid, _ = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
    except ChildProcessError:
        pass


def lab_processes(paths):
    """Processes whose command line names the lab directory (nginx and FPM masters, sshd, the
    app), excluding gslab itself: the safety net for pids we never got to record."""
    me = {os.getpid(), os.getppid()}
    uid = os.geteuid()
    found = []
    prefix = paths.dir + "/"
    for p in all_pids():
        if p in me:
            continue
        args = cmdline(p)
        if not args or any(a.endswith("/gslab") or a == "gslab" for a in args[:2]):
            continue
        if uid != 0 and proc_uid(p) != uid:
            continue
        text = " ".join(args)
        ours = (text.startswith(("nginx:", "php-fpm", "sshd:", "/usr/sbin/"))
                or "upstream_app.py" in text)
        if ours and (prefix in text or text.endswith(paths.dir)):
            found.append(p)
    return found


# ---------------------------------------------------------------------------------------------
# Network


def port_free(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind((LOOPBACK, port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def pick_ports(count, avoid=()):
    """Free loopback ports below the ephemeral range (so outgoing connections can't take them)."""
    rng = random.SystemRandom()
    chosen = []
    for _ in range(2000):
        p = rng.randrange(20000, 32000)
        if p in chosen or p in avoid:
            continue
        if port_free(p):
            chosen.append(p)
            if len(chosen) == count:
                return chosen
    raise LabError("could not find %d free ports on %s" % (count, LOOPBACK))


def port_open(port, host=LOOPBACK):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_for(what, predicate, timeout=15.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return
        if time.monotonic() > deadline:
            raise LabError("timed out waiting for " + what)
        reap()
        time.sleep(interval)


def http_get(url, timeout=30.0):
    """(status, body) of a GET without any proxy; status 0 when the connection fails."""
    import urllib.error
    import urllib.request
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return 0, ""


def errno_name(e):
    return errno.errorcode.get(e, str(e))
