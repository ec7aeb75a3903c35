#include "util/error.h"

namespace gs {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Unreachable: return QStringLiteral("unreachable");
    case ErrorCode::Timeout: return QStringLiteral("timeout");
    case ErrorCode::HostKeyUnknown: return QStringLiteral("host_key_unknown");
    case ErrorCode::HostKeyChanged: return QStringLiteral("host_key_changed");
    case ErrorCode::AuthFailed: return QStringLiteral("auth_failed");
    case ErrorCode::PermissionDenied: return QStringLiteral("permission_denied");
    case ErrorCode::ProtocolError: return QStringLiteral("protocol_error");
    case ErrorCode::Cancelled: return QStringLiteral("cancelled");
    case ErrorCode::InvalidArgument: return QStringLiteral("invalid_argument");
    case ErrorCode::NotFound: return QStringLiteral("not_found");
    case ErrorCode::IoError: return QStringLiteral("io_error");
    case ErrorCode::ParseError: return QStringLiteral("parse_error");
    case ErrorCode::ValidationFailed: return QStringLiteral("validation_failed");
    case ErrorCode::Conflict: return QStringLiteral("conflict");
    case ErrorCode::RolledBack: return QStringLiteral("rolled_back");
    case ErrorCode::CommandFailed: return QStringLiteral("command_failed");
    case ErrorCode::Unsupported: return QStringLiteral("unsupported");
    case ErrorCode::BadBundle: return QStringLiteral("bad_bundle");
    }
    return QStringLiteral("io_error");
}

QString Error::text() const
{
    if (hint.isEmpty())
        return message;
    // Messages often end with what a library said ("Connection refused"): end the sentence
    // before the hint starts another.
    const bool ended = message.isEmpty() || message.endsWith(QLatin1Char('.'))
                       || message.endsWith(QLatin1Char('?')) || message.endsWith(QLatin1Char('!'))
                       || message.endsWith(QLatin1Char(':'));
    return message + (ended ? QStringLiteral(" ") : QStringLiteral(". ")) + hint;
}

} // namespace gs
