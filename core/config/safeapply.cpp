#include "config/safeapply.h"

#include "config/applyeventparser.h"
#include "config/applyscript.h"
#include "config/backupstore.h"
#include "config/configfiles.h"
#include "config/healthplan.h"
#include "config/healthverdict.h"
#include "remote/remotefile.h"
#include "util/logcategories.h"

#include <QRandomGenerator>
#include <QThread>

namespace gs::config {

namespace {

QString messageFor(const ApplyResult &result)
{
    switch (result.outcome) {
    case ApplyOutcome::Applied:
        return QStringLiteral("%1 was changed, reloaded and is healthy.").arg(result.path);
    case ApplyOutcome::Unchanged:
        return QStringLiteral("%1 already has this content; nothing was done.").arg(result.path);
    case ApplyOutcome::ValidationFailed:
        return QStringLiteral("The change to %1 failed validation; the original was put back and "
                              "nothing was reloaded.")
                .arg(result.path);
    case ApplyOutcome::Conflict:
        return QStringLiteral("%1 changed on the server since it was read; nothing was changed.")
                .arg(result.path);
    case ApplyOutcome::RolledBack:
        return QStringLiteral("The change to %1 broke the health check after the reload; it was "
                              "rolled back and the service is healthy again.")
                .arg(result.path);
    case ApplyOutcome::RollbackFailed:
        return QStringLiteral("The change to %1 was rolled back, but the service is still not "
                              "healthy: look at the steps.")
                .arg(result.path);
    case ApplyOutcome::Error: break;
    }
    return {};
}

// An apply that made nothing worse is not one that made the site answer: say which checks still
// fail, and what a PHP-FPM pool change needs that a reload does not give it.
void judgeAnswers(ApplyResult &result, const ConfigService &service)
{
    result.stillFailing = HealthVerdict::stillFailing(result.steps);
    if (result.stillFailing.isEmpty())
        return;
    result.message = QStringLiteral("%1 was changed and reloaded, but the site still fails: %2.")
                             .arg(result.path, result.stillFailing.join(QStringLiteral("; ")));
    if (service.kind != ServiceKind::PhpFpm)
        return;
    // A reload re-reads the pools, but an existing listening socket keeps its owner, group and
    // mode, and a pool's address is bound once: those changes wait for a restart.
    result.restartNeeded
            = service.systemdUnit.isEmpty()
                      ? QStringLiteral("restart %1").arg(service.name())
                      : QStringLiteral("systemctl restart %1").arg(service.systemdUnit);
    // Named by its master's configuration: the one master this file belongs to, whether
    // systemd, an init script or a signal restarts it.
    result.restartService = service.config.isEmpty() ? QStringLiteral("php-fpm")
                                                     : QStringLiteral("php-fpm:") + service.config;
    result.message += QStringLiteral(" A PHP-FPM pool's listen settings (owner, group, mode, "
                                     "address) take effect only when PHP-FPM restarts: %1, then "
                                     "diagnose again.")
                              .arg(result.restartNeeded);
}

} // namespace

SafeApply::SafeApply(remote::RemoteHost &host)
    : m_host(host)
{}

ApplyResult SafeApply::apply(const Request &request, const StepCallback &onStep)
{
    ApplyResult result;
    result.path = request.path;
    result.newSha256 = remote::RemoteFile::sha256(request.content);
    const auto update = [&](const ApplyStep &step) {
        bool found = false;
        for (ApplyStep &existing : result.steps) {
            if (existing.name == step.name) {
                existing = step;
                found = true;
            }
        }
        if (!found)
            result.steps << step;
        qCDebug(lcApply).noquote() << request.path << "step" << step.name
                                   << ApplyStep::statusName(step.status) << step.detail;
        if (onStep)
            onStep(step);
    };
    const auto fail = [&](const QString &step, const QString &message) {
        update(ApplyStep{step, ApplyStep::Status::Failed, message, {}});
        result.outcome = ApplyOutcome::Error;
        result.message = message;
        return result;
    };

    // Which service reads the file, and what to probe afterwards.
    update(ApplyStep{QStringLiteral("prepare"),
                     ApplyStep::Status::Running,
                     QStringLiteral("reading the configuration in force"),
                     {}});
    if (!m_files) {
        auto files = ConfigFiles::discover(m_host);
        if (!files)
            return fail(QStringLiteral("prepare"), files.error().text());
        m_files = files.value();
    }
    const ConfigFile *file = m_files->find(request.path);
    if (!file) {
        QString message = QStringLiteral("%1 is not an nginx or PHP-FPM configuration file in "
                                         "force on this server (see `config list`).")
                                  .arg(request.path);
        if (!m_files->problems.isEmpty())
            message += QStringLiteral(" What could not be read: ")
                       + m_files->problems.join(QStringLiteral("; "));
        return fail(QStringLiteral("prepare"), message);
    }
    const ConfigService service = *m_files->serviceFor(*file);
    result.realPath = file->info.realPath;
    result.validationCommand = service.testCommandText();
    auto current = remote::RemoteFile::read(m_host, request.path);
    if (!current)
        return fail(QStringLiteral("prepare"), current.error().text());
    const QString oldText = QString::fromUtf8(current->data);
    const QString newText = QString::fromUtf8(request.content);
    const int serviceIndex = file->serviceIndex;
    const HealthPlan plan
            = service.kind == ServiceKind::Nginx
                      ? (m_files->nginxDumps.contains(serviceIndex)
                                 ? HealthPlan::forNginx(m_files->nginxDumps.value(serviceIndex),
                                                        file->info.path,
                                                        oldText,
                                                        newText,
                                                        service.prefix)
                                 : HealthPlan{})
                      : HealthPlan::forFpm(
                              m_files->nginxDumps.values(), file->info.path, oldText, newText);
    QStringList planText;
    for (const auto &probe : plan.probes)
        planText << QStringLiteral("GET %1%2")
                            .arg(probe.url,
                                 probe.hostHeader.isEmpty()
                                         ? QString()
                                         : QStringLiteral(" (Host: %1)").arg(probe.hostHeader));
    for (const auto &ping : plan.pings)
        planText << QStringLiteral("FPM ping %1 %2").arg(ping.connect, ping.pingPath);
    update(ApplyStep{
            QStringLiteral("prepare"),
            ApplyStep::Status::Ok,
            QStringLiteral("%1; %2 health checks").arg(service.name()).arg(planText.size()),
            planText.join(QLatin1Char('\n'))});

    ApplyScript::Params params;
    params.nonce = ApplyScript::randomNonce();
    params.path = request.path;
    params.expectedSha256 = request.expectedSha256;
    params.newSha256 = result.newSha256;
    params.service = service;
    params.health = plan;
    const QString backupRoot = request.backupRoot.isEmpty() ? BackupStore::remoteRootFor(m_host)
                                                            : request.backupRoot;
    params.backupRoot = backupRoot;
    params.keepBackups = BackupStore::kKeep;
    params.lockWaitSeconds = request.lockWaitSeconds;
    params.pauseAfterStep = request.pauseAfterStep;
    params.pauseSeconds = request.pauseSeconds;

    ApplyEventParser parser(params.nonce);
    bool pauseReported = false;
    remote::CommandRequest command;
    command.command = ApplyScript::build(params);
    command.stdinData = request.content;
    command.privileged = m_host.canRunPrivileged();
    command.timeoutMs = (request.lockWaitSeconds + request.pauseSeconds + 300) * 1000;
    command.label = QStringLiteral("safe apply ") + request.path;
    command.onStdout = [&](const QByteArray &chunk) {
        for (const ApplyStep &step : parser.feed(chunk))
            update(step);
        if (!parser.pausedAfter().isEmpty() && !pauseReported) {
            pauseReported = true;
            if (request.onPause)
                request.onPause(parser.pausedAfter(), parser.pausedSshdPid());
        }
    };
    auto ran = m_host.run(std::move(command));
    for (const ApplyStep &step : parser.finish())
        update(step);

    ApplyEventParser *final = &parser;
    ApplyEventParser journal(params.nonce);
    if (parser.outcome().isEmpty()) {
        // The line dropped (or the script died): the server goes on alone. Reconnect, wait for
        // the lock to be free and read how the sequence ended from its journal.
        const QString why
                = ran ? QStringLiteral("the apply ended without a result: %1")
                                  .arg(QString::fromUtf8(ran->stdErr).trimmed().right(300))
                      : ran.error().text();
        update(ApplyStep{QStringLiteral("reconnect"),
                         ApplyStep::Status::Running,
                         QStringLiteral("%1; reading the server's journal").arg(why),
                         {}});
        for (int attempt = 0; attempt < 10 && journal.outcome().isEmpty(); ++attempt) {
            if (attempt > 0)
                QThread::sleep(2);
            remote::CommandRequest read;
            read.command = ApplyScript::journalCommand(
                    backupRoot, params.nonce, request.lockWaitSeconds + 60);
            read.privileged = m_host.canRunPrivileged();
            read.timeoutMs = (request.lockWaitSeconds + 90) * 1000;
            auto text = m_host.run(std::move(read));
            if (!text)
                continue;
            journal = ApplyEventParser(params.nonce);
            journal.feed(text->stdOut);
            journal.finish();
        }
        if (journal.outcome().isEmpty())
            return fail(QStringLiteral("reconnect"),
                        QStringLiteral("The connection dropped during the apply and how it ended "
                                       "could not be read back (%1). The file on the server is "
                                       "either the old or the new one, whole; read it again.")
                                .arg(why));
        for (const ApplyStep &step : journal.steps())
            update(step);
        update(ApplyStep{QStringLiteral("reconnect"),
                         ApplyStep::Status::Ok,
                         QStringLiteral("the server finished the sequence on its own: %1")
                                 .arg(journal.outcome()),
                         {}});
        final = &journal;
    }

    result.outcome = applyOutcomeFromName(final->outcome());
    if (!final->info(QStringLiteral("real_path")).isEmpty())
        result.realPath = final->info(QStringLiteral("real_path"));
    result.oldSha256 = final->info(QStringLiteral("old_sha256"));
    const QString backup = final->info(QStringLiteral("backup"));
    result.backupId = backup.section(QLatin1Char(' '), 0, 0);
    result.backupPath = backup.section(QLatin1Char(' '), 1);
    for (const ApplyStep &step : final->steps()) {
        if (step.name == QLatin1String("validate"))
            result.validationOutput = step.output;
    }
    if (result.outcome == ApplyOutcome::Error) {
        QString reason;
        for (const ApplyStep &step : result.steps) {
            if (step.failed())
                reason = step.detail;
        }
        if (reason.isEmpty())
            reason = final->stray().trimmed().right(400);
        result.message = QStringLiteral("The apply could not run: %1").arg(reason);
    } else {
        result.message = messageFor(result);
    }
    if (result.outcome == ApplyOutcome::Applied)
        judgeAnswers(result, service);

    // The local copy of the backup, from the server's (immutable) backup file.
    if (!result.backupId.isEmpty()) {
        auto data = BackupStore::content(m_host, result.realPath, result.backupId, backupRoot);
        Result<QString> saved
                = data ? BackupStore::saveLocal(
                          BackupStore::hostKey(m_host.options().host, m_host.options().port),
                          result.realPath,
                          result.backupId,
                          *data)
                       : Result<QString>(data.error());
        if (saved) {
            result.localBackupPath = *saved;
            update(ApplyStep{QStringLiteral("local-backup"), ApplyStep::Status::Ok, *saved, {}});
        } else {
            update(ApplyStep{QStringLiteral("local-backup"),
                             ApplyStep::Status::Failed,
                             saved.error().text(),
                             {}});
        }
    }
    return result;
}

} // namespace gs::config
