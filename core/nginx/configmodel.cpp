#include "nginx/configmodel.h"

#include "nginx/sizetime.h"

#include <QJsonArray>

namespace gs::nginx {

namespace {

using Source = ConfigModel::Source;
using Setting = ConfigModel::Setting;
using Settings = QMap<QString, Setting>;

Source sourceOf(const ConfigDirective &d)
{
    return Source{d.file, d.line};
}

const QLatin1String
        kCombined("$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
                  "\"$http_referer\" \"$http_user_agent\"");

bool isPassDirective(const QString &name)
{
    return name == QLatin1String("proxy_pass") || name == QLatin1String("fastcgi_pass")
           || name == QLatin1String("uwsgi_pass") || name == QLatin1String("grpc_pass")
           || name == QLatin1String("scgi_pass") || name == QLatin1String("memcached_pass");
}

// Applies the tracked settings written directly in `block` over `inherited`.
Settings mergeSettings(const Settings &inherited, const ConfigDirective &block)
{
    Settings out = inherited;
    const auto &defaults = ConfigModel::settingDefaults();
    for (const ConfigDirective &d : block.children) {
        if (d.hasBlock || !defaults.contains(d.name))
            continue;
        out.insert(d.name, Setting{d.args.join(QLatin1Char(' ')), sourceOf(d)});
    }
    return out;
}

bool isSpecialLogPath(const QString &path)
{
    return path == QLatin1String("stderr") || path == QLatin1String("off")
           || path.startsWith(QLatin1String("syslog:"))
           || path.startsWith(QLatin1String("memory:"));
}

QString resolvePath(const QString &path, const QString &prefix)
{
    if (path.isEmpty() || path.startsWith(QLatin1Char('/')) || isSpecialLogPath(path)
        || prefix.isEmpty())
        return path;
    if (prefix.endsWith(QLatin1Char('/')))
        return prefix + path;
    return prefix + QLatin1Char('/') + path;
}

// "host:port", "[v6]:port", "host", "port" (listen only) -> host and port.
void splitHostPort(const QString &hostPort, QString *host, int *port, bool bareNumberIsPort)
{
    *port = 0;
    if (hostPort.startsWith(QLatin1Char('['))) {
        const qsizetype close = hostPort.indexOf(QLatin1Char(']'));
        *host = hostPort.mid(1, close > 0 ? close - 1 : -1);
        if (close > 0 && close + 1 < hostPort.size() && hostPort.at(close + 1) == QLatin1Char(':'))
            *port = hostPort.mid(close + 2).toInt();
        return;
    }
    const qsizetype colon = hostPort.lastIndexOf(QLatin1Char(':'));
    if (colon >= 0) {
        *host = hostPort.left(colon);
        *port = hostPort.mid(colon + 1).toInt();
        return;
    }
    bool ok = false;
    const int n = hostPort.toInt(&ok);
    if (ok && bareNumberIsPort) {
        *host = QStringLiteral("*");
        *port = n;
    } else {
        *host = hostPort;
    }
}

ConfigModel::Listen parseListen(const ConfigDirective &d)
{
    ConfigModel::Listen l;
    l.raw = d.args.join(QLatin1Char(' '));
    l.source = sourceOf(d);
    const QString addr = d.arg(0);
    if (addr.startsWith(QLatin1String("unix:"))) {
        l.unixPath = addr.mid(5);
    } else {
        splitHostPort(addr, &l.address, &l.port, true);
        if (l.port == 0)
            l.port = 80;
    }
    for (qsizetype i = 1; i < d.args.size(); ++i) {
        const QString &p = d.args.at(i);
        if (p == QLatin1String("ssl"))
            l.ssl = true;
        else if (p == QLatin1String("http2"))
            l.http2 = true;
        else if (p == QLatin1String("quic"))
            l.quic = true;
        else if (p == QLatin1String("default_server") || p == QLatin1String("default"))
            l.defaultServer = true;
    }
    return l;
}

ConfigModel::PassTarget parsePass(const ConfigDirective &d)
{
    ConfigModel::PassTarget t;
    t.directive = d.name;
    t.raw = d.arg(0);
    t.source = sourceOf(d);
    t.hasVariables = t.raw.contains(QLatin1Char('$'));
    QString rest = t.raw;
    const qsizetype sep = rest.indexOf(QLatin1String("://"));
    if (sep > 0) {
        t.scheme = rest.left(sep).toLower();
        rest = rest.mid(sep + 3);
    } else {
        const QString base = d.name.left(d.name.indexOf(QLatin1Char('_')));
        t.scheme = base == QLatin1String("proxy") ? QStringLiteral("http") : base;
    }
    if (rest.startsWith(QLatin1String("unix:"))) {
        const QString path = rest.mid(5);
        const qsizetype colon = path.indexOf(QLatin1Char(':'));
        t.unixPath = colon >= 0 ? path.left(colon) : path;
        if (colon >= 0)
            t.uri = path.mid(colon + 1);
        return t;
    }
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    const QString hostPort = slash >= 0 ? rest.left(slash) : rest;
    if (slash >= 0)
        t.uri = rest.mid(slash);
    splitHostPort(hostPort, &t.host, &t.port, false);
    return t;
}

ConfigModel::UpstreamServer parseUpstreamServer(const ConfigDirective &d)
{
    ConfigModel::UpstreamServer s;
    s.address = d.arg(0);
    s.source = sourceOf(d);
    if (s.address.startsWith(QLatin1String("unix:")))
        s.unixPath = s.address.mid(5);
    else
        splitHostPort(s.address, &s.host, &s.port, false);
    for (qsizetype i = 1; i < d.args.size(); ++i) {
        const QString &p = d.args.at(i);
        s.params.append(p);
        const qsizetype eq = p.indexOf(QLatin1Char('='));
        const QString key = eq >= 0 ? p.left(eq) : p;
        const QString value = eq >= 0 ? p.mid(eq + 1) : QString();
        if (key == QLatin1String("weight"))
            s.weight = value.toInt();
        else if (key == QLatin1String("max_fails"))
            s.maxFails = value.toInt();
        else if (key == QLatin1String("fail_timeout"))
            s.failTimeoutMs = parseDurationMs(value).value_or(s.failTimeoutMs);
        else if (key == QLatin1String("max_conns"))
            s.maxConns = value.toInt();
        else if (key == QLatin1String("backup"))
            s.backup = true;
        else if (key == QLatin1String("down"))
            s.down = true;
    }
    return s;
}

ConfigModel::Upstream parseUpstream(const ConfigDirective &d)
{
    ConfigModel::Upstream u;
    u.name = d.arg(0);
    u.source = sourceOf(d);
    u.balancer = QStringLiteral("round_robin");
    for (const ConfigDirective &c : d.children) {
        if (c.name == QLatin1String("server"))
            u.servers.append(parseUpstreamServer(c));
        else if (c.name == QLatin1String("keepalive"))
            u.keepalive = c.arg(0).toInt();
        else if (c.name == QLatin1String("least_conn") || c.name == QLatin1String("ip_hash")
                 || c.name == QLatin1String("hash") || c.name == QLatin1String("random")
                 || c.name == QLatin1String("least_time"))
            u.balancer = c.name;
    }
    return u;
}

class Builder
{
public:
    Builder(ConfigModel &model, const ConfigModel::Options &options)
        : m_model(model)
        , m_options(options)
    {}

