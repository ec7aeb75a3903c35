#pragma once

#include "util/result.h"

#include <QByteArrayView>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace gs::inventory {

// An Ansible inventory (INI or YAML) as Ansible reads it: groups with their hosts, child groups
// and variables, and hosts with their own variables. Pure: text in, data or a ParseError naming
// the line out; the caller reads the file. Only the static part is read: no dynamic inventory
// scripts or plugins, no Jinja templating, no group_vars/ host_vars/ directories.
class AnsibleInventory
{
public:
    struct Group
    {
        QString name;
        QStringList hosts;    // direct members, in the order of the file
        QStringList children; // child groups
        QMap<QString, QString> vars;
    };
    struct Host
    {
        QString name; // the inventory hostname ("web01")
        QMap<QString, QString> vars;
        int line = 0; // where it first appears
    };
    enum class Format { Ini, Yaml };

    // Told apart by the name (.yml/.yaml, .ini) or else by the first line that says something:
    // "name:" is YAML, anything else INI.
    static Format detect(QByteArrayView text, const QString &fileName);
    [[nodiscard]] static Result<AnsibleInventory> parse(QByteArrayView text,
                                                        const QString &fileName);
    [[nodiscard]] static Result<AnsibleInventory> parseIni(QByteArrayView text,
                                                           const QString &fileName);
    [[nodiscard]] static Result<AnsibleInventory> parseYaml(QByteArrayView text,
                                                            const QString &fileName);

    // "web[01:03].example.com" -> web01..web03, "db-[a:c]" -> db-a..db-c, "[1:9:2]" with a
    // step; a name without a range is itself. Empty with *error set when a range is malformed.
    static QStringList expandHostPattern(const QString &pattern, QString *error);

    const QList<Group> &groups() const { return m_groups; }
    const QList<Host> &hosts() const { return m_hosts; }
    const Group *group(const QString &name) const;
    const Host *host(const QString &name) const;

    // The variables in force for a host, merged as Ansible does: "all", then the other groups
    // from the shallowest to the deepest (same depth: by name), then the host's own.
    QMap<QString, QString> effectiveVars(const QString &hostName) const;
    // The groups a host is a direct member of, in the order of the file ("all"/"ungrouped" left
    // out), then their ancestors.
    QStringList groupsOf(const QString &hostName) const;

    // Building blocks for the two readers.
    Group &ensureGroup(const QString &name);
    Host &ensureHost(const QString &name, int line);
    void addHostToGroup(const QString &host, const QString &group);
    void addChild(const QString &parent, const QString &child);
    // Hosts in no group but "all" go to "ungrouped"; every top group becomes a child of "all".
    void finish();

private:
    // One line of an INI [group] section: a host pattern (with :port) and key=value variables.
    Result<void> addIniHostLine(const QStringList &words,
                                const QString &group,
                                const QString &fileName,
                                int lineNo);
    int depthOf(const QString &group) const;

    QList<Group> m_groups;
    QList<Host> m_hosts;
};

} // namespace gs::inventory
