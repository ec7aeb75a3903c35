#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace gs::findings {

// The configuration change a finding proposes (a "guided fix"): settings to write into one block
// of one file. It names the change, not the new text: the text is made from the file as it is when
// the user opens the fix (config::GuidedEdit), shown as a diff and applied only through safe apply
// after review. Plain value type.
struct ConfigEdit
{
    enum class Format { Nginx, FpmIni };

    struct Setting
    {
        QString name;  // "proxy_buffer_size", "listen.owner"
        QString value; // "32k", "8 32k", "www-data"

        bool operator==(const Setting &) const = default;
    };

    Format format = Format::Nginx;
    QString file;
    // nginx: a line of a directive inside the block to change (the settings go into that
    // directive's enclosing block). FPM: the line of the pool's "[name]" header or any line in it.
    int line = 0;
    QString pool; // FPM: the pool's name, to find its section again if lines moved
    QList<Setting> settings;
    QString summary; // one sentence: what changes and why
    QString after; // what to do once applied when safe apply's reload is not enough; empty if none

    bool operator==(const ConfigEdit &) const = default;

    // Settings for one PHP-FPM pool, written at `line` of `file` (the setting's line, or the
    // pool's header); the caller adds the summary and what to do after.
    static ConfigEdit
    fpmPool(const QString &file, int line, const QString &pool, QList<Setting> settings);

    static QString formatName(Format format); // "nginx", "php-fpm"
    // {"format","file","line","pool","settings":[{"name","value"}],"summary","after"}
    QJsonObject toJson() const;
    static std::optional<ConfigEdit> fromJson(const QJsonObject &object);
};

} // namespace gs::findings
