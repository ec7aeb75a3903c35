#pragma once

#include <QStringList>

namespace gs::cli {

// Exit codes from spec/cli.md.
enum ExitCode : int {
    ExitOk = 0,
    ExitWarnings = 1,
    ExitCritical = 2,
    ExitUnreachable = 3,
    ExitValidationFailed = 4,
    ExitRolledBack = 5,
    ExitConflict = 6,
    ExitUsage = 64,
};

// Dispatches argv (including the program name) to a command; returns the process exit code.
int run(const QStringList &arguments);

} // namespace gs::cli
