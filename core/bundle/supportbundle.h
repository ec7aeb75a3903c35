#pragma once

#include "checks/rawobservations.h"
#include "util/result.h"

#include <QDateTime>
#include <QMap>
#include <QString>

#include <optional>

namespace gs::bundle {

// A support bundle read back (gatescope-bundle-HOST-UTCTIME.tar.gz, written by BundleScript's
// collector): its manifest and every probe's output by the key the collector gave it. Read
// whole into memory and checked before anything uses it; nothing is unpacked to the disk.
class SupportBundle
{
public:
    static Result<SupportBundle> open(const QString &path);
    // From members already read (a tar stream, in tests and the fuzz target); path names it.
    static Result<SupportBundle> fromMembers(const QMap<QString, QByteArray> &members,
                                             const QString &path);
    // The same from the archive's bytes (tests, drag and drop).
    static Result<SupportBundle> fromArchive(const QByteArray &gzip, const QString &name);

    QString path() const { return m_path; }
    QString host() const { return m_host; } // the server's own name
    QDateTime collectedUtc() const { return m_collected; }
    QString user() const { return m_user; } // the login that ran the collector
    bool asRoot() const { return m_asRoot; }
    // Redacted on the server (bundle script --redact): names and addresses are tokens.
    bool redacted() const { return m_redacted; }
    QString scriptVersion() const { return m_version; } // the Gatescope that wrote the script
    QString scriptChecksum() const { return m_checksum; }
    int format() const { return m_format; }

    // The collector's output under `key` ("facts", "nginx_T@/etc/nginx/nginx.conf", ...).
    const checks::CommandOutput *output(const QString &key) const;
    QStringList keys() const { return m_outputs.keys(); }
    // A configuration file as the bundle holds it (from nginx -T or the files read, or a PHP-FPM
    // configuration read); nullopt when the bundle does not hold it.
    std::optional<QByteArray> configFile(const QString &path) const;

private:
    QString m_path;
    QString m_host;
    QDateTime m_collected;
    QString m_user;
    bool m_asRoot = false;
    bool m_redacted = false;
    QString m_version;
    QString m_checksum;
    int m_format = 0;
    QMap<QString, checks::CommandOutput> m_outputs;

    Result<void> readManifest(const QByteArray &text);
    Result<void> readObservations(const QString &root,
                                  const QByteArray &index,
                                  const QMap<QString, QByteArray> &members);
};

} // namespace gs::bundle