    void main(const QList<ConfigDirective> &root)
    {
        for (const ConfigDirective &d : root) {
            if (d.name == QLatin1String("user")) {
                m_model.user = d.arg(0);
                m_model.group = d.arg(1);
                m_model.userSource = sourceOf(d);
            } else if (d.name == QLatin1String("worker_processes")) {
                m_model.workerProcesses = d.arg(0);
            } else if (d.name == QLatin1String("worker_rlimit_nofile")) {
                m_model.workerRlimitNofile = d.arg(0).toInt();
            } else if (d.name == QLatin1String("pid")) {
                m_model.pidPath = resolvePath(d.arg(0), m_options.prefix);
            } else if (d.name == QLatin1String("error_log")) {
                m_model.errorLogs.append(errorLog(d, QStringLiteral("main"), {}));
            } else if (d.name == QLatin1String("events")) {
                if (const ConfigDirective *wc = d.child(QLatin1String("worker_connections"))) {
                    m_model.workerConnections = wc->arg(0).toInt();
                    m_model.workerConnectionsSource = sourceOf(*wc);
                }
            } else if (d.name == QLatin1String("http")) {
                http(d);
            }
        }
    }

private:
    ConfigModel::LogFile errorLog(const ConfigDirective &d, const QString &ctx, const QString &srv)
    {
        ConfigModel::LogFile f;
        f.rawPath = d.arg(0);
        f.path = resolvePath(f.rawPath, m_options.prefix);
        f.level = d.args.size() > 1 ? d.arg(1) : QStringLiteral("error");
        f.context = ctx;
        f.serverName = srv;
        f.source = sourceOf(d);
        return f;
    }

