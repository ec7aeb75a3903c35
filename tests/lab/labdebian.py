"""The Debian layout: the lab borrows the system's nginx and PHP-FPM configuration directories.

Everything it overwrites or removes is backed up into DIR/backup first and recorded in state, and
everything it creates is recorded too, so that `gslab stop` puts the system back as it was.
"""

import fcntl
import os
import re
import shutil
import time

from labcore import LabError, alive, cmdline, log, read_file, read_pid, unlink

SITES_ENABLED = "/etc/nginx/sites-enabled"
CONF_D = "/etc/nginx/conf.d"


def _backup_name(paths, path):
    return os.path.join(paths.dir, "backup", path.strip("/").replace("/", "__"))


def backup(paths, state, path):
    """Save path (file or symlink) before the lab changes or removes it; once per path."""
    if not os.path.lexists(path):
        return
    if any(b["path"] == path for b in state.get("backups", [])):
        return
    dest = _backup_name(paths, path)
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    entry = {"path": path, "backup": dest}
    if os.path.islink(path):
        entry["symlink"] = os.readlink(path)
    else:
        shutil.copy2(path, dest)
    state.append("backups", entry)


def create(state, path):
    """Record a path the lab creates (removed on stop) unless it existed before."""
    if os.path.lexists(path) or path in state.get("created_files", []):
        return
    state.append("created_files", path)


OWNER_FILE = "/run/lock/gslab-debian.owner"
LOCK_FILE = "/run/lock/gslab-debian.lock"


def _owner():
    text = read_file(OWNER_FILE)
    return text.strip() if text else None


def claim(paths, state, timeout=90.0):
    """Become the one lab using the Debian layout on this machine, waiting (bounded) while
    another lab (another worktree's ctest run) has it. A crashed owner that was never stopped
    keeps it until `gslab stop --dir OWNER`."""
    os.makedirs(os.path.dirname(LOCK_FILE), exist_ok=True)
    deadline = time.monotonic() + timeout
    announced = False
    while True:
        with open(LOCK_FILE, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            owner = _owner()
            if owner is None or owner == paths.dir or not os.path.exists(
                    os.path.join(owner, "state.json")):
                with open(OWNER_FILE, "w") as f:
                    f.write(paths.dir + "\n")
                state.set("debian_owner", True)
                return
        if time.monotonic() > deadline:
            raise LabError("the Debian layout is in use by the lab in %s; stop it with "
                           "`gslab stop --dir %s`" % (owner, owner))
        if not announced:
            log("waiting for the lab in %s to release the Debian layout" % owner)
            announced = True
        time.sleep(1)


def release(paths):
    if _owner() == paths.dir:
        unlink(OWNER_FILE)


def preflight(paths, state):
    """Refuse to take over a system where nginx or PHP-FPM already run."""
    if state.get("layout") == "debian" and state.get("debian_started"):
        return
    for pid_file, what in (("/run/nginx.pid", "nginx"), ("/run/php/php8.2-fpm.pid", "php-fpm")):
        pid = read_pid(pid_file)
        if pid and alive(pid) and what in " ".join(cmdline(pid)):
            raise LabError("the system's %s is already running (pid %d from %s); the Debian "
                           "layout needs it stopped" % (what, pid, pid_file))


def _listens_beyond_loopback(text):
    """Whether a config file would bind something other than loopback (a server block without a
    listen binds *:80)."""
    text = re.sub(r"#.*", "", text)
    if not re.search(r"\bserver\s*\{", text):
        return False
    listens = re.findall(r"\blisten\s+([^;]+);", text)
    if not listens:
        return True
    for spec in listens:
        addr = spec.split()[0]
        if not (addr.startswith("127.") or addr.startswith("[::1]") or addr == "localhost"
                or addr.startswith("localhost:") or addr.startswith("unix:")):
            return True
    return False


def prepare(paths, state, L):
    """Disable every enabled site that would listen beyond loopback (Debian's default site
    listens on *:80), and record the lab's own files."""
    candidates = []
    if os.path.isdir(SITES_ENABLED):
        candidates += [os.path.join(SITES_ENABLED, n) for n in sorted(os.listdir(SITES_ENABLED))]
    if os.path.isdir(CONF_D):
        candidates += [os.path.join(CONF_D, n) for n in sorted(os.listdir(CONF_D))
                       if n.endswith(".conf")]
    for path in candidates:
        if path in (L.nginx_site_link, L.nginx_broken):
            continue
        text = read_file(path, "")
        if _listens_beyond_loopback(text):
            log("disabling %s while the lab runs (listens beyond loopback)" % path)
            backup(paths, state, path)
            unlink(path)
    for path in (L.nginx_site, L.nginx_site_link, L.nginx_broken, L.fpm_pool, L.access_log,
                 L.static_access_log, L.socket):
        if os.path.lexists(path) and path not in state.get("created_files", []):
            backup(paths, state, path)
        create(state, path)
    if not os.path.exists(L.nginx_site_link) or not os.path.islink(L.nginx_site_link):
        unlink(L.nginx_site_link)
        os.symlink(L.nginx_site, L.nginx_site_link)
    state.set("debian_started", True)


def restore(paths, state):
    """Remove what the lab created, then put every backup back."""
    errors = []
    for path in reversed(state.get("created_files", [])):
        try:
            if os.path.lexists(path):
                os.unlink(path)
        except OSError as e:
            errors.append("removing %s: %s" % (path, e))
    for b in state.get("backups", []):
        try:
            if os.path.lexists(b["path"]):
                os.unlink(b["path"])
            if "symlink" in b:
                os.symlink(b["symlink"], b["path"])
            else:
                shutil.copy2(b["backup"], b["path"])
        except OSError as e:
            errors.append("restoring %s: %s" % (b["path"], e))
    if not errors and state.get("debian_owner"):
        release(paths)
    return errors
