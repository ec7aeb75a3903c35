"""nginx, PHP-FPM and the upstream app: configuration from the wanted breakages, and control.

Two layouts share the configuration text:
  prefix  everything under DIR (nginx -p DIR/nginx, php-fpm -p DIR/fpm); works without root
  debian  the distribution's own files and default paths (/etc/nginx, /etc/php/8.2/fpm), root only
"""

import os
import shutil
import signal
import subprocess
import sys
import time

import labservice
from labcore import (LOOPBACK, LabError, alive, children, cmdline, is_root, invoking_user, log,
                     port_open, read_file, read_pid, record_pid, run, spawn, terminate, unlink,
                     wait_for, write_file)

NGINX = "/usr/sbin/nginx"
FPM = "/usr/sbin/php-fpm8.2"
PHP_ETC = "/etc/php/8.2/fpm"
APP_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "upstream_app.py")

PROXY_READ_TIMEOUT = 2  # seconds; app_slow answers after APP_SLOW
APP_SLOW = 5
FPM_TERMINATE_TIMEOUT = 2  # seconds; fpm_timeout's request_terminate_timeout
LOG_FORMAT = ('$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
              '"$http_referer" "$http_user_agent" rt=$request_time uct="$upstream_connect_time" '
              'uht="$upstream_header_time" urt="$upstream_response_time" ua="$upstream_addr" '
              'us="$upstream_status"')

APP_MODES = {"app_slow": "slow", "app_close": "close", "app_reset": "reset",
             "app_bigheader": "bigheader"}


class Layout:
    """Every path of the web side for one layout."""

    def __init__(self, paths, name, app_service=None):
        self.name = name
        self.paths = paths
        # Root mode: the app runs as a SysV service, labservice's {"name", "script", "pid_file"}.
        self.app_service = app_service
        d = paths.dir
        self.root = is_root()
        self.worker_user = "www-data" if self.root else invoking_user()
        self.app_mode_file = os.path.join(paths.app, "mode")
        self.app_log = os.path.join(paths.logs, "app.log")
        if name == "prefix":
            self.nginx_prefix = os.path.join(paths.nginx, "")
            self.nginx_conf = os.path.join(paths.nginx, "nginx.conf")
            self.nginx_site = os.path.join(paths.nginx, "sites-enabled", "gslab.conf")
            self.nginx_broken = os.path.join(paths.nginx, "conf.d", "gslab-broken.conf")
            self.nginx_pid = os.path.join(paths.run, "nginx.pid")
            self.error_log = os.path.join(paths.nginx, "logs", "error.log")
            self.access_log = os.path.join(paths.nginx, "logs", "access.log")
            self.static_access_log = os.path.join(paths.nginx, "logs", "static-access.log")
            self.nginx_args = ["-p", self.nginx_prefix, "-c", self.nginx_conf, "-e",
                               self.error_log]
            self.fpm_conf = os.path.join(paths.fpm, "php-fpm.conf")
            self.fpm_pool = os.path.join(paths.fpm, "pool.d", "gslab.conf")
            self.fpm_pid = os.path.join(paths.run, "php-fpm.pid")
            self.fpm_log = os.path.join(paths.fpm, "log", "php-fpm.log")
            self.fpm_args = ["-F", "-y", self.fpm_conf, "-p", paths.fpm]
            self.socket = os.path.join(paths.run, "php-fpm.sock")
        else:
            self.nginx_prefix = "/usr/share/nginx/"
            self.nginx_conf = "/etc/nginx/nginx.conf"
            self.nginx_site = "/etc/nginx/sites-available/gslab"
            self.nginx_site_link = "/etc/nginx/sites-enabled/gslab"
            self.nginx_broken = "/etc/nginx/conf.d/gslab-broken.conf"
            self.nginx_pid = "/run/nginx.pid"
            self.error_log = "/var/log/nginx/error.log"
            self.access_log = "/var/log/nginx/gslab.access.log"
            self.static_access_log = "/var/log/nginx/gslab-static.access.log"
            self.nginx_args = []  # the Debian unit runs plain `nginx` (daemon on)
            self.fpm_conf = PHP_ETC + "/php-fpm.conf"
            self.fpm_pool = PHP_ETC + "/pool.d/gslab.conf"
            self.fpm_pid = "/run/php/php8.2-fpm.pid"
            self.fpm_log = "/var/log/php8.2-fpm.log"
            self.fpm_args = ["--nodaemonize", "--fpm-config", self.fpm_conf]
            self.socket = "/run/php/gslab-fpm.sock"
        # Where fpm_socket_missing points nginx: the classic other-PHP-version socket name.
        self.missing_socket = os.path.join(os.path.dirname(self.socket), "php8.1-fpm.sock")
        if any(c.isspace() or c in "\"';{}$#" for c in paths.dir):
            raise LabError("the lab directory must not contain spaces or %s: %s" % (
                "\"';{}$#", paths.dir))
        if len(self.socket) > 100:
            raise LabError("lab directory path too long for a unix socket: " + self.socket)


