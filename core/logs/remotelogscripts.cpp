#include "logs/remotelogscripts.h"

#include "remote/scriptfile.h"

#include <QDateTime>
#include <QList>

namespace gs::logs::remotelogscripts {

using remote::ScriptFile;

namespace {

QList<QByteArrayView> splitLines(QByteArrayView text)
{
    QList<QByteArrayView> lines;
    qsizetype start = 0;
    while (start < text.size()) {
        qsizetype end = text.indexOf('\n', start);
        if (end < 0)
            end = text.size();
        lines.append(text.sliced(start, end - start));
        start = end + 1;
    }
    return lines;
}

// "PATH size=N offset=M" -> file; false when the tail is not that shape.
bool parseHeader(QByteArrayView rest, WindowFile &file)
{
    const qsizetype offsetAt = rest.lastIndexOf(QByteArrayView(" offset="));
    const qsizetype sizeAt = rest.lastIndexOf(QByteArrayView(" size="));
    if (offsetAt < 0 || sizeAt < 0 || sizeAt > offsetAt)
        return false;
    bool sizeOk = false;
    bool offsetOk = false;
    file.path = QString::fromUtf8(rest.first(sizeAt));
    file.size = rest.sliced(sizeAt + 6, offsetAt - sizeAt - 6).toByteArray().toLongLong(&sizeOk);
    file.offset = rest.sliced(offsetAt + 8).toByteArray().toLongLong(&offsetOk);
    return sizeOk && offsetOk;
}

bool headerRest(QByteArrayView line, QByteArrayView &rest)
{
    for (const char *prefix : {"gs-window: ", "gs-tail: "}) {
        const QByteArrayView p(prefix);
        if (line.startsWith(p)) {
            rest = line.sliced(p.size());
            return true;
        }
    }
    return false;
}

} // namespace

QString discovery(const QString &nginxConfig, const QString &logPath)
{
    return ScriptFile::shCommand(u"log-discovery.sh", {nginxConfig, logPath});
}

QStringList parseFpmConfigs(QByteArrayView output)
{
    QStringList configs;
    const QByteArrayView marker("@@gs_fpm_conf\n");
    for (qsizetype at = output.indexOf(marker); at >= 0; at = output.indexOf(marker, at + 1)) {
        const qsizetype start = at + marker.size();
        const qsizetype stop = output.indexOf(QByteArrayView("\n@@"), start - 1);
        configs.append(QString::fromUtf8(
                output.sliced(start, (stop < 0 ? output.size() : stop + 1) - start)));
    }
    return configs;
}

std::optional<QString> parseNginxDump(QByteArrayView output, QString *error)
{
    const QByteArrayView begin("@@gs_nginx_T\n");
    const QByteArrayView end("\n@@gs_nginx_T_end ");
    const qsizetype from = output.indexOf(begin);
    const qsizetype to = output.lastIndexOf(end);
    if (from < 0 || to < from + begin.size() - 1) {
        if (error)
            *error = QStringLiteral("no nginx -T output");
        return std::nullopt;
    }
    const qsizetype statusAt = to + end.size();
    const qsizetype statusEnd = output.indexOf('\n', statusAt);
    const QByteArrayView status
            = output.sliced(statusAt, (statusEnd < 0 ? output.size() : statusEnd) - statusAt);
    if (status.trimmed() != QByteArrayView("0")) {
        if (error) {
            const qsizetype at = output.indexOf(QByteArrayView("@@gs_nginx_T_error\n"));
            const qsizetype stop = output.indexOf(QByteArrayView("\n@@"), at + 1);
            *error = at < 0 ? QStringLiteral("nginx -T failed")
                            : QString::fromUtf8(
                                      output.sliced(at + 19,
                                                    (stop < 0 ? output.size() : stop) - at - 19))
                                      .trimmed();
        }
        return std::nullopt;
    }
    return QString::fromUtf8(output.sliced(from + begin.size(), to - from - begin.size()));
}

QPair<int, qint64> parseClock(QByteArrayView output)
{
    const qsizetype at = output.indexOf(QByteArrayView("@@clock\n"));
    if (at < 0)
        return {0, 0};
    const QList<QByteArrayView> lines = splitLines(output.sliced(at + 8));
    if (lines.size() < 2)
        return {0, 0};
    const QByteArrayView zone = lines.at(0).trimmed();
    int offset = 0;
    if (zone.size() == 5 && (zone[0] == '+' || zone[0] == '-')) {
        const int hours = zone.sliced(1, 2).toByteArray().toInt();
        const int minutes = zone.sliced(3, 2).toByteArray().toInt();
        offset = (hours * 3600 + minutes * 60) * (zone[0] == '-' ? -1 : 1);
    }
    return {offset, lines.at(1).trimmed().toByteArray().toLongLong()};
}

QString sizesAndListings(const QStringList &files, const QStringList &dirs)
{
    return ScriptFile::shCommand(u"log-sizes.sh",
                                 QStringList{QString::number(files.size())} + files + dirs);
}

SizesAndListings parseSizesAndListings(QByteArrayView output)
{
    SizesAndListings result;
    bool inListing = false;
    for (QByteArrayView line : splitLines(output)) {
        if (line.startsWith(QByteArrayView("@@size "))) {
            const QByteArrayView rest = line.sliced(7);
            const qsizetype space = rest.indexOf(' ');
            if (space <= 0)
                continue;
            bool ok = false;
            const qint64 size = rest.first(space).toByteArray().toLongLong(&ok);
            if (ok)
                result.sizes.append({QString::fromUtf8(rest.sliced(space + 1)), size});
        } else if (line.startsWith(QByteArrayView("@@dir "))) {
            result.listings.append({QString::fromUtf8(line.sliced(6)), {}});
            inListing = true;
        } else if (line.startsWith(QByteArrayView("@@"))) {
            inListing = false; // another section of a bigger script
        } else if (inListing && !line.isEmpty()) {
            result.listings.last().second.append(QString::fromUtf8(line));
        }
    }
    return result;
}

QString tailFiles(const QStringList &files, qint64 maxBytes, std::optional<qint64> journalSince)
{
    return ScriptFile::shCommand(u"log-tail.sh",
                                 QStringList{QString::number(qMax<qint64>(maxBytes, 1)),
                                             QString::number(journalSince ? *journalSince : -1)}
                                         + files);
}

QList<WindowFile> parseFileHeaders(QByteArrayView stderrText)
{
    QList<WindowFile> files;
    for (QByteArrayView line : splitLines(stderrText)) {
        QByteArrayView rest;
        WindowFile file;
        if (headerRest(line, rest) && parseHeader(rest, file))
            files.append(file);
    }
    return files;
}

QString otherStderr(QByteArrayView stderrText)
{
    QStringList other;
    for (QByteArrayView line : splitLines(stderrText)) {
        QByteArrayView rest;
        WindowFile file;
        if (line.trimmed().isEmpty() || (headerRest(line, rest) && parseHeader(rest, file)))
            continue;
        other.append(QString::fromUtf8(line));
    }
    return other.join(QLatin1Char('\n'));
}

QString windowLines(WindowCommandOptions options, qint64 until, int maxLines)
{
    options.compress = false;
    // The stop sits on the server: an old minute must not stream the rest of the log here.
    const QString stop = ScriptFile::shCommand(
            u"log-window-until.sh",
            {QString::number(until + 60), QString::number(qMax(maxLines, 1))},
            ScriptFile::assignment(u"T", awkEpochFunctions(options.timeKind)));
    return buildWindowCommand(options) + QStringLiteral(" | ") + stop;
}

QString grepFixed(const QStringList &files,
                  const QStringList &needles,
                  int maxLines,
                  const QString &from,
                  const QString &to)
{
    return ScriptFile::shCommand(
            u"log-grep.sh",
            QStringList{
                    QString::number(qMax(maxLines, 1)), QString::number(needles.size()), from, to}
                    + needles + files);
}

QString wallTime(qint64 epoch, int utcOffsetSeconds)
{
    return QDateTime::fromSecsSinceEpoch(epoch + utcOffsetSeconds, Qt::UTC)
            .toString(QStringLiteral("yyyy/MM/dd HH:mm:ss"));
}

QStringList minutePrefixes(qint64 since, qint64 until, int utcOffsetSeconds)
{
    static const char *const kMonths[]
            = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    QStringList prefixes;
    for (qint64 minute = since - since % 60; minute < until && prefixes.size() < 240;
         minute += 60) {
        const QDateTime wall = QDateTime::fromSecsSinceEpoch(minute + utcOffsetSeconds, Qt::UTC);
        prefixes.append(wall.toString(QStringLiteral("yyyy/MM/dd HH:mm:")));
        prefixes.append(QStringLiteral("[%1-%2-%3 %4:")
                                .arg(wall.date().day(), 2, 10, QLatin1Char('0'))
                                .arg(QLatin1String(kMonths[wall.date().month() - 1]))
                                .arg(wall.date().year())
                                .arg(wall.toString(QStringLiteral("HH:mm"))));
    }
    return prefixes;
}

} // namespace gs::logs::remotelogscripts
