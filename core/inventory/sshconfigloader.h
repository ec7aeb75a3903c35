#pragma once

#include "ssh/sshconfigparser.h"
#include "util/result.h"

#include <QList>
#include <QString>

#include <utility>

namespace gs::inventory {

// Reads the user's OpenSSH client configuration from disk: the file, then every file its Include
// lines name (globs expanded, in sorted order). The parsing itself is SshConfigParser's.
class SshConfigLoader
{
public:
    // ~/.ssh/config for the given context.
    static QString defaultPath(const ssh::SshConfigContext &context);

    // A missing file is an empty config, not an error; an unreadable one is an IoError.
    [[nodiscard]] static Result<ssh::SshConfig> load(const QString &path,
                                                     const ssh::SshConfigContext &context);

    // The regular files an absolute glob names (`*`, `?`, `[...]` in any path component), sorted,
    // with their text. Unreadable files are left out: OpenSSH skips them the same way.
    static QList<std::pair<QString, QString>> readPattern(const QString &pattern);
};

} // namespace gs::inventory
