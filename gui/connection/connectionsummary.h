#pragma once

#include "discovery/hostfacts.h"
#include "ssh/sessioninfo.h"

#include <QMetaType>
#include <QString>

#include <optional>

namespace gs::gui {

// What "Test connection" found, as `gatescope-cli connect` reports it: how the login went, the
// host key, privileges, and the server's OS, nginx and PHP-FPM. Plain data.
struct ConnectionSummary
{
    QString target; // user@host:port
    ssh::SessionInfo session;
    std::optional<discovery::HostFacts> facts;
    QString factsError; // why the facts could not be read, when they could not

    // "passwordless sudo", "logged in as root", "none (why)".
    QString privilegeText() const;
    // One short line for the sidebar and the status bar.
    QString oneLine() const;
    // Label/value rows for a form ("Login", "Host key", "Privileges", "System", "nginx",
    // "PHP-FPM").
    QList<std::pair<QString, QString>> rows() const;
    // The rows as plain text lines ("Login: ...").
    QString text() const;
};

} // namespace gs::gui

Q_DECLARE_METATYPE(gs::gui::ConnectionSummary)
