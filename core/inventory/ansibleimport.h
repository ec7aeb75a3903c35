#pragma once

#include "inventory/ansibleinventory.h"
#include "inventory/inventory.h"

#include <QList>
#include <QString>

namespace gs::inventory {

// Turns the hosts of an Ansible inventory into Gatescope servers and adds them to an inventory
// without duplicating names or servers. Pure (no I/O); the caller loads and saves.
class AnsibleImport
{
public:
    struct Candidate
    {
        Server server;
        QString skipReason; // empty: can be imported
    };

    // One server per inventory host: ansible_host (or ansible_ssh_host, else the name),
    // ansible_port, ansible_user, ansible_ssh_private_key_file / ansible_private_key_file; the
    // host's first group as the group, all its groups as tags. Hosts Gatescope cannot reach the
    // way Ansible does (a local or non-SSH connection, a Jinja template) carry a skip reason.
    static QList<Candidate> candidates(const AnsibleInventory &ansible);

    // Adds the importable candidates; a name already in `target` (any case) or the same
    // address, port and user under another name is skipped with the reason.
    static Inventory::ImportReport import(const AnsibleInventory &ansible, Inventory &target);
};

} // namespace gs::inventory
