#include "ssh/sessioninfo.h"

namespace gs::ssh {

QString privilegeName(Privilege privilege)
{
    switch (privilege) {
    case Privilege::Unknown: return QStringLiteral("unknown");
    case Privilege::Root: return QStringLiteral("root");
    case Privilege::SudoNoPassword: return QStringLiteral("sudo");
    case Privilege::SudoWithPassword: return QStringLiteral("sudo_password");
    case Privilege::SudoNeedsPassword: return QStringLiteral("sudo_needs_password");
    case Privilege::NoSudo: return QStringLiteral("none");
    }
    return QStringLiteral("unknown");
}

} // namespace gs::ssh
