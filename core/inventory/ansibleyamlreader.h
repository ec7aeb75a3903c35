#pragma once

#include "inventory/ansibleinventory.h"
#include "util/result.h"

#include <QByteArrayView>
#include <QString>

namespace gs::inventory {

// Reads the YAML subset Ansible inventories are written in (there is no YAML library in Qt):
// mappings nested by indentation with spaces, "key:" and "key: scalar", plain or quoted scalars,
// one-line flow values ([a, b], {k: v}) kept as text, comments, a leading "---". A group holds
// hosts:, children: and vars:. Anything else (tabs, "- " lists, anchors, block scalars, a stray
// line) is refused with the line it is on, rather than read as something it is not.
class AnsibleYamlReader
{
public:
    [[nodiscard]] static Result<AnsibleInventory> read(QByteArrayView text,
                                                       const QString &fileName);
};

} // namespace gs::inventory