    ConfigModel::LogFile accessLog(const ConfigDirective &d, const QString &ctx, const QString &srv)
    {
        ConfigModel::LogFile f;
        f.rawPath = d.arg(0);
        f.off = f.rawPath == QLatin1String("off");
        f.path = resolvePath(f.rawPath, m_options.prefix);
        if (!f.off)
            f.formatName = d.args.size() > 1 ? d.arg(1) : QStringLiteral("combined");
        f.context = ctx;
        f.serverName = srv;
        f.source = sourceOf(d);
        return f;
    }

    void http(const ConfigDirective &block)
    {
        m_httpRoot = resolvePath(QStringLiteral("html"), m_options.prefix);
        m_httpSettings = mergeSettings(m_model.httpSettings, block);
        m_model.httpSettings = m_httpSettings;
        for (const ConfigDirective &d : block.children) {
            if (d.name == QLatin1String("root"))
                m_httpRoot = resolvePath(d.arg(0), m_options.prefix);
            else if (d.name == QLatin1String("upstream") && d.hasBlock)
                m_model.upstreams.append(parseUpstream(d));
            else if (d.name == QLatin1String("log_format"))
                logFormat(d);
            else if (d.name == QLatin1String("error_log"))
                m_model.errorLogs.append(errorLog(d, QStringLiteral("http"), {}));
            else if (d.name == QLatin1String("access_log"))
                m_model.accessLogs.append(accessLog(d, QStringLiteral("http"), {}));
        }
        for (const ConfigDirective &d : block.children) {
            if (d.name == QLatin1String("server") && d.hasBlock)
                server(d);
        }
    }

    void logFormat(const ConfigDirective &d)
    {
        ConfigModel::LogFormat f;
        f.name = d.arg(0);
        f.source = sourceOf(d);
        f.escape = QStringLiteral("default");
        qsizetype i = 1;
        if (d.arg(1).startsWith(QLatin1String("escape="))) {
            f.escape = d.arg(1).mid(7);
            i = 2;
        }
        for (; i < d.args.size(); ++i)
            f.format += d.args.at(i);
        m_model.logFormats.insert(f.name, f);
    }

