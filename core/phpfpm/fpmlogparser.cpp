#include "phpfpm/fpmlogparser.h"

#include <QRegularExpression>

namespace gs::phpfpm {

namespace {

int monthOf(QStringView m)
{
    static const char *const names[]
            = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (int i = 0; i < 12; ++i) {
        if (m == QLatin1String(names[i]))
            return i + 1;
    }
    return 0;
}

void classify(FpmLogEntry *e)
{
    using K = FpmLogEntry::Kind;
    const QString &m = e->message;
    // Precompiled once; each runs only on lines whose cheap prefix test already matched.
    static const QRegularExpression maxChildren(
            QStringLiteral("^server reached (?:pm\\.)?max_children setting \\((\\d+)\\)"));
    static const QRegularExpression exitedSignal(
            QStringLiteral("^child (\\d+) exited on signal (\\d+)(?: \\((\\w+)\\))?(?: after "
                           "([\\d.]+) seconds)?"));
    static const QRegularExpression exitedCode(
            QStringLiteral("^child (\\d+) exited with code (\\d+)(?: after ([\\d.]+) seconds)?"));
    static const QRegularExpression scriptLine(QStringLiteral(
            "^child (\\d+), script '(.*)' \\(request: \"(.*)\"\\) (execution timed out|executing "
            "too slow) \\(([\\d.]+) sec\\)"));
    static const QRegularExpression started(QStringLiteral("^child (\\d+) started"));
    static const QRegularExpression stderrLine(
            QStringLiteral("^child (\\d+) said into std(?:err|out)"));
    static const QRegularExpression bind(
            QStringLiteral("^unable to bind listening socket for address '([^']*)'"));
    static const QRegularExpression another(
            QStringLiteral("^An another FPM instance seems to already listen on (.*)$|^Another FPM "
                           "instance seems to already listen on (.*)$"));

    if (m.startsWith(QLatin1String("server reached"))) {
        const auto r = maxChildren.match(m);
        if (r.hasMatch()) {
            e->kind = K::MaxChildrenReached;
            e->maxChildren = r.captured(1).toInt();
        }
    } else if (m.startsWith(QLatin1String("seems busy"))) {
        e->kind = K::SeemsBusy;
    } else if (m.startsWith(QLatin1String("child "))) {
        QRegularExpressionMatch r;
        if ((r = exitedSignal.match(m)).hasMatch()) {
            e->kind = K::ChildExitedOnSignal;
            e->childPid = r.captured(1).toLongLong();
            e->signal = r.captured(2).toInt();
            e->signalName = r.captured(3);
            e->seconds = r.captured(4).toDouble();
        } else if ((r = exitedCode.match(m)).hasMatch()) {
            e->kind = K::ChildExitedWithCode;
            e->childPid = r.captured(1).toLongLong();
            e->exitCode = r.captured(2).toInt();
            e->seconds = r.captured(3).toDouble();
        } else if ((r = scriptLine.match(m)).hasMatch()) {
            e->kind = r.captured(4).startsWith(QLatin1String("execution")) ? K::ExecutionTimedOut
                                                                           : K::ExecutingTooSlow;
            e->childPid = r.captured(1).toLongLong();
            e->script = r.captured(2);
            e->request = r.captured(3);
            e->seconds = r.captured(5).toDouble();
        } else if ((r = stderrLine.match(m)).hasMatch()) {
            e->kind = K::ChildStderr;
            e->childPid = r.captured(1).toLongLong();
        } else if ((r = started.match(m)).hasMatch()) {
            e->kind = K::ChildStarted;
            e->childPid = r.captured(1).toLongLong();
        }
    } else if (m.startsWith(QLatin1String("unable to bind"))) {
        e->kind = K::UnableToBind;
        e->address = bind.match(m).captured(1);
    } else if (m.contains(QLatin1String("FPM instance seems to already listen on"))) {
        const auto r = another.match(m);
        e->kind = K::AnotherInstance;
        e->address = r.captured(1).isEmpty() ? r.captured(2) : r.captured(1);
    } else if (m.startsWith(QLatin1String("failed to open configuration file"))
               || m.startsWith(QLatin1String("failed to load configuration file"))) {
        e->kind = K::ConfigOpenFailed;
    } else if (m.startsWith(QLatin1String("FPM initialization failed"))
               || m.startsWith(QLatin1String("failed to post process the configuration"))
               || m.startsWith(QLatin1String("Unable to create or open slowlog"))
               || m.startsWith(QLatin1String("Unable to create the PID file"))
               || m.startsWith(QLatin1String("failed to open error_log"))
               || m.startsWith(QLatin1String("cannot get uid for user"))
               || m.startsWith(QLatin1String("cannot get gid for group"))) {
        // Each stops FPM from starting: the reason it is down.
        e->kind = K::InitFailed;
    } else if (m.startsWith(QLatin1String("ready to handle connections"))) {
        e->kind = K::Ready;
    } else if (m.startsWith(QLatin1String("Terminating"))
               || m.startsWith(QLatin1String("Finishing"))
               || m.startsWith(QLatin1String("exiting, bye-bye"))) {
        e->kind = K::Terminating;
    }
}

} // namespace

bool FpmLogParser::parseLine(QStringView l, FpmLogEntry *e)
{
    // "[21-Nov-2026 13:02:05] WARNING: ..." (optionally "13:02:05.123456")
    if (l.size() < 24 || l[0] != QLatin1Char('[') || l[3] != QLatin1Char('-')
        || l[7] != QLatin1Char('-') || l[12] != QLatin1Char(' '))
        return false;
    const qsizetype close = l.indexOf(QLatin1Char(']'));
    if (close < 21 || close > 30)
        return false;
    bool ok1 = false, ok2 = false, ok3 = false, ok4 = false, ok5 = false;
    const int day = l.mid(1, 2).toInt(&ok1);
    const int month = monthOf(l.mid(4, 3));
    const int year = l.mid(8, 4).toInt(&ok2);
    const int hh = l.mid(13, 2).toInt(&ok3);
    const int mm = l.mid(16, 2).toInt(&ok4);
    const int ss = l.mid(19, 2).toInt(&ok5);
    if (!(ok1 && ok2 && ok3 && ok4 && ok5) || month == 0)
        return false;
    int msec = 0;
    if (close > 22 && l[21] == QLatin1Char('.'))
        msec = l.mid(22, 3).toInt();
    QStringView rest = l.mid(close + 1).trimmed();
    const qsizetype colon = rest.indexOf(QLatin1Char(':'));
    if (colon <= 0 || colon > 8)
        return false;
    const QStringView level = rest.left(colon);
    for (QChar c : level) {
        if (!c.isUpper())
            return false;
    }
    e->rawTime = l.mid(1, close - 1).toString();
    e->wallTime = QDateTime(QDate(year, month, day), QTime(hh, mm, ss, msec), Qt::UTC);
    e->level = level.toString();
    rest = rest.mid(colon + 1).trimmed();
    // At log_level = debug every line names where FPM wrote it first: "pid 41, fpm_children_bury(),
    // line 252: [pool www] child 43 exited on signal 11 ...".
    if (rest.startsWith(QLatin1String("pid ")) && rest.contains(QLatin1String("(), line "))) {
        const qsizetype lineAt = rest.indexOf(QLatin1String("(), line "));
        const qsizetype end = rest.indexOf(QLatin1String(": "), lineAt);
        if (end > 0)
            rest = rest.mid(end + 2).trimmed();
    }
    if (rest.startsWith(QLatin1String("[pool "))) {
        const qsizetype end = rest.indexOf(QLatin1Char(']'));
        if (end > 6) {
            e->pool = rest.mid(6, end - 6).toString();
            rest = rest.mid(end + 1).trimmed();
        }
    }
    e->message = rest.toString();
    e->raw = l.toString();
    classify(e);
    return true;
}

FpmLogParser::Result FpmLogParser::parse(QByteArrayView text)
{
    Result r;
    const QString all = QString::fromUtf8(text);
    int lineNo = 0;
    for (QStringView line : QStringView(all).split(QLatin1Char('\n'))) {
        ++lineNo;
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (line.isEmpty())
            continue;
        FpmLogEntry e;
        if (parseLine(line, &e)) {
            e.line = lineNo;
            r.entries.append(std::move(e));
            continue;
        }
        ++r.unparsedLines;
        if (r.diagnostics.size() < 100)
            r.diagnostics.append(
                    sys::ParseDiagnostic{{}, lineNo, QStringLiteral("not a PHP-FPM log line")});
    }
    r.lines = all.endsWith(QLatin1Char('\n')) ? lineNo - 1 : lineNo;
    return r;
}

} // namespace gs::phpfpm
