#include "config/configlint.h"

#include <QRegularExpression>
#include <QSet>
#include <QStringList>

namespace gs::config {

namespace {

// Directives of the nginx core, the http/stream/mail modules Debian and RHEL build, and the
// common third-party ones. Unknown names are warnings: a server may load other modules.
const char *const kNginxDirectives[] = {
        "absolute_redirect",
        "accept_mutex",
        "accept_mutex_delay",
        "access_log",
        "add_after_body",
        "add_before_body",
        "add_header",
        "add_trailer",
        "addition_types",
        "aio",
        "aio_write",
        "alias",
        "allow",
        "ancient_browser",
        "ancient_browser_value",
        "auth_basic",
        "auth_basic_user_file",
        "auth_delay",
        "auth_request",
        "auth_request_set",
        "autoindex",
        "autoindex_exact_size",
        "autoindex_format",
        "autoindex_localtime",
        "break",
        "charset",
        "charset_map",
        "charset_types",
        "chunked_transfer_encoding",
        "client_body_buffer_size",
        "client_body_in_file_only",
        "client_body_in_single_buffer",
        "client_body_temp_path",
        "client_body_timeout",
        "client_header_buffer_size",
        "client_header_timeout",
        "client_max_body_size",
        "connection_pool_size",
        "create_full_put_path",
        "daemon",
        "dav_access",
        "dav_methods",
        "debug_connection",
        "debug_points",
        "default_type",
        "deny",
        "directio",
        "directio_alignment",
        "disable_symlinks",
        "empty_gif",
        "env",
        "error_log",
        "error_page",
        "etag",
        "events",
        "expires",
        "fastcgi_bind",
        "fastcgi_buffer_size",
        "fastcgi_buffering",
        "fastcgi_buffers",
        "fastcgi_busy_buffers_size",
        "fastcgi_cache",
        "fastcgi_cache_background_update",
        "fastcgi_cache_bypass",
        "fastcgi_cache_key",
        "fastcgi_cache_lock",
        "fastcgi_cache_lock_age",
        "fastcgi_cache_lock_timeout",
        "fastcgi_cache_max_range_offset",
        "fastcgi_cache_methods",
        "fastcgi_cache_min_uses",
        "fastcgi_cache_path",
        "fastcgi_cache_revalidate",
        "fastcgi_cache_use_stale",
        "fastcgi_cache_valid",
        "fastcgi_catch_stderr",
        "fastcgi_connect_timeout",
        "fastcgi_force_ranges",
        "fastcgi_hide_header",
        "fastcgi_ignore_client_abort",
        "fastcgi_ignore_headers",
        "fastcgi_index",
        "fastcgi_intercept_errors",
        "fastcgi_keep_conn",
        "fastcgi_limit_rate",
        "fastcgi_max_temp_file_size",
        "fastcgi_next_upstream",
        "fastcgi_next_upstream_timeout",
        "fastcgi_next_upstream_tries",
        "fastcgi_no_cache",
        "fastcgi_param",
        "fastcgi_pass",
        "fastcgi_pass_header",
        "fastcgi_pass_request_body",
        "fastcgi_pass_request_headers",
        "fastcgi_read_timeout",
        "fastcgi_request_buffering",
        "fastcgi_send_lowat",
        "fastcgi_send_timeout",
        "fastcgi_socket_keepalive",
        "fastcgi_split_path_info",
        "fastcgi_store",
        "fastcgi_store_access",
        "fastcgi_temp_file_write_size",
        "fastcgi_temp_path",
        "flv",
        "geo",
        "geoip_city",
        "geoip_country",
        "geoip_org",
        "geoip_proxy",
        "geoip_proxy_recursive",
        "grpc_bind",
        "grpc_buffer_size",
        "grpc_connect_timeout",
        "grpc_hide_header",
        "grpc_ignore_headers",
        "grpc_intercept_errors",
        "grpc_next_upstream",
        "grpc_next_upstream_timeout",
        "grpc_next_upstream_tries",
        "grpc_pass",
        "grpc_pass_header",
        "grpc_read_timeout",
        "grpc_send_timeout",
        "grpc_set_header",
        "grpc_socket_keepalive",
        "grpc_ssl_certificate",
        "grpc_ssl_certificate_key",
        "grpc_ssl_name",
        "grpc_ssl_protocols",
        "grpc_ssl_server_name",
        "grpc_ssl_trusted_certificate",
        "grpc_ssl_verify",
        "gunzip",
        "gunzip_buffers",
        "gzip",
        "gzip_buffers",
        "gzip_comp_level",
        "gzip_disable",
        "gzip_http_version",
        "gzip_min_length",
        "gzip_proxied",
        "gzip_static",
        "gzip_types",
        "gzip_vary",
        "hash",
        "http",
        "http2",
        "http2_body_preread_size",
        "http2_chunk_size",
        "http2_idle_timeout",
        "http2_max_concurrent_streams",
        "http2_max_field_size",
        "http2_max_header_size",
        "http2_max_requests",
        "http2_push",
        "http2_push_preload",
        "http2_recv_buffer_size",
        "http2_recv_timeout",
        "http3",
        "if",
        "if_modified_since",
        "ignore_invalid_headers",
        "image_filter",
        "imap",
        "include",
        "index",
        "internal",
        "ip_hash",
        "keepalive",
        "keepalive_disable",
        "keepalive_requests",
        "keepalive_time",
        "keepalive_timeout",
        "large_client_header_buffers",
        "least_conn",
        "limit_conn",
        "limit_conn_dry_run",
        "limit_conn_log_level",
        "limit_conn_status",
        "limit_conn_zone",
        "limit_except",
        "limit_rate",
        "limit_rate_after",
        "limit_req",
        "limit_req_dry_run",
        "limit_req_log_level",
        "limit_req_status",
        "limit_req_zone",
        "lingering_close",
        "lingering_time",
        "lingering_timeout",
        "listen",
        "load_module",
        "location",
        "lock_file",
        "log_format",
        "log_not_found",
        "log_subrequest",
        "mail",
        "map",
        "map_hash_bucket_size",
        "map_hash_max_size",
        "master_process",
        "max_ranges",
        "memcached_bind",
        "memcached_buffer_size",
        "memcached_connect_timeout",
        "memcached_pass",
        "memcached_read_timeout",
        "memcached_send_timeout",
        "merge_slashes",
        "min_delete_depth",
        "mirror",
        "mirror_request_body",
        "modern_browser",
        "modern_browser_value",
        "mp4",
        "mp4_buffer_size",
        "mp4_max_buffer_size",
        "msie_padding",
        "msie_refresh",
        "multi_accept",
        "open_file_cache",
        "open_file_cache_errors",
        "open_file_cache_min_uses",
        "open_file_cache_valid",
        "open_log_file_cache",
        "output_buffers",
        "pcre_jit",
        "perl",
        "perl_modules",
        "perl_require",
        "perl_set",
        "pid",
        "postpone_output",
        "pop3",
        "port_in_redirect",
        "proxy_bind",
        "proxy_buffer_size",
        "proxy_buffering",
        "proxy_buffers",
        "proxy_busy_buffers_size",
        "proxy_cache",
        "proxy_cache_background_update",
        "proxy_cache_bypass",
        "proxy_cache_convert_head",
        "proxy_cache_key",
        "proxy_cache_lock",
        "proxy_cache_lock_age",
        "proxy_cache_lock_timeout",
        "proxy_cache_max_range_offset",
        "proxy_cache_methods",
        "proxy_cache_min_uses",
        "proxy_cache_path",
        "proxy_cache_revalidate",
        "proxy_cache_use_stale",
        "proxy_cache_valid",
        "proxy_connect_timeout",
        "proxy_cookie_domain",
        "proxy_cookie_flags",
        "proxy_cookie_path",
        "proxy_force_ranges",
        "proxy_headers_hash_bucket_size",
        "proxy_headers_hash_max_size",
        "proxy_hide_header",
        "proxy_http_version",
        "proxy_ignore_client_abort",
        "proxy_ignore_headers",
        "proxy_intercept_errors",
        "proxy_limit_rate",
        "proxy_max_temp_file_size",
        "proxy_method",
        "proxy_next_upstream",
        "proxy_next_upstream_timeout",
        "proxy_next_upstream_tries",
        "proxy_no_cache",
        "proxy_pass",
        "proxy_pass_header",
        "proxy_pass_request_body",
        "proxy_pass_request_headers",
        "proxy_protocol",
        "proxy_protocol_timeout",
        "proxy_read_timeout",
        "proxy_redirect",
        "proxy_request_buffering",
        "proxy_send_lowat",
        "proxy_send_timeout",
        "proxy_set_body",
        "proxy_set_header",
        "proxy_socket_keepalive",
        "proxy_ssl_certificate",
        "proxy_ssl_certificate_key",
        "proxy_ssl_ciphers",
        "proxy_ssl_conf_command",
        "proxy_ssl_crl",
        "proxy_ssl_name",
        "proxy_ssl_password_file",
        "proxy_ssl_protocols",
        "proxy_ssl_server_name",
        "proxy_ssl_session_reuse",
        "proxy_ssl_trusted_certificate",
        "proxy_ssl_verify",
        "proxy_ssl_verify_depth",
        "proxy_store",
        "proxy_store_access",
        "proxy_temp_file_write_size",
        "proxy_temp_path",
        "proxy_timeout",
        "quic_retry",
        "random",
        "random_index",
        "read_ahead",
        "real_ip_header",
        "real_ip_recursive",
        "recursive_error_pages",
        "referer_hash_bucket_size",
        "referer_hash_max_size",
        "request_pool_size",
        "reset_timedout_connection",
        "resolver",
        "resolver_timeout",
        "return",
        "rewrite",
        "rewrite_log",
        "root",
        "satisfy",
        "scgi_bind",
        "scgi_buffer_size",
        "scgi_buffering",
        "scgi_buffers",
        "scgi_busy_buffers_size",
        "scgi_connect_timeout",
        "scgi_param",
        "scgi_pass",
        "scgi_read_timeout",
        "scgi_send_timeout",
        "scgi_temp_path",
        "secure_link",
        "secure_link_md5",
        "secure_link_secret",
        "send_lowat",
        "send_timeout",
        "sendfile",
        "sendfile_max_chunk",
        "server",
        "server_name",
        "server_name_in_redirect",
        "server_names_hash_bucket_size",
        "server_names_hash_max_size",
        "server_tokens",
        "set",
        "set_real_ip_from",
        "slice",
        "smtp",
        "split_clients",
        "ssi",
        "ssi_last_modified",
        "ssi_min_file_chunk",
        "ssi_silent_errors",
        "ssi_types",
        "ssi_value_length",
        "ssl",
        "ssl_buffer_size",
        "ssl_certificate",
        "ssl_certificate_key",
        "ssl_ciphers",
        "ssl_client_certificate",
        "ssl_conf_command",
        "ssl_crl",
        "ssl_dhparam",
        "ssl_early_data",
        "ssl_ecdh_curve",
        "ssl_password_file",
        "ssl_prefer_server_ciphers",
        "ssl_preread",
        "ssl_protocols",
        "ssl_reject_handshake",
        "ssl_session_cache",
        "ssl_session_ticket_key",
        "ssl_session_tickets",
        "ssl_session_timeout",
        "ssl_stapling",
        "ssl_stapling_file",
        "ssl_stapling_responder",
        "ssl_stapling_verify",
        "ssl_trusted_certificate",
        "ssl_verify_client",
        "ssl_verify_depth",
        "stream",
        "stub_status",
        "sub_filter",
        "sub_filter_last_modified",
        "sub_filter_once",
        "sub_filter_types",
        "subrequest_output_buffer_size",
        "tcp_nodelay",
        "tcp_nopush",
        "thread_pool",
        "timer_resolution",
        "try_files",
        "types",
        "types_hash_bucket_size",
        "types_hash_max_size",
        "underscores_in_headers",
        "uninitialized_variable_warn",
        "upstream",
        "use",
        "user",
        "userid",
        "userid_domain",
        "userid_expires",
        "userid_flags",
        "userid_mark",
        "userid_name",
        "userid_p3p",
        "userid_path",
        "userid_service",
        "uwsgi_bind",
        "uwsgi_buffer_size",
        "uwsgi_buffering",
        "uwsgi_buffers",
        "uwsgi_busy_buffers_size",
        "uwsgi_connect_timeout",
        "uwsgi_param",
        "uwsgi_pass",
        "uwsgi_read_timeout",
        "uwsgi_send_timeout",
        "uwsgi_temp_path",
        "valid_referers",
        "variables_hash_bucket_size",
        "variables_hash_max_size",
        "worker_aio_requests",
        "worker_connections",
        "worker_cpu_affinity",
        "worker_priority",
        "worker_processes",
        "worker_rlimit_core",
        "worker_rlimit_nofile",
        "worker_shutdown_timeout",
        "working_directory",
        "xml_entities",
        "xslt_last_modified",
        "xslt_param",
        "xslt_string_param",
        "xslt_stylesheet",
        "xslt_types",
        "zone",
        "more_set_headers",
        "more_clear_headers",
        "brotli",
        "brotli_types",
        "brotli_comp_level",
        "brotli_static",
        "content_by_lua_block",
        "access_by_lua_block",
        "rewrite_by_lua_block",
        "header_filter_by_lua_block",
        "body_filter_by_lua_block",
        "log_by_lua_block",
        "init_by_lua_block",
        "init_worker_by_lua_block",
        "set_by_lua_block",
        "lua_package_path",
        "lua_shared_dict",
        "pagespeed",
        "passenger_enabled",
        "passenger_root",
        "passenger_ruby",
        "vhost_traffic_status_zone",
        "health_check",
        "sticky",
        "ntlm",
        "queue",
        "least_time",
        "status_zone",
        "api",
        "js_import",
        "js_content",
        "js_set",
        "js_path",
        "backlog",
        "default_server",
        "ipv6only",
        "reuseport",
        "so_keepalive",
        "server_tokens",
        "ssl_ocsp",
        "ssl_ocsp_cache",
        "ssl_ocsp_responder",
        "quic_gso",
        "quic_host_key",
        "http3_hq",
        "http3_max_concurrent_streams",
        "http3_stream_buffer_size",
        "keyval",
        "keyval_zone",
        "auth_jwt",
        "auth_jwt_key_file",
        "proxy_upload_rate",
        "proxy_download_rate",
        "proxy_responses",
        "proxy_requests",
        "preread_buffer_size",
        "preread_timeout",
        "upstream_conf",
        "max_fails",
        "fail_timeout",
        "weight",
};

// Blocks whose bodies are data (MIME types, map and geo values, Lua), not directives.
bool isDataBlock(QStringView name)
{
    static const QSet<QString> blocks{QStringLiteral("types"),
                                      QStringLiteral("map"),
                                      QStringLiteral("geo"),
                                      QStringLiteral("split_clients"),
                                      QStringLiteral("charset_map"),
                                      QStringLiteral("match"),
                                      QStringLiteral("perl_set")};
    return blocks.contains(name.toString()) || name.endsWith(QLatin1String("_by_lua_block"));
}

struct Token
{
    QString text;
    int line = 0;
    int column = 0;
    bool quoted = false;
};

struct Frame
{
    QString name;
    int line = 0;
    int column = 0;
    bool data = false;
};

using Problem = ConfigLint::Problem;

Problem
problem(int line, int column, int length, Problem::Severity severity, const QString &message)
{
    return Problem{line, column, length, severity, message};
}

} // namespace

bool ConfigLint::isKnownNginxDirective(QStringView name)
{
    static const QSet<QString> known = [] {
        QSet<QString> set;
        for (const char *directive : kNginxDirectives)
            set.insert(QString::fromLatin1(directive));
        return set;
    }();
    return known.contains(name.toString());
}

QList<Problem> ConfigLint::lintNginx(QStringView text)
{
    QList<Problem> problems;
    QList<Frame> stack;
    QList<Token> statement;
    int line = 1;
    int column = 0;
    qsizetype i = 0;
    const qsizetype n = text.size();

    const auto finishStatement = [&](bool withSemicolon, int atLine) {
        if (statement.isEmpty())
            return;
        const Token &first = statement.first();
        const bool inData = !stack.isEmpty() && stack.last().data;
        if (!withSemicolon) {
            problems << problem(statement.last().line,
                                0,
                                0,
                                Problem::Severity::Error,
                                QStringLiteral("missing ';' after \"%1\"").arg(first.text));
        } else if (!inData) {
            // A statement running over several lines where a later line starts with a
            // directive: the previous line most likely lacks its ';'.
            for (qsizetype k = 1; k < statement.size(); ++k) {
                const Token &token = statement.at(k);
                if (token.line != statement.at(k - 1).line && !token.quoted
                    && isKnownNginxDirective(token.text)
                    && first.text != QLatin1String("log_format")) {
                    problems << problem(
                            statement.at(k - 1).line,
                            0,
                            0,
                            Problem::Severity::Error,
                            QStringLiteral("missing ';' at the end of this line (\"%1\" "
                                           "on the next line is a directive)")
                                    .arg(token.text));
                    break;
                }
            }
        }
        Q_UNUSED(atLine);
        statement.clear();
    };

    while (i < n) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\n')) {
            ++line;
            column = 0;
            ++i;
            continue;
        }
        ++column;
        if (c.isSpace()) {
            ++i;
            continue;
        }
        if (c == QLatin1Char('#')) {
            while (i < n && text.at(i) != QLatin1Char('\n'))
                ++i;
            continue;
        }
        if (c == QLatin1Char(';')) {
            if (statement.isEmpty() && !(!stack.isEmpty() && stack.last().data))
                problems << problem(line,
                                    column,
                                    1,
                                    Problem::Severity::Warning,
                                    QStringLiteral("empty statement"));
            finishStatement(true, line);
            ++i;
            continue;
        }
        if (c == QLatin1Char('{')) {
            Frame frame;
            frame.name = statement.isEmpty() ? QString() : statement.first().text;
            frame.line = line;
            frame.column = column;
            frame.data = (!stack.isEmpty() && stack.last().data) || isDataBlock(frame.name);
            if (statement.isEmpty() && !(!stack.isEmpty() && stack.last().data))
                problems << problem(line,
                                    column,
                                    1,
                                    Problem::Severity::Error,
                                    QStringLiteral("'{' without a directive before it"));
            if (!statement.isEmpty() && !(!stack.isEmpty() && stack.last().data)) {
                const Token &first = statement.first();
                if (!isKnownNginxDirective(first.text))
                    problems << problem(first.line,
                                        first.column,
                                        int(first.text.size()),
                                        Problem::Severity::Warning,
                                        QStringLiteral("unknown directive \"%1\"").arg(first.text));
            }
            statement.clear();
            stack << frame;
            ++i;
            continue;
        }
        if (c == QLatin1Char('}')) {
            if (!statement.isEmpty() && !(!stack.isEmpty() && stack.last().data))
                finishStatement(false, line);
            statement.clear();
            if (stack.isEmpty())
                problems << problem(line,
                                    column,
                                    1,
                                    Problem::Severity::Error,
                                    QStringLiteral("unexpected '}' (no block is open)"));
            else
                stack.removeLast();
            ++i;
            continue;
        }
        // A word or a quoted string.
        Token token;
        token.line = line;
        token.column = column;
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            token.quoted = true;
            const QChar quote = c;
            const int startLine = line;
            const int startColumn = column;
            ++i;
            bool closed = false;
            while (i < n) {
                const QChar d = text.at(i);
                if (d == QLatin1Char('\\') && i + 1 < n) {
                    token.text += text.at(i + 1);
                    i += 2;
                    column += 2;
                    continue;
                }
                if (d == QLatin1Char('\n')) {
                    ++line;
                    column = 0;
                } else {
                    ++column;
                }
                ++i;
                if (d == quote) {
                    closed = true;
                    break;
                }
                token.text += d;
            }
            if (!closed) {
                problems << problem(startLine,
                                    startColumn,
                                    1,
                                    Problem::Severity::Error,
                                    QStringLiteral("unterminated quoted string"));
                return problems;
            }
        } else {
            while (i < n) {
                const QChar d = text.at(i);
                if (d.isSpace() || d == QLatin1Char(';') || d == QLatin1Char('{')
                    || d == QLatin1Char('}')) {
                    // "${var}" keeps its braces.
                    if (d == QLatin1Char('{') && token.text.endsWith(QLatin1Char('$'))) {
                        while (i < n && text.at(i) != QLatin1Char('}')) {
                            token.text += text.at(i);
                            ++i;
                            ++column;
                        }
                        if (i < n) {
                            token.text += text.at(i);
                            ++i;
                            ++column;
                        }
                        continue;
                    }
                    break;
                }
                token.text += d;
                ++i;
                ++column;
            }
            --column; // the loop above counted the first character twice
        }
        const bool inData = !stack.isEmpty() && stack.last().data;
        if (statement.isEmpty() && !inData && !token.quoted && !isKnownNginxDirective(token.text)) {
            // Reported once the statement ends with '{' (block) or here for simple ones.
            const qsizetype next = i;
            qsizetype k = next;
            while (k < n && text.at(k) != QLatin1Char(';') && text.at(k) != QLatin1Char('{')
                   && text.at(k) != QLatin1Char('}'))
                ++k;
            if (k >= n || text.at(k) != QLatin1Char('{'))
                problems << problem(token.line,
                                    token.column,
                                    int(token.text.size()),
                                    Problem::Severity::Warning,
                                    QStringLiteral("unknown directive \"%1\"").arg(token.text));
        }
        statement << token;
    }
    if (!statement.isEmpty() && !(!stack.isEmpty() && stack.last().data))
        finishStatement(false, line);
    for (const Frame &frame : stack)
        problems << problem(frame.line,
                            frame.column,
                            1,
                            Problem::Severity::Error,
                            QStringLiteral("'{' of \"%1\" is never closed").arg(frame.name));
    return problems;
}

