#pragma once

#include <QString>

namespace gs::bundle {

// An Ansible playbook (`gatescope-cli bundle playbook`) that runs the collection script on every
// host of the inventory it is given, with Ansible's own forks and, when asked, become, and
// fetches each host's bundle into ./gatescope-bundles/ as INVENTORY_NAME--BUNDLE.tar.gz. The
// script travels inside the playbook, marked !unsafe so that Jinja never reads it.
class BundlePlaybook
{
public:
    static QString text(bool become);
};

} // namespace gs::bundle
