#pragma once

#include "inventory/server.h"
#include "ssh/sshconfigparser.h"
#include "util/result.h"

#include <QList>
#include <QString>

namespace gs::inventory {

// The user's list of servers, shared by the desktop app and gatescope-cli through one JSON file.
// A plain value: no QObject, no thread affinity; InventoryStore adds change signals for the GUI.
// Saving is atomic (QSaveFile): a crash leaves the old file or the new one, whole.
class Inventory
{
public:
    // What importing from an ssh config did, alias by alias.
    struct ImportReport
    {
        QStringList added;
        QList<std::pair<QString, QString>> skipped; // alias, the reason in plain words
    };

    // $GATESCOPE_DATA_DIR when set, else the per-user data directory + "/gatescope"
    // (~/.local/share/gatescope on Linux), the same for the app and the CLI.
    static QString dataDir();
    // dataDir() + "/inventory.json".
    static QString defaultPath();

    // Reads the inventory; a missing file is an empty inventory. A file that cannot be understood
    // is a ParseError and is left untouched: see setAsideCorrupt().
    [[nodiscard]] static Result<Inventory> load(const QString &path);
    // Moves an unreadable file to "<path>.corrupt-<UTC time>" so that the next save cannot
    // overwrite it; returns the new name.
    [[nodiscard]] static Result<QString> setAsideCorrupt(const QString &path);
    // Writes atomically, creating the directory; the file is readable by its owner only.
    [[nodiscard]] Result<void> save(const QString &path) const;

    bool operator==(const Inventory &) const = default;

    const QList<Server> &servers() const { return m_servers; }
    bool isEmpty() const { return m_servers.isEmpty(); }
    const Server *find(const QString &name) const;
    // Group names in use, sorted; "" (no group) included when a server has none.
    QStringList groups() const;

    // Names are unique regardless of case. Each of these validates the server first.
    [[nodiscard]] Result<void> add(const Server &server);
    [[nodiscard]] Result<void> update(const QString &name, const Server &server);
    bool remove(const QString &name);
    [[nodiscard]] Result<void> setLastResult(const QString &name, const Server::LastResult &result);

    // Servers that `Host` aliases of an ssh config describe (wildcard patterns left out), as they
    // would be imported; the reason is set for those that cannot be.
    struct ImportCandidate
    {
        Server server;
        QString skipReason; // empty: can be imported
    };
    QList<ImportCandidate> importCandidates(const ssh::SshConfig &config,
                                            const ssh::SshConfigContext &context) const;
    // Adds the importable candidates (only those named in `aliases` when it is not empty).
    ImportReport importFromSshConfig(const ssh::SshConfig &config,
                                     const ssh::SshConfigContext &context,
                                     const QStringList &aliases = {});

private:
    qsizetype indexOf(const QString &name, Qt::CaseSensitivity cs = Qt::CaseSensitive) const;
    // The name of a server with the same address, port and user, or empty.
    QString sameServerAs(const Server &server) const;

    QList<Server> m_servers;
};

} // namespace gs::inventory
