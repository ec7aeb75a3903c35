#include "logs/errorlineclassifier.h"

#include "findings/findingid.h"
#include "nginx/errorclassifier.h"
#include "nginx/errorlogparser.h"
#include "phpfpm/fpmlogentry.h"
#include "phpfpm/fpmlogparser.h"

namespace gs::logs {

using findings::FindingId;
using findings::findingName;

namespace {

const QString kReload = QStringLiteral("nginx.reload");
const QString kFpmRestart = QStringLiteral("fpm.restart");
const QString kOomKill = QStringLiteral("oom.kill");

bool contains(QByteArrayView line, const char *needle)
{
    return line.indexOf(QByteArrayView(needle)) >= 0;
}

QString classifyFpm(QByteArrayView line)
{
    if (contains(line, "fpm is running, pid"))
        return kFpmRestart;
    phpfpm::FpmLogEntry entry;
    if (!phpfpm::FpmLogParser::parseLine(QString::fromUtf8(line), &entry))
        return {};
    switch (entry.kind) {
    case phpfpm::FpmLogEntry::Kind::MaxChildrenReached:
        return findingName(FindingId::PhpFpmMaxChildrenReached);
    case phpfpm::FpmLogEntry::Kind::ChildExitedOnSignal:
        return findingName(FindingId::PhpFpmWorkerKilled);
    case phpfpm::FpmLogEntry::Kind::ExecutionTimedOut:
        return findingName(FindingId::PhpFpmRequestTimeout);
    case phpfpm::FpmLogEntry::Kind::ExecutingTooSlow:
        return findingName(FindingId::PhpFpmSlowRequests);
    default: break;
    }
    return {};
}

} // namespace

QString ErrorLineClassifier::classify(QByteArrayView line)
{
    if (line.isEmpty())
        return {};
    if (line.front() == '[')
        return classifyFpm(line);
    nginx::ErrorLogEntry entry;
    if (nginx::ErrorLogParser::parseHeaderLine(line, &entry)) {
        if (entry.message.contains(QLatin1String("signal process started"))
            || entry.message.startsWith(QLatin1String("reconfiguring"))) {
            return kReload;
        }
        nginx::ErrorLogParser::parseBody(&entry);
        return findingName(nginx::ErrorClassifier::classify(entry).findingId);
    }
    // The journal: "2026-11-21T12:00:03+0100 host kernel: Out of memory: Killed process 42 (php)"
    if (contains(line, "Killed process") || contains(line, "killed process"))
        return kOomKill;
    return {};
}

bool ErrorLineClassifier::isEvent(const QString &id)
{
    return id == kReload || id == kFpmRestart || id == kOomKill;
}

QString ErrorLineClassifier::label(const QString &id)
{
    if (id == kReload)
        return QStringLiteral("nginx reload");
    if (id == kFpmRestart)
        return QStringLiteral("PHP-FPM restart");
    if (id == kOomKill)
        return QStringLiteral("OOM kill");
    return id;
}

} // namespace gs::logs
