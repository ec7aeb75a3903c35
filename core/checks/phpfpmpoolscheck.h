#pragma once

#include "checks/check.h"

namespace gs::checks {

// Every fastcgi_pass target against the pools' listen addresses (phpfpm.listen_mismatch, with
// the pool that was probably meant), and each targeted pool's listen.owner/group/mode against
// nginx's worker user and groups (phpfpm.socket_permissions).
class PhpFpmPoolsCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("phpfpm.pools"); }
    QString title() const override { return QStringLiteral("PHP-FPM pools match nginx"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {FpmConfig, NginxDump, NginxFiles, WorkerGroups};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;

    // Whether `user` (member of `groups`) may connect to a socket owner:group with `mode`.
    static bool socketAllows(const QString &owner,
                             const QString &group,
                             int mode,
                             const QString &user,
                             const QStringList &groups);
    // Of `listens`, the one nginx most probably meant when it dials `peer`: a socket in the same
    // directory or with the most similar name, or the same port on another address. -1: none.
    static int likelyListen(const QString &peer, const QStringList &listens);
    // A unix socket no known pool is a likely match for (another directory, an unrelated
    // name): the FPM meant to serve it is down or runs from a configuration not found.
    static bool servedByNoKnownFpm(const QString &peer, const QStringList &listens);
    // File names sharing this many leading characters are taken as the same application's
    // sockets (php8.1-fpm.sock and php8.2-fpm.sock).
    static constexpr int kRelatedNamePrefix = 4;
};

} // namespace gs::checks
