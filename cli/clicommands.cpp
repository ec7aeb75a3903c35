#include "clicommands.h"

#include "commandregistry.h"
#include "gatescope/version.h"

#include <QTextStream>

#include <algorithm>
#include <cstdio>

namespace gs::cli {

std::vector<Command> &commandRegistry()
{
    static std::vector<Command> commands;
    return commands;
}

namespace {

QString usage()
{
    auto commands = commandRegistry();
    std::sort(commands.begin(), commands.end(), [](const Command &a, const Command &b) {
        return a.name < b.name;
    });
    QString text
            = QStringLiteral("Usage: gatescope-cli COMMAND [OPTIONS] [TARGET...]\n\n"
                             "Find and fix the causes of nginx 502 and 504 errors over SSH.\n\n"
                             "Commands:\n");
    for (const Command &command : commands)
        text += QStringLiteral("  %1 %2\n").arg(command.name, -10).arg(command.summary);
    text += QStringLiteral(
            "\nOptions:\n"
            "  --help       show this help (or 'gatescope-cli COMMAND --help' for a command)\n"
            "  --version    show the version\n\n"
            "TARGET is an inventory name, a Host alias from ~/.ssh/config, or [user@]host[:port].\n"
            "Exit codes: 0 ok, 1 warnings, 2 critical findings, 3 target unreachable or unusable,\n"
            "4 validation failed, 5 rolled back, 6 conflict, 64 usage error.\n");
    return text;
}

} // namespace

int run(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QStringList args = arguments.mid(1);
    if (args.isEmpty()) {
        err << usage();
        return ExitUsage;
    }
    const QString &name = args.first();
    if (name == QLatin1String("--help") || name == QLatin1String("-h")
        || name == QLatin1String("help")) {
        out << usage();
        return ExitOk;
    }
    if (name == QLatin1String("--version")) {
        out << "gatescope-cli " << kVersion << '\n';
        return ExitOk;
    }
    for (const Command &command : commandRegistry()) {
        if (command.name == name) {
            out.flush();
            return command.run(args.mid(1));
        }
    }
    err << "gatescope-cli: unknown command '" << name << "'\n\n" << usage();
    return ExitUsage;
}

} // namespace gs::cli
