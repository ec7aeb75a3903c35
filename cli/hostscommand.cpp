// gatescope-cli hosts: the server inventory the desktop app shows, in the same file.

#include "clicommands.h"
#include "commandregistry.h"
#include "hostsimportansible.h"

#include "inventory/inventory.h"
#include "inventory/sshconfigloader.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace gs::cli {

namespace {

using inventory::Inventory;
using inventory::Server;

// A target that "could not be used" is exit 3 in spec/cli.md; an unreadable or unwritable
// inventory is the same kind of failure for these commands.
constexpr int ExitInventoryError = ExitUnreachable;

const char kHostsUsage[]
        = "Usage: gatescope-cli hosts list [--json]\n"
          "       gatescope-cli hosts add NAME --host HOST [--port N] [--user U]\n"
          "             [--identity FILE] [--known-hosts FILE] [--nginx-conf FILE] [--group G]\n"
          "             [--tag T]... [--notes TEXT] [--read-only]\n"
          "       gatescope-cli hosts remove NAME\n"
          "       gatescope-cli hosts import-ssh-config [--file PATH] [--json]\n"
          "       gatescope-cli hosts import-ansible INVENTORY [--json]\n"
          "\n"
          "The servers the desktop app shows, kept in %1\n"
          "(set GATESCOPE_DATA_DIR to use another directory).\n";

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

QString hostsUsage()
{
    return QString::fromLatin1(kHostsUsage).arg(Inventory::defaultPath());
}

int hostsUsageError(const QString &message)
{
    err() << "gatescope-cli hosts: " << message
          << "\nRun 'gatescope-cli hosts --help' for the options.\n";
    err().flush();
    return ExitUsage;
}

int failure(const Error &error, int code = ExitInventoryError)
{
    err() << "gatescope-cli hosts: " << error.text() << '\n';
    err().flush();
    return code;
}

void printJson(const QJsonObject &object)
{
    out() << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
    out().flush();
}

// Parses `args` for one subcommand; on error prints it and returns false with *exitCode set.
bool parseArgs(QCommandLineParser &parser,
               const QString &subcommand,
               const QStringList &args,
               int *exitCode)
{
    parser.addOption(QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")},
                                        QStringLiteral("show this help")));
    if (!parser.parse(QStringList{QStringLiteral("hosts ") + subcommand} + args)) {
        *exitCode = hostsUsageError(parser.errorText());
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out() << hostsUsage();
        out().flush();
        *exitCode = ExitOk;
        return false;
    }
    return true;
}

// Keys and known_hosts files are stored absolute: the app reads them from another directory.
QString absolutePath(const QString &path)
{
    if (path.isEmpty() || path.startsWith(QLatin1Char('~')))
        return path;
    return QFileInfo(path).absoluteFilePath();
}

Result<Inventory> loadInventory()
{
    return Inventory::load(Inventory::defaultPath());
}

QJsonObject hostJson(const Server &server)
{
    return QJsonObject{
            {QStringLiteral("name"), server.name},
            {QStringLiteral("host"), server.address},
            {QStringLiteral("port"), server.port},
            {QStringLiteral("user"), server.user},
            {QStringLiteral("identity"), server.identityFile},
            {QStringLiteral("known_hosts"), server.knownHostsFile},
            {QStringLiteral("group"), server.group},
            {QStringLiteral("tags"), QJsonArray::fromStringList(server.tags)},
            {QStringLiteral("notes"), server.notes},
            {QStringLiteral("read_only"), server.readOnly},
    };
}

