#include "checks/fpmmodel.h"

#include "phpfpm/fpmlogparser.h"
#include "phpfpm/fpmstatusparser.h"
#include "phpfpm/poolconfigparser.h"

#include <QDir>
#include <QHostAddress>
#include <QRegularExpression>

#include <algorithm>

namespace gs::checks {

namespace {

// "@@file PATH" blocks of remotescripts::fpmConfig into the instance's configuration.
void parseConfigDump(FpmInstance &instance, const CommandOutput &output)
{
    if (!output.ran) {
        instance.configError = output.error;
        return;
    }
    static const QRegularExpression sectionHeader(QStringLiteral("^\\s*\\[([^\\]]+)\\]"),
                                                  QRegularExpression::MultilineOption);
    QString currentFile;
    QString content;
    // An included file without a section header continues the including file's section; files
    // come depth-first, so that is the last section seen before it.
    QString section = QStringLiteral("global");
    bool first = true;
    auto flush = [&] {
        if (currentFile.isEmpty())
            return;
        if (first) {
            instance.conf = phpfpm::PoolConfigParser::parse(content, currentFile);
            first = false;
        } else {
            phpfpm::PoolConfigParser::parseInto(instance.conf, content, currentFile, section);
        }
        auto headers = sectionHeader.globalMatch(content);
        while (headers.hasNext())
            section = headers.next().captured(1).trimmed();
        instance.files << currentFile;
        instance.configRead = true;
        currentFile.clear();
        content.clear();
    };
    const QStringList lines = QString::fromUtf8(output.out).split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        if (line.startsWith(QLatin1String("@@file "))) {
            flush();
            currentFile = line.mid(7);
        } else if (line.startsWith(QLatin1String("@@unreadable "))) {
            flush();
            const QString path = line.mid(13);
            const QString why = lines.value(i + 1).trimmed();
            ++i;
            if (first) {
                instance.configError = QStringLiteral("cannot read %1: %2").arg(path, why);
                return;
            }
            instance.unreadable << QStringLiteral("%1 (%2)").arg(path, why);
        } else if (!currentFile.isEmpty()) {
            content += line + QLatin1Char('\n');
        }
    }
    flush();
    if (!instance.configRead && instance.configError.isEmpty()) {
        const QString err = QString::fromUtf8(output.err).trimmed();
        instance.configError = err.isEmpty() ? QStringLiteral("no output") : err;
    }
}

// The body of a status page: cgi-fcgi prints the CGI headers first.
QByteArray statusBody(const QByteArray &out)
{
    static const QRegularExpression header(QStringLiteral("^[A-Za-z-]+: "));
    const qsizetype end = out.indexOf("\r\n\r\n");
    if (end > 0 && header.match(QString::fromUtf8(out.left(64))).hasMatch())
        return out.mid(end + 4);
    return out;
}

bool isWildcard(const QString &host)
{
    return host.isEmpty() || host == QLatin1String("*") || host == QLatin1String("0.0.0.0")
           || host == QLatin1String("::");
}

bool sameHost(const QString &a, const QString &b)
{
    if (a.compare(b, Qt::CaseInsensitive) == 0)
        return true;
    auto loopback = [](const QString &h) {
        return h == QLatin1String("localhost") || QHostAddress(h).isLoopback();
    };
    // localhost resolves to both loopbacks; 127.0.0.1 and ::1 are different sockets.
    if (a == QLatin1String("localhost") || b == QLatin1String("localhost"))
        return loopback(a) && loopback(b);
    const QHostAddress ha(a);
    const QHostAddress hb(b);
    return !ha.isNull() && ha == hb;
}

} // namespace

QString FpmModel::defaultConfigFor(const QString &binary)
{
    static const QRegularExpression versioned(QStringLiteral("php-fpm(\\d+\\.\\d+)$"));
    static const QRegularExpression remi(QStringLiteral("^/opt/remi/(php\\d+)/root/"));
    const auto v = versioned.match(binary);
    if (v.hasMatch())
        return QStringLiteral("/etc/php/%1/fpm/php-fpm.conf").arg(v.captured(1));
    const auto r = remi.match(binary);
    if (r.hasMatch())
        return QStringLiteral("/etc/opt/remi/%1/php-fpm.conf").arg(r.captured(1));
    return QStringLiteral("/etc/php-fpm.conf");
}

