// gatescope-cli audit [TARGET] [--json] (spec/cli.md)

#include "clicommands.h"
#include "commandregistry.h"

#include "audit/auditlog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>

namespace gs::cli {

namespace {

int runAudit(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    bool json = false;
    QString target;
    for (const QString &arg : args) {
        if (arg == QLatin1String("--json")) {
            json = true;
        } else if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            out << "Usage: gatescope-cli audit [TARGET] [--json]\n\n"
                   "Every change and action Gatescope made (when, which server, what command,\n"
                   "the outcome), from the local audit log "
                << audit::AuditLog::defaultPath() << ".\n";
            return ExitOk;
        } else if (arg.startsWith(QLatin1Char('-')) || !target.isEmpty()) {
            err << "gatescope-cli audit: unexpected argument " << arg << '\n';
            return ExitUsage;
        } else {
            target = arg;
        }
    }
    const auto entries = audit::AuditLog().read(target);
    if (!entries) {
        err << "gatescope-cli audit: " << entries.error().text() << '\n';
        return ExitUnreachable;
    }
    if (json) {
        QJsonArray array;
        for (const auto &entry : *entries)
            array.append(entry.toJson());
        out << QJsonDocument(QJsonObject{{QStringLiteral("entries"), array}})
                        .toJson(QJsonDocument::Indented);
        return ExitOk;
    }
    if (entries->isEmpty())
        out << "Gatescope has not changed anything"
            << (target.isEmpty() ? QString() : QStringLiteral(" on ") + target) << " yet.\n";
    for (const auto &entry : *entries) {
        out << entry.time.toString(Qt::ISODate) << "  " << entry.server << "  " << entry.action
            << (entry.subject.isEmpty() ? QString() : QLatin1Char(' ') + entry.subject) << "  "
            << entry.outcome << '\n'
            << "    " << entry.command << '\n';
        if (!entry.detail.isEmpty())
            out << "    " << entry.detail << '\n';
    }
    return ExitOk;
}

} // namespace

GS_CLI_COMMAND(audit, "audit", "what Gatescope changed, when and where", runAudit);

} // namespace gs::cli
