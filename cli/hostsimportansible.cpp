// gatescope-cli hosts import-ansible: an Ansible inventory's hosts into the Gatescope inventory.

#include "hostsimportansible.h"

#include "clicommands.h"

#include "inventory/ansibleimport.h"
#include "inventory/inventory.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace gs::cli {

namespace {

using inventory::AnsibleImport;
using inventory::AnsibleInventory;
using inventory::Inventory;

int usage(QTextStream &err, const QString &message)
{
    err << "gatescope-cli hosts import-ansible: " << message
        << "\nUsage: gatescope-cli hosts import-ansible INVENTORY [--json]\n";
    return ExitUsage;
}

void printReport(QTextStream &out, const QString &path, const Inventory::ImportReport &report)
{
    if (report.added.isEmpty() && report.skipped.isEmpty()) {
        out << "No hosts in " << path << ".\n";
        return;
    }
    for (const QString &name : report.added)
        out << "Added " << name << '\n';
    for (const auto &[name, reason] : report.skipped)
        out << "Skipped " << name << ": " << reason << '\n';
    out << report.added.size() << " added, " << report.skipped.size() << " skipped.\n";
}

} // namespace

int runHostsImportAnsible(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    bool json = false;
    QStringList files;
    for (const QString &arg : args) {
        if (arg == QLatin1String("--json"))
            json = true;
        else if (arg.startsWith(QLatin1Char('-')))
            return usage(err, QStringLiteral("unknown option %1").arg(arg));
        else
            files.append(arg);
    }
    if (files.size() != 1)
        return usage(err, QStringLiteral("give exactly one INVENTORY file"));
    const QString path = QFileInfo(files.first()).absoluteFilePath();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        err << "gatescope-cli hosts import-ansible: cannot read " << path << ": "
            << file.errorString() << '\n';
        return ExitUnreachable;
    }
    const Result<AnsibleInventory> ansible = AnsibleInventory::parse(file.readAll(), path);
    if (!ansible) {
        // Nothing is imported from an inventory read only in part.
        err << "gatescope-cli hosts import-ansible: " << ansible.error().text() << '\n';
        return ExitUsage;
    }
    Result<Inventory> inventory = Inventory::load(Inventory::defaultPath());
    if (!inventory) {
        err << "gatescope-cli hosts import-ansible: " << inventory.error().text() << '\n';
        return ExitUnreachable;
    }
    const Inventory::ImportReport report = AnsibleImport::import(*ansible, *inventory);
    if (!report.added.isEmpty()) {
        if (Result<void> saved = inventory->save(Inventory::defaultPath()); !saved) {
            err << "gatescope-cli hosts import-ansible: " << saved.error().text() << '\n';
            return ExitUnreachable;
        }
    }
    if (!json) {
        printReport(out, path, report);
        return ExitOk;
    }
    QJsonArray skipped;
    for (const auto &[name, reason] : report.skipped)
        skipped.append(
                QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("reason"), reason}});
    out << QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("file"), path},
                                                       {QStringLiteral("added"),
                                                        QJsonArray::fromStringList(report.added)},
                                                       {QStringLiteral("skipped"), skipped}})
                                     .toJson(QJsonDocument::Indented));
    return ExitOk;
}

} // namespace gs::cli
