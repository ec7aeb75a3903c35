#include "reportfileoption.h"

#include "durationarg.h"

#include "audit/auditfilter.h"
#include "audit/auditlog.h"
#include "report/reportwriter.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

namespace gs::cli {

namespace {

// "--name VALUE" or "--name=VALUE" at args[i]; removes what it used. nullopt: not this option.
std::optional<QString> takeValue(QStringList &args, qsizetype i, const QString &name)
{
    const QString &arg = args.at(i);
    if (arg.startsWith(name + QLatin1Char('='))) {
        const QString value = arg.mid(name.size() + 1);
        args.removeAt(i);
        return value;
    }
    if (arg != name)
        return std::nullopt;
    const QString value = args.value(i + 1);
    args.removeAt(i);
    if (i < args.size())
        args.removeAt(i);
    return value;
}

Error usage(const QString &message)
{
    return makeError(ErrorCode::InvalidArgument, message);
}

} // namespace

Result<ReportFileOption> ReportFileOption::take(QStringList &args)
{
    ReportFileOption option;
    bool auditSinceGiven = false;
    for (qsizetype i = 0; i < args.size();) {
        if (auto path = takeValue(args, i, QStringLiteral("--report"))) {
            if (path->isEmpty() || path->startsWith(QLatin1Char('-')))
                return usage(QStringLiteral("--report needs a FILE (.html, .md or .txt)"));
            option.m_path = *path;
        } else if (auto since = takeValue(args, i, QStringLiteral("--audit-since"))) {
            const auto seconds = parseDuration(*since);
            if (!seconds || *seconds <= 0)
                return usage(QStringLiteral("--audit-since needs a duration such as 24h or 30d"));
            option.m_auditSeconds = *seconds;
            auditSinceGiven = true;
        } else if (args.at(i) == QLatin1String("--with-audit")) {
            option.m_withAudit = true;
            args.removeAt(i);
        } else if (args.at(i) == QLatin1String("--redact")) {
            option.m_redact = true;
            args.removeAt(i);
        } else {
            ++i;
        }
    }
    if (!option.isSet() && (option.m_withAudit || option.m_redact || auditSinceGiven))
        return usage(QStringLiteral("--with-audit, --audit-since and --redact shape the "
                                    "--report FILE; name one"));
    if (auditSinceGiven && !option.m_withAudit)
        return usage(QStringLiteral("--audit-since needs --with-audit"));
    if (option.isSet()) {
        const QFileInfo file(option.m_path);
        if (file.suffix().toLower() == QLatin1String("pdf"))
            return usage(QStringLiteral("the command line writes .html, .md or .txt reports; "
                                        "print the HTML one for a PDF, or export it from the app"));
        if (!file.absoluteDir().exists())
            return usage(QStringLiteral("--report: the folder %1 does not exist")
                                 .arg(QDir::toNativeSeparators(file.absolutePath())));
    }
    return option;
}

QString ReportFileOption::help()
{
    return QStringLiteral(
            "  --report FILE          also write the diagnosis as a report: HTML, Markdown or\n"
            "                         text by FILE's suffix (.html, .md, .txt); with several\n"
            "                         targets, one file each (FILE-TARGET.html, ...)\n"
            "  --redact               mask the customer's values in the report: host, site,\n"
            "                         service, pool and user names and IP addresses, also in\n"
            "                         paths; one token per value (host-1, site-1, ip-1, ...)\n"
            "  --with-audit           add what Gatescope did on the server (time, user, command,\n"
            "                         outcome) from the local audit log to the report\n"
            "  --audit-since DURATION how far back --with-audit looks (default 7d)\n");
}

QString ReportFileOption::pathFor(const QString &target, bool severalTargets) const
{
    if (!severalTargets)
        return m_path;
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]+"));
    const QFileInfo file(m_path);
    QString name = file.completeBaseName() + QLatin1Char('-')
                   + QString(target).replace(unsafe, QStringLiteral("_"));
    if (!file.suffix().isEmpty())
        name += QLatin1Char('.') + file.suffix();
    return file.dir().filePath(name);
}

Result<void> ReportFileOption::write(const QString &path,
                                     const QString &target,
                                     const ssh::ConnectOptions &options,
                                     const checks::DiagnosisReport &report,
                                     const QDateTime &diagnosedAt) const
{
    const auto reportTarget = report::ReportTarget::of(
            target, options.host, options.port, options.user, report.facts.loginUser);
    report::ReportOptions reportOptions;
    reportOptions.redact = m_redact;
    reportOptions.diagnosedAt = diagnosedAt;
    reportOptions.appVersion = report::ReportOptions::thisVersion();
    if (m_withAudit) {
        audit::AuditFilter filter;
        filter.servers << target;
        filter.hosts << options.displayName();
        filter.since = diagnosedAt.toUTC().addSecs(-m_auditSeconds);
        const auto entries = audit::AuditLog().read();
        if (!entries)
            return entries.error();
        reportOptions.activity = report::ReportActivity{filter.select(*entries), filter.since, {}};
    }
    const report::ReportWriter writer(report, reportTarget, reportOptions);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(writer.document(path).toUtf8()) < 0
        || !file.commit()) {
        return makeError(
                ErrorCode::IoError,
                QStringLiteral("Could not write the report %1: %2").arg(path, file.errorString()));
    }
    return {};
}

} // namespace gs::cli
