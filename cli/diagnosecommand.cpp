// gatescope-cli diagnose TARGET... [--since DURATION] [--json] (spec/cli.md)
// [--report FILE [--redact] [--with-audit [--audit-since DURATION]]] (an extension)
// [--error-rate-threshold PCT] (an extension)

#include "clicommands.h"
#include "commandregistry.h"
#include "durationarg.h"
#include "reportfileoption.h"
#include "snapshotfirst.h"
#include "targetrunner.h"

#include "bundle/bundlediagnosis.h"
#include "bundletargets.h"
#include "checks/diagnosisrunner.h"
#include "checks/errorratesetting.h"
#include "gatescope/version.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>

namespace gs::cli {

namespace {

// The verdict first: "no problems" only when nothing is wrong and every check that could
// explain a 502 ran; otherwise what could not be checked and what to grant.
void appendVerdict(QStringList &lines, const checks::DiagnosisReport &report)
{
    const auto &coverage = report.coverage;
    if (report.noProblems())
        lines << QStringLiteral("  No problems found: nothing here explains a 502 or 504.");
    else if (report.exitCode() == 0 && !coverage.complete)
        lines << QStringLiteral("  No problem seen in what could be checked, but the checks "
                                "that could explain a 502 did not all run: this is not a clean "
                                "bill of health.");
    if (coverage.missing.isEmpty())
        return;
    lines << QString() << QStringLiteral("  Not checked:");
    for (const auto &gap : coverage.missing) {
        lines << QStringLiteral("   - %1%2: %3")
                         .arg(gap.title,
                              gap.essential ? QStringLiteral(" (could explain a 502)") : QString(),
                              gap.reason);
        if (!gap.grant.isEmpty())
            lines << QStringLiteral("     to check it: %1").arg(gap.grant);
    }
    if (!coverage.sudoers.isEmpty()) {
        lines << QStringLiteral("  A sudoers rule with only the read-only commands needed:");
        for (const QString &line : coverage.sudoers.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            lines << QStringLiteral("    ") + line;
    }
}

void appendFinding(QStringList &lines,
                   int number,
                   const TargetOutcome &outcome,
                   const findings::Finding &finding)
{
    using findings::Finding;
    lines << QString();
    lines << QStringLiteral("  %1. %2 [%3] %4%5")
                     .arg(number)
                     .arg(Finding::severityName(finding.severity).toUpper(),
                          finding.id,
                          finding.title,
                          finding.state == Finding::State::Current
                                  ? QString()
                                  : QStringLiteral(" (%1)").arg(Finding::stateName(finding.state)));
    lines << QStringLiteral("     %1").arg(finding.explanation);
    if (finding.state == Finding::State::Past)
        lines << QStringLiteral("     since then: %1").arg(finding.resolvedBy);
    if (!finding.upstream.isEmpty())
        lines << QStringLiteral("     upstream: %1").arg(finding.upstream);
    if (!finding.configFile.isEmpty())
        lines << QStringLiteral("     config:   %1:%2")
                         .arg(finding.configFile)
                         .arg(finding.configLine);
    if (finding.count > 0) {
        lines << QStringLiteral("     seen %1 time(s)%2")
                         .arg(finding.count)
                         .arg(finding.firstSeen.isValid()
                                      ? QStringLiteral(", %1 .. %2 UTC")
                                                .arg(finding.firstSeen.toString(Qt::ISODate),
                                                     finding.lastSeen.toString(Qt::ISODate))
                                      : QString());
    }
    for (const auto &evidence : finding.evidence.mid(0, 3))
        lines << QStringLiteral("     > %1: %2").arg(evidence.source, evidence.text.left(300));
    for (const QString &step : finding.remedy)
        lines << QStringLiteral("     fix: %1").arg(step);
    if (finding.edit)
        lines << QStringLiteral("     guided fix: %1 (`gatescope-cli fix %2 %3` shows the diff)")
                         .arg(finding.edit->summary, outcome.target, finding.id);
}

QString humanReport(const TargetOutcome &outcome, const checks::DiagnosisReport &report)
{
    QStringList lines;
    // A bundle names the server and when and as whom it was collected.
    const QString where
            = outcome.fromBundle()
                      ? QStringLiteral("support bundle of %1, collected %2 UTC, %3")
                                .arg(outcome.options.host,
                                     QDateTime::fromSecsSinceEpoch(report.raw.serverNowEpoch,
                                                                   Qt::UTC)
                                             .toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                     report.raw.privilegeDetail)
                      : outcome.options.displayName();
    lines << QStringLiteral("== %1 (%2), %3 ms").arg(outcome.target, where).arg(report.durationMs);
    for (const auto &check : report.checks) {
        lines << QStringLiteral("  [%1] %2: %3")
                         .arg(checks::checkStatusName(check.status).leftJustified(4),
                              check.title,
                              check.summary);
    }
    int number = 0;
    for (const auto &finding : report.findings)
        appendFinding(lines, ++number, outcome, finding);
    lines << QString();
    appendVerdict(lines, report);
    return lines.join(QLatin1Char('\n'));
}

// With several targets (a fleet, a folder of bundles), one line each after the reports: where,
// the verdict, and the most likely cause.
QString fleetTable(const std::vector<TargetOutcome> &outcomes)
{
    QStringList lines{QStringLiteral("Fleet: %1 target(s)").arg(outcomes.size())};
    qsizetype width = 0;
    for (const TargetOutcome &outcome : outcomes)
        width = std::max(width, QFileInfo(outcome.target).fileName().size());
    width = std::min<qsizetype>(width, 64);
    for (const TargetOutcome &outcome : outcomes) {
        QString verdict;
        QString first;
        if (outcome.error) {
            verdict = errorCodeName(outcome.error->code);
            first = outcome.error->message.left(80);
        } else {
            verdict = outcome.exitCode == 2   ? QStringLiteral("CRITICAL")
                      : outcome.exitCode == 1 ? QStringLiteral("warning")
                      : outcome.json.value(QStringLiteral("coverage"))
                                      .toObject()
                                      .value(QStringLiteral("complete"))
                                      .toBool(true)
                              ? QStringLiteral("ok")
                              : QStringLiteral("not fully checked");
            first = outcome.json.value(QStringLiteral("findings"))
                            .toArray()
                            .first()
                            .toObject()
                            .value(QStringLiteral("id"))
                            .toString();
        }
        lines << QStringLiteral("  %1 %2 %3 %4")
                         .arg(QFileInfo(outcome.target).fileName().left(width).leftJustified(width),
                              outcome.options.host.left(20).leftJustified(20),
                              verdict.leftJustified(18),
                              first);
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

int runDiagnose(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    auto args = parseConnectionArgs(arguments);
    if (!args) {
        err << "gatescope-cli diagnose: " << args.error().message << '\n';
        return ExitUsage;
    }
    if (args->help) {
        out << "Usage: gatescope-cli diagnose TARGET... [--since DURATION] [--json]\n"
               "       gatescope-cli diagnose --bundle FILE_OR_FOLDER... [--since DURATION] "
               "[--json]\n"
               "                             [--report FILE [--redact] [--with-audit]] "
               "[OPTIONS]\n\n"
               "Runs the whole 502/504 checklist on every target, targets concurrently, and\n"
               "reports findings, most likely root cause first.\n\n"
               "  --since DURATION       log window, e.g. 15m, 1h (default), 24h, 7d\n"
               "  --error-rate-threshold PCT\n"
               "                         5xx share of the window's requests above which\n"
               "                         traffic.error_rate_high is critical (a warning above\n"
               "                         5 %); default: the app's setting, else 20\n"
               "  --save-observations FILE\n"
               "                         write every command output of the first target as JSON\n"
               "                         (for support and for replaying the diagnosis in tests)\n"
               "  --bundle               diagnose support bundles (gatescope-cli bundle script)\n"
               "                         instead of live servers; a folder stands for every\n"
               "                         bundle in it. The window ends when it was collected.\n"
            << ReportFileOption::help() << '\n'
            << connectionOptionsHelp()
            << "\nExit codes: 0 nothing at warning or above, 1 warnings, 2 a critical finding,\n"
               "3 a target could not be reached or used, 64 usage error.\n";
        return ExitOk;
    }
    auto reportFile = ReportFileOption::take(args->rest);
    if (!reportFile) {
        err << "gatescope-cli diagnose: " << reportFile.error().message << '\n';
        return ExitUsage;
    }
    qint64 window = 3600;
    double errorRateThreshold = checks::ErrorRateSetting::load();
    QString nginxConfig;
    QString saveObservations;
    QStringList targets;
    bool fromBundles = false;
    for (qsizetype i = 0; i < args->rest.size(); ++i) {
        const QString &arg = args->rest.at(i);
        if (arg == QLatin1String("--since") || arg.startsWith(QLatin1String("--since="))) {
            const QString value = arg.contains(QLatin1Char('=')) ? arg.section(QLatin1Char('='), 1)
                                                                 : args->rest.value(++i);
            const auto seconds = parseDuration(value);
            if (!seconds) {
                err << "gatescope-cli diagnose: --since needs a duration such as 15m, 1h or 7d\n";
                return ExitUsage;
            }
            window = *seconds;
        } else if (arg == QLatin1String("--error-rate-threshold")
                   || arg.startsWith(QLatin1String("--error-rate-threshold="))) {
            const QString value = arg.contains(QLatin1Char('=')) ? arg.section(QLatin1Char('='), 1)
                                                                 : args->rest.value(++i);
            const auto percent = checks::ErrorRateSetting::parse(value);
            if (!percent) {
                err << "gatescope-cli diagnose: --error-rate-threshold needs a percentage above "
                       "0 and at most 100, such as 20 or 12.5\n";
                return ExitUsage;
            }
            errorRateThreshold = *percent;
        } else if (arg == QLatin1String("--save-observations")
                   || arg.startsWith(QLatin1String("--save-observations="))) {
            saveObservations = arg.contains(QLatin1Char('=')) ? arg.section(QLatin1Char('='), 1)
                                                              : args->rest.value(++i);
            if (saveObservations.isEmpty()) {
                err << "gatescope-cli diagnose: --save-observations needs a FILE\n";
                return ExitUsage;
            }
        } else if (arg == QLatin1String("--nginx-conf")) {
            nginxConfig = args->rest.value(++i);
            if (nginxConfig.isEmpty()) {
                err << "gatescope-cli diagnose: --nginx-conf needs the path of an nginx.conf\n";
                return ExitUsage;
            }
        } else if (arg == QLatin1String("--bundle")) {
            fromBundles = true;
        } else if (arg.startsWith(QLatin1Char('-'))) {
            err << "gatescope-cli diagnose: unknown option " << arg << '\n';
            return ExitUsage;
        } else {
            targets << arg;
        }
    }
    if (targets.isEmpty()) {
        err << (fromBundles ? "gatescope-cli diagnose: --bundle needs a bundle file or a "
                              "folder of bundles\n"
                            : "gatescope-cli diagnose: name at least one TARGET\n");
        return ExitUsage;
    }

    const bool json = args->json;
    // What every target's report becomes, whether it came from a session or a bundle.
    const auto conclude = [&](const checks::DiagnosisReport &report, TargetOutcome &outcome) {
        outcome.json = report.toJson();
        if (!saveObservations.isEmpty() && outcome.target == targets.first()) {
            QFile file(saveObservations);
            if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
                file.write(QJsonDocument(report.raw.toJson()).toJson(QJsonDocument::Indented));
            else
                QTextStream(stderr)
                        << "gatescope-cli diagnose: cannot write " << saveObservations << '\n';
        }
        outcome.exitCode = report.exitCode();
        if (reportFile->isSet()) {
            const QString path = reportFile->pathFor(outcome.target, targets.size() > 1);
            const auto written = reportFile->write(
                    path,
                    // A bundle's report names its server, never the file (whose name holds the
                    // server's name where --redact would not see it).
                    outcome.fromBundle() ? outcome.options.host : outcome.target,
                    outcome.options,
                    report,
                    // A bundle's report is of when it was collected.
                    outcome.fromBundle()
                            ? QDateTime::fromSecsSinceEpoch(report.raw.serverNowEpoch, Qt::UTC)
                            : QDateTime::currentDateTimeUtc());
            QTextStream(stderr) << "gatescope-cli diagnose: "
                                << (written ? QStringLiteral("wrote the report %1").arg(path)
                                            : written.error().text())
                                << '\n';
        }
        if (!json)
            outcome.text = humanReport(outcome, report);
    };
    const auto progressOf = [](const TargetOutcome &outcome) {
        return [&outcome](const QString &step) {
            // Progress goes to stderr, never into the JSON.
            QTextStream(stderr) << outcome.target << ": " << step << "...\n";
        };
    };
    const auto outcomes
            = fromBundles ? runOnBundles(
                      targets,
                      [&](const bundle::SupportBundle &bundle, TargetOutcome &outcome) {
                          checks::DiagnosisRunner::Options options;
                          options.windowSeconds = window;
                          options.errorRateThresholdPercent = errorRateThreshold;
                          options.nginxConfig = nginxConfig;
                          conclude(bundle::BundleDiagnosis::run(
                                           bundle, options, progressOf(outcome)),
                                   outcome);
                          outcome.json.insert(QStringLiteral("bundle"), bundleJson(bundle));
                      })
                          : runOnTargets(
                                  targets,
                                  *args,
                                  [&](remote::RemoteHost &host, TargetOutcome &outcome) {
                                      checks::DiagnosisRunner::Options options;
                                      options.windowSeconds = window;
                                      options.errorRateThresholdPercent = errorRateThreshold;
                                      // The inventory's nginx (or --nginx-conf's) when
                                      // several run on the host.
                                      options.nginxConfig
                                              = snapshotNginxConfig(outcome.target, nginxConfig);
                                      conclude(checks::DiagnosisRunner::run(
                                                       host, options, progressOf(outcome)),
                                               outcome);
                                  },
                                  &checks::DiagnosisRunner::firstCommand);

    int exitCode = ExitOk;
    bool unreachable = false;
    QJsonArray targetArray;
    for (const TargetOutcome &outcome : outcomes) {
        QJsonObject target = targetJson(outcome);
        target.insert(QStringLiteral("duration_ms"), outcome.durationMs);
        if (outcome.error) {
            unreachable = true;
            target.insert(QStringLiteral("facts"), QJsonObject());
            target.insert(QStringLiteral("checks"), QJsonArray());
            target.insert(QStringLiteral("findings"), QJsonArray());
        } else {
            if (outcome.json.contains(QStringLiteral("bundle")))
                target.insert(QStringLiteral("bundle"),
                              outcome.json.value(QStringLiteral("bundle")));
            for (const QString &key : {QStringLiteral("facts"),
                                       QStringLiteral("checks"),
                                       QStringLiteral("findings"),
                                       QStringLiteral("coverage")})
                target.insert(key, outcome.json.value(key));
            exitCode = std::max(exitCode, outcome.exitCode);
        }
        targetArray.append(target);
        if (!json) {
            if (outcome.error) {
                out << "== " << outcome.target << ": " << errorCodeName(outcome.error->code) << ": "
                    << outcome.error->message << '\n';
                if (!outcome.error->hint.isEmpty())
                    out << "  next step: " << outcome.error->hint << '\n';
            } else {
                out << outcome.text << '\n';
            }
            out << '\n';
        }
    }
    if (!json && outcomes.size() > 1)
        out << fleetTable(outcomes);
    if (json) {
        out << QJsonDocument(
                       QJsonObject{{QStringLiteral("gatescope"), QString::fromLatin1(kVersion)},
                                   {QStringLiteral("targets"), targetArray}})
                        .toJson(QJsonDocument::Indented);
    }
    // A critical finding outranks an unreachable target only when every target was reached.
    return unreachable ? ExitUnreachable : exitCode;
}

} // namespace

GS_CLI_COMMAND(diagnose,
               "diagnose",
               "run the whole 502/504 checklist and report findings",
               runDiagnose);

} // namespace gs::cli
