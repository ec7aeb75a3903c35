#pragma once

#include "ssh/connectoptions.h"
#include "util/result.h"

#include <QStringList>

#include <optional>

namespace gs::cli {

// The connection options every command with a TARGET accepts (spec/cli.md, "Targets"), plus
// the common --json flag, parsed out of a command's arguments. What is left over is returned
// in `rest` for the command's own parsing.
struct ConnectionArgs
{
    std::optional<int> port;
    QString user;
    QStringList identities;
    QString knownHosts;
    bool acceptNew = false;
    bool passwordStdin = false;
    std::optional<bool> sudo;
    int timeoutSeconds = 20;
    bool json = false;
    bool help = false;
    QStringList rest;
};

Result<ConnectionArgs> parseConnectionArgs(const QStringList &args);

// Help text for the options above, to append to a command's own usage.
QString connectionOptionsHelp();

// ConnectOptions for one TARGET: an inventory name, a ~/.ssh/config alias or [user@]host[:port],
// with the command-line options applied on top.
Result<ssh::ConnectOptions> resolveTarget(const QString &target, const ConnectionArgs &args);

} // namespace gs::cli
