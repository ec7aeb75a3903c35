#pragma once

#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QString>
#include <QStringList>

namespace gs::report {

// Masks the values that identify a customer's systems, like `sos clean`: one mapping for the
// whole report, so the same value always becomes the same token (host-1, site-2, ip-3, user-1,
// pool-1, service-1, upstream-1) wherever it appears, also inside paths
// (/etc/nginx/sites-enabled/site-1.conf) and unit names (service-1.service).
//
// Only values are replaced, never the words of the prose: a value is masked where it stands as
// a whole (not inside a longer word), names that are ordinary words (unix, host, socket, nginx,
// www-data, directive names, ...) are never taken as values, and the passages given to
// keepProse() (the catalog's own sentences, which use "::1" or "127.0.0.1" as examples) stay
// verbatim. Every IPv4 and IPv6 address outside such passages is masked, except the "any"
// addresses 0.0.0.0 and ::.
//
// Register the known values first (add, then learn from every text), then redact: the numbers
// follow the order of registration. The mapping never leaves this object. Pure; not
// thread-safe.
class Redactor
{
public:
    enum class Kind { Host, Site, Address, User, Pool, Service, Upstream };

    // Registers a value of a kind (a host name that is an IP address becomes an Address; a
    // port, brackets and a trailing dot are taken off). Ordinary words and names shorter than
    // three characters are not registered: masking them would garble the prose.
    void add(Kind kind, const QString &value);
    // Registers what this text reveals: hosts and users in URLs and log fields, site names in
    // /var/www/NAME and sites-enabled/NAME, users in /home/NAME, pools in "[pool NAME]" and
    // pool.d/NAME.conf, systemd units and init scripts, and names under common top-level
    // domains.
    void learn(const QString &text);
    // A passage of the report's own prose (a catalog sentence) that is left as it is wherever
    // it appears in a text; its words are never taken as values. Give them before add().
    void keepProse(const QString &passage);

    QString redact(const QString &text);

    // The token a value has so far, or empty.
    QString tokenFor(const QString &value) const;
    // Whether the word is prose vocabulary that is never masked.
    static bool isOrdinaryWord(const QString &word);

    // The lists the masking rests on, for the support bundle's redaction, which runs on the
    // customer's server (core/scripts/bundle-redact.awk) and must mask as reports do.
    enum class Vocabulary { OrdinaryWords, TopLevelDomains, PublicDomains, SystemUsers };
    static QStringList vocabulary(Vocabulary which);

private:
    QString token(Kind kind, const QString &key);
    void rebuild();
    QString redactSpan(const QString &text, const QRegularExpression &re);
    QString replacement(const QRegularExpressionMatch &match);

    QStringList m_names;           // registered names, lower case
    QHash<QString, QString> m_map; // lower-case value (canonical address) -> token
    QHash<int, int> m_counters;    // Kind -> last number
    QStringList m_prose;           // kept verbatim
    QSet<QString> m_proseWords;    // their words, lower case: never taken as values
    QRegularExpression m_re;       // addresses and the registered names
    QRegularExpression m_reNoV6;   // the same without IPv6 (inside a non-address candidate)
    bool m_dirty = true;
};

} // namespace gs::report
