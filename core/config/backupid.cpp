#include "config/backupid.h"

#include <QDateTime>
#include <QRegularExpression>

namespace gs::config {

bool BackupId::isValid(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^\\d{8}T\\d{6}Z-[0-9a-f]{1,64}$"));
    return pattern.match(id).hasMatch();
}

QString BackupId::created(const QString &id)
{
    const QDateTime time
            = QDateTime::fromString(id.left(16), QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    if (!time.isValid())
        return {};
    QDateTime utc = time;
    utc.setTimeSpec(Qt::UTC);
    return utc.toString(Qt::ISODate);
}

} // namespace gs::config