    void server(const ConfigDirective &block)
    {
        ConfigModel::Server s;
        s.source = sourceOf(block);
        s.settings = mergeSettings(m_httpSettings, block);
        s.root = m_httpRoot;
        for (const ConfigDirective &d : block.children) {
            if (d.name == QLatin1String("server_name"))
                s.names.append(d.args);
            else if (d.name == QLatin1String("root"))
                s.root = resolvePath(d.arg(0), m_options.prefix);
        }
        const QString firstName = s.names.value(0);
        for (const ConfigDirective &d : block.children) {
            if (d.name == QLatin1String("listen")) {
                s.listens.append(parseListen(d));
            } else if (d.name == QLatin1String("error_log")) {
                auto f = errorLog(d, QStringLiteral("server"), firstName);
                s.errorLogs.append(f);
                m_model.errorLogs.append(f);
            } else if (d.name == QLatin1String("access_log")) {
                auto f = accessLog(d, QStringLiteral("server"), firstName);
                s.accessLogs.append(f);
                m_model.accessLogs.append(f);
            } else if (d.name == QLatin1String("location") && d.hasBlock) {
                location(d, s, s.settings, s.root, {});
            }
        }
        if (s.listens.isEmpty()) {
            ConfigModel::Listen l;
            l.address = QStringLiteral("*");
            l.port = 80;
            l.raw = QStringLiteral("*:80");
            l.implicit = true;
            l.source = s.source;
            s.listens.append(l);
        }
        m_model.servers.append(std::move(s));
    }

    void location(const ConfigDirective &block,
                  ConfigModel::Server &s,
                  const Settings &inherited,
                  const QString &inheritedRoot,
                  const QString &parentPath)
    {
        ConfigModel::Location loc;
        loc.source = sourceOf(block);
        loc.parentPath = parentPath;
        if (block.args.size() >= 2) {
            loc.modifier = block.arg(0);
            loc.path = block.arg(1);
        } else if (block.arg(0).startsWith(QLatin1Char('@'))) {
            loc.modifier = QStringLiteral("@");
            loc.path = block.arg(0).mid(1);
        } else if (block.arg(0).startsWith(QLatin1Char('='))) { // "=/exact"
            loc.modifier = QStringLiteral("=");
            loc.path = block.arg(0).mid(1);
        } else {
            loc.path = block.arg(0);
        }
        loc.settings = mergeSettings(inherited, block);
        loc.root = inheritedRoot;
        const ConfigDirective *passInIf = nullptr;
        for (const ConfigDirective &d : block.children) {
            if (d.name == QLatin1String("root")) {
                loc.root = resolvePath(d.arg(0), m_options.prefix);
            } else if (d.name == QLatin1String("alias")) {
                loc.alias = d.arg(0);
            } else if (isPassDirective(d.name) && !d.args.isEmpty()) {
                auto t = parsePass(d);
                linkUpstream(t);
                loc.pass = t;
            } else if (d.name == QLatin1String("if") && d.hasBlock && !passInIf) {
                for (const ConfigDirective &c : d.children) {
                    if (isPassDirective(c.name) && !c.args.isEmpty())
                        passInIf = &c;
                }
            } else if (d.name == QLatin1String("error_log")) {
                auto f = errorLog(d, QStringLiteral("location"), s.names.value(0));
                s.errorLogs.append(f);
                m_model.errorLogs.append(f);
            } else if (d.name == QLatin1String("access_log")) {
                auto f = accessLog(d, QStringLiteral("location"), s.names.value(0));
                s.accessLogs.append(f);
                m_model.accessLogs.append(f);
            }
        }
        if (!loc.pass && passInIf) {
            auto t = parsePass(*passInIf);
            linkUpstream(t);
            loc.pass = t;
        }
        const Settings settings = loc.settings;
        const QString root = loc.root;
        const QString path = loc.path;
        s.locations.append(std::move(loc));
        for (const ConfigDirective &d : block.children) {
            if (d.name == QLatin1String("location") && d.hasBlock)
                location(d, s, settings, root, path);
        }
    }

    void linkUpstream(ConfigModel::PassTarget &t) const
    {
        if (t.isUnix() || t.port != 0 || t.hasVariables)
            return;
        for (const ConfigModel::Upstream &u : m_model.upstreams) {
            if (u.name == t.host) {
                t.upstreamName = u.name;
                return;
            }
        }
    }

