#include "config/treesnapshot.h"

#include "config/applyeventparser.h"
#include "config/applyscript.h"
#include "config/backupid.h"
#include "config/backupstore.h"
#include "config/configfiles.h"
#include "config/snapshotmanifest.h"
#include "config/snapshotscript.h"
#include "remote/remotefile.h"
#include "util/logcategories.h"
#include "util/sections.h"
#include "util/shellquote.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QThread>

#include <algorithm>

namespace gs::config {

using gs::shellQuote;

struct TreeSnapshot::ScriptRun
{
    ApplyEventParser parser;
    QString error; // set when how the script ended is unknown
};

namespace {

QString restoreMessage(ApplyOutcome outcome, const QString &id, const QString &pre)
{
    switch (outcome) {
    case ApplyOutcome::Applied:
        return QStringLiteral("The configuration is back to snapshot %1: validated, reloaded and "
                              "healthy. What was there before is snapshot %2.")
                .arg(id, pre);
    case ApplyOutcome::Unchanged:
        return QStringLiteral("The configuration already matches snapshot %1; nothing was "
                              "reloaded.")
                .arg(id);
    case ApplyOutcome::ValidationFailed:
        return QStringLiteral("Snapshot %1 does not validate on this server: everything was put "
                              "back as it was and nothing was reloaded.")
                .arg(id);
    case ApplyOutcome::RolledBack:
        return QStringLiteral("After restoring snapshot %1 the health check failed: the "
                              "configuration as it was before (%2) is back and healthy.")
                .arg(id, pre);
    case ApplyOutcome::RollbackFailed:
        return QStringLiteral("After restoring snapshot %1 the health check failed and the "
                              "configuration as it was before (%2) was put back, but the services "
                              "are still not healthy: look at the steps.")
                .arg(id, pre);
    case ApplyOutcome::Conflict:
    case ApplyOutcome::Error: break;
    }
    return {};
}

QString lastFailure(const QList<ApplyStep> &steps)
{
    QString reason;
    for (const ApplyStep &step : steps) {
        if (step.failed())
            reason = step.detail;
    }
    return reason;
}

bool writeLocal(const QString &path, const QByteArray &data, QString &error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size()) {
        error = file.errorString();
        return false;
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (!file.commit()) {
        error = file.errorString();
        return false;
    }
    return true;
}

} // namespace

TreeSnapshot::TreeSnapshot(remote::RemoteHost &host)
    : m_host(host)
{}

TreeSnapshot::TreeSnapshot(remote::RemoteHost &host, Options options)
    : m_host(host)
    , m_options(std::move(options))
{}

QString TreeSnapshot::backupRoot()
{
    if (m_backupRoot.isEmpty())
        m_backupRoot = m_options.backupRoot.isEmpty() ? BackupStore::remoteRootFor(m_host)
                                                      : m_options.backupRoot;
    return m_backupRoot;
}

QString TreeSnapshot::hostKey() const
{
    return BackupStore::hostKey(m_host.options().host, m_host.options().port);
}

QString TreeSnapshot::localDir(const QString &hostKey)
{
    return BackupStore::localRoot() + QLatin1Char('/') + hostKey + QStringLiteral("/snapshots");
}

QList<SnapshotEntry> TreeSnapshot::listLocal(const QString &hostKey)
{
    QList<SnapshotEntry> entries;
    const QDir dir(localDir(hostKey));
    for (const QString &name : dir.entryList({QStringLiteral("*.manifest")}, QDir::Files)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        auto entry = SnapshotManifest::parse(file.readAll());
        const QString tarball
                = dir.filePath(entry ? entry->id + QStringLiteral(".tar.gz") : QString());
        if (!entry || name != entry->id + QStringLiteral(".manifest") || !QFile::exists(tarball))
            continue;
        entry->localPath = tarball;
        entries << *entry;
    }
    std::sort(entries.begin(), entries.end(), SnapshotEntry::newerFirst);
    return entries;
}

Result<ConfigFileSet> TreeSnapshot::files()
{
    if (!m_files) {
        auto found = ConfigFiles::discover(m_host);
        if (!found)
            return found.error();
        m_files = found.value();
    }
    return *m_files;
}

Result<SnapshotScope> TreeSnapshot::scope()
{
    auto set = files();
    if (!set)
        return set.error();
    // The PHP-FPM files (for pools' logs and pings) and the real path of every candidate tree,
    // in one round trip.
    QString script;
    QList<QString> fpmPaths;
    for (const ConfigFile &file : set->files) {
        if (file.kind != ServiceKind::PhpFpm)
            continue;
        script += QStringLiteral("echo '@@fpm %1'; cat -- %2 2>/dev/null; echo; ")
                          .arg(fpmPaths.size())
                          .arg(shellQuote(file.info.path));
        fpmPaths << file.info.path;
    }
    SnapshotScope scope = SnapshotScope::from(*set, {});
    for (qsizetype i = 0; i < scope.directories.size(); ++i)
        script += QStringLiteral("echo '@@real %1'; readlink -f -- %2; ")
                          .arg(i)
                          .arg(shellQuote(scope.directories.at(i)));
    remote::CommandRequest request;
    request.command = script + QStringLiteral("true");
    request.privileged = m_host.canRunPrivileged();
    request.label = QStringLiteral("snapshot scope");
    auto result = m_host.run(std::move(request));
    if (!result)
        return result.error();
    const QHash<QString, QByteArray> sections = splitSections(result->stdOut);
    QHash<QString, QString> texts;
    for (qsizetype i = 0; i < fpmPaths.size(); ++i)
        texts.insert(fpmPaths.at(i),
                     QString::fromUtf8(sections.value(QStringLiteral("fpm %1").arg(i))));
    QHash<QString, QString> real;
    for (qsizetype i = 0; i < scope.directories.size(); ++i) {
        const QString path
                = QString::fromUtf8(sections.value(QStringLiteral("real %1").arg(i))).trimmed();
        if (path.startsWith(QLatin1Char('/')))
            real.insert(scope.directories.at(i), path);
    }
    scope = SnapshotScope::from(*set, texts, m_options.nginxConfig).resolved(real);
    if (scope.isEmpty())
        return makeError(
                ErrorCode::NotFound,
                QStringLiteral("No nginx or PHP-FPM configuration to take a snapshot of "
                               "was found on this server.%1")
                        .arg(scope.problems.isEmpty()
                                     ? QString()
                                     : QLatin1Char(' ')
                                               + scope.problems.join(QLatin1String("; "))));
    return scope;
}

TreeSnapshot::ScriptRun
TreeSnapshot::runScript(const QString &script,
                        const QString &nonce,
                        const QString &label,
                        const std::function<void(const ApplyStep &)> &update)
{
    ScriptRun run{ApplyEventParser(nonce), {}};
    bool pauseReported = false;
    remote::CommandRequest command;
    command.command = script;
    command.privileged = m_host.canRunPrivileged();
    command.timeoutMs = (m_options.lockWaitSeconds + m_options.pauseSeconds + 600) * 1000;
    command.label = label;
    command.onStdout = [&](const QByteArray &chunk) {
        for (const ApplyStep &step : run.parser.feed(chunk))
            update(step);
        if (!run.parser.pausedAfter().isEmpty() && !pauseReported) {
            pauseReported = true;
            if (m_options.onPause)
                m_options.onPause(run.parser.pausedAfter(), run.parser.pausedSshdPid());
        }
    };
    auto ran = m_host.run(std::move(command));
    for (const ApplyStep &step : run.parser.finish())
        update(step);
    if (!run.parser.outcome().isEmpty())
        return run;

    // The line dropped (or the script died): the server goes on alone. Reconnect, wait for the
    // lock to be free and read how the script ended from its journal.
    const QString why = ran ? QStringLiteral("the script ended without a result: %1")
                                        .arg(QString::fromUtf8(ran->stdErr).trimmed().right(300))
                            : ran.error().text();
    update(ApplyStep{QStringLiteral("reconnect"),
                     ApplyStep::Status::Running,
                     QStringLiteral("%1; reading the server's journal").arg(why),
                     {}});
    ApplyEventParser journal(nonce);
    for (int attempt = 0; attempt < 10 && journal.outcome().isEmpty(); ++attempt) {
        if (attempt > 0)
            QThread::sleep(2);
        remote::CommandRequest read;
        read.command
                = ApplyScript::journalCommand(backupRoot(), nonce, m_options.lockWaitSeconds + 60);
        read.privileged = m_host.canRunPrivileged();
        read.timeoutMs = (m_options.lockWaitSeconds + 90) * 1000;
        auto text = m_host.run(std::move(read));
        if (!text)
            continue;
        journal = ApplyEventParser(nonce);
        journal.feed(text->stdOut);
        journal.finish();
    }
    if (journal.outcome().isEmpty()) {
        run.error = QStringLiteral("The connection dropped and how the script ended could not be "
                                   "read back (%1).")
                            .arg(why);
        update(ApplyStep{QStringLiteral("reconnect"), ApplyStep::Status::Failed, run.error, {}});
        return run;
    }
    for (const ApplyStep &step : journal.steps())
        update(step);
    update(ApplyStep{QStringLiteral("reconnect"),
                     ApplyStep::Status::Ok,
                     QStringLiteral("the server finished on its own: %1").arg(journal.outcome()),
                     {}});
    run.parser = journal;
    return run;
}

Result<QString> TreeSnapshot::saveLocal(const QString &id)
{
    if (!BackupId::isValid(id))
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("Not a snapshot id: %1").arg(id));
    const QString remoteDir = SnapshotScript::directory(backupRoot());
    auto manifestText = remote::RemoteFile::read(
            m_host, remoteDir + QLatin1Char('/') + id + QStringLiteral(".manifest"));
    if (!manifestText)
        return manifestText.error();
    auto entry = SnapshotManifest::parse(manifestText->data);
    if (!entry || entry->id != id)
        return makeError(ErrorCode::ParseError,
                         QStringLiteral("The manifest of snapshot %1 cannot be read.").arg(id));
    const QString dir = localDir(hostKey());
    if (!QDir().mkpath(dir))
        return makeError(ErrorCode::IoError, QStringLiteral("Cannot create %1").arg(dir));
    QFile::setPermissions(dir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QString tarball = dir + QLatin1Char('/') + id + QStringLiteral(".tar.gz");
    QSaveFile file(tarball);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::IoError,
                         QStringLiteral("Cannot write %1: %2").arg(tarball, file.errorString()));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    bool written = true;
    remote::CommandRequest request;
    request.command = SnapshotScript::readCommand(backupRoot(), id);
    request.privileged = m_host.canRunPrivileged();
    request.timeoutMs = 600 * 1000;
    request.label = QStringLiteral("copy snapshot ") + id;
    request.onStdout = [&](const QByteArray &chunk) {
        hash.addData(chunk);
        written = written && file.write(chunk) == chunk.size();
    };
    auto ran = m_host.run(std::move(request));
    if (!ran)
        return ran.error();
    const QString sha = QString::fromLatin1(hash.result().toHex());
    if (!ran->succeeded() || !written || sha != entry->sha256) {
        file.cancelWriting();
        return makeError(ErrorCode::IoError,
                         QStringLiteral("The copy of snapshot %1 is incomplete (%2).")
                                 .arg(id,
                                      written ? QString::fromUtf8(ran->stdErr).trimmed()
                                              : file.errorString()));
    }
    if (!file.commit())
        return makeError(ErrorCode::IoError,
                         QStringLiteral("Cannot write %1: %2").arg(tarball, file.errorString()));
    QString error;
    if (!writeLocal(dir + QLatin1Char('/') + id + QStringLiteral(".manifest"),
                    manifestText->data,
                    error))
        return makeError(ErrorCode::IoError, error);
    // The newest kKeep here too.
    const QList<SnapshotEntry> local = listLocal(hostKey());
    for (qsizetype i = kKeep; i < local.size(); ++i) {
        QFile::remove(local.at(i).localPath);
        QFile::remove(dir + QLatin1Char('/') + local.at(i).id + QStringLiteral(".manifest"));
    }
    return tarball;
}

