#pragma once

#include "ssh/hostkeyinfo.h"

#include <QString>

namespace gs::ssh {

// How privileged commands can run on this login, found right after login.
enum class Privilege {
    Unknown,
    Root,              // logged in as root
    SudoNoPassword,    // sudo -n works
    SudoWithPassword,  // sudo works with the password the user gave (kept in memory only)
    SudoNeedsPassword, // sudo wants a password and none was given
    NoSudo,            // sudo missing, or the user may not use it
};

QString privilegeName(Privilege privilege); // "root", "sudo", "sudo_password", ...

struct SessionInfo
{
    QString user;
    QString serverBanner;
    QString authMethod;
    HostKeyInfo hostKey;
    Privilege privilege = Privilege::Unknown;
    QString privilegeDetail; // plain-language: why privileged checks will be skipped, if so
};

} // namespace gs::ssh