    ConfigModel &m_model;
    const ConfigModel::Options &m_options;
    Settings m_httpSettings;
    QString m_httpRoot = QStringLiteral("html");
};

QJsonObject sourceJson(const Source &s)
{
    if (!s.isValid())
        return {};
    return QJsonObject{{QStringLiteral("file"), s.file}, {QStringLiteral("line"), s.line}};
}

QJsonObject settingsJson(const Settings &settings)
{
    QJsonObject o;
    for (auto it = settings.cbegin(); it != settings.cend(); ++it) {
        QJsonObject v{{QStringLiteral("value"), it.value().value}};
        if (!it.value().isDefault())
            v.insert(QStringLiteral("source"), sourceJson(it.value().source));
        o.insert(it.key(), v);
    }
    return o;
}

QJsonObject logJson(const ConfigModel::LogFile &f)
{
    QJsonObject o{{QStringLiteral("path"), f.path},
                  {QStringLiteral("context"), f.context},
                  {QStringLiteral("source"), sourceJson(f.source)}};
    if (!f.level.isEmpty())
        o.insert(QStringLiteral("level"), f.level);
    if (!f.formatName.isEmpty())
        o.insert(QStringLiteral("format"), f.formatName);
    if (f.off)
        o.insert(QStringLiteral("off"), true);
    if (!f.serverName.isEmpty())
        o.insert(QStringLiteral("server"), f.serverName);
    return o;
}

QJsonObject passJson(const ConfigModel::PassTarget &t)
{
    QJsonObject o{{QStringLiteral("directive"), t.directive},
                  {QStringLiteral("raw"), t.raw},
                  {QStringLiteral("scheme"), t.scheme},
                  {QStringLiteral("peer"), t.peer()},
                  {QStringLiteral("source"), sourceJson(t.source)}};
    if (!t.upstreamName.isEmpty())
        o.insert(QStringLiteral("upstream"), t.upstreamName);
    if (!t.uri.isEmpty())
        o.insert(QStringLiteral("uri"), t.uri);
    if (t.hasVariables)
        o.insert(QStringLiteral("variables"), true);
    return o;
}

} // namespace

std::optional<qint64> ConfigModel::Setting::milliseconds() const
{
    return parseDurationMs(value);
}

std::optional<qint64> ConfigModel::Setting::bytes() const
{
    return parseSize(value);
}

int ConfigModel::PassTarget::effectivePort() const
{
    if (port != 0 || isUnix() || !upstreamName.isEmpty())
        return port;
    if (scheme == QLatin1String("https") || scheme == QLatin1String("grpcs"))
        return 443;
    return 80;
}

QString ConfigModel::PassTarget::peer() const
{
    if (isUnix())
        return QLatin1String("unix:") + unixPath;
    if (!upstreamName.isEmpty() || hasVariables)
        return host;
    const QString h
            = host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    return h + QLatin1Char(':') + QString::number(effectivePort());
}

bool ConfigModel::Server::isDefaultFor(int port) const
{
    for (const Listen &l : listens) {
        if (l.port == port && l.defaultServer)
            return true;
    }
    return false;
}

const QMap<QString, QString> &ConfigModel::settingDefaults()
{
    static const QMap<QString, QString> defaults = {
            {QStringLiteral("proxy_connect_timeout"), QStringLiteral("60s")},
            {QStringLiteral("proxy_read_timeout"), QStringLiteral("60s")},
            {QStringLiteral("proxy_send_timeout"), QStringLiteral("60s")},
            {QStringLiteral("proxy_buffer_size"), QStringLiteral("4k")},
            {QStringLiteral("proxy_buffers"), QStringLiteral("8 4k")},
            {QStringLiteral("proxy_busy_buffers_size"), QStringLiteral("8k")},
            {QStringLiteral("proxy_buffering"), QStringLiteral("on")},
            {QStringLiteral("proxy_http_version"), QStringLiteral("1.0")},
            {QStringLiteral("proxy_next_upstream"), QStringLiteral("error timeout")},
            {QStringLiteral("proxy_next_upstream_tries"), QStringLiteral("0")},
            {QStringLiteral("proxy_intercept_errors"), QStringLiteral("off")},
            {QStringLiteral("proxy_ssl_verify"), QStringLiteral("off")},
            {QStringLiteral("proxy_ssl_server_name"), QStringLiteral("off")},
            {QStringLiteral("fastcgi_connect_timeout"), QStringLiteral("60s")},
            {QStringLiteral("fastcgi_read_timeout"), QStringLiteral("60s")},
            {QStringLiteral("fastcgi_send_timeout"), QStringLiteral("60s")},
            {QStringLiteral("fastcgi_buffer_size"), QStringLiteral("4k")},
            {QStringLiteral("fastcgi_buffers"), QStringLiteral("8 4k")},
            {QStringLiteral("fastcgi_busy_buffers_size"), QStringLiteral("8k")},
            {QStringLiteral("fastcgi_next_upstream"), QStringLiteral("error timeout")},
            {QStringLiteral("fastcgi_intercept_errors"), QStringLiteral("off")},
            {QStringLiteral("fastcgi_keep_conn"), QStringLiteral("off")},
            {QStringLiteral("uwsgi_connect_timeout"), QStringLiteral("60s")},
            {QStringLiteral("uwsgi_read_timeout"), QStringLiteral("60s")},
            {QStringLiteral("uwsgi_send_timeout"), QStringLiteral("60s")},
            {QStringLiteral("uwsgi_buffer_size"), QStringLiteral("4k")},
            {QStringLiteral("uwsgi_buffers"), QStringLiteral("8 4k")},
            {QStringLiteral("grpc_connect_timeout"), QStringLiteral("60s")},
            {QStringLiteral("grpc_read_timeout"), QStringLiteral("60s")},
            {QStringLiteral("grpc_send_timeout"), QStringLiteral("60s")},
            {QStringLiteral("grpc_buffer_size"), QStringLiteral("4k")},
            {QStringLiteral("client_max_body_size"), QStringLiteral("1m")},
            {QStringLiteral("client_body_timeout"), QStringLiteral("60s")},
            {QStringLiteral("client_header_timeout"), QStringLiteral("60s")},
            {QStringLiteral("large_client_header_buffers"), QStringLiteral("4 8k")},
            {QStringLiteral("send_timeout"), QStringLiteral("60s")},
            {QStringLiteral("keepalive_timeout"), QStringLiteral("75s")},
            {QStringLiteral("resolver"), QString()},
            {QStringLiteral("resolver_timeout"), QStringLiteral("30s")},
    };
    return defaults;
}

ConfigModel ConfigModel::build(const QList<ConfigDirective> &root, const Options &options)
{
    ConfigModel model;
    for (auto it = settingDefaults().cbegin(); it != settingDefaults().cend(); ++it)
        model.httpSettings.insert(it.key(), Setting{it.value(), {}});
    LogFormat combined;
    combined.name = QStringLiteral("combined");
    combined.format = kCombined;
    combined.escape = QStringLiteral("default");
    combined.builtin = true;
    model.logFormats.insert(combined.name, combined);
    Builder builder(model, options);
    builder.main(root);
    return model;
}

const ConfigModel::Upstream *ConfigModel::upstream(QStringView name) const
{
    for (const Upstream &u : upstreams) {
        if (u.name == name)
            return &u;
    }
    return nullptr;
}

QList<QPair<const ConfigModel::Server *, const ConfigModel::Location *>>
ConfigModel::passLocations() const
{
    QList<QPair<const Server *, const Location *>> out;
    for (const Server &s : servers) {
        for (const Location &l : s.locations) {
            if (l.pass)
                out.append({&s, &l});
        }
    }
    return out;
}

QJsonObject ConfigModel::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("user"), user);
    if (!group.isEmpty())
        o.insert(QStringLiteral("group"), group);
    o.insert(QStringLiteral("worker_processes"), workerProcesses);
    o.insert(QStringLiteral("worker_connections"), workerConnections);
    if (workerRlimitNofile)
        o.insert(QStringLiteral("worker_rlimit_nofile"), workerRlimitNofile);
    if (!pidPath.isEmpty())
        o.insert(QStringLiteral("pid"), pidPath);
    QJsonArray errs, accs, srvs, ups;
    for (const LogFile &f : errorLogs)
        errs.append(logJson(f));
    for (const LogFile &f : accessLogs)
        accs.append(logJson(f));
    o.insert(QStringLiteral("error_logs"), errs);
    o.insert(QStringLiteral("access_logs"), accs);
    QJsonObject formats;
    for (const LogFormat &f : logFormats) {
        QJsonObject fo{{QStringLiteral("format"), f.format}, {QStringLiteral("escape"), f.escape}};
        if (f.builtin)
            fo.insert(QStringLiteral("builtin"), true);
        else
            fo.insert(QStringLiteral("source"), sourceJson(f.source));
        formats.insert(f.name, fo);
    }
    o.insert(QStringLiteral("log_formats"), formats);
    for (const Upstream &u : upstreams) {
        QJsonArray servs;
        for (const UpstreamServer &s : u.servers) {
            QJsonObject so{{QStringLiteral("address"), s.address},
                           {QStringLiteral("max_fails"), s.maxFails},
                           {QStringLiteral("fail_timeout_ms"), s.failTimeoutMs},
                           {QStringLiteral("weight"), s.weight}};
            if (s.backup)
                so.insert(QStringLiteral("backup"), true);
            if (s.down)
                so.insert(QStringLiteral("down"), true);
            servs.append(so);
        }
        ups.append(QJsonObject{{QStringLiteral("name"), u.name},
                               {QStringLiteral("servers"), servs},
                               {QStringLiteral("keepalive"), u.keepalive},
                               {QStringLiteral("balancer"), u.balancer},
                               {QStringLiteral("source"), sourceJson(u.source)}});
    }
    o.insert(QStringLiteral("upstreams"), ups);
    for (const Server &s : servers) {
        QJsonArray listens, locs;
        for (const Listen &l : s.listens) {
            QJsonObject lo{{QStringLiteral("raw"), l.raw}};
            if (l.unixPath.isEmpty()) {
                lo.insert(QStringLiteral("address"), l.address);
                lo.insert(QStringLiteral("port"), l.port);
            } else {
                lo.insert(QStringLiteral("unix"), l.unixPath);
            }
            if (l.ssl)
                lo.insert(QStringLiteral("ssl"), true);
            if (l.defaultServer)
                lo.insert(QStringLiteral("default_server"), true);
            if (l.implicit)
                lo.insert(QStringLiteral("implicit"), true);
            listens.append(lo);
        }
        for (const Location &l : s.locations) {
            QJsonObject lo{{QStringLiteral("match"),
                            l.modifier.isEmpty() ? l.path
                            : l.modifier == QLatin1String("@")
                                    ? QString(QLatin1Char('@') + l.path)
                                    : QString(l.modifier + QLatin1Char(' ') + l.path)},
                           {QStringLiteral("source"), sourceJson(l.source)},
                           {QStringLiteral("root"), l.root}};
            if (l.pass) {
                lo.insert(QStringLiteral("pass"), passJson(*l.pass));
                // Only the settings of the module that passes, to keep the golden files readable.
                const QString prefix
                        = l.pass->directive.left(l.pass->directive.indexOf(QLatin1Char('_')))
                          + QLatin1Char('_');
                Settings relevant;
                for (auto it = l.settings.cbegin(); it != l.settings.cend(); ++it) {
                    if (it.key().startsWith(prefix))
                        relevant.insert(it.key(), it.value());
                }
                lo.insert(QStringLiteral("settings"), settingsJson(relevant));
            }
            locs.append(lo);
        }
        srvs.append(QJsonObject{{QStringLiteral("names"), QJsonArray::fromStringList(s.names)},
                                {QStringLiteral("listens"), listens},
                                {QStringLiteral("root"), s.root},
                                {QStringLiteral("source"), sourceJson(s.source)},
                                {QStringLiteral("locations"), locs}});
    }
    o.insert(QStringLiteral("servers"), srvs);
    return o;
}

} // namespace gs::nginx
