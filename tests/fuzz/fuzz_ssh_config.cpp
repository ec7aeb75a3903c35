// libFuzzer target: ssh_config text -> parse, Include expansion, alias listing and resolution.
// The input holds the main file and up to three more, split at "\n@@\n"; every Include reads
// from those in-memory files, matched with OpenSSH's patterns, so include cycles and globs that
// reach their own directory are reachable.

#include "ssh/sshconfigparser.h"

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace gs::ssh;
    const QString input = QString::fromUtf8(
            QByteArrayView(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size)));
    const QStringList parts = input.split(QStringLiteral("\n@@\n"));
    const SshConfigContext context{QStringLiteral("/home/u"), QStringLiteral("u")};
    QList<std::pair<QString, QString>> files;
    for (qsizetype i = 0; i < parts.size() && i < 4; ++i)
        files.append({QStringLiteral("/home/u/.ssh/c%1").arg(i), parts.at(i)});

    SshConfig config = SshConfigParser::parse(files.first().second, context, files.first().first);
    config.expandIncludes(
            [&files](const QString &pattern) {
                QList<std::pair<QString, QString>> out;
                for (const auto &file : files) {
                    if (SshConfigParser::matchesPattern(file.first, pattern))
                        out.append(file);
                }
                return out;
            },
            context);
    QStringList aliases = config.listAliases();
    aliases << QStringLiteral("x") << QStringLiteral("web.example.com");
    for (qsizetype i = 0; i < aliases.size() && i < 8; ++i)
        (void)config.resolve(aliases.at(i), context);
    (void)config.includePatterns();
    (void)config.allDiagnostics();
    return 0;
}