QString FpmModel::binaryFor(const QString &config, const QStringList &binaries)
{
    static const QRegularExpression version(QStringLiteral("/php/?(\\d+\\.\\d+)/"));
    const auto match = version.match(config);
    if (match.hasMatch()) {
        for (const QString &binary : binaries) {
            if (binary.endsWith(QStringLiteral("php-fpm") + match.captured(1)))
                return binary;
        }
    }
    return binaries.value(0, QStringLiteral("php-fpm"));
}

QList<FpmInstance> FpmModel::discover(const discovery::HostFacts &facts)
{
    QList<FpmInstance> list;
    for (const auto &master : facts.fpm.masters) {
        if (master.config.isEmpty() || list.size() >= 4)
            continue;
        if (std::any_of(list.begin(), list.end(), [&](const FpmInstance &i) {
                return i.config == master.config;
            }))
            continue;
        FpmInstance instance;
        instance.config = master.config;
        instance.binary = master.binary.isEmpty() ? binaryFor(master.config, facts.fpm.binaries)
                                                  : master.binary;
        instance.masterPid = master.pid;
        instance.masterUser = master.user;
        list << instance;
    }
    const bool mastersRun = !list.isEmpty();
    for (const QString &binary : facts.fpm.binaries) {
        const QString config = defaultConfigFor(binary);
        if (list.size() >= 4 || std::any_of(list.begin(), list.end(), [&](const FpmInstance &i) {
                return i.config == config;
            }))
            continue;
        FpmInstance instance;
        instance.config = config;
        instance.binary = binary;
        instance.dormant = mastersRun;
        list << instance;
    }
    return list;
}

QString FpmModel::resolveErrorLog(const phpfpm::PoolConfig &conf)
{
    QString path = conf.errorLog();
    if (path.isEmpty())
        path = QStringLiteral("log/php-fpm.log"); // FPM's default
    if (path.startsWith(QLatin1String("syslog")))
        return {};
    if (!path.startsWith(QLatin1Char('/')))
        path = QStringLiteral("/var/") + path; // PHP_LOCALSTATEDIR of distribution builds
    return QDir::cleanPath(path);
}

bool FpmModel::splitHostPort(const QString &text, QString *host, int *port)
{
    host->clear();
    *port = 0;
    bool ok = false;
    if (text.startsWith(QLatin1Char('['))) {
        const qsizetype close = text.indexOf(QStringLiteral("]:"));
        if (close < 0)
            return false;
        *host = text.mid(1, close - 1);
        *port = text.mid(close + 2).toInt(&ok);
        return ok;
    }
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon < 0) {
        *port = text.toInt(&ok);
        return ok;
    }
    *host = text.left(colon);
    *port = text.mid(colon + 1).toInt(&ok);
    return ok;
}

QString FpmModel::peerOf(const QString &listen)
{
    if (listen.startsWith(QLatin1Char('/')))
        return QLatin1String("unix:") + QDir::cleanPath(listen);
    QString host;
    int port = 0;
    if (!splitHostPort(listen, &host, &port))
        return listen;
    if (isWildcard(host))
        host = QStringLiteral("127.0.0.1");
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return host + QLatin1Char(':') + QString::number(port);
}

bool FpmModel::listenMatches(const QString &listen, const QString &peer)
{
    if (listen.isEmpty())
        return false;
    if (peer.startsWith(QLatin1String("unix:")))
        return listen.startsWith(QLatin1Char('/'))
               && QDir::cleanPath(listen) == QDir::cleanPath(peer.mid(5));
    if (listen.startsWith(QLatin1Char('/')) || listen.startsWith(QLatin1Char('@')))
        return false;
    QString listenHost;
    int listenPort = 0;
    QString peerHost;
    int peerPort = 0;
    if (!splitHostPort(listen, &listenHost, &listenPort)
        || !splitHostPort(peer, &peerHost, &peerPort) || listenPort != peerPort)
        return false;
    if (listenHost.isEmpty() || listenHost == QLatin1String("::")
        || listenHost == QLatin1String("*"))
        return true; // FPM's "port" alone listens on every address
    if (listenHost == QLatin1String("0.0.0.0"))
        return !peerHost.contains(QLatin1Char(':'));
    return sameHost(listenHost, peerHost);
}

std::optional<FpmModel::PoolRef> FpmModel::poolForPeer(const QString &peer) const
{
    for (const FpmInstance &instance : instances) {
        for (const auto &pool : instance.conf.pools) {
            if (listenMatches(pool.listen(), peer))
                return PoolRef{&instance, &pool};
        }
    }
    return std::nullopt;
}

