#include "bundle/bundleplaybook.h"

#include "bundle/bundlescript.h"
#include "gatescope/version.h"

#include <QStringList>

namespace gs::bundle {

namespace {

// The script as a YAML literal block, every line indented (tabs and blank lines survive).
QString indented(const QString &text, const QString &indent)
{
    QString block;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (!line.isEmpty())
            block += indent + line;
        block += QLatin1Char('\n');
    }
    return block;
}

} // namespace

QString BundlePlaybook::text(bool become)
{
    QString text
            = QStringLiteral(
                      "# Gatescope %1: support bundles across an Ansible inventory\n"
                      "# (gatescope-cli bundle playbook). The collector reads only; each "
                      "host's bundle lands in\n"
                      "# ./gatescope-bundles/ (or -e gatescope_bundles=DIR). Then:\n"
                      "#   gatescope-cli diagnose --bundle gatescope-bundles/\n"
                      "# Run: ansible-playbook -i INVENTORY gatescope-bundles.yml "
                      "[--limit GROUP] [-f FORKS]\n"
                      "- name: Gatescope support bundles\n"
                      "  hosts: all\n"
                      "  gather_facts: false\n"
                      "  become: %2\n"
                      "  vars:\n"
                      "    gatescope_bundles: \"{{ lookup('env', 'PWD') }}/gatescope-bundles\"\n"
                      "  tasks:\n"
                      "    - name: A private working directory\n"
                      "      ansible.builtin.tempfile:\n"
                      "        state: directory\n"
                      "        suffix: .gatescope\n"
                      "      register: gatescope_tmp\n"
                      "    - name: Collect and fetch, then clean up\n"
                      "      block:\n"
                      "        - name: The collection script\n"
                      "          ansible.builtin.copy:\n"
                      "            dest: \"{{ gatescope_tmp.path }}/collect.sh\"\n"
                      "            mode: \"0700\"\n"
                      "            content: !unsafe |\n")
                      .arg(QString::fromLatin1(kVersion),
                           become ? QStringLiteral("true") : QStringLiteral("false"));
    text += indented(BundleScript::text(), QStringLiteral("              "));
    text += QStringLiteral(
            "        - name: Collect (reads only)\n"
            "          ansible.builtin.command:\n"
            "            cmd: sh collect.sh\n"
            "            chdir: \"{{ gatescope_tmp.path }}\"\n"
            "          register: gatescope_run\n"
            "          changed_when: false\n"
            "        - name: Fetch the bundle\n"
            "          ansible.builtin.fetch:\n"
            "            src: \"{{ gatescope_run.stdout_lines | last }}\"\n"
            "            dest: \"{{ gatescope_bundles }}/{{ inventory_hostname }}--{{ "
            "gatescope_run.stdout_lines | last | basename }}\"\n"
            "            flat: true\n"
            "      always:\n"
            "        - name: Remove the working directory\n"
            "          ansible.builtin.file:\n"
            "            path: \"{{ gatescope_tmp.path }}\"\n"
            "            state: absent\n");
    return text;
}

} // namespace gs::bundle