int runHostsList(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addOption(QCommandLineOption(QStringLiteral("json"), QStringLiteral("print JSON")));
    int code = ExitOk;
    if (!parseArgs(parser, QStringLiteral("list"), args, &code))
        return code;
    if (!parser.positionalArguments().isEmpty())
        return hostsUsageError(QStringLiteral("'hosts list' takes no arguments."));
    const Result<Inventory> inventory = loadInventory();
    if (!inventory)
        return failure(inventory.error());

    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray hosts;
        for (const Server &server : inventory->servers())
            hosts.append(hostJson(server));
        printJson(QJsonObject{{QStringLiteral("hosts"), hosts}});
        return ExitOk;
    }
    if (inventory->isEmpty()) {
        out() << "No servers yet. Add one with: gatescope-cli hosts add NAME --host HOST\n";
        return ExitOk;
    }
    QList<QStringList> rows{{QStringLiteral("NAME"),
                             QStringLiteral("ADDRESS"),
                             QStringLiteral("GROUP"),
                             QStringLiteral("TAGS")}};
    for (const Server &server : inventory->servers()) {
        rows.append({server.name,
                     server.displayAddress(),
                     server.group.isEmpty() ? QStringLiteral("-") : server.group,
                     server.tags.join(QLatin1Char(','))});
    }
    QList<qsizetype> widths(4, 0);
    for (const QStringList &row : std::as_const(rows)) {
        for (qsizetype column = 0; column < row.size(); ++column)
            widths[column] = std::max(widths[column], row.at(column).size());
    }
    for (const QStringList &row : std::as_const(rows)) {
        QString line;
        for (qsizetype column = 0; column < row.size(); ++column)
            line += row.at(column).leftJustified(widths[column] + 2);
        out() << line.trimmed() << '\n';
    }
    return ExitOk;
}

int runAdd(const QStringList &args)
{
    QCommandLineParser parser;
    const auto valueOption = [&parser](const QStringList &names, const char *valueName) {
        parser.addOption(QCommandLineOption(names, QString(), QString::fromLatin1(valueName)));
    };
    valueOption({QStringLiteral("host")}, "HOST");
    valueOption({QStringLiteral("p"), QStringLiteral("port")}, "N");
    valueOption({QStringLiteral("l"), QStringLiteral("user")}, "USER");
    valueOption({QStringLiteral("i"), QStringLiteral("identity")}, "FILE");
    valueOption({QStringLiteral("known-hosts")}, "FILE");
    valueOption({QStringLiteral("nginx-conf")}, "FILE");
    valueOption({QStringLiteral("group")}, "GROUP");
    valueOption({QStringLiteral("tag")}, "TAG");
    valueOption({QStringLiteral("notes")}, "TEXT");
    parser.addOption(QCommandLineOption(QStringLiteral("read-only")));
    int code = ExitOk;
    if (!parseArgs(parser, QStringLiteral("add"), args, &code))
        return code;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return hostsUsageError(QStringLiteral("'hosts add' needs exactly one NAME."));
    if (!parser.isSet(QStringLiteral("host")))
        return hostsUsageError(QStringLiteral("'hosts add' needs --host HOST."));

    Server server;
    server.name = positional.first();
    server.address = parser.value(QStringLiteral("host"));
    if (parser.isSet(QStringLiteral("port"))) {
        bool ok = false;
        server.port = parser.value(QStringLiteral("port")).toInt(&ok);
        if (!ok)
            server.port = 0; // validate() below explains the range
    }
    server.user = parser.value(QStringLiteral("user"));
    server.identityFile = absolutePath(parser.value(QStringLiteral("identity")));
    server.knownHostsFile = absolutePath(parser.value(QStringLiteral("known-hosts")));
    server.nginxConfig = parser.value(QStringLiteral("nginx-conf"));
    server.group = parser.value(QStringLiteral("group"));
    server.tags = parser.values(QStringLiteral("tag"));
    server.notes = parser.value(QStringLiteral("notes"));
    server.readOnly = parser.isSet(QStringLiteral("read-only"));
    if (Result<void> valid = server.validate(); !valid)
        return hostsUsageError(valid.error().text());

    Result<Inventory> inventory = loadInventory();
    if (!inventory)
        return failure(inventory.error());
    if (Result<void> added = inventory->add(server); !added)
        return hostsUsageError(added.error().text());
    if (Result<void> saved = inventory->save(Inventory::defaultPath()); !saved)
        return failure(saved.error());
    if (!server.identityFile.isEmpty() && !server.identityFile.startsWith(QLatin1Char('~'))
        && !QFile::exists(server.identityFile))
        err() << "note: the key file " << server.identityFile << " does not exist (yet).\n";
    out() << "Added " << server.name << " (" << server.displayAddress() << ").\n";
    return ExitOk;
}

