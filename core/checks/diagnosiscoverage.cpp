#include "checks/diagnosiscoverage.h"

#include "checks/diagnosismodel.h"

#include <QJsonArray>
#include <QSet>

namespace gs::checks {

namespace {

bool mentions(const QString &text, QLatin1String word)
{
    return text.contains(word, Qt::CaseInsensitive);
}

// The login the grants name; a placeholder when the facts did not say.
QString loginName(const DiagnosisModel &model)
{
    return model.facts.loginUser.isEmpty() ? QStringLiteral("USER") : model.facts.loginUser;
}

// What would let a check run, from why it could not: the narrowest grant that works.
QString grantFor(const CheckResult &check, const DiagnosisModel &model)
{
    const QString user = loginName(model);
    const QString &why = check.summary;
    // Without the configuration the sites, upstreams and logs are unknown: that is the grant.
    if (!model.nginx && model.facts.nginx.installed
        && (check.id.startsWith(QLatin1String("nginx."))
            || check.id.startsWith(QLatin1String("upstream."))))
        return QStringLiteral("let %1 read the nginx configuration files (they are usually "
                              "world-readable), or passwordless sudo for `nginx -T`")
                .arg(user);
    if ((check.id == QLatin1String("nginx.error_log")
         || check.id == QLatin1String("traffic.error_rate"))
        && mentions(why, QLatin1String("denied"))) {
        return QStringLiteral("add %1 to the group that owns the nginx logs (on Debian and "
                              "Ubuntu `usermod -aG adm %1`, then log in again)")
                .arg(user);
    }
    if (check.id == QLatin1String("phpfpm.log") && mentions(why, QLatin1String("denied"))) {
        return QStringLiteral("let %1 read the PHP-FPM log: `chgrp adm LOG && chmod 640 LOG` "
                              "with %1 in adm (and `create 0640 root adm` in its logrotate "
                              "rule, so new logs stay readable), or passwordless sudo for %1")
                .arg(user);
    }
    // The snippet's commands cover these; the rest read root-only files (kernel log, process
    // limits, firewall rules) and need the login's own sudo.
    static const QStringList bySnippet = {QStringLiteral("nginx.config_test"),
                                          QStringLiteral("phpfpm.config_test"),
                                          QStringLiteral("nginx.listening")};
    if (mentions(why, QLatin1String("sudo")) || mentions(why, QLatin1String("root"))) {
        if (bySnippet.contains(check.id))
            return QStringLiteral("the sudoers rule below (read-only commands only)");
        return QStringLiteral("passwordless sudo for %1 (`sudo -n true` must work)").arg(user);
    }
    if (mentions(why, QLatin1String("not installed"))) {
        const qsizetype end = why.indexOf(QLatin1String(" is not installed"));
        const QString tool = end > 0 ? why.left(end).section(QLatin1Char(' '), -1)
                                     : QStringLiteral("the missing tool");
        return QStringLiteral("install %1 on the server").arg(tool);
    }
    if (mentions(why, QLatin1String("timed out")))
        return QStringLiteral("run the diagnosis again; the command timed out");
    if (mentions(why, QLatin1String("nginx configuration could not be read")))
        return QStringLiteral("let %1 read the nginx configuration files (they are usually "
                              "world-readable), or passwordless sudo for `nginx -T`")
                .arg(user);
    if (mentions(why, QLatin1String("denied")))
        return QStringLiteral("passwordless sudo for %1 (`sudo -n true` must work)").arg(user);
    return QString();
}

// sudoers needs these escaped in arguments (sudoers(5), "Other special characters").
QString sudoersWord(QString word)
{
    for (const char *special : {"\\", ",", ":", "=", " "})
        word.replace(QLatin1String(special), QLatin1Char('\\') + QLatin1String(special));
    return word;
}

// The privileged reads that Gatescope runs one by one through `sudo -n` when a rule allows
// exactly them (remotescripts: nginx -T, php-fpm -t, ss), word for word as it runs them, so the
// snippet works as pasted. Logs are better granted by group (grantFor).
QString sudoersSnippet(const DiagnosisModel &model)
{
    const QString user = loginName(model);
    QStringList commands;
    const auto &nginx = model.facts.nginx;
    if (nginx.installed) {
        QString command = sudoersWord(nginx.binary.isEmpty() ? QStringLiteral("/usr/sbin/nginx")
                                                             : nginx.binary);
        if (nginx.running && !nginx.prefix.isEmpty())
            command += QStringLiteral(" -p ") + sudoersWord(nginx.prefix);
        if (nginx.running && !nginx.config.isEmpty())
            command += QStringLiteral(" -c ") + sudoersWord(nginx.config);
        commands << command + QStringLiteral(" -T");
    }
    for (const FpmInstance &instance : model.fpm.instances) {
        if (!instance.binary.isEmpty() && !instance.config.isEmpty())
            commands << QStringLiteral("%1 -t -y %2")
                                .arg(sudoersWord(instance.binary), sudoersWord(instance.config));
    }
    commands << QStringLiteral("/usr/bin/ss -Hltxnp") << QStringLiteral("/usr/sbin/ss -Hltxnp");
    return QStringLiteral("# /etc/sudoers.d/gatescope (check it with: visudo -cf FILE)\n"
                          "# Read-only commands Gatescope runs as root when allowed; nothing here "
                          "changes the server.\n"
                          "Cmnd_Alias GATESCOPE_READ = %1\n"
                          "%2 ALL=(root) NOPASSWD: GATESCOPE_READ\n")
            .arg(commands.join(QLatin1String(", \\\n    ")), user);
}

} // namespace

bool DiagnosisCoverage::isEssential(const QString &checkId)
{
    // Without these a 502's cause can go unseen: the process, what the sites answer, the error
    // log, the upstreams, and PHP-FPM's pools and log.
    static const QSet<QString> essential = {
            QStringLiteral("nginx.running"),
            QStringLiteral("nginx.sites"),
            QStringLiteral("nginx.error_log"),
            QStringLiteral("upstream.reachable"),
            QStringLiteral("upstream.address"),
            QStringLiteral("phpfpm.running"),
            QStringLiteral("phpfpm.pools"),
            QStringLiteral("phpfpm.log"),
    };
    return essential.contains(checkId);
}

DiagnosisCoverage DiagnosisCoverage::assess(const QList<CheckResult> &checks,
                                            const DiagnosisModel &model)
{
    DiagnosisCoverage coverage;
    bool needsSudo = false;
    for (const CheckResult &check : checks) {
        if (!check.isGap() && check.status != CheckStatus::Error)
            continue;
        Gap gap{check.id,
                check.title,
                check.summary,
                grantFor(check, model),
                isEssential(check.id)};
        if (gap.grant.contains(QLatin1String("sudo")))
            needsSudo = true;
        if (gap.essential)
            coverage.complete = false;
        coverage.missing << gap;
    }
    if (needsSudo && !model.raw.privileged && model.facts.loginUid != 0)
        coverage.sudoers = sudoersSnippet(model);
    return coverage;
}

QString DiagnosisCoverage::summary() const
{
    QStringList parts;
    for (const Gap &gap : missing)
        parts << QStringLiteral("%1 (%2)").arg(gap.title, gap.reason);
    return parts.join(QLatin1String("; "));
}

QJsonObject DiagnosisCoverage::toJson() const
{
    QJsonArray gaps;
    for (const Gap &gap : missing) {
        gaps.append(QJsonObject{{QStringLiteral("check"), gap.check},
                                {QStringLiteral("title"), gap.title},
                                {QStringLiteral("reason"), gap.reason},
                                {QStringLiteral("grant"), gap.grant},
                                {QStringLiteral("essential"), gap.essential}});
    }
    QJsonObject json{{QStringLiteral("complete"), complete}, {QStringLiteral("missing"), gaps}};
    json.insert(QStringLiteral("sudoers"), sudoers);
    return json;
}

DiagnosisCoverage DiagnosisCoverage::fromJson(const QJsonObject &json)
{
    DiagnosisCoverage coverage;
    coverage.complete = json.value(QStringLiteral("complete")).toBool(true);
    coverage.sudoers = json.value(QStringLiteral("sudoers")).toString();
    for (const auto &value : json.value(QStringLiteral("missing")).toArray()) {
        const QJsonObject gap = value.toObject();
        coverage.missing << Gap{gap.value(QStringLiteral("check")).toString(),
                                gap.value(QStringLiteral("title")).toString(),
                                gap.value(QStringLiteral("reason")).toString(),
                                gap.value(QStringLiteral("grant")).toString(),
                                gap.value(QStringLiteral("essential")).toBool()};
    }
    return coverage;
}

} // namespace gs::checks