Result<void> TreeSnapshot::upload(const SnapshotEntry &entry)
{
    QFile tarball(entry.localPath);
    QFile manifest(localDir(hostKey()) + QLatin1Char('/') + entry.id + QStringLiteral(".manifest"));
    if (!tarball.open(QIODevice::ReadOnly) || !manifest.open(QIODevice::ReadOnly))
        return makeError(
                ErrorCode::IoError,
                QStringLiteral("Cannot read the local copy of snapshot %1.").arg(entry.id));
    remote::CommandRequest request;
    request.command = SnapshotScript::uploadCommand(
            backupRoot(), entry.id, entry.sha256, manifest.readAll(), m_options.lockWaitSeconds);
    request.stdinData = tarball.readAll();
    request.privileged = m_host.canRunPrivileged();
    request.timeoutMs = (m_options.lockWaitSeconds + 600) * 1000;
    request.label = QStringLiteral("upload snapshot ") + entry.id;
    auto ran = m_host.run(std::move(request));
    if (!ran)
        return ran.error();
    if (!ran->stdOut.contains("@@uploaded"))
        return makeError(
                ErrorCode::CommandFailed,
                QStringLiteral("Putting snapshot %1 back on the server failed: %2")
                        .arg(entry.id,
                             QString::fromUtf8(ran->stdOut + ran->stdErr).trimmed().right(300)));
    return {};
}