int runRemove(const QStringList &args)
{
    QCommandLineParser parser;
    int code = ExitOk;
    if (!parseArgs(parser, QStringLiteral("remove"), args, &code))
        return code;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return hostsUsageError(QStringLiteral("'hosts remove' needs exactly one NAME."));
    Result<Inventory> inventory = loadInventory();
    if (!inventory)
        return failure(inventory.error());
    if (!inventory->remove(positional.first())) {
        return hostsUsageError(QStringLiteral("There is no server named \"%1\"; "
                                              "'gatescope-cli hosts list' shows the names.")
                                       .arg(positional.first()));
    }
    if (Result<void> saved = inventory->save(Inventory::defaultPath()); !saved)
        return failure(saved.error());
    out() << "Removed " << positional.first() << ".\n";
    return ExitOk;
}

int runImport(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addOption(QCommandLineOption(QStringLiteral("file"), QString(), QStringLiteral("PATH")));
    parser.addOption(QCommandLineOption(QStringLiteral("json")));
    int code = ExitOk;
    if (!parseArgs(parser, QStringLiteral("import-ssh-config"), args, &code))
        return code;
    if (!parser.positionalArguments().isEmpty())
        return hostsUsageError(QStringLiteral("'hosts import-ssh-config' takes no arguments."));
    const ssh::SshConfigContext context = ssh::SshConfigContext::system();
    QString path = inventory::SshConfigLoader::defaultPath(context);
    if (parser.isSet(QStringLiteral("file"))) {
        path = absolutePath(parser.value(QStringLiteral("file")));
        if (!QFileInfo(path).isFile())
            return hostsUsageError(QStringLiteral("There is no file %1.").arg(path));
    }
    const Result<ssh::SshConfig> config = inventory::SshConfigLoader::load(path, context);
    if (!config)
        return failure(config.error());
    for (const ssh::SshConfigDiagnostic &diagnostic : config->allDiagnostics()) {
        err() << "note: " << diagnostic.file << ':' << diagnostic.line << ": " << diagnostic.message
              << '\n';
    }
    Result<Inventory> inventory = loadInventory();
    if (!inventory)
        return failure(inventory.error());
    const Inventory::ImportReport report = inventory->importFromSshConfig(*config, context);
    if (!report.added.isEmpty()) {
        if (Result<void> saved = inventory->save(Inventory::defaultPath()); !saved)
            return failure(saved.error());
    }

    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray skipped;
        for (const auto &[name, reason] : report.skipped) {
            skipped.append(QJsonObject{{QStringLiteral("name"), name},
                                       {QStringLiteral("reason"), reason}});
        }
        printJson(QJsonObject{{QStringLiteral("file"), path},
                              {QStringLiteral("added"), QJsonArray::fromStringList(report.added)},
                              {QStringLiteral("skipped"), skipped}});
        return ExitOk;
    }
    if (report.added.isEmpty() && report.skipped.isEmpty()) {
        out() << "No hosts to import from " << path << ".\n";
        return ExitOk;
    }
    for (const QString &name : report.added)
        out() << "Added " << name << '\n';
    for (const auto &[name, reason] : report.skipped)
        out() << "Skipped " << name << ": " << reason << '\n';
    return ExitOk;
}

int runHosts(const QStringList &args)
{
    if (args.isEmpty())
        return hostsUsageError(QStringLiteral(
                "Say what to do: list, add, remove, import-ssh-config or import-ansible."));
    const QString &sub = args.first();
    const QStringList rest = args.mid(1);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        out() << hostsUsage();
        return ExitOk;
    }
    if (sub == QLatin1String("list"))
        return runHostsList(rest);
    if (sub == QLatin1String("add"))
        return runAdd(rest);
    if (sub == QLatin1String("remove"))
        return runRemove(rest);
    if (sub == QLatin1String("import-ssh-config"))
        return runImport(rest);
    if (sub == QLatin1String("import-ansible"))
        return runHostsImportAnsible(rest);
    return hostsUsageError(QStringLiteral("Unknown subcommand '%1'.").arg(sub));
}

} // namespace

} // namespace gs::cli

GS_CLI_COMMAND(hosts, "hosts", "the server inventory", gs::cli::runHosts);