# ---------------------------------------------------------------------------------------------
# Configuration text


def nginx_http_block(L, ports, breakages):
    """The http-level part shared by both layouts: log format, upstream group, three servers."""
    socket = L.missing_socket if "fpm_socket_missing" in breakages else L.socket
    # proxy_to_fpm: the classic copy-paste slip, `proxy_pass http://` aimed at PHP-FPM's port.
    app_target = ("127.0.0.1:%d" % ports["fpm_tcp"] if "proxy_to_fpm" in breakages
                  else "127.0.0.1:%d" % ports["app"])
    www = L.paths.www
    fcgi = ("        include %s;\n" % os.path.join(L.paths.nginx, "fastcgi_params")
            if L.name == "prefix" else "        include fastcgi_params;\n")
    return """# gslab practice lab %(dir)s: generated, do not edit (`gslab reset` rewrites it)
log_format gslab '%(fmt)s';

upstream gslab_app_backend {
    server 127.0.0.1:%(app)d max_fails=3 fail_timeout=10s;
}

# The proxied app.
server {
    listen 127.0.0.1:%(p_app)d;
    server_name app.gslab.test;
    access_log %(access)s gslab;

    proxy_connect_timeout 2s;
    proxy_read_timeout %(prt)ds;
    proxy_send_timeout 5s;
    proxy_buffer_size 4k;
    proxy_buffers 8 4k;
    proxy_busy_buffers_size 8k;
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;

    location / {
        proxy_pass http://%(app_target)s;
    }
    location /group/ {
        proxy_pass http://gslab_app_backend;
    }
    location = /nginx-status {
        stub_status;
        allow 127.0.0.1;
        deny all;
    }
}

# PHP through PHP-FPM.
server {
    listen 127.0.0.1:%(p_php)d;
    server_name php.gslab.test;
    root %(www)s;
    index index.php;
    access_log %(access)s gslab;

    fastcgi_read_timeout 30s;
    fastcgi_buffer_size 4k;
    fastcgi_buffers 8 4k;

    location ~ \\.php$ {
        try_files $uri =404;
%(fcgi)s        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
        fastcgi_pass unix:%(socket)s;
    }
    location ~ ^/(fpm-status|fpm-ping)$ {
        allow 127.0.0.1;
        deny all;
%(fcgi)s        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
        fastcgi_param SCRIPT_NAME $fastcgi_script_name;
        fastcgi_pass unix:%(socket)s;
    }
}

# Static files, logged in the plain combined format.
server {
    listen 127.0.0.1:%(p_static)d;
    server_name static.gslab.test;
    root %(www)s/static;
    access_log %(static_access)s combined;
}
""" % {"dir": L.paths.dir, "fmt": LOG_FORMAT, "app": ports["app"], "p_app": ports["nginx_app"],
       "p_php": ports["nginx_php"], "p_static": ports["nginx_static"], "prt": PROXY_READ_TIMEOUT,
       "access": L.access_log, "static_access": L.static_access_log, "www": www, "fcgi": fcgi,
       "socket": socket, "app_target": app_target}


def nginx_main_conf(L):
    """Only for the prefix layout; the Debian layout keeps the distribution's nginx.conf."""
    n = L.paths.nginx
    user = "user %s;\n" % L.worker_user if L.root else ""
    return """# gslab practice lab: nginx main configuration (prefix layout)
%(user)sworker_processes 1;
pid %(pid)s;
error_log %(err)s info;

events {
    worker_connections 256;
}

http {
    types {
        text/html html;
        text/plain txt;
        application/json json;
    }
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 30s;
    client_body_temp_path %(n)s/tmp/client_body;
    proxy_temp_path %(n)s/tmp/proxy;
    fastcgi_temp_path %(n)s/tmp/fastcgi;
    uwsgi_temp_path %(n)s/tmp/uwsgi;
    scgi_temp_path %(n)s/tmp/scgi;

    include %(n)s/conf.d/*.conf;
    include %(n)s/sites-enabled/*.conf;
}
""" % {"user": user, "pid": L.nginx_pid, "err": L.error_log, "n": n}


