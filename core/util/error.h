#pragma once

#include <QString>

namespace gs {

// Error codes. The first group is the public vocabulary of connection errors from
// spec/findings.md ("Connection errors"); their strings are a contract and never change.
enum class ErrorCode {
    Unreachable,
    Timeout,
    HostKeyUnknown,
    HostKeyChanged,
    AuthFailed,
    PermissionDenied,
    ProtocolError,
    Cancelled,
    // Internal codes: used inside the app and in CLI messages, not in the connection contract.
    InvalidArgument,
    NotFound,
    IoError,
    ParseError,
    ValidationFailed,
    Conflict,
    RolledBack,
    CommandFailed,
    Unsupported,
    BadBundle, // a support bundle that is damaged, hostile or of an unknown format
};

// Stable string for JSON output, e.g. "host_key_changed".
QString errorCodeName(ErrorCode code);

// An error as a value: a code for programs and a sentence for people, plus what to do next.
struct Error
{
    ErrorCode code = ErrorCode::IoError;
    QString message; // what happened, in plain words
    QString hint;    // the next step a user can take; may be empty

    // "message" or "message hint" for a single line of human output.
    QString text() const;
};

} // namespace gs