bool ConfigLint::isKnownFpmKey(QStringView key)
{
    static const QSet<QString> known{QStringLiteral("pid"),
                                     QStringLiteral("error_log"),
                                     QStringLiteral("syslog.facility"),
                                     QStringLiteral("syslog.ident"),
                                     QStringLiteral("log_level"),
                                     QStringLiteral("log_limit"),
                                     QStringLiteral("log_buffering"),
                                     QStringLiteral("emergency_restart_threshold"),
                                     QStringLiteral("emergency_restart_interval"),
                                     QStringLiteral("process_control_timeout"),
                                     QStringLiteral("process.max"),
                                     QStringLiteral("process.priority"),
                                     QStringLiteral("daemonize"),
                                     QStringLiteral("rlimit_files"),
                                     QStringLiteral("rlimit_core"),
                                     QStringLiteral("events.mechanism"),
                                     QStringLiteral("systemd_interval"),
                                     QStringLiteral("include"),
                                     QStringLiteral("prefix"),
                                     QStringLiteral("user"),
                                     QStringLiteral("group"),
                                     QStringLiteral("listen"),
                                     QStringLiteral("listen.backlog"),
                                     QStringLiteral("listen.owner"),
                                     QStringLiteral("listen.group"),
                                     QStringLiteral("listen.mode"),
                                     QStringLiteral("listen.acl_users"),
                                     QStringLiteral("listen.acl_groups"),
                                     QStringLiteral("listen.allowed_clients"),
                                     QStringLiteral("listen.setfib"),
                                     QStringLiteral("process.dumpable"),
                                     QStringLiteral("pm"),
                                     QStringLiteral("pm.max_children"),
                                     QStringLiteral("pm.start_servers"),
                                     QStringLiteral("pm.min_spare_servers"),
                                     QStringLiteral("pm.max_spare_servers"),
                                     QStringLiteral("pm.max_spawn_rate"),
                                     QStringLiteral("pm.process_idle_timeout"),
                                     QStringLiteral("pm.max_requests"),
                                     QStringLiteral("pm.status_path"),
                                     QStringLiteral("pm.status_listen"),
                                     QStringLiteral("ping.path"),
                                     QStringLiteral("ping.response"),
                                     QStringLiteral("access.log"),
                                     QStringLiteral("access.format"),
                                     QStringLiteral("slowlog"),
                                     QStringLiteral("request_slowlog_timeout"),
                                     QStringLiteral("request_slowlog_trace_depth"),
                                     QStringLiteral("request_terminate_timeout"),
                                     QStringLiteral("request_terminate_timeout_track_finished"),
                                     QStringLiteral("chroot"),
                                     QStringLiteral("chdir"),
                                     QStringLiteral("catch_workers_output"),
                                     QStringLiteral("decorate_workers_output"),
                                     QStringLiteral("clear_env"),
                                     QStringLiteral("security.limit_extensions"),
                                     QStringLiteral("apparmor_hat")};
    const QString k = key.toString();
    if (known.contains(k))
        return true;
    static const QRegularExpression bracketed(QStringLiteral(
            "^(env|php_value|php_flag|php_admin_value|php_admin_flag)\\[[^\\]]+\\]$"));
    return bracketed.match(k).hasMatch();
}