FASTCGI_PARAMS = """fastcgi_param QUERY_STRING $query_string;
fastcgi_param REQUEST_METHOD $request_method;
fastcgi_param CONTENT_TYPE $content_type;
fastcgi_param CONTENT_LENGTH $content_length;
fastcgi_param SCRIPT_NAME $fastcgi_script_name;
fastcgi_param REQUEST_URI $request_uri;
fastcgi_param DOCUMENT_URI $document_uri;
fastcgi_param DOCUMENT_ROOT $document_root;
fastcgi_param SERVER_PROTOCOL $server_protocol;
fastcgi_param REQUEST_SCHEME $scheme;
fastcgi_param GATEWAY_INTERFACE CGI/1.1;
fastcgi_param SERVER_SOFTWARE nginx/$nginx_version;
fastcgi_param REMOTE_ADDR $remote_addr;
fastcgi_param REMOTE_PORT $remote_port;
fastcgi_param SERVER_ADDR $server_addr;
fastcgi_param SERVER_PORT $server_port;
fastcgi_param SERVER_NAME $server_name;
fastcgi_param REDIRECT_STATUS 200;
"""

# A typo as people make them: nginx -t fails, the running nginx keeps the old configuration.
BROKEN_CONF = """# gslab breakage nginx_config_invalid: `gslab fix nginx_config_invalid` removes this file
proxy_buffer_szie 16k;
"""


def fpm_main_conf(L):
    return """; gslab practice lab: PHP-FPM main configuration (prefix layout)
[global]
pid = %s
error_log = %s
log_level = notice
daemonize = no
include = %s/pool.d/*.conf
""" % (L.fpm_pid, L.fpm_log, L.paths.fpm)


def fpm_pool_conf(L, breakages, tcp_port=None):
    lines = ["; gslab practice lab %s: generated, do not edit" % L.paths.dir, "[gslab]"]
    if L.root:
        lines += ["user = www-data", "group = www-data"]
    lines.append("listen = %s" % L.socket)
    if "fpm_socket_perms" in breakages:
        if L.root:
            # The classic mistake: the socket belongs to root, nginx's workers are www-data.
            lines += ["listen.owner = root", "listen.group = root", "listen.mode = 0660"]
        else:
            # Without root nginx's workers run as the socket's owner: take write away from it.
            lines += ["listen.mode = 0400"]
    else:
        if L.root:
            lines += ["listen.owner = www-data", "listen.group = www-data"]
        lines.append("listen.mode = 0660")
    if "fpm_saturated" in breakages:
        lines += ["pm = dynamic", "pm.max_children = 1", "pm.start_servers = 1",
                  "pm.min_spare_servers = 1", "pm.max_spare_servers = 1"]
    else:
        lines += ["pm = dynamic", "pm.max_children = 5", "pm.start_servers = 2",
                  "pm.min_spare_servers = 1", "pm.max_spare_servers = 3"]
    lines += ["pm.status_path = /fpm-status", "ping.path = /fpm-ping",
              "catch_workers_output = yes", "php_admin_flag[log_errors] = on"]
    if "fpm_timeout" in breakages:
        # FPM kills a request after 2 s while nginx waits 30 s (fastcgi_read_timeout): nginx
        # sees the connection close, the FPM log says why.
        lines.append("request_terminate_timeout = %ds" % FPM_TERMINATE_TIMEOUT)
    if "fpm_config_invalid" in breakages:
        # A typo as people make them: php-fpm -t fails and FPM cannot start.
        lines.append("pm.max_chidren = 5")
    if "proxy_to_fpm" in breakages and tcp_port:
        lines += ["", "[gslab_tcp]"]
        if L.root:
            lines += ["user = www-data", "group = www-data"]
        lines += ["listen = 127.0.0.1:%d" % tcp_port, "pm = ondemand", "pm.max_children = 2"]
    return "\n".join(lines) + "\n"


INDEX_PHP = """<?php
header('Content-Type: text/plain');
echo "gslab php ok\\n";
echo "php ", PHP_VERSION, " sapi ", PHP_SAPI, " pid ", getmypid(), "\\n";
"""

