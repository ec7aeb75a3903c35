#include "config/snapshotscript.h"

#include "config/applyscript.h"
#include "config/snapshotmanifest.h"
#include "remote/scriptfile.h"
#include "util/shellquote.h"

namespace gs::config {

using gs::shellQuote;

namespace {

// 200 MiB: configuration trees are kilobytes; more means something else lives there.
constexpr int kMaxKiB = 200 * 1024;

QString scriptInput(const QString &name, const QString &value)
{
    return remote::ScriptFile::assignment(name, value);
}

// The inputs of lock-journal.sh, service-health.sh and snapshot-trees.sh: the trees, the state
// never touched, the services.
QString common(const SnapshotScript::Params &params,
               const QStringList &excluded,
               const QStringList &excludedLogs)
{
    QString script = ApplyScript::protocolInputs(params.nonce,
                                                 params.backupRoot,
                                                 params.lockFile,
                                                 params.lockWaitSeconds,
                                                 params.pauseAfterStep,
                                                 params.pauseSeconds);
    script += scriptInput(QStringLiteral("gs_sdir"), SnapshotScript::directory(params.backupRoot));
    script += scriptInput(QStringLiteral("gs_keep"), QString::number(params.keep));
    script += scriptInput(QStringLiteral("gs_max_kb"), QString::number(kMaxKiB));
    script += scriptInput(QStringLiteral("gs_protect"), QString());

    QStringList roots;
    for (const QString &dir : params.snapshot.directories)
        roots << QStringLiteral("d ") + dir;
    for (const QString &file : params.snapshot.files)
        roots << QStringLiteral("f ") + file;
    script += scriptInput(QStringLiteral("gs_rootlist"), roots.join(QLatin1Char('\n')));
    script += scriptInput(QStringLiteral("gs_xdirs"), excluded.join(QLatin1Char('\n')));
    script += scriptInput(QStringLiteral("gs_xlogs"), excludedLogs.join(QLatin1Char('\n')));

    for (qsizetype i = 0; i < params.services.size(); ++i)
        script += ApplyScript::serviceVariables(params.services.at(i), int(i));
    script += scriptInput(QStringLiteral("gs_nservices"), QString::number(params.services.size()));
    return script;
}

// The libraries every snapshot script runs on, then the script itself.
QString withLibraries(QStringView script)
{
    return remote::ScriptFile::text(u"lock-journal.sh")
           + remote::ScriptFile::text(u"service-health.sh")
           + remote::ScriptFile::text(u"snapshot-trees.sh") + remote::ScriptFile::text(script);
}

} // namespace

QString SnapshotScript::directory(const QString &backupRoot)
{
    return backupRoot + QStringLiteral("/snapshots");
}

QString SnapshotScript::create(const Params &params)
{
    QString script = common(params, params.snapshot.excluded, params.snapshot.excludedLogs);
    script += scriptInput(QStringLiteral("gs_head"),
                          QString::fromUtf8(SnapshotManifest::head(params.snapshot)));
    script += scriptInput(QStringLiteral("gs_what"),
                          params.snapshot.paths().join(QLatin1String(", ")));
    script += ApplyScript::checkVariables({});
    return script + withLibraries(u"snapshot-create.sh");
}

QString SnapshotScript::restore(const Params &params)
{
    QStringList excluded = params.snapshot.excluded;
    for (const QString &dir : params.extraExcluded) {
        if (!excluded.contains(dir))
            excluded << dir;
    }
    QStringList logs = params.snapshot.excludedLogs;
    for (const QString &log : params.extraExcludedLogs) {
        if (!logs.contains(log))
            logs << log;
    }
    // The pre-restore snapshot covers the same trees, with every exclusion in force.
    SnapshotEntry pre = params.snapshot;
    pre.note = params.preRestoreNote;
    pre.excluded = excluded;
    pre.excludedLogs = logs;
    QString script = common(params, excluded, logs);
    script += scriptInput(QStringLiteral("gs_target"), params.snapshot.id);
    script += scriptInput(QStringLiteral("gs_target_sha"), params.snapshot.sha256);
    script += scriptInput(QStringLiteral("gs_protect"), params.snapshot.id);
    script += scriptInput(QStringLiteral("gs_pre_head"),
                          QString::fromUtf8(SnapshotManifest::head(pre)));
    script += ApplyScript::checkVariables(params.health);
    return script + withLibraries(u"snapshot-restore.sh");
}

QString SnapshotScript::listCommand(const QString &backupRoot)
{
    return remote::ScriptFile::command(u"snapshot-list.sh", {directory(backupRoot)});
}

QString SnapshotScript::readCommand(const QString &backupRoot, const QString &id)
{
    return QStringLiteral("cat -- %1")
            .arg(shellQuote(directory(backupRoot) + QLatin1Char('/') + id
                            + QStringLiteral(".tar.gz")));
}

QString SnapshotScript::uploadCommand(const QString &backupRoot,
                                      const QString &id,
                                      const QString &sha256,
                                      const QByteArray &manifest,
                                      int lockWaitSeconds)
{
    return scriptInput(QStringLiteral("d"), directory(backupRoot))
           + scriptInput(QStringLiteral("gs_lock"), ApplyScript::lockPath())
           + scriptInput(QStringLiteral("gs_lock_wait"), QString::number(lockWaitSeconds))
           + scriptInput(QStringLiteral("id"), id) + scriptInput(QStringLiteral("want"), sha256)
           + scriptInput(QStringLiteral("manifest"), QString::fromUtf8(manifest))
           + remote::ScriptFile::text(u"lock-journal.sh")
           + remote::ScriptFile::text(u"snapshot-upload.sh");
}

} // namespace gs::config
