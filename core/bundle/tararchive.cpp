#include "bundle/tararchive.h"

#include "logs/gzipstreamdecoder.h"

#include <QFile>

namespace gs::bundle {

namespace {

constexpr qsizetype kBlock = 512;

Error refused(const QString &why)
{
    return makeError(ErrorCode::BadBundle,
                     QStringLiteral("The archive was refused: %1.").arg(why),
                     QStringLiteral("Ask for the bundle again: run the collection script once "
                                    "more and send the .tar.gz it writes, unchanged."));
}

// An octal field (NUL/space terminated); -1 when it holds anything else or does not fit.
qint64 octal(const char *field, int size)
{
    qint64 value = 0;
    int i = 0;
    while (i < size && field[i] == ' ')
        ++i;
    bool any = false;
    for (; i < size && field[i] >= '0' && field[i] <= '7'; ++i) {
        if (value > (qint64(1) << 50))
            return -1;
        value = value * 8 + (field[i] - '0');
        any = true;
    }
    for (; i < size; ++i) {
        if (field[i] != ' ' && field[i] != '\0')
            return -1;
    }
    return any ? value : -1;
}

QByteArray cString(const char *field, int size)
{
    int length = 0;
    while (length < size && field[length] != '\0')
        ++length;
    return QByteArray(field, length);
}

bool checksumMatches(const char *header)
{
    const qint64 stored = octal(header + 148, 8);
    qint64 sum = 0;
    for (int i = 0; i < kBlock; ++i) {
        const auto byte = static_cast<unsigned char>(header[i]);
        sum += (i >= 148 && i < 156) ? ' ' : byte;
    }
    return stored == sum;
}

// A name safe to keep: relative, no "..", no empty or "." parts, printable.
bool safeName(const QString &name)
{
    if (name.isEmpty() || name.startsWith(QLatin1Char('/')) || name.contains(QLatin1Char('\\')))
        return false;
    for (const QChar c : name) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return false;
    }
    const QStringList parts = name.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        if (part == QLatin1String("..") || part == QLatin1String("."))
            return false;
    }
    return !parts.isEmpty();
}

} // namespace

Result<TarArchive::Members> TarArchive::readTar(const QByteArray &tar, const Limits &limits)
{
    Members members;
    qint64 total = 0;
    for (qsizetype at = 0;;) {
        if (at + kBlock > tar.size())
            return refused(QStringLiteral("it ends in the middle (a cut download?)"));
        const char *header = tar.constData() + at;
        if (std::all_of(header, header + kBlock, [](char c) { return c == '\0'; }))
            return members; // the end-of-archive block
        if (!checksumMatches(header))
            return refused(QStringLiteral("a header at byte %1 is damaged").arg(at));
        QByteArray rawName = cString(header, 100);
        if (QByteArray(header + 257, 5) == "ustar") {
            const QByteArray prefix = cString(header + 345, 155);
            if (!prefix.isEmpty())
                rawName = prefix + '/' + rawName;
        }
        const QString name = QString::fromUtf8(rawName);
        const char type = header[156];
        const qint64 size = octal(header + 124, 12);
        if (size < 0)
            return refused(QStringLiteral("the size of %1 is unreadable").arg(name));
        if (type != '0' && type != '\0' && type != '5')
            return refused(QStringLiteral("%1 is a link, a device or an extended header, "
                                          "which a bundle never holds")
                                   .arg(name.left(200)));
        if (!safeName(name))
            return refused(QStringLiteral("a member is named \"%1\", outside the bundle's own "
                                          "folder")
                                   .arg(name.left(200)));
        if (size > limits.maxMemberBytes)
            return refused(QStringLiteral("%1 is larger than %2 MiB")
                                   .arg(name)
                                   .arg(limits.maxMemberBytes / (1024 * 1024)));
        const qint64 padded = (size + kBlock - 1) / kBlock * kBlock;
        if (at + kBlock + padded > tar.size())
            return refused(
                    QStringLiteral("it ends in the middle of %1 (a cut download?)").arg(name));
        if (type != '5') {
            if (members.size() >= limits.maxMembers)
                return refused(
                        QStringLiteral("it holds more than %1 files").arg(limits.maxMembers));
            total += size;
            if (total > limits.maxTotalBytes)
                return refused(QStringLiteral("it holds more than %1 MiB")
                                       .arg(limits.maxTotalBytes / (1024 * 1024)));
            QString key = name;
            while (key.startsWith(QLatin1String("./")))
                key.remove(0, 2);
            if (members.contains(key))
                return refused(QStringLiteral("%1 is in it twice").arg(name));
            members.insert(key, tar.mid(at + kBlock, size));
        }
        at += kBlock + padded;
    }
}

Result<TarArchive::Members> TarArchive::readGzip(const QByteArray &compressed, const Limits &limits)
{
    QByteArray tar;
    bool tooLarge = false;
    // The tar stream's own overhead (headers, padding) on top of the members' limit.
    const qint64 cap = limits.maxTotalBytes + qint64(limits.maxMembers + 2) * 2 * kBlock;
    logs::GzipStreamDecoder decoder([&](QByteArrayView text) {
        if (tooLarge || tar.size() + text.size() > cap) {
            tooLarge = true;
            return;
        }
        tar.append(text.data(), text.size());
    });
    // Fed in slices so that a compression bomb stops at the cap, not after inflating it all.
    constexpr qsizetype kSlice = 64 * 1024;
    for (qsizetype at = 0; at < compressed.size() && !tooLarge; at += kSlice) {
        if (auto fed = decoder.feed(QByteArrayView(compressed.constData() + at,
                                                   std::min(kSlice, compressed.size() - at)));
            !fed)
            return refused(QStringLiteral("it is not a gzip file or is damaged"));
    }
    if (tooLarge)
        return refused(QStringLiteral("it unpacks to more than %1 MiB")
                               .arg(limits.maxTotalBytes / (1024 * 1024)));
    if (auto finished = decoder.finish(); !finished)
        return refused(QStringLiteral("the compressed data ends in the middle (a cut download?)"));
    if (tooLarge)
        return refused(QStringLiteral("it unpacks to more than %1 MiB")
                               .arg(limits.maxTotalBytes / (1024 * 1024)));
    return readTar(tar, limits);
}

Result<TarArchive::Members> TarArchive::readGzipFile(const QString &path, const Limits &limits)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("Cannot read %1: %2").arg(path, file.errorString()));
    // A gzip file larger than what it may unpack to is not a bundle.
    if (file.size() > limits.maxTotalBytes)
        return refused(QStringLiteral("the file is larger than %1 MiB")
                               .arg(limits.maxTotalBytes / (1024 * 1024)));
    return readGzip(file.readAll(), limits);
}

} // namespace gs::bundle
