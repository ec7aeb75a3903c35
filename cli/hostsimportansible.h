#pragma once

#include <QStringList>

namespace gs::cli {

// `gatescope-cli hosts import-ansible INVENTORY [--json]`: the hosts of an Ansible inventory
// (INI or YAML) into the Gatescope inventory. Returns the exit code.
int runHostsImportAnsible(const QStringList &args);

} // namespace gs::cli
