#include "config/applyscript.h"

#include <QRandomGenerator>

#include "remote/remotefile.h"
#include "remote/scriptfile.h"
#include "util/shellquote.h"

namespace gs::config {

using gs::shellQuote;

namespace {

QString assign(const QString &name, const QString &value)
{
    return remote::ScriptFile::assignment(name, value);
}

} // namespace

QString ApplyScript::lockPath()
{
    return remote::RemoteFile::lockPath();
}

QString ApplyScript::journalPath(const QString &backupRoot, const QString &nonce)
{
    return backupRoot + QStringLiteral("/journal/") + nonce;
}

QString ApplyScript::backupDir(const QString &backupRoot, const QString &realPath)
{
    return backupRoot + QStringLiteral("/files") + realPath;
}

QString
ApplyScript::journalCommand(const QString &backupRoot, const QString &nonce, int waitSeconds)
{
    return QStringLiteral("flock -w %1 %2 cat -- %3")
            .arg(waitSeconds)
            .arg(shellQuote(lockPath()), shellQuote(journalPath(backupRoot, nonce)));
}

QString ApplyScript::serviceVariables(const ConfigService &service, int index)
{
    const bool nginx = service.kind == ServiceKind::Nginx;
    const QString n = QString::number(index);
    const auto set = [&](const char *name, const QString &value) {
        return assign(QLatin1String(name) + n, value);
    };
    QString script;
    script += set("gs_kind_", nginx ? QStringLiteral("nginx") : QStringLiteral("fpm"));
    script += set("gs_service_", service.name());
    script += set("gs_pidfile_", service.pidFile);
    script += set("gs_pid_hint_", QString::number(service.masterPid));
    script += set("gs_test_cmd_", service.testCommand());
    script += set("gs_test_text_", service.testCommandText());
    script += set("gs_reload_text_", service.reloadDescription());
    script += set("gs_errpattern_",
                  nginx ? QStringLiteral("\\[(emerg|alert)\\]") : QStringLiteral("(ERROR|ALERT):"));
    script += set("gs_unit_", service.systemdUnit);
    script += set("gs_signal_", nginx ? QStringLiteral("HUP") : QStringLiteral("USR2"));
    script += set("gs_binary_", service.binary);
    script += set("gs_config_", service.config);
    script += set("gs_nlogs_", QString::number(service.errorLogs.size()));
    for (qsizetype i = 0; i < service.errorLogs.size(); ++i)
        script += assign(QStringLiteral("gs_log_%1_%2").arg(index).arg(i), service.errorLogs.at(i));
    return script;
}

QString ApplyScript::checkVariables(const HealthPlan &health)
{
    QString script;
    // The checks: HTTP probes, then FPM pings.
    int index = 0;
    const auto addCheck = [&](const QString &kind,
                              const QString &first,
                              const QString &second,
                              const QString &label,
                              bool apply,
                              bool rollback) {
        const auto set = [&](const char *name, const QString &value) {
            script += assign(QLatin1String(name) + QString::number(index), value);
        };
        set("gs_ck_", kind);
        set("gs_ca_", first);
        set("gs_cb_", second);
        set("gs_cl_", label);
        set("gs_cra_", apply ? QStringLiteral("1") : QString());
        set("gs_crb_", rollback ? QStringLiteral("1") : QString());
        ++index;
    };
    for (const HealthPlan::Probe &probe : health.probes) {
        const QString label
                = probe.hostHeader.isEmpty()
                          ? QStringLiteral("GET %1").arg(probe.url)
                          : QStringLiteral("GET %1 (%2)").arg(probe.url, probe.hostHeader);
        addCheck(QStringLiteral("probe"),
                 probe.url,
                 probe.hostHeader,
                 label,
                 probe.afterApply,
                 probe.afterRollback);
    }
    for (const HealthPlan::Ping &ping : health.pings) {
        addCheck(QStringLiteral("ping"),
                 ping.connect,
                 ping.pingPath,
                 QStringLiteral("FPM ping %1 (pool %2)").arg(ping.connect, ping.pool),
                 ping.afterApply,
                 ping.afterRollback);
    }
    script += assign(QStringLiteral("gs_nchecks"), QString::number(index));
    return script;
}

QString ApplyScript::protocolInputs(const QString &nonce,
                                    const QString &backupRoot,
                                    const QString &lockFile,
                                    int lockWaitSeconds,
                                    const QString &pauseAfterStep,
                                    int pauseSeconds)
{
    return assign(QStringLiteral("gs_nonce"), nonce)
           + assign(QStringLiteral("gs_broot"), backupRoot)
           + assign(QStringLiteral("gs_lock"), lockFile)
           + assign(QStringLiteral("gs_lock_wait"), QString::number(lockWaitSeconds))
           + assign(QStringLiteral("gs_pause_after"), pauseAfterStep)
           + assign(QStringLiteral("gs_pause_seconds"), QString::number(pauseSeconds));
}

QString ApplyScript::build(const Params &params)
{
    QString script = protocolInputs(params.nonce,
                                    params.backupRoot,
                                    params.lockFile,
                                    params.lockWaitSeconds,
                                    params.pauseAfterStep,
                                    params.pauseSeconds);
    script += assign(QStringLiteral("p"), params.path);
    script += assign(QStringLiteral("expect"), params.expectedSha256);
    script += assign(QStringLiteral("want"), params.newSha256);
    script += assign(QStringLiteral("gs_keep"), QString::number(params.keepBackups));
    script += serviceVariables(params.service, 0);
    script += checkVariables(params.health);
    return script + remote::ScriptFile::text(u"file-meta.sh")
           + remote::ScriptFile::text(u"lock-journal.sh")
           + remote::ScriptFile::text(u"service-health.sh") + remote::ScriptFile::text(u"apply.sh");
}

QString ApplyScript::randomNonce()
{
    QString nonce;
    for (int i = 0; i < 4; ++i)
        nonce += QString::number(QRandomGenerator::system()->generate(), 16)
                         .rightJustified(8, QLatin1Char('0'));
    return nonce;
}

} // namespace gs::config
