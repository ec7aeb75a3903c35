#pragma once

#include "ssh/sshconfigparser.h"
#include "util/result.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace gs::inventory {

class Inventory;

// What the user asked for on the command line or in a dialog, overriding everything else
// (the CLI's -p, -l, -i and --known-hosts).
struct SshTargetOverrides
{
    std::optional<int> port;
    std::optional<QString> user;
    std::optional<QString>
            identityFile; // tried first; the config's keys and the agent still follow
    std::optional<QString> knownHostsFile;
};

// Where and as whom to connect, fully resolved: defaults applied, paths expanded. A value type.
struct SshTarget
{
    enum class Source {
        Inventory, // the name of a server in the inventory
        SshConfig, // a Host alias from ~/.ssh/config
        Literal,   // [user@]host[:port] typed as is
    };

    QString name; // what the user called it: inventory name, alias, or the literal text
    QString host; // host name or IP address to connect to (no brackets)
    int port = 22;
    QString user;
    QStringList identityFiles; // explicit keys in order; the agent and default keys come on top
    bool identitiesOnly = false;
    QString proxyJump; // from the ssh config; empty when none. Not supported yet by the session
    QString knownHostsFile;
    std::optional<int> connectTimeout; // seconds, from the ssh config
    bool readOnly = false;             // inventory servers in support mode
    Source source = Source::Literal;

    // "user@host:port" with brackets around an IPv6 address when a port follows.
    QString displayAddress() const;

    // Resolves TARGET per spec/cli.md: an inventory name first, then a Host alias of the ssh
    // config, then [user@]host[:port] (also [v6addr]:port). The ssh config applies to every
    // host as OpenSSH would (Host * blocks included); overrides beat everything. Fails with
    // InvalidArgument on a malformed literal (bad port, empty host).
    [[nodiscard]] static Result<SshTarget> resolve(const QString &target,
                                                   const Inventory &inventory,
                                                   const ssh::SshConfig &config,
                                                   const SshTargetOverrides &overrides = {},
                                                   const ssh::SshConfigContext &context
                                                   = ssh::SshConfigContext::system());

    // The parts of [user@]host[:port] / [user@][v6addr][:port] / bare IPv6. Pure.
    struct Literal
    {
        QString user;
        QString host;
        std::optional<int> port;
    };
    [[nodiscard]] static Result<Literal> parseLiteral(const QString &text);
};

} // namespace gs::inventory
