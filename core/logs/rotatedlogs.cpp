#include "logs/rotatedlogs.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <optional>

namespace gs::logs {

namespace {

struct RotationKey
{
    QString base;
    int category = 0; // 0 dated, 1 numbered, 2 the live log
    qint64 order = 0; // within the category, smaller is older
    QString date;
};

bool allDigits(QStringView text)
{
    return !text.isEmpty()
           && std::all_of(text.begin(), text.end(), [](QChar c) { return c.isDigit(); });
}

// How name relates to a set: its base name and its age rank.
RotationKey keyOf(const QString &name)
{
    QString stem = name;
    if (stem.endsWith(QLatin1String(".gz")))
        stem.chop(3);
    RotationKey key;
    const qsizetype dot = stem.lastIndexOf(QLatin1Char('.'));
    if (dot > 0 && allDigits(QStringView(stem).sliced(dot + 1)) && stem.size() - dot - 1 <= 6) {
        key.base = stem.left(dot);
        key.category = 1;
        key.order = -QStringView(stem).sliced(dot + 1).toLongLong();
        return key;
    }
    const qsizetype dash = stem.lastIndexOf(QLatin1Char('-'));
    if (dash > 0 && allDigits(QStringView(stem).sliced(dash + 1)) && stem.size() - dash - 1 >= 8) {
        key.base = stem.left(dash);
        key.category = 0;
        key.date = stem.sliced(dash + 1);
        return key;
    }
    key.base = name;
    key.category = 2;
    return key;
}

bool olderThan(const RotationKey &a, const RotationKey &b)
{
    if (a.category != b.category)
        return a.category < b.category;
    if (a.category == 0)
        return a.date < b.date;
    return a.order < b.order;
}

} // namespace

QStringList selectRotated(const QString &baseName, const QStringList &names)
{
    std::vector<std::pair<RotationKey, QString>> members;
    for (const QString &name : names) {
        RotationKey key = keyOf(name);
        if (key.base == baseName)
            members.emplace_back(std::move(key), name);
    }
    std::stable_sort(members.begin(), members.end(), [](const auto &a, const auto &b) {
        return olderThan(a.first, b.first);
    });
    QStringList result;
    for (const auto &member : members)
        result.append(member.second);
    return result;
}

QStringList orderOldestFirst(const QStringList &paths)
{
    std::vector<std::pair<RotationKey, QString>> keyed;
    QStringList bases;
    for (const QString &path : paths) {
        const QFileInfo info(path);
        RotationKey key = keyOf(info.fileName());
        key.base = info.path() + QLatin1Char('/') + key.base;
        if (!bases.contains(key.base))
            bases.append(key.base);
        keyed.emplace_back(std::move(key), path);
    }
    std::stable_sort(keyed.begin(), keyed.end(), [&bases](const auto &a, const auto &b) {
        const qsizetype ba = bases.indexOf(a.first.base);
        const qsizetype bb = bases.indexOf(b.first.base);
        if (ba != bb)
            return ba < bb;
        return olderThan(a.first, b.first);
    });
    QStringList result;
    for (const auto &entry : keyed)
        result.append(entry.second);
    return result;
}

QStringList localRotatedSet(const QString &logPath)
{
    const QFileInfo info(logPath);
    const QStringList names = info.dir().entryList(QDir::Files);
    QStringList result;
    for (const QString &name : selectRotated(info.fileName(), names))
        result.append(info.dir().filePath(name));
    return result;
}

} // namespace gs::logs