QList<ConfigService> TreeSnapshot::servicesOf(const SnapshotScope &scope) const
{
    QList<ConfigService> services;
    for (const int index : scope.services) {
        if (m_files && index >= 0 && index < m_files->services.size())
            services << m_files->services.at(index);
    }
    return services;
}

Result<QList<SnapshotEntry>> TreeSnapshot::list()
{
    const QString dir = SnapshotScript::directory(backupRoot());
    remote::CommandRequest request;
    request.command = SnapshotScript::listCommand(backupRoot());
    request.privileged = m_host.canRunPrivileged();
    request.label = QStringLiteral("list snapshots");
    auto result = m_host.run(std::move(request));
    if (!result)
        return result.error();
    QList<SnapshotEntry> entries = SnapshotManifest::parseListing(result->stdOut, dir);
    for (const SnapshotEntry &local : listLocal(hostKey())) {
        auto it = std::find_if(entries.begin(), entries.end(), [&](const SnapshotEntry &e) {
            return e.id == local.id;
        });
        if (it != entries.end())
            it->localPath = local.localPath;
        else
            entries << local;
    }
    std::sort(entries.begin(), entries.end(), SnapshotEntry::newerFirst);
    return entries;
}

SnapshotCreation TreeSnapshot::create(const QString &note, const StepCallback &onStep)
{
    SnapshotCreation creation;
    const auto update = [&](const ApplyStep &step) {
        auto it = std::find_if(creation.steps.begin(),
                               creation.steps.end(),
                               [&](const ApplyStep &s) { return s.name == step.name; });
        if (it != creation.steps.end())
            *it = step;
        else
            creation.steps << step;
        qCDebug(lcApply).noquote() << "snapshot step" << step.name
                                   << ApplyStep::statusName(step.status) << step.detail;
        if (onStep)
            onStep(step);
    };
    const auto fail = [&](const QString &step, const QString &message) {
        update(ApplyStep{step, ApplyStep::Status::Failed, message, {}});
        creation.message = QStringLiteral("No snapshot was taken: %1").arg(message);
        return creation;
    };

    update(ApplyStep{QStringLiteral("prepare"),
                     ApplyStep::Status::Running,
                     QStringLiteral("reading the configuration in force"),
                     {}});
    auto found = scope();
    if (!found)
        return fail(QStringLiteral("prepare"), found.error().text());
    update(ApplyStep{QStringLiteral("prepare"),
                     ApplyStep::Status::Ok,
                     found->paths().join(QLatin1String(", ")),
                     found->problems.join(QLatin1Char('\n'))});

    SnapshotScript::Params params;
    params.nonce = ApplyScript::randomNonce();
    params.backupRoot = backupRoot();
    params.lockWaitSeconds = m_options.lockWaitSeconds;
    params.keep = kKeep;
    params.services = servicesOf(*found);
    params.snapshot = found->toEntry(SnapshotManifest::cleanNote(note));
    params.pauseAfterStep = m_options.pauseAfterStep;
    params.pauseSeconds = m_options.pauseSeconds;
    const ScriptRun run = runScript(
            SnapshotScript::create(params), params.nonce, QStringLiteral("snapshot"), update);
    if (!run.error.isEmpty())
        return fail(QStringLiteral("snapshot"), run.error);
    const QString id = run.parser.info(QStringLiteral("id"));
    if (run.parser.outcome() != QLatin1String("created") || id.isEmpty()) {
        QString reason = lastFailure(creation.steps);
        if (reason.isEmpty())
            reason = run.parser.stray().trimmed().right(400);
        creation.message = QStringLiteral("No snapshot was taken: %1").arg(reason);
        return creation;
    }

    // The local copy, from the server's (immutable) tarball.
    auto saved = saveLocal(id);
    update(ApplyStep{QStringLiteral("local-copy"),
                     saved ? ApplyStep::Status::Ok : ApplyStep::Status::Failed,
                     saved ? *saved : saved.error().text(),
                     {}});
    auto entries = list();
    if (entries) {
        for (const SnapshotEntry &entry : *entries) {
            if (entry.id == id)
                creation.entry = entry;
        }
    }
    creation.created = creation.entry.isValid();
    if (!creation.created) {
        creation.message = QStringLiteral("Snapshot %1 was taken but cannot be listed: %2")
                                   .arg(id, entries ? QString() : entries.error().text());
        return creation;
    }
    creation.message = QStringLiteral("Snapshot %1 taken: %2 files of %3 (%4 bytes)%5.")
                               .arg(id)
                               .arg(creation.entry.fileCount)
                               .arg(creation.entry.paths().join(QLatin1String(", ")))
                               .arg(creation.entry.size)
                               .arg(saved ? QStringLiteral(", with a copy on this machine")
                                          : QStringLiteral(", but no copy on this machine"));
    return creation;
}

