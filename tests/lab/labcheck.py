"""Checks of a running lab: loopback-only listeners, traffic, the selftest."""

import collections
import os
import subprocess

from labcore import LabError, all_pids, children, http_get, log, read_file


def _hex_addr(h):
    if len(h) == 8:
        b = bytes.fromhex(h)[::-1]
        return ".".join(str(x) for x in b)
    raw = bytes.fromhex(h)
    words = [raw[i:i + 4][::-1] for i in range(0, 16, 4)]
    full = b"".join(words)
    if full == b"\0" * 15 + b"\1":
        return "::1"
    if full == b"\0" * 16:
        return "::"
    if full[:12] == b"\0" * 10 + b"\xff\xff":
        return "::ffff:" + ".".join(str(x) for x in full[12:])
    return ":".join(full[i:i + 2].hex() for i in range(0, 16, 2))


def listening(pids):
    """[(address, port, pid)] of the TCP sockets in LISTEN state held by pids."""
    inodes = {}
    for pid in pids:
        fd_dir = "/proc/%d/fd" % pid
        try:
            fds = os.listdir(fd_dir)
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(os.path.join(fd_dir, fd))
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes[target[8:-1]] = pid
    out = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in (read_file(table) or "").splitlines()[1:]:
            f = line.split()
            if len(f) > 9 and f[3] == "0A" and f[9] in inodes:
                addr, port = f[1].split(":")
                out.append((_hex_addr(addr), int(port, 16), inodes[f[9]]))
    return out


def assert_loopback_only(pids):
    """The lab's promise: nothing it starts binds anything but loopback."""
    everything = set()
    for p in pids:
        if p:
            everything.add(p)
            everything.update(children(p))
    bad = [(a, port, pid) for a, port, pid in listening(everything)
           if not (a.startswith("127.") or a == "::1" or a.startswith("::ffff:127."))]
    if bad:
        raise LabError("lab processes listen beyond loopback: %s" % ", ".join(
            "%s:%d (pid %d)" % b for b in bad))


def traffic(lab, count):
    """GET every site count times; returns {url: Counter(status)}."""
    sites = lab["nginx"]["sites"]
    urls = [sites["app"]["url"], sites["group"]["url"] + "items", sites["php"]["url"],
            sites["static"]["url"]]
    result = {}
    for url in urls:
        c = collections.Counter()
        for i in range(count):
            status, _ = http_get(url + ("&" if "?" in url else "?") + "n=%d" % i, timeout=10)
            c[status] += 1
        result[url] = c
    return result


def ssh_command(lab, role, command):
    u = lab["users"][role]
    args = ["ssh", "-F", "/dev/null", "-p", str(lab["ssh"]["port"]), "-i", u["key"],
            "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
            "-o", "UserKnownHostsFile=" + lab["ssh"]["known_hosts"],
            "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=10",
            "%s@%s" % (u["name"], lab["ssh"]["host"]), command]
    return subprocess.run(args, capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)


def selftest(lab, do_break, do_fix):
    """Checks ssh login, nginx, PHP and a real 502; returns a list of failures."""
    failures = []

    def check(ok, what):
        log(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    p = ssh_command(lab, "key", "echo gslab-ssh-ok")
    check(p.returncode == 0 and "gslab-ssh-ok" in p.stdout,
          "ssh login as %s with the lab key%s" % (lab["users"]["key"]["name"],
                                                   "" if p.returncode == 0 else
                                                   ": " + p.stderr.strip()))
    if "sudo_nopasswd" in lab["users"]:
        p = ssh_command(lab, "sudo_nopasswd", "sudo -n true")
        check(p.returncode == 0, "sudo -n as %s" % lab["users"]["sudo_nopasswd"]["name"])
        p = ssh_command(lab, "nosudo", "sudo -n true")
        check(p.returncode != 0, "sudo -n refused for %s" % lab["users"]["nosudo"]["name"])
    sites = lab["nginx"]["sites"]
    status, body = http_get(sites["app"]["url"])
    check(status == 200 and "gslab app ok" in body, "nginx proxies the app (HTTP %d)" % status)
    status, body = http_get(sites["php"]["url"])
    check(status == 200 and "gslab php ok" in body, "nginx serves PHP via FPM (HTTP %d)" % status)
    status, body = http_get(sites["static"]["url"])
    check(status == 200 and "gslab static ok" in body, "nginx serves static (HTTP %d)" % status)

    err_log = lab["nginx"]["error_log"]
    before = os.path.getsize(err_log) if os.path.exists(err_log) else 0
    do_break("app_down")
    try:
        p = ssh_command(lab, "key", "curl -s --noproxy '*' -o /dev/null -w '%%{http_code}' %s"
                        % sites["app"]["url"])
        check(p.stdout.strip() == "502", "502 through ssh + curl after app_down (got %r)"
              % p.stdout.strip())
        with open(err_log, errors="replace") as f:
            f.seek(before)
            check("Connection refused" in f.read(), "error log says Connection refused")
    finally:
        do_fix("app_down")
    status, _ = http_get(sites["app"]["url"])
    check(status == 200, "200 again after fix app_down (HTTP %d)" % status)
    return failures
