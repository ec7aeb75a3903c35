#pragma once

#include "clioptions.h"
#include "config/applyresult.h"
#include "config/applystep.h"
#include "config/configaudit.h"
#include "remote/remotehost.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <functional>

namespace gs::cli {

// What `config SUBCOMMAND` was given: connection options plus TARGET, PATH and the subcommand's
// own options (--from, --expect-sha256, --backup, --note, --snapshot).
struct ConfigArgs
{
    ConnectionArgs connection;
    QString target;
    QString path;
    QString from;
    QString expectSha256;
    QString backupId;
    QString note;          // config snapshot --note
    QString snapshotId;    // config restore-snapshot --snapshot ID
    bool snapshot = false; // config apply --snapshot: a whole-tree snapshot first
    QString nginxConfig;   // --nginx-conf: which nginx's trees, where several run
};

// Parses and checks the arguments after `config SUBCOMMAND`; `needsPath` and `allowed` (the
// subcommand's options) decide what is a usage error. Prints the error and returns false then.
bool parseConfigArgs(const QString &subcommand,
                     const QStringList &arguments,
                     bool needsPath,
                     const QStringList &allowed,
                     ConfigArgs &parsed);

// Connects to the one TARGET and runs `work` with the open host; returns its exit code, or 3
// (with the error on stderr, or as {"target",...,"error"} JSON) when the target is unusable.
int runOnConfigTarget(const ConfigArgs &args,
                      const std::function<int(remote::RemoteHost &host)> &work);

// A local file's bytes; prints the error and returns false when it cannot be read.
bool readLocalFile(const QString &path, QByteArray &data);

// Servers in support mode are only looked at: true (with the message on stderr) for those.
bool refuseReadOnly(const QString &target);

void printJson(const QJsonObject &object);

// The exit code (spec/cli.md) for how a safe apply ended: 0, 4, 5, 6, or 3 for an error.
int exitCodeFor(config::ApplyOutcome outcome);

// Prints safe-apply steps on stderr as "[name] status: detail", once per change of status or
// detail (a step's output growing is not news), thread-safe: the steps come from a worker.
class StepPrinter
{
public:
    void print(const config::ApplyStep &step);
    void line(const QString &text); // any other progress line, under the same lock

private:
    QMutex m_lock;
    QHash<QString, QString> m_printed; // step name -> "status detail" last printed
};

// Records one change or action in the local audit log (architecture: audit trail); a log that
// cannot be written is a warning on stderr, never a failure of the change.
void recordAudit(const QString &target,
                 remote::RemoteHost &host,
                 const QString &action,
                 const QString &command,
                 const QString &outcome,
                 const QString &detail);
void recordAudit(const audit::AuditEntry &entry);

// The text form of how a safe apply or restore ended, on stdout: its message, the backup it took
// (with showBackup), and for a change refused or rolled back the output of the steps that say why.
void printApplyOutcome(const config::ApplyResult &result, bool showBackup = true);

// A change Gatescope made to a file it read (a recipe, a guided fix), for applyEdit().
struct EditToApply
{
    QString target;     // as the user typed it, for the audit log
    QString path;       // as read
    QString readSha256; // what the edit was made from: safe apply refuses if the file changed
    QByteArray content; // the new text
    QString diff;       // unified, for the audit log and the JSON
    // What the audit log calls it (config::ConfigAudit): a guided fix of a finding, or a recipe.
    enum class Kind { Fix, Recipe } kind = Kind::Fix;
    QString name;          // the finding id or the recipe
    QJsonObject extraJson; // merged into the JSON result
};

// Applies an edit through safe apply, printing each step on stderr, records it in the audit log
// and prints the outcome (JSON with `json`); returns the exit code as for `config apply`.
int applyEdit(remote::RemoteHost &host, const EditToApply &edit, bool json);

// GATESCOPE_TEST_PAUSE_AFTER=STEP / GATESCOPE_TEST_PAUSE_SECONDS=N: the integration tests' hook
// for cutting the connection at a known step of an apply.
QString testPauseStep();
int testPauseSeconds();

} // namespace gs::cli
