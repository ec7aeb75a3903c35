#include "phpfpm/fpmstatusparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace gs::phpfpm {

namespace {

// Field names are the same in plain text and JSON ("accepted conn").
void setPoolField(FpmStatus &s, const QString &key, const QString &value)
{
    const qint64 n = value.toLongLong();
    if (key == QLatin1String("pool"))
        s.pool = value;
    else if (key == QLatin1String("process manager"))
        s.processManager = value;
    else if (key == QLatin1String("start time"))
        s.startTime = value;
    else if (key == QLatin1String("start since"))
        s.startSince = n;
    else if (key == QLatin1String("accepted conn"))
        s.acceptedConn = n;
    else if (key == QLatin1String("listen queue"))
        s.listenQueue = n;
    else if (key == QLatin1String("max listen queue"))
        s.maxListenQueue = n;
    else if (key == QLatin1String("listen queue len"))
        s.listenQueueLen = n;
    else if (key == QLatin1String("idle processes"))
        s.idleProcesses = n;
    else if (key == QLatin1String("active processes"))
        s.activeProcesses = n;
    else if (key == QLatin1String("total processes"))
        s.totalProcesses = n;
    else if (key == QLatin1String("max active processes"))
        s.maxActiveProcesses = n;
    else if (key == QLatin1String("max children reached"))
        s.maxChildrenReached = n;
    else if (key == QLatin1String("slow requests"))
        s.slowRequests = n;
}

void setProcessField(FpmStatus::Process &p, const QString &key, const QString &value)
{
    if (key == QLatin1String("pid"))
        p.pid = value.toLongLong();
    else if (key == QLatin1String("state"))
        p.state = value;
    else if (key == QLatin1String("requests"))
        p.requests = value.toLongLong();
    else if (key == QLatin1String("request duration"))
        p.requestDurationUs = value.toLongLong();
    else if (key == QLatin1String("request method"))
        p.requestMethod = value;
    else if (key.compare(QLatin1String("request uri"), Qt::CaseInsensitive) == 0)
        p.requestUri = value;
    else if (key == QLatin1String("script"))
        p.script = value;
    else if (key == QLatin1String("last request cpu"))
        p.lastRequestCpu = value.toDouble();
    else if (key == QLatin1String("last request memory"))
        p.lastRequestMemory = value.toLongLong();
}

QString jsonText(const QJsonValue &v)
{
    if (!v.isDouble())
        return v.toString();
    const double d = v.toDouble();
    // Whole numbers print without decimals. Casting a double outside qint64's range to qint64 is
    // undefined ("start since": 1e300 from a hostile server), so the range is checked first;
    // such a number prints in full and reads as 0 in the qint64 fields, like any other junk.
    constexpr double kLimit = 9.2e18;
    const bool whole = std::isfinite(d) && std::abs(d) < kLimit && d == std::trunc(d);
    return QString::number(d, 'f', whole ? 0 : 2);
}

} // namespace

Result<FpmStatus> FpmStatusParser::parse(QByteArrayView body)
{
    FpmStatus s;
    const QByteArrayView trimmed = body.trimmed();
    if (trimmed.startsWith('{')) {
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(trimmed.toByteArray(), &err);
        if (!doc.isObject())
            return makeError(
                    ErrorCode::ParseError,
                    QStringLiteral("The FPM status JSON is invalid: %1").arg(err.errorString()));
        const QJsonObject o = doc.object();
        for (auto it = o.begin(); it != o.end(); ++it)
            setPoolField(s, it.key(), jsonText(it.value()));
        const QJsonArray procs = o.value(QStringLiteral("processes")).toArray();
        for (const QJsonValue &pv : procs) {
            const QJsonObject po = pv.toObject();
            FpmStatus::Process p;
            for (auto it = po.begin(); it != po.end(); ++it)
                setProcessField(p, it.key(), jsonText(it.value()));
            s.processes.append(p);
        }
    } else {
        const QString text = QString::fromUtf8(body);
        FpmStatus::Process *proc = nullptr;
        bool sawPool = false;
        for (QStringView line : QStringView(text).split(QLatin1Char('\n'))) {
            line = line.trimmed();
            if (line.startsWith(QLatin1String("****"))) {
                s.processes.append(FpmStatus::Process{});
                proc = &s.processes.last();
                continue;
            }
            const qsizetype colon = line.indexOf(QLatin1Char(':'));
            if (colon <= 0)
                continue;
            const QString key = line.left(colon).trimmed().toString();
            const QString value = line.mid(colon + 1).trimmed().toString();
            if (proc)
                setProcessField(*proc, key, value);
            else
                setPoolField(s, key, value);
            sawPool = sawPool || key == QLatin1String("pool");
        }
        if (!sawPool)
            return makeError(ErrorCode::ParseError,
                             QStringLiteral("This is not a PHP-FPM status page."),
                             QStringLiteral("Check pm.status_path in the pool and that the nginx "
                                            "location passes it to FPM with SCRIPT_FILENAME."));
    }
    if (s.pool.isEmpty())
        return makeError(ErrorCode::ParseError, QStringLiteral("The FPM status has no pool name."));
    return s;
}

} // namespace gs::phpfpm
