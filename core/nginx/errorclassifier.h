#pragma once

#include "findings/findingid.h"
#include "nginx/errorlogentry.h"

#include <QString>

#include <optional>

namespace gs::nginx {

// Maps an nginx error log entry to a finding of spec/findings.md, following the table in
// docs/nginx-502-reference.md. Errno meanings depend on the socket family: (2), (13), (11) and
// (111) on a unix socket are FPM-side problems, on TCP they are something else.
class ErrorClassifier
{
public:
    struct Classification
    {
        // None: nothing to diagnose (notices, client-side errors, ...).
        std::optional<findings::FindingId> findingId;
        QString phase;  // "connect", "send", "read_header", "read_body", "ssl_handshake", ""
        int status = 0; // the HTTP status the client most likely got: 502, 504, 500, 404, 9
        bool unixSocket = false;
        bool clientSide = false; // the error concerns the client connection, not the upstream
    };

    static Classification classify(const ErrorLogEntry &entry);

    // "connecting to upstream" -> "connect", "reading response header from upstream" ->
    // "read_header", ...
    static QString phaseOf(QStringView action);
};

} // namespace gs::nginx
