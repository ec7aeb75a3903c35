#pragma once

#include "discovery/hostfacts.h"

#include <QByteArray>
#include <QString>

namespace gs::discovery {

// The facts probe: one POSIX sh script run over SSH (a single round trip), and the pure parser
// of its sectioned output ("@@name" lines start a section).
class FactsScript
{
public:
    // The script; it changes nothing on the server and needs no privileges.
    static QString script();
    static HostFacts parse(const QByteArray &output);
};

} // namespace gs::discovery
