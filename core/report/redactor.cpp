#include "report/redactor.h"

#include <QHostAddress>
#include <QRegularExpression>

#include <algorithm>

namespace gs::report {

namespace {

// Strict dotted quad, not part of a longer dotted number (a version such as 1.2.3.4.5).
const QString kIpv4
        = QStringLiteral("(?<![0-9.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
                         "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?![0-9]|\\.[0-9])");
// A candidate only: QHostAddress decides (times such as 12:03:10 are not addresses).
const QString kIpv6
        = QStringLiteral("(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}"
                         "(?:(?:[0-9]{1,3}\\.){3}[0-9]{1,3}|[0-9A-Fa-f]{0,4})(?![0-9A-Za-z:])");
// Host names under a top-level domain that real systems use; file names (index.php,
// nginx.conf, php-fpm.sock) end in none of these.
const QString kDomain = QStringLiteral(
        "(?<![A-Za-z0-9_-])((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.)+"
        "(?:com|net|org|io|de|uk|fr|nl|eu|info|biz|co|us|ca|au|ch|at|be|se|no|dk|fi|es|it|pl|cz|"
        "ru|jp|cn|in|br|local|lan|internal|intranet|corp|home|test|example|localdomain|cloud|"
        "dev|shop|online|site|tech|hosting|server))(?![A-Za-z0-9_-])");

const QStringList kUnmaskedHosts{QStringLiteral("localhost"),
                                 QStringLiteral("localhost.localdomain"),
                                 QStringLiteral("_"),
                                 QStringLiteral("*")};
// Accounts every Debian or RHEL system has: naming them identifies no one.
const QStringList kSystemUsers{QStringLiteral("root"),
                               QStringLiteral("www-data"),
                               QStringLiteral("nginx"),
                               QStringLiteral("nobody"),
                               QStringLiteral("apache"),
                               QStringLiteral("daemon"),
                               QStringLiteral("http"),
                               QStringLiteral("sshd")};

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

} // namespace

void Redactor::addHost(const QString &name)
{
    const QString host = stripPort(name.trimmed()).toLower();
    if (host.isEmpty() || kUnmaskedHosts.contains(host))
        return;
    if (isIpv4(host) || isIpv6(host)) {
        addAddress(host);
        return;
    }
    if (!m_hosts.contains(host)) {
        m_hosts.append(host);
        m_dirty = true;
    }
    placeholder(QStringLiteral("host"), host);
}

void Redactor::addUser(const QString &name)
{
    const QString user = name.trimmed();
    if (user.isEmpty() || kSystemUsers.contains(user) || user.contains(QLatin1Char(' ')))
        return;
    if (!m_users.contains(user, Qt::CaseInsensitive)) {
        m_users.append(user);
        m_dirty = true;
    }
    placeholder(QStringLiteral("user"), user);
}

void Redactor::addAddress(const QString &address)
{
    const QString text = stripPort(address.trimmed());
    if (isIpv6(text))
        placeholder(QStringLiteral("ip"), QHostAddress(text).toString());
    else if (isIpv4(text))
        placeholder(QStringLiteral("ip"), text);
    else
        addHost(text);
}

void Redactor::learn(const QString &text)
{
    if (text.isEmpty())
        return;
    static const QRegularExpression server(QStringLiteral("\\bserver: ([^,\\s\"]+)"));
    static const QRegularExpression hostField(QStringLiteral("\\bhost: \"([^\"]+)\""));
    static const QRegularExpression url(
            QStringLiteral("[A-Za-z][A-Za-z0-9+.-]*://(?:([^@/\\s\"':]+)(?::[^@/\\s\"]*)?@)?"
                           "(\\[[^\\]]+\\]|[^/:\\s\"'<>?#]+)"));
    static const QRegularExpression home(QStringLiteral("/home/([^/\\s\"':]+)"));
    static const QRegularExpression userAtHost(
            QStringLiteral("(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_.-]*)@([A-Za-z0-9.-]+"
                           "|\\[[0-9A-Fa-f:.]+\\])"));
    static const QRegularExpression domain(kDomain, QRegularExpression::CaseInsensitiveOption);

    for (auto it = server.globalMatch(text); it.hasNext();)
        addHost(it.next().captured(1));
    for (auto it = hostField.globalMatch(text); it.hasNext();)
        addHost(it.next().captured(1));
    for (auto it = url.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        addUser(match.captured(1));
        addHost(match.captured(2));
    }
    for (auto it = home.globalMatch(text); it.hasNext();)
        addUser(it.next().captured(1));
    for (auto it = userAtHost.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        addUser(match.captured(1));
        addHost(match.captured(2));
    }
    for (auto it = domain.globalMatch(text); it.hasNext();)
        addHost(it.next().captured(1));
}

QString Redactor::placeholder(const QString &kind, const QString &original)
{
    const QString key = original.toLower();
    if (const auto it = m_placeholders.constFind(key); it != m_placeholders.constEnd())
        return *it;
    const QString value = kind + QLatin1Char('-') + QString::number(++m_counters[kind]);
    m_placeholders.insert(key, value);
    return value;
}

QString Redactor::placeholderFor(const QString &original) const
{
    QString key = original.toLower();
    if (isIpv6(original))
        key = QHostAddress(original).toString().toLower();
    return m_placeholders.value(key);
}

void Redactor::rebuild()
{
    if (!m_dirty)
        return;
    m_dirty = false;
    QStringList names = m_hosts + m_users;
    // Longest first: "shop.example.com" before "example.com" before "shop".
    std::sort(names.begin(), names.end(), [](const QString &a, const QString &b) {
        return a.size() != b.size() ? a.size() > b.size() : a < b;
    });
    QStringList escaped;
    for (const QString &name : std::as_const(names))
        escaped << QRegularExpression::escape(name);
    m_patternWithoutIpv6 = QStringLiteral("(?<v4>") + kIpv4 + QStringLiteral(")");
    if (!escaped.isEmpty()) {
        m_patternWithoutIpv6 += QStringLiteral("|(?<![A-Za-z0-9_-])(?<name>")
                                + escaped.join(QLatin1Char('|'))
                                + QStringLiteral(")(?![A-Za-z0-9_-])");
    }
    m_pattern = QStringLiteral("(?<v6>") + kIpv6 + QStringLiteral(")|") + m_patternWithoutIpv6;
}

QString Redactor::redact(const QString &text)
{
    return redact(text, true);
}

QString Redactor::redact(const QString &text, bool withIpv6)
{
    if (text.isEmpty())
        return text;
    rebuild();
    const QRegularExpression re(withIpv6 ? m_pattern : m_patternWithoutIpv6,
                                QRegularExpression::CaseInsensitiveOption);
    QString out;
    out.reserve(text.size());
    qsizetype last = 0;
    for (auto it = re.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        QString replacement;
        const QString v6 = withIpv6 ? match.captured(QStringLiteral("v6")) : QString();
        if (!v6.isEmpty()) {
            // "::" (any address) names no machine; a non-address (a time, a MAC) may still
            // hold an IPv4 address or a name.
            if (v6 == QLatin1String("::"))
                continue;
            replacement = isIpv6(v6)
                                  ? placeholder(QStringLiteral("ip"), QHostAddress(v6).toString())
                                  : redact(v6, false);
        } else if (const QString v4 = match.captured(QStringLiteral("v4")); !v4.isEmpty()) {
            // 0.0.0.0 (any address) names no machine either.
            if (v4 == QLatin1String("0.0.0.0"))
                continue;
            replacement = placeholder(QStringLiteral("ip"), v4);
        } else {
            replacement = m_placeholders.value(match.captured(QStringLiteral("name")).toLower());
        }
        out += QStringView(text).mid(last, match.capturedStart() - last);
        out += replacement;
        last = match.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return out;
}

} // namespace gs::report
