#pragma once

#include "checks/rawobservations.h"

#include <QHash>
#include <QString>

#include <optional>

namespace gs::checks {

// What stands between nginx and its upstreams as the diagnosis saw it: firewall rules, SELinux,
// name lookups and TLS handshakes. Pure: read from the Firewall, Selinux, Dns and Tls probes;
// the checks judge what is read here.
struct NetworkModel
{
    // Whether a probe ran, and why not when it did not.
    struct Read
    {
        bool asked = false; // planned (its output is there)
        bool ran = false;
        QString error; // why it did not run
    };

    // getent's answer and its exit status (the output ends with "rc=N"; -1 when it does not).
    struct Lookup
    {
        Read read;
        int rc = -1;
        QString answer;
    };

    struct Handshake
    {
        Read read;
        QString transcript; // openssl s_client's output
    };

    Read firewall;
    // Rules by tool ("iptables", "ip6tables", "nft", "ufw"); a tool that is absent is missing.
    QHash<QString, QString> firewallRules;

    Read selinux;
    QString selinuxMode;        // getenforce: "Enforcing", "Permissive", "Disabled", or empty
    QString selinuxBoolean;     // getsebool httpd_can_network_connect
    std::optional<QString> avc; // ausearch -m AVC; absent when ausearch is not installed

    QHash<QString, Lookup> lookups;       // by host name
    QHash<QString, Handshake> handshakes; // by peer

    void readFirewall(const RawObservations &raw);
    void readSelinux(const RawObservations &raw);
    void readLookups(const RawObservations &raw);
    void readHandshakes(const RawObservations &raw);
};

} // namespace gs::checks
