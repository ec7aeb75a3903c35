#include "findings/findingcatalog.h"

#include <initializer_list>
#include <iterator>

namespace gs::findings {

namespace {

using S = Finding::Severity;

// One entry as written below; buildEntries() turns it into the public Entry.
struct Raw
{
    FindingId id;
    const char *name;
    S severity;
    int rank = FindingCatalog::kUnranked;
    bool context = false;
    bool startupRace = false;
    bool settledByConnect = false;
    // Cause -> symptom, as nginx, PHP-FPM and the kernel produce them
    // (docs/nginx-502-reference.md).
    std::initializer_list<FindingId> symptoms = {};
    const char *title;
    const char *explanation;
    const char *remedy[5];
};

// Texts are for an admin who is not an nginx expert: say what breaks, why, and what to type.
const Raw kRaw[] = {
        // nginx itself
        {.id = FindingId::NginxNotInstalled,
         .name = "nginx.not_installed",
         .severity = S::Critical,
         .rank = 10,
         .title = "nginx is not installed",
         .explanation
         = "No nginx binary was found on this server, so nothing here can answer web requests or "
           "produce the 502/504 you are chasing. The requests may be served by another machine.",
         .remedy
         = {"Check that this is the right server (the one in DNS or behind the load balancer).",
            "Install nginx: `apt install nginx` (Debian/Ubuntu) or `dnf install nginx` (RHEL).",
            nullptr}},
        {.id = FindingId::NginxNotRunning,
         .name = "nginx.not_running",
         .severity = S::Critical,
         .rank = 20,
         .startupRace = true,
         .title = "nginx is not running",
         .explanation
         = "nginx is installed but no nginx master process runs, so clients cannot connect at all.",
         .remedy = {"Run `nginx -t` and fix any error it reports.",
                    "Start it: `systemctl start nginx` and check `systemctl status nginx` and "
                    "`journalctl -u nginx -n 50`.",
                    nullptr}},
        {.id = FindingId::NginxConfigInvalid,
         .name = "nginx.config_invalid",
         .severity = S::Critical,
         .rank = 30,
         .symptoms = {FindingId::NginxNotRunning},
         .title = "The nginx configuration does not pass `nginx -t`",
         .explanation
         = "nginx refuses this configuration. A running nginx keeps serving the previous one, but "
           "the next reload or restart will fail, and a restart leaves the site down.",
         .remedy
         = {"Open the file and line named in the error and fix that directive.",
            "Run `nginx -t` until it prints \"test is successful\", then `systemctl reload nginx`.",
            nullptr}},
        {.id = FindingId::NginxConfigWarning,
         .name = "nginx.config_warning",
         .severity = S::Warning,
         .context = true,
         .title = "nginx accepts the configuration with warnings",
         .explanation = "`nginx -t` passes but warns, for example about two servers with the same "
                        "server_name on "
                        "the same port: one of them is ignored and its requests go to the other.",
         .remedy
         = {"Read each [warn] line and fix the directive it names (remove duplicate server_name "
            "entries, merge duplicate server blocks).",
            nullptr}},
        {.id = FindingId::NginxUpstreamHostNotFound,
         .name = "nginx.upstream_host_not_found",
         .severity = S::Critical,
         .rank = 40,
         .symptoms = {FindingId::NginxNotRunning},
         .title = "A host name in the nginx configuration cannot be resolved",
         .explanation
         = "nginx resolves the names in `proxy_pass` and `upstream { server ...; }` when it starts "
           "or "
           "reloads. One of them does not resolve, so nginx refuses the configuration and cannot "
           "be "
           "started or reloaded.",
         .remedy
         = {"Fix the name, or add it to DNS or /etc/hosts on this server.",
            "To resolve at request time instead, set `resolver 127.0.0.53 valid=30s;` and use a "
            "variable: `set $backend http://NAME:PORT; proxy_pass $backend;`.",
            nullptr}},
        {.id = FindingId::NginxNotListening,
         .name = "nginx.not_listening",
         .severity = S::Critical,
         .rank = 60,
         .startupRace = true,
         .title = "nginx does not listen where it is configured to",
         .explanation
         = "A `listen` address in the configuration is not bound by nginx, so clients connecting "
           "there are refused. Usually a reload failed silently or another program holds the port.",
         .remedy = {"Run `nginx -t`; if it passes, restart nginx: `systemctl restart nginx`.",
                    "Check who holds the port: `ss -ltnp 'sport = :PORT'`.",
                    nullptr}},
        {.id = FindingId::NginxPortConflict,
         .name = "nginx.port_conflict",
         .severity = S::Critical,
         .rank = 50,
         .symptoms = {FindingId::NginxNotRunning, FindingId::NginxNotListening},
         .title = "Another program holds a port nginx needs",
         .explanation
         = "nginx could not bind its listening address (98: Address already in use): another "
           "process, often a second nginx or Apache, already listens there. nginx does not start.",
         .remedy
         = {"Find the holder: `ss -ltnp 'sport = :PORT'`.",
            "Stop or reconfigure that program (e.g. `systemctl disable --now apache2`), then "
            "`systemctl start nginx`.",
            nullptr}},
        {.id = FindingId::NginxWorkerConnectionsExhausted,
         .name = "nginx.worker_connections_exhausted",
         .severity = S::Warning,
         .title = "nginx runs out of connection slots",
         .explanation
         = "Each nginx worker handles at most `worker_connections` connections, counting both the "
           "client and the upstream side. When they are used up nginx drops or reuses connections "
           "and clients see errors.",
         .remedy
         = {"Raise `worker_connections` in the `events {}` block, e.g. `worker_connections 4096;`.",
            "Raise the open-files limit to match: `worker_rlimit_nofile 8192;`.",
            "Find why connections pile up: slow upstreams keep them busy.",
            nullptr}},
        {.id = FindingId::NginxTooManyOpenFiles,
         .name = "nginx.too_many_open_files",
         .severity = S::Warning,
         .title = "nginx hits its open-files limit",
         .explanation
         = "nginx could not open a socket or file (24: Too many open files). Every connection uses "
           "one or two file descriptors, so the limit caps concurrent requests.",
         .remedy
         = {"Set `worker_rlimit_nofile 65535;` in the main context of nginx.conf.",
            "With systemd: `systemctl edit nginx`, add `[Service]` `LimitNOFILE=65535`, then "
            "`systemctl restart nginx`.",
            nullptr}},
        // The hop from nginx to its upstream
        {.id = FindingId::UpstreamConnectionRefused,
         .name = "upstream.connection_refused",
         .severity = S::Critical,
         .rank = 200,
         .startupRace = true,
         .settledByConnect = true,
         .symptoms = {FindingId::TrafficErrorRateHigh},
         .title = "The upstream refuses connections",
         .explanation
         = "nginx tries to connect to the application (the address in proxy_pass/fastcgi_pass) and "
           "nothing listens there, so every such request gets 502 Bad Gateway. The application is "
           "down, listens on another port or address (for example ::1 instead of 127.0.0.1), or "
           "its "
           "unix socket file is stale.",
         .remedy
         = {"Start or restart the application behind this address and check its logs.",
            "Make the `*_pass` address match what the application listens on (`ss -ltnpx`).",
            "For a stale PHP-FPM socket: `systemctl restart php8.2-fpm` (RHEL: php-fpm).",
            nullptr}},
        {.id = FindingId::UpstreamAddressMismatch,
         .name = "upstream.address_mismatch",
         .severity = S::Critical,
         .rank = 140,
         .settledByConnect = true,
         .symptoms = {FindingId::UpstreamConnectionRefused, FindingId::UpstreamSocketMissing},
         .title = "nginx sends requests to an address the application does not listen on",
         .explanation
         = "Nothing listens on the address nginx is configured to use, but the application does "
           "listen on a similar one (another port, ::1 instead of 127.0.0.1, another socket path). "
           "Every request through this upstream fails with 502.",
         .remedy
         = {"Change the `proxy_pass`/`fastcgi_pass` (or the upstream `server`) to the address the "
            "application really listens on, then `nginx -t && systemctl reload nginx`.",
            "Or change the application's listen setting to the address nginx uses.",
            nullptr}},
        {.id = FindingId::UpstreamSocketMissing,
         .name = "upstream.socket_missing",
         .severity = S::Critical,
         .rank = 170,
         .startupRace = true,
         .settledByConnect = true,
         .symptoms = {FindingId::TrafficErrorRateHigh},
         .title = "The upstream's unix socket does not exist",
         .explanation
         = "nginx connects to a unix socket file that is not there (2: No such file or directory). "
           "PHP-FPM is not running, or it creates its socket under another path (often another PHP "
           "version, e.g. php8.1-fpm.sock vs php8.2-fpm.sock), or it runs in a container or with "
           "PrivateTmp so nginx cannot see the file.",
         .remedy
         = {"Start PHP-FPM: `systemctl start php8.2-fpm` and check `ls -l /run/php/`.",
            "Make `fastcgi_pass unix:PATH;` and the pool's `listen = PATH` name the same file.",
            "Do not put sockets under /tmp when either service uses PrivateTmp.",
            nullptr}},
        {.id = FindingId::UpstreamSocketPermissionDenied,
         .name = "upstream.socket_permission_denied",
         .severity = S::Critical,
         .rank = 160,
         .symptoms = {FindingId::TrafficErrorRateHigh},
         .title = "nginx may not connect to the upstream's unix socket",
         .explanation
         = "The socket exists but nginx's worker user is not allowed to use it (13: Permission "
           "denied): the socket's owner, group or mode shut it out, a parent directory is not "
           "searchable, or SELinux denies it.",
         .remedy
         = {"In the FPM pool set `listen.owner = www-data`, `listen.group = www-data` (the user in "
            "nginx's `user` directive) and `listen.mode = 0660`, then restart PHP-FPM.",
            "Check each directory on the path is searchable: `namei -l /run/php/php8.2-fpm.sock`.",
            "On SELinux systems check `ausearch -m avc -c nginx`.",
            nullptr}},
        {.id = FindingId::UpstreamTimeout,
         .name = "upstream.timeout",
         .severity = S::Warning,
         .rank = 350,
         .symptoms = {FindingId::TrafficErrorRateHigh},
         .title = "The upstream answers too slowly (504)",
         .explanation
         = "nginx gave up waiting for the application after its timeout and answered 504 Gateway "
           "Timeout. While connecting it means packets are dropped (firewall, dead host); while "
           "reading the response header it means the application is slow.",
         .remedy
         = {"Find the slow work: application logs, PHP-FPM slowlog, database slow query log.",
            "If long requests are expected, raise the timeout for that location only, e.g. "
            "`proxy_read_timeout 120s;` or `fastcgi_read_timeout 120s;` (default 60s).",
            "For connect timeouts check firewalls and that the upstream host is up.",
            nullptr}},
        {.id = FindingId::UpstreamPrematurelyClosed,
         .name = "upstream.prematurely_closed",
         .severity = S::Critical,
         .rank = 310,
         .symptoms = {FindingId::TrafficErrorRateHigh},
         .title = "The upstream closed the connection without answering",
         .explanation
         = "The application accepted the request but closed the connection before sending a "
           "complete response. Usually its worker died: killed by the kernel's OOM killer, crashed "
           "(segfault), or stopped by its own timeout (PHP-FPM request_terminate_timeout).",
         .remedy = {"Look for `exited on signal` in the PHP-FPM log and for OOM kills: `journalctl "
                    "-k | grep "
                    "-i oom`.",
                    "Make the application's own timeout longer than nginx's read timeout, or "
                    "shorter with a "
                    "proper error page.",
                    nullptr}},
        {.id = FindingId::UpstreamConnectionReset,
         .name = "upstream.connection_reset",
         .severity = S::Critical,
         .rank = 300,
         .symptoms = {FindingId::TrafficErrorRateHigh},
         .title = "The upstream reset the connection",
         .explanation
         = "The application's side of the connection was torn down abruptly (104: Connection reset "
           "by peer or 32: Broken pipe): the process crashed or was killed mid-request, or it "
           "refused a request body.",
         .remedy
         = {"Check the application's logs and crash reports at the times shown.",
            "Check for OOM kills: `journalctl -k | grep -i oom`.",
            "For uploads, compare the application's body size limit with `client_max_body_size`.",
            nullptr}},
        {.id = FindingId::UpstreamHeaderTooBig,
         .name = "upstream.header_too_big",
         .severity = S::Critical,
         .rank = 240,
         .symptoms = {FindingId::TrafficErrorRateHigh},
         .title = "The upstream's response headers do not fit nginx's buffer",
         .explanation
         = "The application sent response headers (often large cookies or a long "
           "Content-Security-Policy) bigger than nginx's header buffer, so nginx rejects the "
           "response with 502.",
         .remedy
         = {"Raise the buffer in the location: `proxy_buffer_size 16k; proxy_buffers 8 16k; "
            "proxy_busy_buffers_size 32k;`",
            "For PHP: `fastcgi_buffer_size 32k; fastcgi_buffers 16 16k;`",
            "Or make the application send smaller headers (fewer/smaller cookies).",
            nullptr}},
        {.id = FindingId::UpstreamInvalidHeader,
         .name = "upstream.invalid_header",
         .severity = S::Critical,
         .rank = 320,
         .symptoms = {FindingId::TrafficErrorRateHigh},
         .title = "The upstream sent a malformed response",
         .explanation
         = "nginx could not understand the application's response headers (invalid header line, "
           "duplicate header, Content-Length together with Transfer-Encoding) and answered 502.",
         .remedy
         = {"Fix the application or framework so it sends valid HTTP headers; test it directly "
            "with `curl -v http://UPSTREAM/`.",
            nullptr}},
        {.id = FindingId::UpstreamProtocolMismatch,
         .name = "upstream.protocol_mismatch",
         .severity = S::Critical,
         .rank = 250,
         .symptoms = {FindingId::UpstreamConnectionReset,
                      FindingId::UpstreamInvalidHeader,
                      FindingId::UpstreamPrematurelyClosed},
         .title = "nginx and the upstream speak different protocols",
         .explanation
         = "nginx talks one protocol and the application another: FastCGI to an HTTP server "
           "(\"unsupported FastCGI protocol version: 72\"), HTTP to a FastCGI server or to TLS "
           "(\"no valid HTTP/1.0 header\"), or TLS to a plain port (\"wrong version number\").",
         .remedy
         = {"Use `proxy_pass http://...` for HTTP applications and `fastcgi_pass` only for PHP-FPM "
            "and other FastCGI servers.",
            "Use `https://` in proxy_pass only when the upstream port speaks TLS.",
            nullptr}},
        {.id = FindingId::UpstreamSslHandshakeFailed,
         .name = "upstream.ssl_handshake_failed",
         .severity = S::Critical,
         .rank = 260,
         .symptoms = {FindingId::TrafficErrorRateHigh},
         .title = "The TLS handshake with the upstream fails",
         .explanation
         = "nginx connects to the upstream over TLS and the handshake fails: the certificate is "
           "not trusted or does not match the name, the upstream needs SNI, or protocol versions "
           "do not overlap.",
         .remedy
         = {"Send the name: `proxy_ssl_server_name on; proxy_ssl_name UPSTREAM_HOST;`",
            "When verifying, trust the right CA: `proxy_ssl_trusted_certificate /path/ca.pem;`",
            "Test by hand: `openssl s_client -connect HOST:PORT -servername NAME`.",
            nullptr}},
        {.id = FindingId::UpstreamNoLiveUpstreams,
         .name = "upstream.no_live_upstreams",
         .severity = S::Critical,
         .rank = 360,
         .symptoms = {FindingId::TrafficErrorRateHigh},
         .title = "Every server of the upstream group is marked down",
         .explanation
         = "After errors (max_fails within fail_timeout) nginx stops sending to a server for a "
           "while. All servers of the group are in that state, so nginx answers 502 without even "
           "trying. The real cause is the error logged just before for each server.",
         .remedy
         = {"Fix the errors logged for the group's servers (see the other findings).",
            "Add a `backup` server, or tune `max_fails`/`fail_timeout` on the `server` lines.",
            nullptr}},
        {.id = FindingId::UpstreamDnsFailure,
         .name = "upstream.dns_failure",
         .severity = S::Critical,
         .rank = 270,
         .symptoms = {FindingId::TrafficErrorRateHigh},
         .title = "nginx cannot resolve the upstream's name",
         .explanation
         = "The upstream is given by a name that nginx resolves while serving (proxy_pass with a "
           "variable), and the lookup fails or no `resolver` is configured.",
         .remedy
         = {"Add `resolver 127.0.0.53 valid=30s;` (or your DNS server) to the http or server "
            "block.",
            "Check the name resolves from the server: `getent hosts NAME`.",
            nullptr}},
        {.id = FindingId::UpstreamUnreachable,
         .name = "upstream.unreachable",
         .severity = S::Critical,
         .rank = 280,
         .settledByConnect = true,
         .symptoms = {FindingId::TrafficErrorRateHigh},
         .title = "The upstream host cannot be reached",
         .explanation
         = "The network cannot deliver nginx's connection to the upstream (113: No route to host, "
           "101: Network is unreachable): the host is down, a firewall rejects the traffic, or a "
           "route is missing.",
         .remedy
         = {"Check the host is up and reachable from this server: `ping HOST`, `ip route get "
            "HOST`.",
            "Check firewalls on both sides for the upstream port.",
            nullptr}},
        {.id = FindingId::UpstreamBacklogFull,
         .name = "upstream.backlog_full",
         .severity = S::Critical,
         .rank = 230,
         .symptoms = {FindingId::TrafficErrorRateHigh},
         .title = "The upstream's listen queue is full",
         .explanation
         = "nginx could not even queue its connection on the unix socket (11: Resource temporarily "
           "unavailable): all PHP-FPM children are busy and the socket's backlog is full.",
         .remedy
         = {"Raise `pm.max_children` in the pool (check free memory first) and `listen.backlog`.",
            "Raise the kernel cap if needed: `sysctl -w net.core.somaxconn=4096`.",
            "Find what keeps the children busy: the FPM slowlog and status page.",
            nullptr}},
        {.id = FindingId::UpstreamEphemeralPortsExhausted,
         .name = "upstream.ephemeral_ports_exhausted",
         .severity = S::Critical,
         .rank = 290,
         .symptoms = {FindingId::TrafficErrorRateHigh},
         .title = "No local ports are left for upstream connections",
         .explanation
         = "Each new connection from nginx to an upstream needs a local port. nginx opens a new "
           "connection per request and the closed ones wait in TIME_WAIT, so the port range runs "
           "out (99: Cannot assign requested address).",
         .remedy = {"Reuse connections: in the upstream block `keepalive 32;`, and in the location "
                    "`proxy_http_version 1.1; proxy_set_header Connection \"\";`",
                    "Widen the range: `sysctl -w net.ipv4.ip_local_port_range=\"10240 65535\"`.",
                    nullptr}},
        {.id = FindingId::UpstreamFirewallBlocked,
         .name = "upstream.firewall_blocked",
         .severity = S::Warning,
         .rank = 190,
         .symptoms = {FindingId::TrafficErrorRateHigh},
         .title = "A firewall blocks traffic to an upstream",
         .explanation
         = "A firewall rule on this server drops or rejects traffic to an upstream address, so "
           "nginx's connections time out or fail.",
         .remedy
         = {"Review the rule (`nft list ruleset` or `iptables -S`) and allow nginx to reach the "
            "upstream port.",
            nullptr}},
        {.id = FindingId::UpstreamKeepaliveMissing,
         .name = "upstream.keepalive_missing",
         .severity = S::Info,
         .context = true,
         .title = "Upstream connections are not reused",
         .explanation
         = "nginx opens a fresh connection to the upstream for every request. Under load this "
           "costs latency and local ports.",
         .remedy = {"Add `keepalive 32;` to the upstream block and, in the location, "
                    "`proxy_http_version 1.1; proxy_set_header Connection \"\";`",
                    nullptr}},
        // PHP-FPM
        {.id = FindingId::PhpFpmNotRunning,
         .name = "phpfpm.not_running",
         .severity = S::Critical,
         .rank = 70,
         .startupRace = true,
         .symptoms = {FindingId::UpstreamSocketMissing, FindingId::UpstreamConnectionRefused},
         .title = "PHP-FPM is not running",
         .explanation
         = "A PHP-FPM pool is configured or referenced by nginx's fastcgi_pass, but no PHP-FPM "
           "master process runs, so every PHP request fails with 502.",
         .remedy = {"Run `php-fpm8.2 -t` and fix errors, then `systemctl start php8.2-fpm` (RHEL: "
                    "php-fpm).",
                    "Check `journalctl -u php8.2-fpm -n 50` for why it stopped.",
                    nullptr}},
        {.id = FindingId::PhpFpmConfigInvalid,
         .name = "phpfpm.config_invalid",
         .severity = S::Critical,
         .rank = 80,
         .symptoms = {FindingId::PhpFpmNotRunning},
         .title = "The PHP-FPM configuration is invalid",
         .explanation
         = "`php-fpm -t` rejects the configuration. PHP-FPM will not start, and a reload can take "
           "every pool down.",
         .remedy = {"Fix the setting named in the error (file and line are shown), then run "
                    "`php-fpm8.2 -t` "
                    "again before restarting.",
                    nullptr}},
        {.id = FindingId::PhpFpmListenMismatch,
         .name = "phpfpm.listen_mismatch",
         .severity = S::Critical,
         .rank = 130,
         .symptoms = {FindingId::UpstreamSocketMissing, FindingId::UpstreamConnectionRefused},
         .title = "nginx passes PHP to a socket no pool listens on",
         .explanation
         = "nginx's fastcgi_pass names an address or socket that no PHP-FPM pool's `listen` uses, "
           "so PHP requests fail with 502.",
         .remedy = {"Make `fastcgi_pass` equal to the pool's `listen` (e.g. both "
                    "`/run/php/php8.2-fpm.sock`), then reload nginx.",
                    nullptr}},
        {.id = FindingId::PhpFpmSocketPermissions,
         .name = "phpfpm.socket_permissions",
         .severity = S::Critical,
         .rank = 150,
         .symptoms = {FindingId::UpstreamSocketPermissionDenied},
         .title = "The PHP-FPM socket shuts out nginx",
         .explanation
         = "The pool's socket owner, group or mode do not let nginx's worker user connect, so PHP "
           "requests fail with 502 (13: Permission denied).",
         .remedy
         = {"In the pool: `listen.owner = www-data`, `listen.group = www-data`, `listen.mode = "
            "0660` (use nginx's worker user), then `systemctl restart php8.2-fpm` (a reload does "
            "not "
            "change the socket).",
            nullptr}},
        {.id = FindingId::PhpFpmMaxChildrenReached,
         .name = "phpfpm.max_children_reached",
         .severity = S::Warning,
         .rank = 220,
         .symptoms = {FindingId::UpstreamTimeout, FindingId::UpstreamBacklogFull},
         .title = "PHP-FPM runs out of workers",
         .explanation
         = "All PHP workers of the pool were busy (pm.max_children reached). New requests wait in "
           "the queue and time out (504) or are refused (502) under load.",
         .remedy
         = {"Raise `pm.max_children` if memory allows: about (free RAM) / (average worker RSS).",
            "Find slow scripts with `request_slowlog_timeout = 5s` and `slowlog = ...`.",
            nullptr}},
        {.id = FindingId::PhpFpmWorkerKilled,
         .name = "phpfpm.worker_killed",
         .severity = S::Critical,
         .rank = 210,
         .symptoms = {FindingId::UpstreamPrematurelyClosed, FindingId::UpstreamConnectionReset},
         .title = "PHP workers are being killed",
         .explanation
         = "PHP-FPM workers exited on a signal while serving: 9 (SIGKILL) usually means the kernel "
           "killed them for lack of memory, 11 (SIGSEGV) a crash in PHP or an extension, 15 "
           "(SIGTERM) the request_terminate_timeout. The request they served got a 502.",
         .remedy
         = {"For signal 9 check OOM kills: `journalctl -k | grep -i oom`; lower pm.max_children or "
            "memory_limit, or add RAM.",
            "For signal 11 check recently changed extensions (disable them one by one).",
            "For signal 15 see the request timeout finding.",
            nullptr}},
        {.id = FindingId::PhpFpmRequestTimeout,
         .name = "phpfpm.request_timeout",
         .severity = S::Warning,
         .rank = 330,
         .symptoms = {FindingId::UpstreamConnectionReset, FindingId::UpstreamPrematurelyClosed},
         .title = "PHP requests are stopped by request_terminate_timeout",
         .explanation
         = "PHP-FPM killed a worker whose script ran longer than `request_terminate_timeout`. The "
           "client gets a 502 instead of a normal answer.",
         .remedy = {"Find why the script is slow (slowlog shows the stack).",
                    "If it must run long, raise `request_terminate_timeout` and nginx's "
                    "`fastcgi_read_timeout` together.",
                    nullptr}},
        {.id = FindingId::PhpFpmSlowRequests,
         .name = "phpfpm.slow_requests",
         .severity = S::Info,
         .context = true,
         .title = "Some PHP requests are slow",
         .explanation
         = "PHP-FPM logged requests that ran longer than `request_slowlog_timeout`; the slowlog "
           "shows where they spent the time.",
         .remedy
         = {"Read the slowlog entries (script and stack) and optimise the slow calls (database, "
            "external HTTP, sleep).",
            nullptr}},
        {.id = FindingId::PhpFpmTimeoutMisaligned,
         .name = "phpfpm.timeout_misaligned",
         .severity = S::Warning,
         .rank = 340,
         .title = "PHP-FPM and nginx timeouts do not match",
         .explanation
         = "PHP-FPM's request_terminate_timeout is shorter than nginx's fastcgi_read_timeout, so "
           "slow requests end in 502 instead of 504; or it is much longer, so workers stay busy "
           "after nginx already gave up.",
         .remedy
         = {"Set `request_terminate_timeout` slightly above `fastcgi_read_timeout` (e.g. 65s vs "
            "60s), and PHP's max_execution_time below both.",
            nullptr}},
        {.id = FindingId::PhpFpmScriptNotFound,
         .name = "phpfpm.script_not_found",
         .severity = S::Warning,
         .title = "PHP-FPM cannot find the script nginx asks for",
         .explanation
         = "PHP-FPM answered \"Primary script unknown\": the SCRIPT_FILENAME nginx sends does not "
           "exist for PHP-FPM. Often a wrong `root`, a missing `fastcgi_param SCRIPT_FILENAME`, or "
           "PHP-FPM running in a chroot or container that sees other paths.",
         .remedy
         = {"Use `fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;` and check "
            "`root`.",
            "Add `try_files $uri =404;` in the PHP location so missing files stop at nginx.",
            nullptr}},
        // The host
        {.id = FindingId::SystemOomKill,
         .name = "system.oom_kill",
         .severity = S::Critical,
         .rank = 90,
         .symptoms = {FindingId::PhpFpmWorkerKilled, FindingId::AppCrashLoop},
         .title = "The kernel killed processes for lack of memory",
         .explanation
         = "The server ran out of memory and the kernel's OOM killer ended processes, often PHP "
           "workers or the application, which turns their requests into 502s.",
         .remedy = {"See what was killed: `journalctl -k | grep -i 'killed process'`.",
                    "Lower pm.max_children / worker counts, fix memory leaks, or add RAM or swap.",
                    nullptr}},
        {.id = FindingId::SystemMemoryPressure,
         .name = "system.memory_pressure",
         .severity = S::Warning,
         .context = true,
         .title = "Memory is running low",
         .explanation
         = "Little memory is available or swap is heavily used; processes slow down and the OOM "
           "killer may strike next.",
         .remedy = {"Check the biggest consumers: `ps aux --sort=-rss | head`.",
                    "Reduce worker counts or add memory.",
                    nullptr}},
        {.id = FindingId::SystemDiskFull,
         .name = "system.disk_full",
         .severity = S::Warning,
         .rank = 100,
         .title = "A filesystem is nearly full",
         .explanation
         = "A filesystem holding logs, sockets, temporary files or configuration is nearly full. "
           "When it is full nginx cannot buffer request bodies or write logs, and services fail.",
         .remedy = {"Find what is big: `du -xh / --max-depth=2 | sort -h | tail`.",
                    "Rotate or delete old logs (`journalctl --vacuum-size=200M`, logrotate).",
                    nullptr}},
        {.id = FindingId::SystemLoadHigh,
         .name = "system.load_high",
         .severity = S::Warning,
         .context = true,
         .title = "The server is overloaded",
         .explanation
         = "The load average is well above the number of CPU cores: work queues up and every "
           "request gets slower, which leads to timeouts.",
         .remedy = {"Find the busy processes: `top` or `ps aux --sort=-%cpu | head`.",
                    "Reduce concurrency or add CPU.",
                    nullptr}},
        {.id = FindingId::SystemFdLimit,
         .name = "system.fd_limit",
         .severity = S::Warning,
         .context = true,
         .title = "A service is close to its open-files limit",
         .explanation
         = "nginx or PHP-FPM uses most of the file descriptors it is allowed; at the limit new "
           "connections fail (24: Too many open files).",
         .remedy = {"Raise the limit: `systemctl edit nginx` (or php8.2-fpm), add `[Service]` "
                    "`LimitNOFILE=65535`, restart the service.",
                    nullptr}},
        {.id = FindingId::SystemSelinuxDenied,
         .name = "system.selinux_denied",
         .severity = S::Critical,
         .rank = 180,
         .symptoms = {FindingId::UpstreamSocketPermissionDenied},
         .title = "SELinux blocks nginx",
         .explanation
         = "SELinux denied nginx a connection (to a TCP port or a unix socket). On RHEL-like "
           "systems nginx may not connect to network upstreams until that is allowed.",
         .remedy = {"Allow upstream connections: `setsebool -P httpd_can_network_connect 1`.",
                    "Inspect denials: `ausearch -m avc -c nginx --start recent`.",
                    nullptr}},
        // The application behind the upstream
        {.id = FindingId::AppServiceDown,
         .name = "app.service_down",
         .severity = S::Critical,
         .rank = 110,
         .startupRace = true,
         .symptoms = {FindingId::UpstreamConnectionRefused},
         .title = "The application behind the upstream is down",
         .explanation
         = "The service that should listen on the upstream address is stopped or failed, so nginx "
           "has nothing to pass requests to.",
         .remedy
         = {"Start it: `systemctl start SERVICE`, and read `journalctl -u SERVICE -n 100` to see "
            "why it stopped.",
            nullptr}},
        {.id = FindingId::AppCrashLoop,
         .name = "app.crash_loop",
         .severity = S::Critical,
         .rank = 120,
         .symptoms = {FindingId::AppServiceDown, FindingId::UpstreamPrematurelyClosed},
         .title = "The application keeps restarting",
         .explanation
         = "The service behind the upstream restarted repeatedly in the window; every restart "
           "drops the requests in flight and refuses new ones until it is up again.",
         .remedy
         = {"Read `journalctl -u SERVICE` around the restarts for the crash reason.", nullptr}},
        // Traffic
        {.id = FindingId::TrafficErrorRateHigh,
         .name = "traffic.error_rate_high",
         .severity = S::Warning,
         .title = "Many requests fail with 5xx",
         .explanation
         = "A high share of the requests in the window ended with a server error (500-599). The "
           "other findings name the likely causes.",
         .remedy
         = {"Look at the series to see when it started, and at the findings above for the cause.",
            nullptr}},
        {.id = FindingId::TrafficSiteFailing,
         .name = "traffic.site_failing",
         .severity = S::Critical,
         .startupRace = true,
         .title = "A site answers with a server error",
         .explanation = "A site this nginx serves answered 5xx (or nothing) when fetched from the "
                        "server itself, "
                        "and no check found a more specific cause that is happening now.",
         .remedy
         = {"Open the site's error log at the time of the probe: `tail -n 50` of the `error_log` "
            "in its server block.",
            "Grant what the diagnosis could not check (listed under coverage) and run it again: "
            "the cause is most likely there.",
            nullptr}},
};

QList<FindingCatalog::Entry> buildEntries()
{
    QList<FindingCatalog::Entry> out;
    for (const Raw &r : kRaw) {
        Q_ASSERT(int(r.id) == out.size()); // entries() is indexed by FindingId
        FindingCatalog::Entry e{r.id,
                                QString::fromLatin1(r.name),
                                r.severity,
                                r.rank,
                                r.context,
                                r.startupRace,
                                r.settledByConnect,
                                QList<FindingId>(r.symptoms),
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

// The catalog holds every id in FindingId's order, so an id is its entry's index.
static_assert(std::size(kRaw) == kFindingIdCount, "one catalog entry per FindingId");

} // namespace

QString findingName(FindingId id)
{
    return FindingCatalog::entry(id).name;
}

QString findingName(std::optional<FindingId> id)
{
    return id ? findingName(*id) : QString();
}

std::optional<FindingId> findingIdOf(QStringView name)
{
    if (const FindingCatalog::Entry *e = FindingCatalog::find(name))
        return e->id;
    return std::nullopt;
}

const QList<FindingCatalog::Entry> &FindingCatalog::entries()
{
    static const QList<Entry> all = buildEntries();
    return all;
}

const FindingCatalog::Entry &FindingCatalog::entry(FindingId id)
{
    return entries().at(int(id));
}

const FindingCatalog::Entry *FindingCatalog::find(QAnyStringView name)
{
    for (const Entry &e : entries()) {
        if (QAnyStringView::equal(e.name, name))
            return &e;
    }
    return nullptr;
}

bool FindingCatalog::causes(FindingId cause, FindingId symptom)
{
    // Breadth-first over a small acyclic table.
    QList<FindingId> frontier{cause};
    for (int depth = 0; depth < 8 && !frontier.isEmpty(); ++depth) {
        QList<FindingId> next;
        for (FindingId id : std::as_const(frontier)) {
            const QList<FindingId> &produced = entry(id).symptoms;
            if (produced.contains(symptom))
                return true;
            next << produced;
        }
        frontier = next;
    }
    return false;
}

bool FindingCatalog::causes(const QString &cause, const QString &symptom)
{
    const auto c = findingIdOf(cause);
    const auto s = findingIdOf(symptom);
    return c && s && causes(*c, *s);
}

int FindingCatalog::rank(QStringView name)
{
    const Entry *e = find(name);
    return e ? e->rank : kUnranked;
}

QStringList FindingCatalog::ids()
{
    QStringList out;
    for (const Entry &e : entries())
        out.append(e.name);
    return out;
}

Finding FindingCatalog::make(FindingId id)
{
    const Entry &e = entry(id);
    Finding f;
    f.id = e.name;
    f.severity = e.severity;
    f.title = e.title;
    f.explanation = e.explanation;
    f.remedy = e.remedy;
    return f;
}

Finding FindingCatalog::make(const QString &name)
{
    if (const auto id = findingIdOf(name))
        return make(*id);
    Finding f;
    f.id = name;
    f.severity = Finding::Severity::Warning;
    f.title = name;
    return f;
}

} // namespace gs::findings
