#include "inventory/ansibleimport.h"

namespace gs::inventory {

namespace {

QString firstOf(const QMap<QString, QString> &vars, std::initializer_list<const char *> keys)
{
    for (const char *key : keys) {
        const QString value = vars.value(QLatin1String(key));
        if (!value.isEmpty())
            return value;
    }
    return {};
}

QString sameServerIn(const Inventory &inventory, const Server &server)
{
    for (const Server &existing : inventory.servers()) {
        if (existing.address.compare(server.address, Qt::CaseInsensitive) == 0
            && existing.port == server.port && existing.user == server.user)
            return existing.name;
    }
    return {};
}

} // namespace

QList<AnsibleImport::Candidate> AnsibleImport::candidates(const AnsibleInventory &ansible)
{
    QList<Candidate> out;
    for (const AnsibleInventory::Host &host : ansible.hosts()) {
        const QMap<QString, QString> vars = ansible.effectiveVars(host.name);
        Candidate candidate;
        Server &server = candidate.server;
        server.name = host.name;
        server.address = firstOf(vars, {"ansible_host", "ansible_ssh_host"});
        if (server.address.isEmpty())
            server.address = host.name;
        server.user = firstOf(vars, {"ansible_user", "ansible_ssh_user"});
        server.identityFile
                = firstOf(vars, {"ansible_ssh_private_key_file", "ansible_private_key_file"});
        const QString port = firstOf(vars, {"ansible_port", "ansible_ssh_port"});
        const QStringList groups = ansible.groupsOf(host.name);
        server.group = groups.value(0);
        server.tags = groups;
        server.notes = QStringLiteral("Imported from an Ansible inventory");
        const QString connection = vars.value(QStringLiteral("ansible_connection"));
        bool portOk = true;
        if (!port.isEmpty())
            server.port = port.toInt(&portOk);
        if (!connection.isEmpty() && connection != QLatin1String("ssh")
            && connection != QLatin1String("paramiko") && connection != QLatin1String("smart")) {
            candidate.skipReason
                    = QStringLiteral("ansible_connection=%1 is not SSH").arg(connection);
        } else if (QString(server.address + server.user + port + server.identityFile)
                           .contains(QLatin1String("{{"))) {
            candidate.skipReason = QStringLiteral("its address, port, user or key is a Jinja "
                                                  "template, which only Ansible can resolve");
        } else if (!portOk) {
            candidate.skipReason = QStringLiteral("ansible_port \"%1\" is not a number").arg(port);
        } else if (Result<void> valid = server.validate(); !valid) {
            candidate.skipReason = valid.error().message;
        }
        out.append(candidate);
    }
    return out;
}

Inventory::ImportReport AnsibleImport::import(const AnsibleInventory &ansible, Inventory &target)
{
    Inventory::ImportReport report;
    for (const Candidate &candidate : candidates(ansible)) {
        const Server &server = candidate.server;
        if (!candidate.skipReason.isEmpty()) {
            report.skipped.append({server.name, candidate.skipReason});
            continue;
        }
        if (const QString same = sameServerIn(target, server); !same.isEmpty()) {
            report.skipped.append(
                    {server.name,
                     same.compare(server.name, Qt::CaseInsensitive) == 0
                             ? QStringLiteral("already in the inventory")
                             : QStringLiteral("already in the inventory as \"%1\"").arg(same)});
            continue;
        }
        if (Result<void> added = target.add(server); !added) {
            report.skipped.append({server.name, added.error().message});
            continue;
        }
        report.added.append(server.name);
    }
    return report;
}

} // namespace gs::inventory
