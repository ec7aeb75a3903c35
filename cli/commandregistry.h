#pragma once

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace gs::cli {

// One top-level command of gatescope-cli. Each command lives in its own file and registers itself
// with GS_CLI_COMMAND, so adding a command never touches the dispatcher.
struct Command
{
    QString name;
    QString summary;
    // Receives the arguments after the command name; returns the process exit code.
    std::function<int(const QStringList &args)> run;
};

std::vector<Command> &commandRegistry();

struct CommandRegistrar
{
    CommandRegistrar(Command command) { commandRegistry().push_back(std::move(command)); }
};

} // namespace gs::cli

#define GS_CLI_COMMAND(id, name, summary, function)                                                \
    static const ::gs::cli::CommandRegistrar gsCliCommand_##id                                     \
    {                                                                                              \
        ::gs::cli::Command                                                                         \
        {                                                                                          \
            QStringLiteral(name), QStringLiteral(summary), function                                \
        }                                                                                          \
    }