SLOW_PHP = """<?php
// Sleeps ?s=SECONDS (default 3): keeps an FPM child busy (fpm_saturated).
$s = isset($_GET['s']) ? max(0.0, min(60.0, (float)$_GET['s'])) : 3.0;
usleep((int)($s * 1000000));
header('Content-Type: text/plain');
echo "gslab slow ok after ", $s, " s\\n";
"""


def write_www(L):
    w = L.paths.www
    os.makedirs(os.path.join(w, "static"), mode=0o755, exist_ok=True)
    for d in (w, os.path.join(w, "static")):
        os.chmod(d, 0o755)
    write_file(os.path.join(w, "index.php"), INDEX_PHP)
    write_file(os.path.join(w, "slow.php"), SLOW_PHP)
    write_file(os.path.join(w, "static", "index.html"),
               "<!doctype html><title>gslab</title><p>gslab static ok</p>\n")


def write_if_changed(path, content, mode=0o644):
    if read_file(path) == content:
        return False
    write_file(path, content, mode)
    return True


# ---------------------------------------------------------------------------------------------
# The upstream app


def app_pid(L):
    if L.app_service:
        return labservice.pid(L.app_service)
    return read_pid(os.path.join(L.paths.pids, "app.pid"))


def app_running(L):
    return alive(app_pid(L))


def start_app(L, port):
    if app_running(L):
        return
    if L.app_service:
        labservice.start(L, port)
        wait_for("the upstream app on port %d (see %s)" % (port, L.app_log),
                 lambda: port_open(port))
        return
    args = [sys.executable, APP_SCRIPT, "--dir", L.paths.dir, "--port", str(port),
            "--mode-file", L.app_mode_file, "--slow", str(APP_SLOW)]
    p = spawn(L.paths, "app", args, L.app_log)
    wait_for("the upstream app on port %d (see %s)" % (port, L.app_log),
             lambda: port_open(port) or p.poll() is not None)
    if p.poll() is not None:
        raise LabError("the upstream app exited; see " + L.app_log)


def stop_app(L):
    if L.app_service:
        labservice.stop(L)
    pid = read_pid(os.path.join(L.paths.pids, "app.pid"))
    if pid:
        terminate([pid])
    unlink(os.path.join(L.paths.pids, "app.pid"))


# ---------------------------------------------------------------------------------------------
# PHP-FPM


def fpm_master(L):
    pid = read_pid(os.path.join(L.paths.pids, "fpm.pid"))
    return pid if alive(pid) else None


def start_fpm(L):
    master = fpm_master(L)
    if master and L.name != "debian":
        terminate([p for p in strays("php-fpm: master process", L.fpm_conf) if p != master])
    if master:
        return
    # A master the lab did not spawn (e.g. started by Gatescope's `service start`) holds the
    # socket and pid file: stop it so the lab owns the one it starts.
    stop_fpm(L)
    if L.name == "debian":
        os.makedirs("/run/php", mode=0o755, exist_ok=True)
    run([FPM, "-t"] + [a for a in L.fpm_args if a not in ("-F", "--nodaemonize")])
    start_log = os.path.join(L.paths.logs, "php-fpm-start.log")
    p = spawn(L.paths, "fpm", [FPM] + L.fpm_args, start_log)
    wait_for("PHP-FPM socket %s (see %s)" % (L.socket, L.fpm_log),
             lambda: os.path.exists(L.socket) or p.poll() is not None)
    if p.poll() is not None:
        raise LabError("PHP-FPM exited at start; see %s and %s" % (L.fpm_log, start_log))


