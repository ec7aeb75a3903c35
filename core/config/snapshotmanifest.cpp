#include "config/snapshotmanifest.h"

#include "config/backupid.h"

#include <algorithm>

namespace gs::config {

namespace {

QByteArray line(const QString &key, const QStringList &values)
{
    return (key + QLatin1Char('\t') + values.join(QLatin1Char('\t'))).toUtf8() + '\n';
}

} // namespace

QString SnapshotManifest::cleanNote(const QString &note)
{
    QString clean;
    for (QChar c : note.trimmed())
        clean += c.category() == QChar::Other_Control ? QLatin1Char(' ') : c;
    return clean.left(kMaxNote);
}

QByteArray SnapshotManifest::head(const SnapshotEntry &entry)
{
    QByteArray text = "gatescope-snapshot\t1\n";
    text += line(QStringLiteral("note"), {cleanNote(entry.note)});
    for (const QString &dir : entry.directories)
        text += line(QStringLiteral("dir"), {dir});
    for (const QString &dir : entry.excluded)
        text += line(QStringLiteral("exclude"), {dir});
    for (const QString &log : entry.excludedLogs)
        text += line(QStringLiteral("exclude-log"), {log});
    for (const QString &file : entry.files)
        text += line(QStringLiteral("file"), {file});
    for (const SnapshotEntry::Probe &probe : entry.probes)
        text += line(QStringLiteral("probe"), {probe.url, probe.hostHeader});
    for (const SnapshotEntry::Ping &ping : entry.pings)
        text += line(QStringLiteral("ping"), {ping.connect, ping.pingPath, ping.pool});
    return text;
}

std::optional<SnapshotEntry> SnapshotManifest::parse(const QByteArray &text)
{
    SnapshotEntry entry;
    bool magic = false;
    for (const QByteArray &raw : text.split('\n')) {
        const QStringList fields = QString::fromUtf8(raw).split(QLatin1Char('\t'));
        const QString &key = fields.first();
        const QString value = fields.value(1);
        if (key == QLatin1String("gatescope-snapshot"))
            magic = value == QLatin1String("1");
        else if (key == QLatin1String("id"))
            entry.id = value;
        else if (key == QLatin1String("created"))
            entry.created = value;
        else if (key == QLatin1String("created_ms") && !value.isEmpty())
            entry.createdMs = value.toLongLong();
        else if (key == QLatin1String("host"))
            entry.hostname = value;
        else if (key == QLatin1String("note"))
            entry.note = value;
        else if (key == QLatin1String("dir") && value.startsWith(QLatin1Char('/')))
            entry.directories << value;
        else if (key == QLatin1String("file") && value.startsWith(QLatin1Char('/')))
            entry.files << value;
        else if (key == QLatin1String("exclude") && value.startsWith(QLatin1Char('/')))
            entry.excluded << value;
        else if (key == QLatin1String("exclude-log") && value.startsWith(QLatin1Char('/')))
            entry.excludedLogs << value;
        else if (key == QLatin1String("probe") && !value.isEmpty())
            entry.probes << SnapshotEntry::Probe{value, fields.value(2)};
        else if (key == QLatin1String("ping") && !value.isEmpty())
            entry.pings << SnapshotEntry::Ping{value, fields.value(2), fields.value(3)};
        else if (key == QLatin1String("validation"))
            entry.validation = value;
        else if (key == QLatin1String("files"))
            entry.fileCount = value.toLongLong();
        else if (key == QLatin1String("size"))
            entry.size = value.toLongLong();
        else if (key == QLatin1String("sha256"))
            entry.sha256 = value.toLower();
        else if (key == QLatin1String("tree_sha256"))
            entry.treeSha256 = value.toLower();
    }
    if (!magic || !BackupId::isValid(entry.id) || entry.sha256.size() != 64
        || entry.paths().isEmpty())
        return std::nullopt;
    if (entry.created.isEmpty())
        entry.created = BackupId::created(entry.id);
    return entry;
}

QList<SnapshotEntry> SnapshotManifest::parseListing(const QByteArray &output, const QString &dir)
{
    QList<SnapshotEntry> entries;
    QString id;
    QByteArray manifest;
    qint64 tarball = -1;
    const auto flush = [&] {
        if (id.isEmpty())
            return;
        auto entry = parse(manifest);
        if (entry && entry->id == id) {
            if (tarball >= 0) {
                entry->remotePath = dir + QLatin1Char('/') + id + QStringLiteral(".tar.gz");
                entry->size = tarball;
            }
            entries << *entry;
        }
        id.clear();
        manifest.clear();
        tarball = -1;
    };
    for (const QByteArray &raw : output.split('\n')) {
        if (raw.startsWith("@@snapshot\t")) {
            flush();
            id = QString::fromUtf8(raw.mid(11)).trimmed();
        } else if (raw.startsWith("@@tarball\t")) {
            tarball = raw.mid(10).trimmed().toLongLong();
        } else if (!id.isEmpty()) {
            manifest += raw + '\n';
        }
    }
    flush();
    std::sort(entries.begin(), entries.end(), SnapshotEntry::newerFirst);
    return entries;
}

} // namespace gs::config
