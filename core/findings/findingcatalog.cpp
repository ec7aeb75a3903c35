#include "findings/findingcatalog.h"

namespace gs::findings {

namespace {

using S = Finding::Severity;

struct Raw
{
    const char *id;
    S severity;
    const char *title;
    const char *explanation;
    const char *remedy[5];
};

// Texts are for an admin who is not an nginx expert: say what breaks, why, and what to type.
const Raw kRaw[] = {
        // nginx itself
        {"nginx.not_installed",
         S::Critical,
         "nginx is not installed",
         "No nginx binary was found on this server, so nothing here can answer web requests or "
         "produce the 502/504 you are chasing. The requests may be served by another machine.",
         {"Check that this is the right server (the one in DNS or behind the load balancer).",
          "Install nginx: `apt install nginx` (Debian/Ubuntu) or `dnf install nginx` (RHEL).",
          nullptr}},
        {"nginx.not_running",
         S::Critical,
         "nginx is not running",
         "nginx is installed but no nginx master process runs, so clients cannot connect at all.",
         {"Run `nginx -t` and fix any error it reports.",
          "Start it: `systemctl start nginx` and check `systemctl status nginx` and "
          "`journalctl -u nginx -n 50`.",
          nullptr}},
        {"nginx.config_invalid",
         S::Critical,
         "The nginx configuration does not pass `nginx -t`",
         "nginx refuses this configuration. A running nginx keeps serving the previous one, but "
         "the next reload or restart will fail, and a restart leaves the site down.",
         {"Open the file and line named in the error and fix that directive.",
          "Run `nginx -t` until it prints \"test is successful\", then `systemctl reload nginx`.",
          nullptr}},
        {"nginx.config_warning",
         S::Warning,
         "nginx accepts the configuration with warnings",
         "`nginx -t` passes but warns, for example about two servers with the same server_name on "
         "the same port: one of them is ignored and its requests go to the other.",
         {"Read each [warn] line and fix the directive it names (remove duplicate server_name "
          "entries, merge duplicate server blocks).",
          nullptr}},
        {"nginx.upstream_host_not_found",
         S::Critical,
         "A host name in the nginx configuration cannot be resolved",
         "nginx resolves the names in `proxy_pass` and `upstream { server ...; }` when it starts "
         "or "
         "reloads. One of them does not resolve, so nginx refuses the configuration and cannot be "
         "started or reloaded.",
         {"Fix the name, or add it to DNS or /etc/hosts on this server.",
          "To resolve at request time instead, set `resolver 127.0.0.53 valid=30s;` and use a "
          "variable: `set $backend http://NAME:PORT; proxy_pass $backend;`.",
          nullptr}},
        {"nginx.not_listening",
         S::Critical,
         "nginx does not listen where it is configured to",
         "A `listen` address in the configuration is not bound by nginx, so clients connecting "
         "there are refused. Usually a reload failed silently or another program holds the port.",
         {"Run `nginx -t`; if it passes, restart nginx: `systemctl restart nginx`.",
          "Check who holds the port: `ss -ltnp 'sport = :PORT'`.",
          nullptr}},
        {"nginx.port_conflict",
         S::Critical,
         "Another program holds a port nginx needs",
         "nginx could not bind its listening address (98: Address already in use): another "
         "process, often a second nginx or Apache, already listens there. nginx does not start.",
         {"Find the holder: `ss -ltnp 'sport = :PORT'`.",
          "Stop or reconfigure that program (e.g. `systemctl disable --now apache2`), then "
          "`systemctl start nginx`.",
          nullptr}},
        {"nginx.worker_connections_exhausted",
         S::Warning,
         "nginx runs out of connection slots",
         "Each nginx worker handles at most `worker_connections` connections, counting both the "
         "client and the upstream side. When they are used up nginx drops or reuses connections "
         "and clients see errors.",
         {"Raise `worker_connections` in the `events {}` block, e.g. `worker_connections 4096;`.",
          "Raise the open-files limit to match: `worker_rlimit_nofile 8192;`.",
          "Find why connections pile up: slow upstreams keep them busy.",
          nullptr}},
        {"nginx.too_many_open_files",
         S::Warning,
         "nginx hits its open-files limit",
         "nginx could not open a socket or file (24: Too many open files). Every connection uses "
         "one or two file descriptors, so the limit caps concurrent requests.",
         {"Set `worker_rlimit_nofile 65535;` in the main context of nginx.conf.",
          "With systemd: `systemctl edit nginx`, add `[Service]` `LimitNOFILE=65535`, then "
          "`systemctl restart nginx`.",
          nullptr}},
        // The hop from nginx to its upstream
        {"upstream.connection_refused",
         S::Critical,
         "The upstream refuses connections",
         "nginx tries to connect to the application (the address in proxy_pass/fastcgi_pass) and "
         "nothing listens there, so every such request gets 502 Bad Gateway. The application is "
         "down, listens on another port or address (for example ::1 instead of 127.0.0.1), or its "
         "unix socket file is stale.",
         {"Start or restart the application behind this address and check its logs.",
          "Make the `*_pass` address match what the application listens on (`ss -ltnpx`).",
          "For a stale PHP-FPM socket: `systemctl restart php8.2-fpm` (RHEL: php-fpm).",
          nullptr}},
        {"upstream.address_mismatch",
         S::Critical,
         "nginx sends requests to an address the application does not listen on",
         "Nothing listens on the address nginx is configured to use, but the application does "
         "listen on a similar one (another port, ::1 instead of 127.0.0.1, another socket path). "
         "Every request through this upstream fails with 502.",
         {"Change the `proxy_pass`/`fastcgi_pass` (or the upstream `server`) to the address the "
          "application really listens on, then `nginx -t && systemctl reload nginx`.",
          "Or change the application's listen setting to the address nginx uses.",
          nullptr}},
        {"upstream.socket_missing",
         S::Critical,
         "The upstream's unix socket does not exist",
         "nginx connects to a unix socket file that is not there (2: No such file or directory). "
         "PHP-FPM is not running, or it creates its socket under another path (often another PHP "
         "version, e.g. php8.1-fpm.sock vs php8.2-fpm.sock), or it runs in a container or with "
         "PrivateTmp so nginx cannot see the file.",
         {"Start PHP-FPM: `systemctl start php8.2-fpm` and check `ls -l /run/php/`.",
          "Make `fastcgi_pass unix:PATH;` and the pool's `listen = PATH` name the same file.",
          "Do not put sockets under /tmp when either service uses PrivateTmp.",
          nullptr}},
        {"upstream.socket_permission_denied",
         S::Critical,
         "nginx may not connect to the upstream's unix socket",
         "The socket exists but nginx's worker user is not allowed to use it (13: Permission "
         "denied): the socket's owner, group or mode shut it out, a parent directory is not "
         "searchable, or SELinux denies it.",
         {"In the FPM pool set `listen.owner = www-data`, `listen.group = www-data` (the user in "
          "nginx's `user` directive) and `listen.mode = 0660`, then restart PHP-FPM.",
          "Check each directory on the path is searchable: `namei -l /run/php/php8.2-fpm.sock`.",
          "On SELinux systems check `ausearch -m avc -c nginx`.",
          nullptr}},
        {"upstream.timeout",
         S::Warning,
         "The upstream answers too slowly (504)",
         "nginx gave up waiting for the application after its timeout and answered 504 Gateway "
         "Timeout. While connecting it means packets are dropped (firewall, dead host); while "
         "reading the response header it means the application is slow.",
         {"Find the slow work: application logs, PHP-FPM slowlog, database slow query log.",
          "If long requests are expected, raise the timeout for that location only, e.g. "
          "`proxy_read_timeout 120s;` or `fastcgi_read_timeout 120s;` (default 60s).",
          "For connect timeouts check firewalls and that the upstream host is up.",
          nullptr}},
        {"upstream.prematurely_closed",
         S::Critical,
         "The upstream closed the connection without answering",
         "The application accepted the request but closed the connection before sending a "
         "complete response. Usually its worker died: killed by the kernel's OOM killer, crashed "
         "(segfault), or stopped by its own timeout (PHP-FPM request_terminate_timeout).",
         {"Look for `exited on signal` in the PHP-FPM log and for OOM kills: `journalctl -k | grep "
          "-i oom`.",
          "Make the application's own timeout longer than nginx's read timeout, or shorter with a "
          "proper error page.",
          nullptr}},
        {"upstream.connection_reset",
         S::Critical,
         "The upstream reset the connection",
         "The application's side of the connection was torn down abruptly (104: Connection reset "
         "by peer or 32: Broken pipe): the process crashed or was killed mid-request, or it "
         "refused a request body.",
         {"Check the application's logs and crash reports at the times shown.",
          "Check for OOM kills: `journalctl -k | grep -i oom`.",
          "For uploads, compare the application's body size limit with `client_max_body_size`.",
          nullptr}},
        {"upstream.header_too_big",
         S::Critical,
         "The upstream's response headers do not fit nginx's buffer",
         "The application sent response headers (often large cookies or a long "
         "Content-Security-Policy) bigger than nginx's header buffer, so nginx rejects the "
         "response with 502.",
         {"Raise the buffer in the location: `proxy_buffer_size 16k; proxy_buffers 8 16k; "
          "proxy_busy_buffers_size 32k;`",
          "For PHP: `fastcgi_buffer_size 32k; fastcgi_buffers 16 16k;`",
          "Or make the application send smaller headers (fewer/smaller cookies).",
          nullptr}},
        {"upstream.invalid_header",
         S::Critical,
         "The upstream sent a malformed response",
         "nginx could not understand the application's response headers (invalid header line, "
         "duplicate header, Content-Length together with Transfer-Encoding) and answered 502.",
         {"Fix the application or framework so it sends valid HTTP headers; test it directly "
          "with `curl -v http://UPSTREAM/`.",
          nullptr}},
        {"upstream.protocol_mismatch",
         S::Critical,
         "nginx and the upstream speak different protocols",
         "nginx talks one protocol and the application another: FastCGI to an HTTP server "
         "(\"unsupported FastCGI protocol version: 72\"), HTTP to a FastCGI server or to TLS "
         "(\"no valid HTTP/1.0 header\"), or TLS to a plain port (\"wrong version number\").",
         {"Use `proxy_pass http://...` for HTTP applications and `fastcgi_pass` only for PHP-FPM "
          "and other FastCGI servers.",
          "Use `https://` in proxy_pass only when the upstream port speaks TLS.",
          nullptr}},
        {"upstream.ssl_handshake_failed",
         S::Critical,
         "The TLS handshake with the upstream fails",
         "nginx connects to the upstream over TLS and the handshake fails: the certificate is "
         "not trusted or does not match the name, the upstream needs SNI, or protocol versions "
         "do not overlap.",
         {"Send the name: `proxy_ssl_server_name on; proxy_ssl_name UPSTREAM_HOST;`",
          "When verifying, trust the right CA: `proxy_ssl_trusted_certificate /path/ca.pem;`",
          "Test by hand: `openssl s_client -connect HOST:PORT -servername NAME`.",
          nullptr}},
        {"upstream.no_live_upstreams",
         S::Critical,
         "Every server of the upstream group is marked down",
         "After errors (max_fails within fail_timeout) nginx stops sending to a server for a "
         "while. All servers of the group are in that state, so nginx answers 502 without even "
         "trying. The real cause is the error logged just before for each server.",
         {"Fix the errors logged for the group's servers (see the other findings).",
          "Add a `backup` server, or tune `max_fails`/`fail_timeout` on the `server` lines.",
          nullptr}},
        {"upstream.dns_failure",
         S::Critical,
         "nginx cannot resolve the upstream's name",
         "The upstream is given by a name that nginx resolves while serving (proxy_pass with a "
         "variable), and the lookup fails or no `resolver` is configured.",
         {"Add `resolver 127.0.0.53 valid=30s;` (or your DNS server) to the http or server "
          "block.",
          "Check the name resolves from the server: `getent hosts NAME`.",
          nullptr}},
        {"upstream.unreachable",
         S::Critical,
         "The upstream host cannot be reached",
         "The network cannot deliver nginx's connection to the upstream (113: No route to host, "
         "101: Network is unreachable): the host is down, a firewall rejects the traffic, or a "
         "route is missing.",
         {"Check the host is up and reachable from this server: `ping HOST`, `ip route get "
          "HOST`.",
          "Check firewalls on both sides for the upstream port.",
          nullptr}},
        {"upstream.backlog_full",
         S::Critical,
         "The upstream's listen queue is full",
         "nginx could not even queue its connection on the unix socket (11: Resource temporarily "
         "unavailable): all PHP-FPM children are busy and the socket's backlog is full.",
         {"Raise `pm.max_children` in the pool (check free memory first) and `listen.backlog`.",
          "Raise the kernel cap if needed: `sysctl -w net.core.somaxconn=4096`.",
          "Find what keeps the children busy: the FPM slowlog and status page.",
          nullptr}},
        {"upstream.ephemeral_ports_exhausted",
         S::Critical,
         "No local ports are left for upstream connections",
         "Each new connection from nginx to an upstream needs a local port. nginx opens a new "
         "connection per request and the closed ones wait in TIME_WAIT, so the port range runs "
         "out (99: Cannot assign requested address).",
         {"Reuse connections: in the upstream block `keepalive 32;`, and in the location "
          "`proxy_http_version 1.1; proxy_set_header Connection \"\";`",
          "Widen the range: `sysctl -w net.ipv4.ip_local_port_range=\"10240 65535\"`.",
          nullptr}},
        {"upstream.firewall_blocked",
         S::Warning,
         "A firewall blocks traffic to an upstream",
         "A firewall rule on this server drops or rejects traffic to an upstream address, so "
         "nginx's connections time out or fail.",
         {"Review the rule (`nft list ruleset` or `iptables -S`) and allow nginx to reach the "
          "upstream port.",
          nullptr}},
        {"upstream.keepalive_missing",
         S::Info,
         "Upstream connections are not reused",
         "nginx opens a fresh connection to the upstream for every request. Under load this "
         "costs latency and local ports.",
         {"Add `keepalive 32;` to the upstream block and, in the location, "
          "`proxy_http_version 1.1; proxy_set_header Connection \"\";`",
          nullptr}},
        // PHP-FPM
        {"phpfpm.not_running",
         S::Critical,
         "PHP-FPM is not running",
         "A PHP-FPM pool is configured or referenced by nginx's fastcgi_pass, but no PHP-FPM "
         "master process runs, so every PHP request fails with 502.",
         {"Run `php-fpm8.2 -t` and fix errors, then `systemctl start php8.2-fpm` (RHEL: "
          "php-fpm).",
          "Check `journalctl -u php8.2-fpm -n 50` for why it stopped.",
          nullptr}},
        {"phpfpm.config_invalid",
         S::Critical,
         "The PHP-FPM configuration is invalid",
         "`php-fpm -t` rejects the configuration. PHP-FPM will not start, and a reload can take "
         "every pool down.",
         {"Fix the setting named in the error (file and line are shown), then run `php-fpm8.2 -t` "
          "again before restarting.",
          nullptr}},
        {"phpfpm.listen_mismatch",
         S::Critical,
         "nginx passes PHP to a socket no pool listens on",
         "nginx's fastcgi_pass names an address or socket that no PHP-FPM pool's `listen` uses, "
         "so PHP requests fail with 502.",
         {"Make `fastcgi_pass` equal to the pool's `listen` (e.g. both "
          "`/run/php/php8.2-fpm.sock`), then reload nginx.",
          nullptr}},
        {"phpfpm.socket_permissions",
         S::Critical,
         "The PHP-FPM socket shuts out nginx",
         "The pool's socket owner, group or mode do not let nginx's worker user connect, so PHP "
         "requests fail with 502 (13: Permission denied).",
         {"In the pool: `listen.owner = www-data`, `listen.group = www-data`, `listen.mode = "
          "0660` (use nginx's worker user), then `systemctl restart php8.2-fpm` (a reload does not "
          "change the socket).",
          nullptr}},
        {"phpfpm.max_children_reached",
         S::Warning,
         "PHP-FPM runs out of workers",
         "All PHP workers of the pool were busy (pm.max_children reached). New requests wait in "
         "the queue and time out (504) or are refused (502) under load.",
         {"Raise `pm.max_children` if memory allows: about (free RAM) / (average worker RSS).",
          "Find slow scripts with `request_slowlog_timeout = 5s` and `slowlog = ...`.",
          nullptr}},
        {"phpfpm.worker_killed",
         S::Critical,
         "PHP workers are being killed",
         "PHP-FPM workers exited on a signal while serving: 9 (SIGKILL) usually means the kernel "
         "killed them for lack of memory, 11 (SIGSEGV) a crash in PHP or an extension, 15 "
         "(SIGTERM) the request_terminate_timeout. The request they served got a 502.",
         {"For signal 9 check OOM kills: `journalctl -k | grep -i oom`; lower pm.max_children or "
          "memory_limit, or add RAM.",
          "For signal 11 check recently changed extensions (disable them one by one).",
          "For signal 15 see the request timeout finding.",
          nullptr}},
        {"phpfpm.request_timeout",
         S::Warning,
         "PHP requests are stopped by request_terminate_timeout",
         "PHP-FPM killed a worker whose script ran longer than `request_terminate_timeout`. The "
         "client gets a 502 instead of a normal answer.",
         {"Find why the script is slow (slowlog shows the stack).",
          "If it must run long, raise `request_terminate_timeout` and nginx's "
          "`fastcgi_read_timeout` together.",
          nullptr}},
        {"phpfpm.slow_requests",
         S::Info,
         "Some PHP requests are slow",
         "PHP-FPM logged requests that ran longer than `request_slowlog_timeout`; the slowlog "
         "shows where they spent the time.",
         {"Read the slowlog entries (script and stack) and optimise the slow calls (database, "
          "external HTTP, sleep).",
          nullptr}},
        {"phpfpm.timeout_misaligned",
         S::Warning,
         "PHP-FPM and nginx timeouts do not match",
         "PHP-FPM's request_terminate_timeout is shorter than nginx's fastcgi_read_timeout, so "
         "slow requests end in 502 instead of 504; or it is much longer, so workers stay busy "
         "after nginx already gave up.",
         {"Set `request_terminate_timeout` slightly above `fastcgi_read_timeout` (e.g. 65s vs "
          "60s), and PHP's max_execution_time below both.",
          nullptr}},
        {"phpfpm.script_not_found",
         S::Warning,
         "PHP-FPM cannot find the script nginx asks for",
         "PHP-FPM answered \"Primary script unknown\": the SCRIPT_FILENAME nginx sends does not "
         "exist for PHP-FPM. Often a wrong `root`, a missing `fastcgi_param SCRIPT_FILENAME`, or "
         "PHP-FPM running in a chroot or container that sees other paths.",
         {"Use `fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;` and check "
          "`root`.",
          "Add `try_files $uri =404;` in the PHP location so missing files stop at nginx.",
          nullptr}},
        // The host
        {"system.oom_kill",
         S::Critical,
         "The kernel killed processes for lack of memory",
         "The server ran out of memory and the kernel's OOM killer ended processes, often PHP "
         "workers or the application, which turns their requests into 502s.",
         {"See what was killed: `journalctl -k | grep -i 'killed process'`.",
          "Lower pm.max_children / worker counts, fix memory leaks, or add RAM or swap.",
          nullptr}},
        {"system.memory_pressure",
         S::Warning,
         "Memory is running low",
         "Little memory is available or swap is heavily used; processes slow down and the OOM "
         "killer may strike next.",
         {"Check the biggest consumers: `ps aux --sort=-rss | head`.",
          "Reduce worker counts or add memory.",
          nullptr}},
        {"system.disk_full",
         S::Warning,
         "A filesystem is nearly full",
         "A filesystem holding logs, sockets, temporary files or configuration is nearly full. "
         "When it is full nginx cannot buffer request bodies or write logs, and services fail.",
         {"Find what is big: `du -xh / --max-depth=2 | sort -h | tail`.",
          "Rotate or delete old logs (`journalctl --vacuum-size=200M`, logrotate).",
          nullptr}},
        {"system.load_high",
         S::Warning,
         "The server is overloaded",
         "The load average is well above the number of CPU cores: work queues up and every "
         "request gets slower, which leads to timeouts.",
         {"Find the busy processes: `top` or `ps aux --sort=-%cpu | head`.",
          "Reduce concurrency or add CPU.",
          nullptr}},
        {"system.fd_limit",
         S::Warning,
         "A service is close to its open-files limit",
         "nginx or PHP-FPM uses most of the file descriptors it is allowed; at the limit new "
         "connections fail (24: Too many open files).",
         {"Raise the limit: `systemctl edit nginx` (or php8.2-fpm), add `[Service]` "
          "`LimitNOFILE=65535`, restart the service.",
          nullptr}},
        {"system.selinux_denied",
         S::Critical,
         "SELinux blocks nginx",
         "SELinux denied nginx a connection (to a TCP port or a unix socket). On RHEL-like "
         "systems nginx may not connect to network upstreams until that is allowed.",
         {"Allow upstream connections: `setsebool -P httpd_can_network_connect 1`.",
          "Inspect denials: `ausearch -m avc -c nginx --start recent`.",
          nullptr}},
        // The application behind the upstream
        {"app.service_down",
         S::Critical,
         "The application behind the upstream is down",
         "The service that should listen on the upstream address is stopped or failed, so nginx "
         "has nothing to pass requests to.",
         {"Start it: `systemctl start SERVICE`, and read `journalctl -u SERVICE -n 100` to see "
          "why it stopped.",
          nullptr}},
        {"app.crash_loop",
         S::Critical,
         "The application keeps restarting",
         "The service behind the upstream restarted repeatedly in the window; every restart "
         "drops the requests in flight and refuses new ones until it is up again.",
         {"Read `journalctl -u SERVICE` around the restarts for the crash reason.", nullptr}},
        // Traffic
        {"traffic.error_rate_high",
         S::Warning,
         "Many requests fail with 5xx",
         "A high share of the requests in the window ended with a server error (500-599). The "
         "other findings name the likely causes.",
         {"Look at the series to see when it started, and at the findings above for the cause.",
          nullptr}},
        {"traffic.site_failing",
         S::Critical,
         "A site answers with a server error",
         "A site this nginx serves answered 5xx (or nothing) when fetched from the server itself, "
         "and no check found a more specific cause that is happening now.",
         {"Open the site's error log at the time of the probe: `tail -n 50` of the `error_log` "
          "in its server block.",
          "Grant what the diagnosis could not check (listed under coverage) and run it again: "
          "the cause is most likely there.",
          nullptr}},
};

// Cause -> symptom, as nginx, PHP-FPM and the kernel produce them (docs/nginx-502-reference.md).
const char *const kLinks[][2] = {
        {"nginx.port_conflict", "nginx.not_running"},
        {"nginx.port_conflict", "nginx.not_listening"},
        {"nginx.config_invalid", "nginx.not_running"},
        {"nginx.upstream_host_not_found", "nginx.not_running"},
        {"phpfpm.config_invalid", "phpfpm.not_running"},
        {"phpfpm.not_running", "upstream.socket_missing"},
        {"phpfpm.not_running", "upstream.connection_refused"},
        {"phpfpm.listen_mismatch", "upstream.socket_missing"},
        {"phpfpm.listen_mismatch", "upstream.connection_refused"},
        {"phpfpm.socket_permissions", "upstream.socket_permission_denied"},
        {"phpfpm.request_timeout", "upstream.connection_reset"},
        {"phpfpm.request_timeout", "upstream.prematurely_closed"},
        {"phpfpm.worker_killed", "upstream.prematurely_closed"},
        {"phpfpm.worker_killed", "upstream.connection_reset"},
        {"phpfpm.max_children_reached", "upstream.timeout"},
        {"phpfpm.max_children_reached", "upstream.backlog_full"},
        {"system.oom_kill", "phpfpm.worker_killed"},
        {"system.oom_kill", "app.crash_loop"},
        {"app.crash_loop", "app.service_down"},
        {"app.service_down", "upstream.connection_refused"},
        {"app.crash_loop", "upstream.prematurely_closed"},
        {"upstream.address_mismatch", "upstream.connection_refused"},
        {"upstream.address_mismatch", "upstream.socket_missing"},
        {"upstream.protocol_mismatch", "upstream.connection_reset"},
        {"upstream.protocol_mismatch", "upstream.invalid_header"},
        {"upstream.protocol_mismatch", "upstream.prematurely_closed"},
        {"system.selinux_denied", "upstream.socket_permission_denied"},
};

QList<FindingCatalog::Entry> buildEntries()
{
    QList<FindingCatalog::Entry> out;
    for (const Raw &r : kRaw) {
        FindingCatalog::Entry e{QString::fromUtf8(r.id),
                                r.severity,
                                QString::fromUtf8(r.title),
                                QString::fromUtf8(r.explanation),
                                {}};
        for (const char *step : r.remedy) {
            if (step)
                e.remedy.append(QString::fromUtf8(step));
        }
        out.append(e);
    }
    return out;
}

} // namespace

const QList<FindingCatalog::Entry> &FindingCatalog::entries()
{
    static const QList<Entry> all = buildEntries();
    return all;
}

const FindingCatalog::Entry *FindingCatalog::find(QAnyStringView id)
{
    for (const Entry &e : entries()) {
        if (QAnyStringView::equal(e.id, id))
            return &e;
    }
    return nullptr;
}

const QList<FindingCatalog::Link> &FindingCatalog::links()
{
    static const QList<Link> all = [] {
        QList<Link> out;
        for (const auto &link : kLinks)
            out.append({QString::fromLatin1(link[0]), QString::fromLatin1(link[1])});
        return out;
    }();
    return all;
}

bool FindingCatalog::causes(const QString &cause, const QString &symptom)
{
    // Breadth-first over a small acyclic table.
    QStringList frontier{cause};
    for (int depth = 0; depth < 8 && !frontier.isEmpty(); ++depth) {
        QStringList next;
        for (const Link &link : links()) {
            if (!frontier.contains(link.cause))
                continue;
            if (link.symptom == symptom)
                return true;
            next << link.symptom;
        }
        frontier = next;
    }
    return false;
}

QStringList FindingCatalog::ids()
{
    QStringList out;
    for (const Entry &e : entries())
        out.append(e.id);
    return out;
}

Finding FindingCatalog::make(const QString &id)
{
    Finding f;
    f.id = id;
    if (const Entry *e = find(id)) {
        f.severity = e->severity;
        f.title = e->title;
        f.explanation = e->explanation;
        f.remedy = e->remedy;
    } else {
        f.severity = Finding::Severity::Warning;
        f.title = id;
    }
    return f;
}

} // namespace gs::findings
