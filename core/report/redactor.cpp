#include "report/redactor.h"

#include <QHostAddress>
#include <QSet>

#include <algorithm>

namespace gs::report {

namespace {

// Strict dotted quad, not part of a longer dotted number (a version such as 1.2.3.4.5).
const QString kIpv4
        = QStringLiteral("(?<![0-9.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
                         "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?![0-9]|\\.[0-9])");
// A candidate only: QHostAddress decides (times such as 12:03:10 are not addresses). "::1" and
// "[::1]:3000" match; "std::1" and "unix:/run" do not (a letter before the colons).
const QString kIpv6
        = QStringLiteral("(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}"
                         "(?:(?:[0-9]{1,3}\\.){3}[0-9]{1,3}|[0-9A-Fa-f]{0,4})(?![0-9A-Za-z:])");
// The top-level domains real systems use: a dotted name under one of them is a host name; file
// names (index.php, nginx.conf, php-fpm.sock, error.log) end in none of these.
const QStringList &topLevelDomains()
{
    static const QStringList domains = QStringLiteral("com net org io de uk fr nl eu info biz co "
                                                      "us ca au ch at be se no dk fi es it pl cz "
                                                      "ru jp cn in br local lan internal intranet "
                                                      "corp home test example localdomain cloud "
                                                      "dev shop online site tech hosting server")
                                               .split(QLatin1Char(' '));
    return domains;
}

QString domainPattern()
{
    return QStringLiteral("(?<![A-Za-z0-9_-])((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.)+"
                          "(?:%1))(?![A-Za-z0-9_-])")
            .arg(topLevelDomains().join(QLatin1Char('|')));
}

// Words of the report's prose and of nginx, PHP-FPM and systemd that a server, site, pool,
// unit or user may happen to be called: as values they would turn "the upstream's unix socket"
// into "the upstream's host-5 socket". Such a name is left as it is; it identifies no one.
const QSet<QString> &ordinaryWords()
{
    static const QSet<QString> words = [] {
        QSet<QString> set;
        for (const char *word :
             {"unix",        "http",     "https",      "fastcgi",       "uwsgi",
              "scgi",        "grpc",     "grpcs",      "memcached",     "tcp",
              "udp",         "host",     "hosts",      "localhost",     "socket",
              "sockets",     "server",   "servers",    "upstream",      "upstreams",
              "backend",     "backends", "frontend",   "default",       "www",
              "html",        "web",      "app",        "apps",          "api",
              "site",        "sites",    "test",       "tests",         "prod",
              "production",  "staging",  "dev",        "demo",          "main",
              "master",      "worker",   "workers",    "pool",          "pools",
              "global",      "status",   "ping",       "root",          "nobody",
              "nogroup",     "daemon",   "apache",     "httpd",         "nginx",
              "php",         "fpm",      "php-fpm",    "www-data",      "sshd",
              "ssh",         "systemd",  "journal",    "journald",      "cron",
              "log",         "logs",     "error",      "errors",        "access",
              "run",         "var",      "etc",        "tmp",           "usr",
              "srv",         "opt",      "home",       "sock",          "conf",
              "config",      "service",  "services",   "user",          "users",
              "group",       "groups",   "admin",      "administrator", "ubuntu",
              "debian",      "centos",   "rocky",      "alma",          "fedora",
              "ec2-user",    "vagrant",  "listen",     "location",      "include",
              "index",       "proxy",    "pass",       "proxy_pass",    "fastcgi_pass",
              "server_name", "public",   "private",    "static",        "cache",
              "data",        "local",    "none",       "any",           "all",
              "the",         "and",      "not",        "sudo",          "mysql",
              "redis",       "postgres", "postgresql", "node",          "python",
              "python3",     "gunicorn", "uvicorn",    "puma",          "unicorn",
              "java",        "docker",   "containerd", "dbus",          "polkit",
              "rsyslog",     "syslog",   "getty",      "login",         "console",
              "tty",         "pts",      "ssl",        "tls",           "http2",
              "quic",        "combined", "json",       "debug",         "info",
              "notice",      "warn",     "crit",       "alert",         "emerg"}) {
            set.insert(QString::fromLatin1(word));
        }
        return set;
    }();
    return words;
}

// Public names that appear in logs and messages and identify no customer.
const QSet<QString> &publicDomains()
{
    static const QSet<QString> domains{QStringLiteral("nginx.org"),
                                       QStringLiteral("nginx.com"),
                                       QStringLiteral("php.net"),
                                       QStringLiteral("www.php.net"),
                                       QStringLiteral("debian.org"),
                                       QStringLiteral("www.debian.org"),
                                       QStringLiteral("ubuntu.com"),
                                       QStringLiteral("freedesktop.org"),
                                       QStringLiteral("www.freedesktop.org"),
                                       QStringLiteral("systemd.io"),
                                       QStringLiteral("localhost.localdomain")};
    return domains;
}

// Accounts every Debian or RHEL system has: naming them identifies no one.
const QSet<QString> &systemUsers()
{
    static const QSet<QString> users{QStringLiteral("root"),
                                     QStringLiteral("www-data"),
                                     QStringLiteral("nginx"),
                                     QStringLiteral("nobody"),
                                     QStringLiteral("apache"),
                                     QStringLiteral("daemon"),
                                     QStringLiteral("http"),
                                     QStringLiteral("sshd")};
    return users;
}

QString kindName(Redactor::Kind kind)
{
    switch (kind) {
    case Redactor::Kind::Host: return QStringLiteral("host");
    case Redactor::Kind::Site: return QStringLiteral("site");
    case Redactor::Kind::Address: return QStringLiteral("ip");
    case Redactor::Kind::User: return QStringLiteral("user");
    case Redactor::Kind::Pool: return QStringLiteral("pool");
    case Redactor::Kind::Service: return QStringLiteral("service");
    case Redactor::Kind::Upstream: return QStringLiteral("upstream");
    }
    return QStringLiteral("name");
}

bool isIpv4(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^") + kIpv4 + QStringLiteral("$"));
    return re.match(text).hasMatch();
}

bool isIpv6(const QString &text)
{
    if (!text.contains(QLatin1Char(':')))
        return false;
    QHostAddress address;
    return address.setAddress(text) && address.protocol() == QAbstractSocket::IPv6Protocol;
}

// The "any" addresses name no machine: "listen [::]:80" and "0.0.0.0:80" stay readable.
bool isAnyAddress(const QString &address)
{
    return address == QLatin1String("0.0.0.0") || address == QLatin1String("::");
}

QString canonicalAddress(const QString &address)
{
    return isIpv6(address) ? QHostAddress(address).toString().toLower() : address;
}

// "[::1]:8080" -> "::1", "web7:22" -> "web7", "fe80::1" stays.
QString stripPort(QString host)
{
    if (host.startsWith(QLatin1Char('['))) {
        const qsizetype close = host.indexOf(QLatin1Char(']'));
        return close > 0 ? host.mid(1, close - 1) : host.mid(1);
    }
    if (host.count(QLatin1Char(':')) == 1)
        return host.section(QLatin1Char(':'), 0, 0);
    return host;
}

QString withoutSuffix(const QString &name, const QStringList &suffixes)
{
    for (const QString &suffix : suffixes) {
        if (name.endsWith(suffix, Qt::CaseInsensitive) && name.size() > suffix.size())
            return name.left(name.size() - suffix.size());
    }
    return name;
}

bool isUnitSuffix(const QString &name)
{
    static const QRegularExpression unit(QStringLiteral("\\.(service|socket|timer|target)$"),
                                         QRegularExpression::CaseInsensitiveOption);
    return unit.match(name).hasMatch();
}

} // namespace

QStringList Redactor::vocabulary(Vocabulary which)
{
    QStringList list;
    switch (which) {
    case Vocabulary::OrdinaryWords: list = ordinaryWords().values(); break;
    case Vocabulary::TopLevelDomains: list = topLevelDomains(); break;
    case Vocabulary::PublicDomains: list = publicDomains().values(); break;
    case Vocabulary::SystemUsers: list = systemUsers().values(); break;
    }
    list.sort();
    return list;
}

bool Redactor::isOrdinaryWord(const QString &word)
{
    static const QRegularExpression versioned(
            QStringLiteral("^(php[0-9.]*(-fpm[0-9.]*)?|php-fpm[0-9.]*|systemd-.*|user@.*|"
                           "getty@.*|python[0-9.]*|nginx-.*)$"),
            QRegularExpression::CaseInsensitiveOption);
    const QString lower = word.toLower();
    return ordinaryWords().contains(lower) || versioned.match(lower).hasMatch();
}

void Redactor::keepProse(const QString &passage)
{
    // Short passages would protect fragments of values; the catalog's sentences are long.
    if (passage.size() < 12 || m_prose.contains(passage))
        return;
    m_prose.append(passage);
    static const QRegularExpression word(QStringLiteral("[A-Za-z][A-Za-z0-9_-]{2,}"));
    for (auto it = word.globalMatch(passage); it.hasNext();)
        m_proseWords.insert(it.next().captured().toLower());
}

void Redactor::add(Kind kind, const QString &value)
{
    QString name = value.trimmed();
    if (name.size() >= 2 && name.startsWith(QLatin1Char('"')) && name.endsWith(QLatin1Char('"')))
        name = name.mid(1, name.size() - 2);
    if (kind == Kind::Host || kind == Kind::Site || kind == Kind::Address) {
        name = stripPort(name);
        while (name.startsWith(QLatin1String("*.")) || name.startsWith(QLatin1Char('.')))
            name = name.mid(name.startsWith(QLatin1Char('.')) ? 1 : 2);
        while (name.endsWith(QLatin1Char('.')))
            name.chop(1);
    }
    if (name.isEmpty())
        return;
    if (isIpv4(name) || isIpv6(name)) {
        if (!isAnyAddress(name))
            token(Kind::Address, canonicalAddress(name));
        return;
    }
    if (kind == Kind::Address)
        kind = Kind::Host;
    if (kind == Kind::Service)
        name = withoutSuffix(
                name,
                {QStringLiteral(".service"), QStringLiteral(".socket"), QStringLiteral(".timer")});
    static const QRegularExpression plainName(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.@-]*$"));
    static const QRegularExpression digits(QStringLiteral("^[0-9._-]+$"));
    const QString key = name.toLower();
    if (name.size() < 3 || !plainName.match(name).hasMatch() || digits.match(name).hasMatch()
        || isOrdinaryWord(name) || m_proseWords.contains(key) || publicDomains().contains(key)
        || (kind == Kind::User && systemUsers().contains(key))) {
        return;
    }
    if (!m_map.contains(key)) {
        m_names.append(key);
        m_dirty = true;
    }
    token(kind, key);
}

void Redactor::learn(const QString &text)
{
    if (text.isEmpty())
        return;
    using RE = QRegularExpression;
    // nginx error log fields: the site asked for and the Host header.
    static const RE server(QStringLiteral("\\bserver: ([^,\\s\"]+)"));
    static const RE hostField(QStringLiteral("\\bhost: \"([^\"]+)\""));
    // scheme://[user@]host: "fastcgi://unix:/run/x.sock" names no host.
    static const RE url(QStringLiteral("[A-Za-z][A-Za-z0-9+.-]*://(?:([^@/\\s\"':]+)"
                                       "(?::[^@/\\s\"]*)?@)?(\\[[^\\]]+\\]|[^/:\\s\"'<>?#]+)"));
    static const RE home(QStringLiteral("/home/([^/\\s\"':;,)]+)"));
    static const RE webRoot(QStringLiteral("/(?:var/www(?:/vhosts)?|srv/www|srv/http|srv)/"
                                           "([^/\\s\"':;,)]+)"));
    static const RE siteFile(QStringLiteral("/sites-(?:enabled|available)/([^/\\s\"':;,)]+)"));
    // Per-site logs: /var/log/nginx/shop.access.log, .../logs/shop-error.log.
    static const RE siteLog(QStringLiteral("/([A-Za-z0-9][A-Za-z0-9.-]*?)[._-]"
                                           "(?:access|error|ssl)[A-Za-z0-9._-]*\\.log\\b"));
    static const RE poolFile(QStringLiteral("/(?:pool\\.d|php-fpm\\.d)/([^/\\s\"':;,)]+)\\.conf"));
    static const RE poolLog(QStringLiteral("\\[pool ([^\\]\\s]+)\\]"));
    static const RE unit(QStringLiteral("(?<![A-Za-z0-9@_.-])([A-Za-z0-9][A-Za-z0-9_.@-]*)"
                                        "\\.(?:service|socket|timer)(?![A-Za-z0-9_-])"));
    static const RE unitCommand(QStringLiteral("\\b(?:journalctl(?: [^|;`\\n]*?)? -u|systemctl "
                                               "(?:start|stop|restart|reload|status|enable|"
                                               "disable|edit|cat|show|is-active))"
                                               " +([A-Za-z0-9][A-Za-z0-9_.@-]*)"));
    static const RE initScript(QStringLiteral("(?:/etc/init\\.d/|/etc/rc\\.d/init\\.d/)"
                                              "([A-Za-z0-9][A-Za-z0-9_.@-]*)"));
    static const RE serviceCommand(QStringLiteral("\\bservice +([A-Za-z0-9][A-Za-z0-9_.@-]*) +"
                                                  "(?:start|stop|restart|reload|status)\\b"));
    static const RE userAtHost(QStringLiteral("(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_.-]*)@"
                                              "([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])"));
    static const RE domain(domainPattern(), RE::CaseInsensitiveOption);

    auto each = [&text](const RE &re, auto &&use) {
        for (auto it = re.globalMatch(text); it.hasNext();)
            use(it.next());
    };
    each(server, [this](const auto &m) { add(Kind::Site, m.captured(1)); });
    each(hostField, [this](const auto &m) { add(Kind::Site, m.captured(1)); });
    each(url, [this](const auto &m) {
        add(Kind::User, m.captured(1));
        // A URL names a site (a virtual host) more often than a machine.
        if (m.captured(2).compare(QLatin1String("unix"), Qt::CaseInsensitive) != 0)
            add(Kind::Site, m.captured(2));
    });
    each(home, [this](const auto &m) { add(Kind::User, m.captured(1)); });
    each(webRoot, [this](const auto &m) { add(Kind::Site, m.captured(1)); });
    each(siteFile, [this](const auto &m) {
        add(Kind::Site, withoutSuffix(m.captured(1), {QStringLiteral(".conf")}));
    });
    each(siteLog, [this](const auto &m) { add(Kind::Site, m.captured(1)); });
    each(poolFile, [this](const auto &m) { add(Kind::Pool, m.captured(1)); });
    each(poolLog, [this](const auto &m) { add(Kind::Pool, m.captured(1)); });
    each(unit, [this](const auto &m) { add(Kind::Service, m.captured(1)); });
    each(unitCommand, [this](const auto &m) { add(Kind::Service, m.captured(1)); });
    each(initScript, [this](const auto &m) { add(Kind::Service, m.captured(1)); });
    each(serviceCommand, [this](const auto &m) { add(Kind::Service, m.captured(1)); });
    each(userAtHost, [this](const auto &m) {
        // "getty@tty1.service" is a unit instance, not a login.
        if (isUnitSuffix(m.captured(2)))
            return;
        add(Kind::User, m.captured(1));
        add(Kind::Host, m.captured(2));
    });
    each(domain, [this](const auto &m) { add(Kind::Site, m.captured(1)); });
}

QString Redactor::token(Kind kind, const QString &key)
{
    if (const auto it = m_map.constFind(key); it != m_map.constEnd())
        return *it;
    const QString value
            = kindName(kind) + QLatin1Char('-') + QString::number(++m_counters[int(kind)]);
    m_map.insert(key, value);
    return value;
}

QString Redactor::tokenFor(const QString &value) const
{
    QString key = stripPort(value.trimmed());
    key = (isIpv4(key) || isIpv6(key)) ? canonicalAddress(key) : value.trimmed().toLower();
    return m_map.value(key);
}

void Redactor::rebuild()
{
    if (!m_dirty)
        return;
    m_dirty = false;
    QStringList names = m_names;
    // Longest first: "shop.example.com" before "example.com" before "shop".
    std::sort(names.begin(), names.end(), [](const QString &a, const QString &b) {
        return a.size() != b.size() ? a.size() > b.size() : a < b;
    });
    QStringList escaped;
    for (const QString &name : std::as_const(names))
        escaped << QRegularExpression::escape(name);
    // A name is masked where it stands whole: "acme" in "acme-api" and in
    // /var/www/acme/index.php, not in "acmed".
    QString pattern = QStringLiteral("(?<v4>") + kIpv4 + QStringLiteral(")");
    if (!escaped.isEmpty()) {
        pattern += QStringLiteral("|(?<![A-Za-z0-9])(?<name>") + escaped.join(QLatin1Char('|'))
                   + QStringLiteral(")(?![A-Za-z0-9])");
    }
    m_reNoV6 = QRegularExpression(pattern, QRegularExpression::CaseInsensitiveOption);
    m_re = QRegularExpression(QStringLiteral("(?<v6>") + kIpv6 + QStringLiteral(")|") + pattern,
                              QRegularExpression::CaseInsensitiveOption);
}

QString Redactor::replacement(const QRegularExpressionMatch &match)
{
    if (const QString v6 = match.captured(QStringLiteral("v6")); !v6.isEmpty()) {
        if (!isIpv6(v6)) // a time or a MAC: it may still hold an IPv4 address or a name
            return redactSpan(v6, m_reNoV6);
        return isAnyAddress(canonicalAddress(v6)) ? v6 : token(Kind::Address, canonicalAddress(v6));
    }
    if (const QString v4 = match.captured(QStringLiteral("v4")); !v4.isEmpty())
        return isAnyAddress(v4) ? v4 : token(Kind::Address, v4);
    const QString name = match.captured(QStringLiteral("name"));
    return m_map.value(name.toLower(), name);
}

QString Redactor::redactSpan(const QString &text, const QRegularExpression &re)
{
    QString out;
    out.reserve(text.size());
    qsizetype last = 0;
    for (auto it = re.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        out += QStringView(text).mid(last, match.capturedStart() - last);
        out += replacement(match);
        last = match.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return out;
}

QString Redactor::redact(const QString &text)
{
    if (text.isEmpty())
        return text;
    rebuild();
    // The prose passages in this text, in order, overlapping ones merged.
    QList<std::pair<qsizetype, qsizetype>> kept;
    for (const QString &passage : std::as_const(m_prose)) {
        for (qsizetype at = text.indexOf(passage); at >= 0;
             at = text.indexOf(passage, at + passage.size())) {
            kept.append({at, at + passage.size()});
        }
    }
    std::sort(kept.begin(), kept.end());
    QString out;
    qsizetype from = 0;
    for (const auto &[start, end] : std::as_const(kept)) {
        if (end <= from)
            continue;
        if (start > from)
            out += redactSpan(text.mid(from, start - from), m_re);
        out += QStringView(text).mid(std::max(start, from), end - std::max(start, from));
        from = end;
    }
    out += redactSpan(text.mid(from), m_re);
    return out;
}

} // namespace gs::report