bool FpmModel::anyConfigRead() const
{
    return std::any_of(
            instances.begin(), instances.end(), [](const FpmInstance &i) { return i.configRead; });
}

QStringList FpmModel::listens() const
{
    QStringList out;
    for (const FpmInstance &instance : instances) {
        for (const auto &pool : instance.conf.pools)
            out << pool.listen();
    }
    return out;
}

QStringList FpmModel::unreadable() const
{
    QStringList out;
    for (const FpmInstance &instance : instances)
        out += instance.unreadable;
    return out;
}

void FpmModel::readConfigs(const RawObservations &raw,
                           const discovery::HostFacts &facts,
                           bool withDormant)
{
    // Rebuilt in discovery order; an installation read before keeps what was parsed of it.
    QList<FpmInstance> before = std::move(instances);
    instances.clear();
    for (FpmInstance &found : discover(facts)) {
        const CommandOutput *dump = raw.get(ProbeId::FpmConfig, found.config);
        // A dormant installation counts only when round three read it.
        if (found.dormant && (!withDormant || !dump))
            continue;
        const auto kept = std::find_if(before.begin(), before.end(), [&found](const auto &seen) {
            return seen.config == found.config;
        });
        if (kept != before.end()) {
            instances << std::move(*kept);
            continue;
        }
        if (dump)
            parseConfigDump(found, *dump);
        else
            found.configError = QStringLiteral("not read");
        if (found.configRead)
            found.errorLog = resolveErrorLog(found.conf);
        instances << std::move(found);
    }
}

void FpmModel::readTests(const RawObservations &raw)
{
    for (FpmInstance &instance : instances) {
        const CommandOutput *test = raw.get(ProbeId::FpmTest, instance.config);
        if (instance.testRan || !test || !test->ran)
            continue;
        instance.testRan = true;
        instance.testOutput = QString::fromUtf8(test->out + test->err).trimmed();
        instance.test = phpfpm::FpmTestOutputParser::parse(instance.testOutput);
    }
}

void FpmModel::readLogs(const RawObservations &raw, const QDateTime &windowStartUtc)
{
    for (FpmInstance &instance : instances) {
        if (instance.errorLog.isEmpty())
            continue;
        const CommandOutput *log = raw.get(ProbeId::FpmLog, instance.errorLog);
        if (!log) {
            instance.logError = QStringLiteral("not read");
            continue;
        }
        if (!log->ok()) {
            instance.logError = log->ran ? QString::fromUtf8(log->err).trimmed() : log->error;
            continue;
        }
        instance.logRead = true;
        const auto parsed = phpfpm::FpmLogParser::parse(log->out);
        for (const auto &entry : parsed.entries) {
            if (!entry.wallTime.isValid())
                continue;
            const QDateTime utc = entry.wallTime.addSecs(-raw.utcOffsetSeconds);
            if (utc >= windowStartUtc)
                instance.log.append({entry, utc});
        }
    }
}

void FpmModel::readStatus(const RawObservations &raw)
{
    for (const auto &[pool, found] : raw.each(ProbeId::FpmStatus)) {
        FpmPoolStatus page;
        page.pool = pool;
        const CommandOutput &output = *found;
        page.via = output.command.contains(QLatin1String("cgi-fcgi")) ? QStringLiteral("cgi-fcgi")
                                                                      : QStringLiteral("nginx");
        page.raw = QString::fromUtf8(output.out).left(4000);
        if (!output.ran) {
            page.error = output.error;
        } else if (output.exitStatus == 124) {
            page.timedOut = true;
            page.error = QStringLiteral("no answer within 8 s");
        } else if (output.out.startsWith("@@missing")) {
            page.error = QStringLiteral("cgi-fcgi is not installed");
        } else if (auto parsed = phpfpm::FpmStatusParser::parse(statusBody(output.out))) {
            page.ok = true;
            page.status = *parsed;
        } else {
            page.error = QString::fromUtf8(output.out + output.err).trimmed().left(200);
        }
        status.insert(page.pool, page);
    }
}

FpmModel FpmModel::build(const RawObservations &raw,
                         const discovery::HostFacts &facts,
                         const QDateTime &windowStartUtc)
{
    FpmModel model;
    model.readConfigs(raw, facts, true);
    model.readTests(raw);
    model.readLogs(raw, windowStartUtc);
    model.readStatus(raw);
    return model;
}

} // namespace gs::checks