ApplyResult TreeSnapshot::restore(const QString &id, const StepCallback &onStep)
{
    ApplyResult result;
    result.path = QStringLiteral("snapshot ") + id;
    const auto update = [&](const ApplyStep &step) {
        auto it = std::find_if(result.steps.begin(), result.steps.end(), [&](const ApplyStep &s) {
            return s.name == step.name;
        });
        if (it != result.steps.end())
            *it = step;
        else
            result.steps << step;
        qCDebug(lcApply).noquote() << "restore" << id << "step" << step.name
                                   << ApplyStep::statusName(step.status) << step.detail;
        if (onStep)
            onStep(step);
    };
    const auto fail = [&](const QString &step, const QString &message) {
        update(ApplyStep{step, ApplyStep::Status::Failed, message, {}});
        result.outcome = ApplyOutcome::Error;
        result.message = QStringLiteral("Nothing was changed: %1").arg(message);
        return result;
    };

    update(ApplyStep{QStringLiteral("prepare"),
                     ApplyStep::Status::Running,
                     QStringLiteral("reading the configuration in force and the snapshots"),
                     {}});
    if (!BackupId::isValid(id))
        return fail(QStringLiteral("prepare"), QStringLiteral("%1 is not a snapshot id.").arg(id));
    auto current = scope();
    if (!current)
        return fail(QStringLiteral("prepare"), current.error().text());
    auto entries = list();
    if (!entries)
        return fail(QStringLiteral("prepare"), entries.error().text());
    const auto it = std::find_if(
            entries->begin(), entries->end(), [&](const SnapshotEntry &e) { return e.id == id; });
    if (it == entries->end())
        return fail(QStringLiteral("prepare"),
                    QStringLiteral("There is no snapshot %1 on the server or here (see `config "
                                   "snapshots`).")
                            .arg(id));
    const SnapshotEntry target = *it;

    // Only servers and pools both the snapshot and the configuration in force have are judged.
    HealthPlan plan;
    for (const SnapshotEntry::Probe &probe : current->probes) {
        const bool inSnapshot
                = target.probes.isEmpty()
                  || std::any_of(target.probes.begin(),
                                 target.probes.end(),
                                 [&](const SnapshotEntry::Probe &p) {
                                     return p.url == probe.url && p.hostHeader == probe.hostHeader;
                                 });
        if (inSnapshot && plan.probes.size() < HealthPlan::kMaxProbes)
            plan.probes << HealthPlan::Probe{probe.url, probe.hostHeader, true, true};
    }
    for (const SnapshotEntry::Ping &ping : current->pings) {
        const bool inSnapshot = target.pings.isEmpty()
                                || std::any_of(target.pings.begin(),
                                               target.pings.end(),
                                               [&](const SnapshotEntry::Ping &p) {
                                                   return p.connect == ping.connect
                                                          && p.pingPath == ping.pingPath;
                                               });
        if (inSnapshot)
            plan.pings << HealthPlan::Ping{ping.connect, ping.pingPath, ping.pool, true, true};
    }
    QStringList checks;
    for (const auto &probe : plan.probes)
        checks << QStringLiteral("GET %1%2")
                          .arg(probe.url,
                               probe.hostHeader.isEmpty()
                                       ? QString()
                                       : QStringLiteral(" (Host: %1)").arg(probe.hostHeader));
    for (const auto &ping : plan.pings)
        checks << QStringLiteral("FPM ping %1 %2").arg(ping.connect, ping.pingPath);
    QStringList tests;
    for (const ConfigService &service : servicesOf(*current))
        tests << service.testCommandText();
    result.validationCommand = tests.join(QLatin1String("; "));
    update(ApplyStep{QStringLiteral("prepare"),
                     ApplyStep::Status::Ok,
                     QStringLiteral("%1; %2 health checks")
                             .arg(target.paths().join(QLatin1String(", ")))
                             .arg(checks.size()),
                     checks.join(QLatin1Char('\n'))});

    if (target.remotePath.isEmpty()) {
        update(ApplyStep{QStringLiteral("upload"),
                         ApplyStep::Status::Running,
                         QStringLiteral("the server lost it: sending the copy kept here"),
                         {}});
        if (auto sent = upload(target); !sent)
            return fail(QStringLiteral("upload"), sent.error().text());
        update(ApplyStep{QStringLiteral("upload"), ApplyStep::Status::Ok, target.localPath, {}});
    }

    SnapshotScript::Params params;
    params.nonce = ApplyScript::randomNonce();
    params.backupRoot = backupRoot();
    params.lockWaitSeconds = m_options.lockWaitSeconds;
    params.keep = kKeep;
    params.services = servicesOf(*current);
    params.snapshot = target;
    params.extraExcluded = current->excluded;
    params.extraExcludedLogs = current->excludedLogs;
    params.health = plan;
    params.preRestoreNote = QStringLiteral("before restoring snapshot %1").arg(id);
    params.pauseAfterStep = m_options.pauseAfterStep;
    params.pauseSeconds = m_options.pauseSeconds;
    const ScriptRun run = runScript(SnapshotScript::restore(params),
                                    params.nonce,
                                    QStringLiteral("restore snapshot ") + id,
                                    update);
    if (!run.error.isEmpty()) {
        result.outcome = ApplyOutcome::Error;
        result.message = run.error
                         + QStringLiteral(" Every file is whole, old or new; list the snapshots "
                                          "and restore the pre-restore one if the configuration "
                                          "is mixed.");
        return result;
    }
    result.outcome = applyOutcomeFromName(run.parser.outcome());
    const QString pre = run.parser.info(QStringLiteral("pre_snapshot_dropped")).isEmpty()
                                ? run.parser.info(QStringLiteral("pre_snapshot"))
                                : QString();
    result.backupId = pre;
    if (!pre.isEmpty())
        result.backupPath = SnapshotScript::directory(backupRoot()) + QLatin1Char('/') + pre
                            + QStringLiteral(".tar.gz");
    for (const ApplyStep &step : run.parser.steps()) {
        if (step.name == QLatin1String("validate"))
            result.validationOutput = step.output;
    }
    if (result.outcome == ApplyOutcome::Error) {
        QString reason = lastFailure(result.steps);
        if (reason.isEmpty())
            reason = run.parser.stray().trimmed().right(400);
        result.message = QStringLiteral("The restore could not run: %1").arg(reason);
    } else {
        result.message = restoreMessage(result.outcome, id, pre);
    }
    if (!pre.isEmpty()) {
        auto saved = saveLocal(pre);
        if (saved)
            result.localBackupPath = *saved;
        update(ApplyStep{QStringLiteral("local-copy"),
                         saved ? ApplyStep::Status::Ok : ApplyStep::Status::Failed,
                         saved ? *saved : saved.error().text(),
                         {}});
    }
    return result;
}

} // namespace gs::config
