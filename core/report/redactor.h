#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace gs::report {

// Masks what identifies a customer's systems in a report: host names, IPv4 and IPv6 addresses
// and user names, consistently (the same name always becomes the same placeholder: host-1, ip-1,
// user-1). Known names are registered up front or learnt from the texts (nginx log fields, URLs,
// /home paths, dotted names under common top-level domains); every IP address is masked
// wherever it appears. Learn from every text first, then redact, so numbering does not depend
// on which field is redacted first. Pure; not thread-safe.
class Redactor
{
public:
    void addHost(const QString &name);
    void addUser(const QString &name);
    void addAddress(const QString &address); // an IP address (or a host name, then a host)
    // Registers the host names and user names this text reveals.
    void learn(const QString &text);

    QString redact(const QString &text);

    // The placeholder given to a name or address so far, or empty.
    QString placeholderFor(const QString &original) const;

private:
    QString placeholder(const QString &kind, const QString &original);
    void rebuild();
    QString redact(const QString &text, bool withIpv6);

    QStringList m_hosts; // lower case
    QStringList m_users;
    QHash<QString, QString> m_placeholders; // lower-case original -> "host-1"
    QHash<QString, int> m_counters;         // kind -> last number
    QString m_pattern; // addresses and the known names, rebuilt when the names change
    QString m_patternWithoutIpv6;
    bool m_dirty = true;
};

} // namespace gs::report