QList<Problem> ConfigLint::lintFpm(QStringView text)
{
    QList<Problem> problems;
    static const QRegularExpression section(QStringLiteral("^\\s*\\[[^\\]]+\\]\\s*(;.*)?$"));
    static const QRegularExpression pair(QStringLiteral("^\\s*([A-Za-z0-9_.\\[\\]-]+)\\s*=(.*)$"));
    const QStringList lines = text.toString().split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString &raw = lines.at(i);
        const QString trimmed = raw.trimmed();
        const int lineNo = int(i + 1);
        if (trimmed.isEmpty() || trimmed.startsWith(QLatin1Char(';'))
            || trimmed.startsWith(QLatin1Char('#')))
            continue;
        if (section.match(raw).hasMatch())
            continue;
        const auto match = pair.match(raw);
        if (!match.hasMatch()) {
            problems << problem(lineNo,
                                0,
                                0,
                                Problem::Severity::Error,
                                QStringLiteral("expected \"key = value\" or \"[section]\""));
            continue;
        }
        const QString key = match.captured(1);
        if (!isKnownFpmKey(key))
            problems << problem(lineNo,
                                int(match.capturedStart(1)) + 1,
                                int(key.size()),
                                Problem::Severity::Warning,
                                QStringLiteral("unknown PHP-FPM setting \"%1\"").arg(key));
        const QString value = match.captured(2).trimmed();
        if (value.startsWith(QLatin1Char('"'))
            && (value.size() < 2 || !value.endsWith(QLatin1Char('"'))))
            problems << problem(lineNo,
                                0,
                                0,
                                Problem::Severity::Error,
                                QStringLiteral("unterminated quoted value"));
    }
    return problems;
}

} // namespace gs::config
