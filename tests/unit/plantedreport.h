#pragma once

// A realistic diagnosis with a customer's values planted in it, for the redaction tests (the unit
// test of ReportWriter and the GUI test of the export dialog, PDF included): a lab capture from
// tests/data/diagnosis-<case>/raw.json whose lab names are replaced, consistently in every
// command output, by names a customer's server would show (site names, an upstream group, a
// PHP-FPM pool, the login user, the host name, an IPv4 and an IPv6 address, a web root under
// /var/www), replayed through the real model and checks; plus a systemd unit in a journal line
// and an activity log that restarts it and applies a site file. Header-only, no test framework.

#include "audit/auditlog.h"
#include "checks/diagnosisengine.h"
#include "checks/diagnosismodel.h"
#include "checks/diagnosisreport.h"
#include "report/reportwriter.h"

#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStringList>

namespace gs::test {

struct PlantedReport
{
    checks::DiagnosisReport report;
    report::ReportTarget target;
    report::ReportOptions options; // redact on, with the activity
    QStringList originals;         // every planted value; none may survive redaction
    QString error;                 // why the capture could not be read; empty when fine
};

// The lab's names and what a customer's server calls the same things. Longer names first: the
// login user and the upstream group contain the pool's name.
inline QList<std::pair<QString, QString>> plantedNames()
{
    return {
            {QStringLiteral("/work/wt-checks/build/checks/lab"),
             QStringLiteral("/var/www/acme/stack")},
            {QStringLiteral("sites-enabled/gslab.conf"),
             QStringLiteral("sites-enabled/acme-shop.example.com.conf")},
            {QStringLiteral("sites-enabled/gslab:"),
             QStringLiteral("sites-enabled/acme-shop.example.com.conf:")},
            {QStringLiteral("app.gslab.test"), QStringLiteral("acme-shop.example.com")},
            {QStringLiteral("php.gslab.test"), QStringLiteral("blog.acme-corp.de")},
            {QStringLiteral("static.gslab.test"), QStringLiteral("static.acmecdn.net")},
            {QStringLiteral("gslab_app_backend"), QStringLiteral("acme_api_backend")},
            {QStringLiteral("gslab-static.access.log"),
             QStringLiteral("acmecdn-static.access.log")},
            {QStringLiteral("gslab.access.log"), QStringLiteral("acme-shop.access.log")},
            {QStringLiteral("@@hostname\nvm\n"),
             QStringLiteral("@@hostname\nweb7.acme-corp.com\n")},
            {QStringLiteral("127.0.0.1"), QStringLiteral("10.20.30.41")},
            {QStringLiteral("::1"), QStringLiteral("2001:db8:cafe::15")},
            {QStringLiteral("gslab"), QStringLiteral("acmeshop")},
    };
}

inline QString plantedText(QString text)
{
    // The lab's login users: gslab + a random suffix + "-nopw" or "-nosudo" (one per lab run).
    static const QRegularExpression login(QStringLiteral("gslab[0-9a-f]{6}-no(pw|sudo)"));
    text.replace(login, QStringLiteral("acmeadmin"));
    for (const auto &[lab, customer] : plantedNames())
        text.replace(lab, customer);
    return text;
}

inline checks::RawObservations plantedRaw(const checks::RawObservations &lab)
{
    checks::RawObservations raw = lab;
    QMap<QString, checks::CommandOutput> outputs;
    for (auto it = lab.outputs.cbegin(); it != lab.outputs.cend(); ++it) {
        checks::CommandOutput output = *it;
        output.command = plantedText(output.command);
        output.out = plantedText(QString::fromUtf8(output.out)).toUtf8();
        output.err = plantedText(QString::fromUtf8(output.err)).toUtf8();
        outputs.insert(plantedText(it.key()), output);
    }
    raw.outputs = outputs;
    raw.nginxConfig = plantedText(raw.nginxConfig);
    raw.privilegeDetail = plantedText(raw.privilegeDetail);
    return raw;
}

inline audit::AuditEntry plantedEntry(const QString &time,
                                      const QString &action,
                                      const QString &command,
                                      const QString &outcome,
                                      const QString &detail = {})
{
    audit::AuditEntry entry;
    entry.time = QDateTime::fromString(time, Qt::ISODate);
    entry.server = QStringLiteral("acme-shop-prod");
    entry.host = QStringLiteral("acmeadmin@198.51.100.23:2222");
    entry.localUser = QStringLiteral("jdoe-acme");
    entry.action = action;
    entry.command = command;
    entry.outcome = outcome;
    entry.detail = detail;
    return entry;
}

// `dataDir` is tests/data; `caseName` one of its diagnosis-* folders.
inline PlantedReport plantedReport(const QString &dataDir, const QString &caseName)
{
    PlantedReport planted;
    QFile file(dataDir + QLatin1Char('/') + caseName + QStringLiteral("/raw.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        planted.error = QStringLiteral("cannot read ") + file.fileName();
        return planted;
    }
    const checks::RawObservations raw = plantedRaw(
            checks::RawObservations::fromJson(QJsonDocument::fromJson(file.readAll()).object()));
    checks::DiagnosisEngine::evaluate(checks::DiagnosisModel::build(raw), planted.report);
    planted.report.raw = raw; // as DiagnosisRunner hands it over
    planted.report.durationMs = 812;

    // The application behind the upstream is a systemd unit; its journal is evidence.
    if (planted.report.findings.isEmpty()) {
        planted.error = caseName + QStringLiteral(" has no finding to hold the journal line");
        return planted;
    }
    planted.report.findings.first().evidence.append(
            {QStringLiteral("journalctl -u acme-api.service"),
             QStringLiteral("Dec 02 06:00:01 web7 systemd[1]: acme-api.service: "
                            "Main process exited, code=killed, status=9/KILL")});

    planted.target = {QStringLiteral("acme-shop-prod"),
                      QStringLiteral("198.51.100.23"),
                      2222,
                      QStringLiteral("acmeadmin")};
    planted.options.redact = true;
    planted.options.diagnosedAt
            = QDateTime::fromString(QStringLiteral("2026-12-02T06:01:00Z"), Qt::ISODate);
    planted.options.appVersion = QStringLiteral("Gatescope 0.1.0");
    report::ReportActivity activity;
    activity.entries = {
            plantedEntry(QStringLiteral("2026-12-02T06:02:00Z"),
                         QStringLiteral("service.restart"),
                         QStringLiteral("systemctl restart acme-api.service"),
                         QStringLiteral("ok")),
            plantedEntry(
                    QStringLiteral("2026-12-02T06:03:00Z"),
                    QStringLiteral("config.apply"),
                    QStringLiteral("apply /etc/nginx/sites-enabled/acme-shop.example.com.conf"),
                    QStringLiteral("rolled_back"),
                    QStringLiteral("health: http://acme-shop.example.com/ answered 502 from "
                                   "198.51.100.23\nrolled back")),
    };
    planted.options.activity = activity;

    planted.originals = {QStringLiteral("acme"),
                         QStringLiteral("acme-shop-prod"),
                         QStringLiteral("198.51.100.23"),
                         QStringLiteral("acmeadmin"),
                         QStringLiteral("jdoe"),
                         QStringLiteral("web7"),
                         QStringLiteral("acme-corp"),
                         QStringLiteral("acme-shop.example.com"),
                         QStringLiteral("blog.acme-corp.de"),
                         QStringLiteral("static.acmecdn.net"),
                         QStringLiteral("acme_api_backend"),
                         QStringLiteral("acmeshop"),
                         QStringLiteral("acme-api"),
                         QStringLiteral("/var/www/acme"),
                         QStringLiteral("10.20.30.41"),
                         QStringLiteral("2001:db8:cafe::15"),
                         QStringLiteral("db8:cafe")};
    return planted;
}

// The originals found in `text` (case-insensitive), each once.
inline QStringList leakedOriginals(const PlantedReport &planted, const QString &text)
{
    QStringList leaked;
    for (const QString &original : planted.originals) {
        if (text.contains(original, Qt::CaseInsensitive))
            leaked << original;
    }
    return leaked;
}

} // namespace gs::test
