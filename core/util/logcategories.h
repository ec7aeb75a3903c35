#pragma once

#include <QLoggingCategory>

// What Gatescope does, for support: off below warnings unless switched on, e.g.
//   QT_LOGGING_RULES="gatescope.*.debug=true" gatescope-cli diagnose web1
//   QT_LOGGING_RULES="gatescope.ssh.debug=true" gatescope
// Never logged: passwords, passphrases, key material, a command's input (a file being written,
// sudo's password), command output. Commands and paths are: they name no secret.

namespace gs {

Q_DECLARE_LOGGING_CATEGORY(lcSsh)      // gatescope.ssh: connect, host key, login, sudo, session
Q_DECLARE_LOGGING_CATEGORY(lcRemote)   // gatescope.remote: each command, its exit and its time
Q_DECLARE_LOGGING_CATEGORY(lcApply)    // gatescope.apply: safe-apply and restore steps
Q_DECLARE_LOGGING_CATEGORY(lcDiagnose) // gatescope.diagnose: rounds and each check's verdict

} // namespace gs