def strays(title, conf):
    """Masters of this lab's configuration that the lab did not spawn (started by a test through
    Gatescope, or restarted by a rollback): they would hold the sockets and pid files."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            line = " ".join(cmdline(int(entry)))
            if line.startswith(title) and conf in line:
                found.append(int(entry))
    return found


def stop_fpm(L):
    pids = [p for p in (read_pid(os.path.join(L.paths.pids, "fpm.pid")), read_pid(L.fpm_pid))
            if p and alive(p) and "php-fpm" in " ".join(cmdline(p))]
    if L.name != "debian":
        pids += [p for p in strays("php-fpm: master process", L.fpm_conf) if p not in pids]
    terminate(pids)
    unlink(os.path.join(L.paths.pids, "fpm.pid"))
    # A clean FPM shutdown removes its socket; a killed one leaves it behind.
    unlink(L.socket)


# ---------------------------------------------------------------------------------------------
# nginx


def nginx_master(L):
    pid = read_pid(L.nginx_pid)
    if pid and alive(pid) and "nginx" in " ".join(cmdline(pid)):
        return pid
    return None


def nginx_test(L):
    return run([NGINX, "-t", "-q"] + L.nginx_args, check=False)


def start_nginx(L):
    master = nginx_master(L)
    if L.name != "debian":
        terminate([p for p in strays("nginx: master process", L.nginx_conf) if p != master],
                  sig=signal.SIGTERM)
    if master:
        return
    p = nginx_test(L)
    if p.returncode != 0:
        raise LabError("nginx -t failed: " + p.stderr.strip())
    start_log = os.path.join(L.paths.logs, "nginx-start.log")
    launcher = spawn(L.paths, "nginx-launcher", [NGINX] + L.nginx_args, start_log)
    try:
        rc = launcher.wait(timeout=30)
    except subprocess.TimeoutExpired:
        raise LabError("nginx did not daemonize; see " + start_log)
    if rc != 0:
        raise LabError("nginx failed to start (exit %d): %s" % (rc, read_file(start_log, "")))
    wait_for("nginx pid file " + L.nginx_pid, lambda: nginx_master(L) is not None)
    record_pid(L.paths, "nginx", nginx_master(L))
    unlink(os.path.join(L.paths.pids, "nginx-launcher.pid"))


def reload_nginx(L):
    """Reload and wait until every worker runs the new configuration (old workers gone)."""
    master = nginx_master(L)
    old = set(children(master))
    p = nginx_test(L)
    if p.returncode != 0:
        raise LabError("nginx -t failed: " + p.stderr.strip())
    os.kill(master, signal.SIGHUP)
    # Old workers finish their requests first (a slow one can take a while), then exit.
    wait_for("nginx workers with the new configuration",
             lambda: not (set(children(master)) & old) and len(children(master)) > 0,
             timeout=60)


def stop_nginx(L):
    pid = nginx_master(L)
    pids = [pid] if pid else []
    if L.name != "debian":
        pids += [p for p in strays("nginx: master process", L.nginx_conf) if p not in pids]
    if pids:
        terminate(pids, sig=signal.SIGTERM)
    unlink(os.path.join(L.paths.pids, "nginx.pid"))


SQUATTER = """import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(8)
while True:
    time.sleep(3600)
