#pragma once

#include "checks/diagnosisreport.h"
#include "ssh/connectoptions.h"
#include "util/result.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace gs::cli {

// diagnose's --report FILE [--redact] [--with-audit [--audit-since DURATION]]: the diagnosis as
// a document (HTML, Markdown or text by FILE's suffix, ReportWriter), optionally with what
// Gatescope did on the server (the local audit log, the last 7 days unless told otherwise).
class ReportFileOption
{
public:
    // Takes its options out of `args` (the rest are left for the command). Usage errors:
    // a missing value, --with-audit or --redact without --report, a .pdf or a missing folder.
    [[nodiscard]] static Result<ReportFileOption> take(QStringList &args);

    bool isSet() const { return !m_path.isEmpty(); }
    static QString help();

    // Where the report of `target` goes: FILE itself for one target, FILE with "-TARGET" before
    // the suffix when several targets are diagnosed at once.
    QString pathFor(const QString &target, bool severalTargets) const;

    // Writes the report of one target (any thread: it reads the audit log, writes one file).
    [[nodiscard]] Result<void> write(const QString &path,
                                     const QString &target,
                                     const ssh::ConnectOptions &options,
                                     const checks::DiagnosisReport &report,
                                     const QDateTime &diagnosedAt) const;

private:
    QString m_path;
    bool m_redact = false;
    bool m_withAudit = false;
    qint64 m_auditSeconds = 7 * 24 * 3600;
};

} // namespace gs::cli
