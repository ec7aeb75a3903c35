#pragma once

#include "util/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace gs::inventory {

// One server in the inventory: how to reach it and what the last diagnosis said.
// Plain data; Inventory keeps the list and writes it to disk.
struct Server
{
    // A short summary of the most recent diagnosis, shown in the sidebar.
    struct LastResult
    {
        QString status; // "ok" (the run completed), "error" (could not connect), empty: never run
        QString worstSeverity; // "critical", "warning", "info", or empty when nothing was found
        QString summary;       // one line for people, e.g. "2 critical findings"
        QDateTime time;        // when the run finished (UTC)

        bool isEmpty() const { return status.isEmpty() && !time.isValid(); }
        bool operator==(const LastResult &) const = default;
    };

    QString name;    // unique in the inventory; what the user calls it ("shop-prod")
    QString address; // host name or IP address
    int port = 22;
    QString user;           // empty: the ssh config's User, else the local login name
    QString identityFile;   // empty: the agent and the default keys
    QString knownHostsFile; // empty: ~/.ssh/known_hosts (or the ssh config's UserKnownHostsFile)
    QString nginxConfig;    // where several nginx run: the -c file of the one to diagnose
    QString group;          // empty: shown under "Servers"
    QStringList tags;
    QString notes;
    bool readOnly = false; // support mode: look, never change anything on this server
    LastResult lastResult;

    bool operator==(const Server &) const = default;

    // "user@address:port", leaving out what is default or unknown.
    QString displayAddress() const;

    // Checks what a user typed: a name, an address without spaces, a port in range.
    [[nodiscard]] Result<void> validate() const;

    QJsonObject toJson() const;
    [[nodiscard]] static Result<Server> fromJson(const QJsonObject &object);
};

} // namespace gs::inventory
