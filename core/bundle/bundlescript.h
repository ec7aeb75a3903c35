#pragma once

#include <QString>

namespace gs::bundle {

// The support bundle's collection script (`gatescope-cli bundle script`): one POSIX sh file a
// customer runs on the server, as root or as any login, that writes
// gatescope-bundle-HOST-UTCTIME.tar.gz. Its probes are the live diagnosis's own commands
// (remotescripts, facts.sh), turned into texts that take their arguments as $1, $2, ... so the
// bundle holds exactly what a live run would have read; core/scripts/bundle-collect.sh decides
// what to run with them. Pure: no I/O beyond the compiled-in script files.
class BundleScript
{
public:
    // The bundle format this Gatescope writes and reads (manifest.txt's "format=").
    static constexpr int kFormat = 1;

    struct Options
    {
        // Redact on the server before anything is archived (core/scripts/bundle-redact.awk):
        // the bundle holds tokens, the map from tokens to names stays beside it, with the
        // customer. GS_REDACT=yes or no when the script is run decides too.
        bool redact = false;
    };

    static QString text(const Options &options);
    static QString text() { return text(Options{}); }
    // The SHA-256 of the script's body (everything after its GS_SHA256 line): the manifest
    // records it, so a bundle names the exact script that made it.
    static QString bodyChecksum();
};

} // namespace gs::bundle
