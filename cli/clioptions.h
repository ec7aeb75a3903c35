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

// One of the arguments a command reads itself: an option (`--apply`, `--note TEXT`,
// `--note=TEXT`) or, with an empty name, a positional argument in `value`.
struct CommandArg
{
    QString name;
    QString value;
};

// Splits what parseConnectionArgs left over: `flags` take no value, `valued` take the next
// argument or what follows '='. "-" is positional (stdin). An option in neither list, or one
// without its value, is an error whose message names it.
Result<QList<CommandArg>>
splitCommandArgs(const QStringList &rest, const QStringList &flags, const QStringList &valued);

// Help text for the options above, to append to a command's own usage.
QString connectionOptionsHelp();

// ConnectOptions for one TARGET: an inventory name, a ~/.ssh/config alias or [user@]host[:port],
// with the command-line options applied on top.
Result<ssh::ConnectOptions> resolveTarget(const QString &target, const ConnectionArgs &args);

} // namespace gs::cli
