#pragma once

#include "config/applyresult.h"
#include "config/configfileset.h"
#include "remote/remotehost.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <optional>

namespace gs::config {

// The safe-apply protocol (architecture.md) for one nginx or PHP-FPM file: runs ApplyScript on
// the server and reports every step as it happens. Blocking: call from a worker thread or the
// CLI. `onStep` is called on the session's thread (or the caller's) with each step's new state.
// A connection that drops mid-sequence does not stop the server's side; apply() then reconnects,
// waits for the host lock and reads the journal to say how it ended.
class SafeApply
{
public:
    struct Request
    {
        QString path;
        QByteArray content;
        QString expectedSha256; // empty: no conflict check
        int lockWaitSeconds = 300;
        QString backupRoot; // empty: BackupStore::remoteRootFor(host)
        // Test hook (see ApplyScript::Params): pause after a step so a test can cut the line.
        QString pauseAfterStep;
        int pauseSeconds = 0;
        // Called when the script pauses (test hook), with the pid of the session's sshd.
        std::function<void(const QString &step, const QString &sshdPid)> onPause;
    };

    using StepCallback = std::function<void(const ApplyStep &step)>;

    explicit SafeApply(remote::RemoteHost &host);

    // Uses this listing instead of discovering the files again.
    void setFiles(const ConfigFileSet &files) { m_files = files; }

    ApplyResult apply(const Request &request, const StepCallback &onStep = {});

private:
    remote::RemoteHost &m_host;
    std::optional<ConfigFileSet> m_files;
};

} // namespace gs::config
