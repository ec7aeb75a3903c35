"""The lab's sshd: its own host key and config, lab users (root mode) and their keys and sudo."""

import os
import pwd
import secrets
import shutil
import subprocess

from labcore import (LOOPBACK, LabError, alive, invoking_user, is_root, log, read_file, read_pid,
                     run, spawn, terminate, unlink, wait_for, port_open, write_file, all_pids,
                     proc_uid)

SSHD = "/usr/sbin/sshd"

# role in lab.json -> (name suffix, login method, has lab key, sudo)
ROLES = [
    ("key", "key", "publickey", True, None),
    ("password", "pass", "password", False, None),
    ("kbdint", "kbd", "keyboard-interactive", False, None),
    ("sudo_password", "admin", "publickey", True, "password"),
    ("sudo_nopasswd", "nopw", "publickey", True, "nopasswd"),
    ("nosudo", "nosudo", "publickey", True, None),
]
GECOS = "gslab practice lab"


def keygen(path, passphrase="", comment="gslab"):
    if os.path.exists(path) and os.path.exists(path + ".pub"):
        return
    unlink(path)
    unlink(path + ".pub")
    run(["ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", comment, "-f", path])


def make_keys(paths, state):
    """Host key and client keys. The passphrase key's passphrase is kept in state."""
    os.makedirs(paths.ssh, mode=0o755, exist_ok=True)
    os.makedirs(paths.keys, mode=0o700, exist_ok=True)
    keygen(os.path.join(paths.ssh, "ssh_host_ed25519_key"), comment="gslab-host")
    keygen(os.path.join(paths.keys, "id_ed25519"), comment="gslab-lab-key")
    passphrase = state.get("passphrase")
    pkey = os.path.join(paths.keys, "id_ed25519_passphrase")
    if not passphrase or not os.path.exists(pkey):
        unlink(pkey)
        passphrase = "gslab-" + secrets.token_urlsafe(9)
        keygen(pkey, passphrase=passphrase, comment="gslab-lab-key-with-passphrase")
        state.set("passphrase", passphrase)


def host_key_info(paths):
    pub = read_file(os.path.join(paths.ssh, "ssh_host_ed25519_key.pub")).split()
    out = run(["ssh-keygen", "-l", "-E", "sha256", "-f",
               os.path.join(paths.ssh, "ssh_host_ed25519_key.pub")]).stdout.split()
    return pub[0], pub[1], out[1]


def write_known_hosts(paths, port):
    ktype, blob, _ = host_key_info(paths)
    path = os.path.join(paths.dir, "known_hosts")
    write_file(path, "[%s]:%d %s %s\n" % (LOOPBACK, port, ktype, blob))
    return path


# ---------------------------------------------------------------------------------------------
# Users (root mode only)


def user_home(paths, name):
    return os.path.join(paths.home, name)


def getpw(name):
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def choose_prefix(paths):
    """`gslab-` unless one of those users belongs to someone else (another lab running from
    another directory, or a real account): then `gslab<tag>-`, unique to this directory."""
    plain = "gslab-"
    for _, suffix, *_ in ROLES:
        pw = getpw(plain + suffix)
        if pw and pw.pw_dir != user_home(paths, plain + suffix):
            tagged = "gslab%s-" % paths.tag()
            log("user %s belongs to another lab (%s); using prefix %s" % (
                plain + suffix, pw.pw_dir, tagged))
            return tagged
    return plain


def kill_user_processes(uid):
    pids = [p for p in all_pids() if proc_uid(p) == uid]
    if pids:
        terminate(pids, timeout=2)


def remove_user(paths, name):
    """Remove a lab user, but only one whose home is inside this lab directory."""
    pw = getpw(name)
    if pw is None:
        return
    if pw.pw_dir != user_home(paths, name):
        log("not removing user %s: home %s is not this lab's" % (name, pw.pw_dir))
        return
    kill_user_processes(pw.pw_uid)
    p = run(["userdel", "--remove", "--force", name], check=False)
    if getpw(name) is not None:
        raise LabError("userdel %s failed: %s" % (name, p.stderr.strip()))
    shutil.rmtree(pw.pw_dir, ignore_errors=True)


def create_users(paths, state):
    """Create the six lab users, record them before creating so stop can remove them."""
    prefix = state.get("user_prefix") or choose_prefix(paths)
    state.set("user_prefix", prefix)
    os.makedirs(paths.home, mode=0o755, exist_ok=True)
    os.chmod(paths.home, 0o755)
    lab_pub = read_file(os.path.join(paths.keys, "id_ed25519.pub"))
    pass_pub = read_file(os.path.join(paths.keys, "id_ed25519_passphrase.pub"))
    passwords = state.get("passwords") or {}
    users = {}
    for role, suffix, method, has_key, sudo in ROLES:
        name = prefix + suffix
        state.append("created_users", name)
        if getpw(name):
            remove_user(paths, name)  # stale from an earlier, unclean run of this lab
        home = user_home(paths, name)
        run(["useradd", "--home-dir", home, "--create-home", "--shell", "/bin/bash",
             "--comment", GECOS, "--user-group", name])
        if method == "publickey" and sudo != "password":
            run(["usermod", "--password", "*", name])  # no password, yet not locked
        else:
            pw = passwords.get(name) or secrets.token_urlsafe(12)
            passwords[name] = pw
            run(["chpasswd"], input="%s:%s\n" % (name, pw))
        keys = ""
        if has_key:
            keys += lab_pub
        if role == "key":
            keys += pass_pub
        if keys:
            ent = pwd.getpwnam(name)
            sshdir = os.path.join(home, ".ssh")
            os.makedirs(sshdir, mode=0o700, exist_ok=True)
            write_file(os.path.join(sshdir, "authorized_keys"), keys, mode=0o600)
            for p in (sshdir, os.path.join(sshdir, "authorized_keys")):
                os.chown(p, ent.pw_uid, ent.pw_gid)
        users[role] = {"name": name, "method": method, "sudo": sudo}
    state.set("passwords", passwords)
    write_sudoers(paths, state, prefix)
    users["root"] = root_login(paths, state, lab_pub)
    return users


