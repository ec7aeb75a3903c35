#include "config/snapshotentry.h"

#include <QJsonArray>

namespace gs::config {

namespace {

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

bool SnapshotEntry::newerFirst(const SnapshotEntry &a, const SnapshotEntry &b)
{
    // "20261121T132503Z": the id's first 16 characters are its second.
    const int second = QStringView(a.id).left(16).compare(QStringView(b.id).left(16));
    if (second != 0)
        return second > 0;
    if (a.createdMs != b.createdMs)
        return a.createdMs > b.createdMs;
    return a.id > b.id;
}

QJsonObject SnapshotEntry::toJson() const
{
    return QJsonObject{
            {QStringLiteral("id"), id},
            {QStringLiteral("created"), created},
            {QStringLiteral("note"), note},
            {QStringLiteral("host"), hostname},
            {QStringLiteral("directories"), QJsonArray::fromStringList(directories)},
            {QStringLiteral("files"), QJsonArray::fromStringList(files)},
            {QStringLiteral("excluded"), QJsonArray::fromStringList(excluded + excludedLogs)},
            {QStringLiteral("file_count"), fileCount},
            {QStringLiteral("size"), size},
            {QStringLiteral("sha256"), sha256},
            {QStringLiteral("tree_sha256"), treeSha256},
            {QStringLiteral("validation"), orNull(validation)},
            {QStringLiteral("remote_path"), orNull(remotePath)},
            {QStringLiteral("local_path"), orNull(localPath)}};
}

} // namespace gs::config
