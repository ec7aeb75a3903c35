#pragma once

#include "sys/parsediagnostic.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace gs::phpfpm {

// A PHP-FPM configuration as read from php-fpm.conf and its includes: the [global] section and
// every pool. Values keep the file and line they were written at; "$pool" is already replaced by
// the pool's name. Later files override earlier ones key by key, as FPM does.
struct PoolConfig
{
    struct Value
    {
        QString value;
        QString file;
        int line = 0;
    };

    struct Pool
    {
        QString name;
        QString file; // where its [name] header is
        int line = 0;
        QMap<QString, Value> values; // "listen", "pm.max_children", "php_admin_value[memory_limit]"

        QString value(const QString &key, const QString &fallback = {}) const;
        std::optional<int> intValue(const QString &key) const;

        // Typed views with FPM's defaults where FPM has one.
        QString listen() const { return value(QStringLiteral("listen")); }
        bool listensOnUnixSocket() const;
        QString listenOwner() const; // defaults to the pool user, as FPM does
        QString listenGroup() const; // defaults to the pool group
        QString listenMode() const
        {
            return value(QStringLiteral("listen.mode"), QStringLiteral("0660"));
        }
        int listenBacklog() const
        {
            return intValue(QStringLiteral("listen.backlog")).value_or(511);
        }
        QString user() const { return value(QStringLiteral("user")); }
        QString group() const { return value(QStringLiteral("group")); }
        QString pm() const { return value(QStringLiteral("pm"), QStringLiteral("dynamic")); }
        std::optional<int> maxChildren() const
        {
            return intValue(QStringLiteral("pm.max_children"));
        }
        QString statusPath() const { return value(QStringLiteral("pm.status_path")); }
        QString pingPath() const { return value(QStringLiteral("ping.path")); }
        QString slowlog() const { return value(QStringLiteral("slowlog")); }
        // Seconds; 0 = off (FPM's default). FPM accepts s, m, h, d suffixes.
        qint64 requestTerminateTimeoutSeconds() const;
        qint64 requestSlowlogTimeoutSeconds() const;
        // php_value/php_admin_value/php_flag/php_admin_flag entries: ini name -> value.
        QMap<QString, QString> phpValues() const;
    };

    struct Include
    {
        QString pattern; // absolute or relative to the prefix, as written
        QString file;
        int line = 0;
    };

    QMap<QString, Value> global;
    QList<Pool> pools;
    QList<Include> includes; // for the I/O layer to expand, in order
    sys::ParseDiagnostics diagnostics;

    const Pool *pool(const QString &name) const;
    QString errorLog() const; // global error_log; empty if not set (compiled-in default applies)
    QJsonObject toJson() const;

    // FPM's time value ("30", "30s", "5m", "1h", "1d") in seconds; nullopt when malformed.
    static std::optional<qint64> parseSeconds(QStringView text);
};

} // namespace gs::phpfpm