def root_keys_path(paths):
    # Outside DIR: sshd's StrictModes refuses a root key file under a world-writable /tmp.
    return "/etc/ssh/gslab-%s-root.keys" % paths.tag()


def root_login(paths, state, lab_pub):
    """Root logs in to the lab's sshd (only) with the lab key: its own key file, named by a
    Match block of the lab's sshd_config; root's ~/.ssh is never touched."""
    path = root_keys_path(paths)
    state.set("root_keys", path)
    write_file(path, lab_pub, mode=0o600)
    return {"name": "root", "method": "publickey", "sudo": None}


def sudoers_path(paths):
    # No dot in the name: sudo's @includedir skips such files, so this one is read.
    return "/etc/sudoers.d/gslab-" + paths.tag()


def write_sudoers(paths, state, prefix):
    path = sudoers_path(paths)
    state.set("sudoers", path)
    content = ("# gslab practice lab %s: removed by `gslab stop`\n"
               "Defaults:%sadmin lecture=never\n"
               "%sadmin ALL=(ALL:ALL) ALL\n"
               "%snopw ALL=(ALL:ALL) NOPASSWD: ALL\n") % (paths.dir, prefix, prefix, prefix)
    tmp = path + ".tmp"  # a dot: ignored by sudo until validated and renamed
    write_file(tmp, content, mode=0o440)
    try:
        run(["visudo", "-c", "-q", "-f", tmp])
        os.replace(tmp, path)
    finally:
        unlink(tmp)


def remove_users(paths, state):
    errors = []
    if state.get("root_keys"):
        unlink(state.get("root_keys"))
    sudoers = state.get("sudoers")
    if sudoers:
        unlink(sudoers)
        unlink(sudoers + ".tmp")
    for name in state.get("created_users", []):
        try:
            remove_user(paths, name)
        except LabError as e:
            errors.append(str(e))
    return errors


# ---------------------------------------------------------------------------------------------
# sshd


def sshd_config(paths, state, port, users):
    pid_file = os.path.join(paths.run, "sshd.pid")
    lines = [
        "# gslab practice lab sshd (loopback only)",
        "Port %d" % port,
        "AddressFamily inet",
        "ListenAddress %s" % LOOPBACK,
        "HostKey %s" % os.path.join(paths.ssh, "ssh_host_ed25519_key"),
        "PidFile %s" % pid_file,
        "LogLevel VERBOSE",
        "PermitRootLogin no",
        "PubkeyAuthentication yes",
        "X11Forwarding no",
        "PrintMotd no",
        "PrintLastLog no",
        "AcceptEnv LANG LC_*",
        "Subsystem sftp internal-sftp",
    ]
    if is_root():
        names = [u["name"] for u in users.values()]
        lines += [
            "UsePAM yes",
            "StrictModes yes",
            "AuthorizedKeysFile .ssh/authorized_keys",
            "PasswordAuthentication yes",
            "KbdInteractiveAuthentication yes",
            "AllowUsers %s" % " ".join(names),
            "AuthenticationMethods publickey",
        ]
        if "root" in users:
            lines += ["Match User root",
                      "    PermitRootLogin prohibit-password",
                      "    AuthorizedKeysFile %s" % root_keys_path(paths)]
        for u in users.values():
            if u["method"] != "publickey":
                lines += ["Match User %s" % u["name"],
                          "    AuthenticationMethods %s" % u["method"]]
    else:
        # sshd running as an ordinary user can only log that user in, by key; PAM and password
        # checks need root. StrictModes would reject keys under a world-writable /tmp parent.
        lines += [
            "UsePAM no",
            "StrictModes no",
            "AuthorizedKeysFile %s" % os.path.join(paths.ssh, "authorized_keys"),
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "AllowUsers %s" % invoking_user(),
            "AuthenticationMethods publickey",
        ]
    path = os.path.join(paths.ssh, "sshd_config")
    write_file(path, "\n".join(lines) + "\n")
    return path


def start_sshd(paths, state, port, users):
    if not is_root():
        write_file(os.path.join(paths.ssh, "authorized_keys"),
                   read_file(os.path.join(paths.keys, "id_ed25519.pub"))
                   + read_file(os.path.join(paths.keys, "id_ed25519_passphrase.pub")), mode=0o600)
    elif not os.path.isdir("/run/sshd"):
        # The privilege separation directory the Debian package creates at boot.
        os.makedirs("/run/sshd", mode=0o755)
    conf = sshd_config(paths, state, port, users)
    run([SSHD, "-t", "-f", conf])
    log_path = os.path.join(paths.logs, "sshd.log")
    spawn(paths, "sshd", [SSHD, "-D", "-e", "-f", conf], log_path)
    wait_for("sshd on port %d (see %s)" % (port, log_path), lambda: port_open(port))
    return conf


def stop_sshd(paths):
    pid = read_pid(os.path.join(paths.run, "sshd.pid"))
    if pid and alive(pid):
        terminate([pid])
