#pragma once

#include <QString>
#include <QStringList>

namespace gs::config {

// The metadata listing ConfigFiles asks for in one round trip: core/scripts/config-file-list.sh
// on file-meta.sh, its steps passed as arguments (never pasted into the script), in the order
// they are added. ConfigDiscoveryParser::listing() reads the output. Pure; not thread-safe.
class ConfigListing
{
public:
    // "@@svc N": the files listed after it belong to service N.
    void service(int index);
    // The file's metadata line (gs_meta).
    void file(const QString &path);
    // The metadata of each regular file a PHP-FPM include= glob matches. The directory is taken
    // as given; the last component keeps only glob and plain name characters (the rest match as
    // '?'), so it can be expanded unquoted without splitting into other words.
    void glob(const QString &glob);
    // The steps of `other` after these.
    void append(const ConfigListing &other);

    QString command() const;

private:
    QStringList m_arguments;
};

} // namespace gs::config