"""


def start_squatter(L, port):
    """Another program on a port nginx must bind (nginx_port_conflict): a listener that never
    answers, started before nginx as after a reboot where the other service came up first."""
    if alive(read_pid(os.path.join(L.paths.pids, "squatter.pid"))):
        return
    p = spawn(L.paths, "squatter", [sys.executable, "-c", SQUATTER, str(port),
                                    "gslab-squatter", L.paths.dir],
              os.path.join(L.paths.logs, "squatter.log"))
    wait_for("the squatter on port %d" % port, lambda: port_open(port) or p.poll() is not None)
    if p.poll() is not None:
        raise LabError("the squatter could not bind port %d" % port)


def stop_squatter(L):
    pid_file = os.path.join(L.paths.pids, "squatter.pid")
    pid = read_pid(pid_file)
    if pid:
        terminate([pid])
    unlink(pid_file)


def start_nginx_failing(L):
    """Start nginx as an init system would, expecting it to fail on the held port: nginx logs
    `bind() to ... failed (98: Address already in use)` to its error log and exits."""
    if nginx_master(L):
        return
    start_log = os.path.join(L.paths.logs, "nginx-start.log")
    p = subprocess.run([NGINX] + L.nginx_args, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60, check=False)
    with open(start_log, "ab") as out:
        out.write(p.stdout)
    if p.returncode == 0 or nginx_master(L):
        raise LabError("nginx started although its port is held; see " + start_log)


def wait_nginx_listening(ports):
    for key in ("nginx_app", "nginx_php", "nginx_static"):
        wait_for("nginx on port %d" % ports[key], lambda: port_open(ports[key]))


# ---------------------------------------------------------------------------------------------
# Reconcile: make the running lab match a set of breakages


def apply(L, ports, breakages):
    b = set(breakages)
    paths = L.paths
    mode = next((m for name, m in APP_MODES.items() if name in b), "ok")
    write_if_changed(L.app_mode_file, mode + "\n")

    if "app_down" in b:
        stop_app(L)
    else:
        start_app(L, ports["app"])

    write_www(L)
    if L.name == "prefix":
        write_if_changed(L.fpm_conf, fpm_main_conf(L))
        os.makedirs(os.path.join(paths.fpm, "log"), exist_ok=True)
    pool_changed = write_if_changed(L.fpm_pool, fpm_pool_conf(L, b, ports.get("fpm_tcp")))
    if "fpm_down" in b or "fpm_config_invalid" in b:
        stop_fpm(L)
    else:
        if pool_changed and fpm_master(L):
            stop_fpm(L)  # socket owner and mode only change on a restart
        start_fpm(L)

    changed = False
    if L.name == "prefix":
        for sub in ("conf.d", "sites-enabled", "logs", "tmp"):
            os.makedirs(os.path.join(paths.nginx, sub), exist_ok=True)
        changed |= write_if_changed(os.path.join(paths.nginx, "fastcgi_params"), FASTCGI_PARAMS)
        changed |= write_if_changed(L.nginx_conf, nginx_main_conf(L))
    changed |= write_if_changed(L.nginx_site, nginx_http_block(L, ports, b))
    broken = "nginx_config_invalid" in b
    if "nginx_port_conflict" not in b:
        stop_squatter(L)
    if "nginx_port_conflict" in b:
        stop_nginx(L)
        start_squatter(L, ports["nginx_static"])
        start_nginx_failing(L)
    elif "nginx_down" in b:
        stop_nginx(L)
    else:
        running = nginx_master(L) is not None
        if not running or changed:
            # The lab never starts or reloads nginx from the broken file: it steps it aside.
            unlink(L.nginx_broken)
            if running:
                reload_nginx(L)  # the listening sockets stay open across a reload
            else:
                start_nginx(L)
                wait_nginx_listening(ports)
    if broken:
        write_if_changed(L.nginx_broken, BROKEN_CONF)
    else:
        unlink(L.nginx_broken)


def stop_all(L):
    stop_nginx(L)
    stop_squatter(L)
    stop_fpm(L)
    stop_app(L)


def status(L, ports):
    return {
        "app": {"running": app_running(L), "pid": app_pid(L),
                "port": ports.get("app"), "mode": (read_file(L.app_mode_file) or "ok").strip()},
        "phpfpm": {"running": fpm_master(L) is not None, "pid": fpm_master(L),
                   "socket_exists": os.path.exists(L.socket)},
        "nginx": {"running": nginx_master(L) is not None, "pid": nginx_master(L),
                  "config_valid": nginx_test(L).returncode == 0},
    }


def lab_json_part(L, ports):
    base = "http://%s:%d" % (LOOPBACK, ports["nginx_php"])
    return {
        "nginx": {
            "binary": NGINX, "args": L.nginx_args, "conf": L.nginx_conf, "site_conf": L.nginx_site,
            "prefix": L.nginx_prefix, "pid_file": L.nginx_pid, "error_log": L.error_log,
            "access_log": L.access_log, "access_log_format": LOG_FORMAT,
            "access_log_format_name": "gslab", "worker_user": L.worker_user,
            "proxy_read_timeout": PROXY_READ_TIMEOUT,
            "sites": {
                "app": {"url": "http://%s:%d/" % (LOOPBACK, ports["nginx_app"]),
                        "upstream": "%s:%d" % (LOOPBACK, ports["app"])},
                "group": {"url": "http://%s:%d/group/" % (LOOPBACK, ports["nginx_app"]),
                          "upstream": "gslab_app_backend"},
                "php": {"url": base + "/index.php", "slow_url": base + "/slow.php",
                        "socket": L.socket},
                "static": {"url": "http://%s:%d/" % (LOOPBACK, ports["nginx_static"]),
                           "access_log": L.static_access_log, "access_log_format": "combined"},
                "stub_status": {"url": "http://%s:%d/nginx-status" % (LOOPBACK,
                                                                      ports["nginx_app"])},
            },
        },
        "phpfpm": {
            "binary": FPM, "args": L.fpm_args, "conf": L.fpm_conf, "pool_conf": L.fpm_pool,
            "pool": "gslab", "pid_file": L.fpm_pid, "error_log": L.fpm_log, "socket": L.socket,
            "status_url": base + "/fpm-status", "ping_url": base + "/fpm-ping",
        },
        "app": dict({"port": ports["app"], "url": "http://%s:%d/" % (LOOPBACK, ports["app"]),
                     "mode_file": L.app_mode_file, "log": L.app_log, "slow_seconds": APP_SLOW},
                    **({"service": L.app_service["name"], "init_script": L.app_service["script"],
                        "pid_file": L.app_service["pid_file"]} if L.app_service else {})),
    }
