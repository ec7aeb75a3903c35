#include "inventory/sshconfigloader.h"
#include "ssh/sshconfigparser.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace gs;
using gs::ssh::SshConfig;
using gs::ssh::SshConfigContext;
using gs::ssh::SshConfigParser;

namespace {

SshConfigContext testContext(const QString &home = QStringLiteral("/home/tester"))
{
    return SshConfigContext{home, QStringLiteral("tester")};
}

QString readText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

// Resolved options as JSON, with the case's home directory written as $HOME so that the golden
// file does not depend on where the source tree lives.
QJsonObject toJson(const ssh::SshResolvedOptions &o, const QString &home)
{
    auto path = [&home](QString p) {
        return p.replace(home, QStringLiteral("$HOME"));
    };
    QJsonObject object{{QStringLiteral("hostname"), o.hostName}};
    if (o.user)
        object.insert(QStringLiteral("user"), *o.user);
    if (o.port)
        object.insert(QStringLiteral("port"), *o.port);
    QJsonArray identities;
    for (const QString &file : o.identityFiles)
        identities.append(path(file));
    if (!identities.isEmpty())
        object.insert(QStringLiteral("identityfile"), identities);
    if (o.identitiesOnly)
        object.insert(QStringLiteral("identitiesonly"), *o.identitiesOnly);
    if (o.proxyJump)
        object.insert(QStringLiteral("proxyjump"), *o.proxyJump);
    if (o.strictHostKeyChecking)
        object.insert(QStringLiteral("stricthostkeychecking"), *o.strictHostKeyChecking);
    QJsonArray knownHosts;
    for (const QString &file : o.userKnownHostsFiles)
        knownHosts.append(path(file));
    if (!knownHosts.isEmpty())
        object.insert(QStringLiteral("userknownhostsfile"), knownHosts);
    if (o.connectTimeout)
        object.insert(QStringLiteral("connecttimeout"), *o.connectTimeout);
    return object;
}

// One golden case: tests/data/<case>/home/.ssh/config (plus what it includes), the names in
// `queries`, and `expected.json` with the aliases, each query's options and the diagnostics.
// GS_UPDATE_GOLDEN=1 rewrites expected.json; review the diff before committing it.
void checkGoldenCase(const QString &caseName)
{
    const QString dir = QStringLiteral(GS_TEST_DATA_DIR "/") + caseName;
    const QString home = dir + QStringLiteral("/home");
    const SshConfigContext context = testContext(home);
    const Result<SshConfig> config
            = inventory::SshConfigLoader::load(home + QStringLiteral("/.ssh/config"), context);
    ASSERT_TRUE(config.ok()) << qPrintable(config.error().text());

    QJsonObject actual;
    actual.insert(QStringLiteral("aliases"), QJsonArray::fromStringList(config->listAliases()));
    QJsonObject resolved;
    const QStringList queries = readText(dir + QStringLiteral("/queries"))
                                        .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    ASSERT_FALSE(queries.isEmpty());
    for (const QString &query : queries)
        resolved.insert(query, toJson(config->resolve(query, context), home));
    actual.insert(QStringLiteral("resolve"), resolved);
    QJsonArray diagnostics;
    for (const ssh::SshConfigDiagnostic &d : config->allDiagnostics()) {
        diagnostics.append(QString(QString(d.file).replace(home, QStringLiteral("$HOME"))
                                   + QLatin1Char(':') + QString::number(d.line)
                                   + QStringLiteral(": ") + d.message));
    }
    actual.insert(QStringLiteral("diagnostics"), diagnostics);

    const QString expectedPath = dir + QStringLiteral("/expected.json");
    if (qEnvironmentVariableIsSet("GS_UPDATE_GOLDEN")) {
        QFile out(expectedPath);
        ASSERT_TRUE(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(actual).toJson(QJsonDocument::Indented));
    }
    const QJsonDocument expected = QJsonDocument::fromJson(readText(expectedPath).toUtf8());
    ASSERT_TRUE(expected.isObject()) << "missing or invalid " << qPrintable(expectedPath);
    EXPECT_EQ(QJsonDocument(actual).toJson().toStdString(),
              QJsonDocument(expected.object()).toJson().toStdString());
}

} // namespace

TEST(SshConfigGolden, Basic)
{
    checkGoldenCase(QStringLiteral("sshconfig-basic"));
}
TEST(SshConfigGolden, IncludesAndMatch)
{
    checkGoldenCase(QStringLiteral("sshconfig-include"));
}
TEST(SshConfigGolden, EdgeCases)
{
    checkGoldenCase(QStringLiteral("sshconfig-edge"));
}

TEST(SshConfigParser, FirstObtainedValueWins_WhenSeveralBlocksMatch)
{
    const SshConfig config = SshConfigParser::parse(QStringLiteral("Host web\n  User first\n"
                                                                   "Host *\n  User second\n"
                                                                   "  Port 2200\n"),
                                                    testContext());
    const ssh::SshResolvedOptions options = config.resolve(QStringLiteral("web"), testContext());
    EXPECT_EQ(options.user.value_or(QString()), QStringLiteral("first"));
    EXPECT_EQ(options.port.value_or(0), 2200);
    EXPECT_EQ(options.hostName, QStringLiteral("web"));
}

TEST(SshConfigParser, NegatedPattern_ExcludesHost)
{
    const SshConfig config = SshConfigParser::parse(
            QStringLiteral("Host *.example.com !secret.example.com\n  User ops\n"), testContext());
    EXPECT_EQ(config.resolve(QStringLiteral("a.example.com"), testContext()).user,
              std::optional<QString>(QStringLiteral("ops")));
    EXPECT_FALSE(config.resolve(QStringLiteral("secret.example.com"), testContext()).user);
}

TEST(SshConfigParser, IdentityFile_ExpandsTildeAndTokens)
{
    const SshConfig config = SshConfigParser::parse(
            QStringLiteral("Host h\n HostName real.example\n User bob\n"
                           " IdentityFile ~/.ssh/%u-%r@%h\n IdentityFile %d/k%%\n"),
            testContext());
    const ssh::SshResolvedOptions options = config.resolve(QStringLiteral("h"), testContext());
    EXPECT_EQ(options.identityFiles,
              QStringList({QStringLiteral("/home/tester/.ssh/tester-bob@real.example"),
                           QStringLiteral("/home/tester/k%")}));
}

TEST(SshConfigParser, SplitWords_HandlesQuotesEscapesAndComments)
{
    EXPECT_EQ(SshConfigParser::splitWords(QStringLiteral(R"(a "b c" 'd e' f\ g # rest)")),
              std::optional<QStringList>({QStringLiteral("a"),
                                          QStringLiteral("b c"),
                                          QStringLiteral("d e"),
                                          QStringLiteral("f g")}));
    EXPECT_FALSE(SshConfigParser::splitWords(QStringLiteral(R"("open)")).has_value());
}

TEST(SshConfigParser, MatchesPattern_IsCaseInsensitiveWithWildcards)
{
    EXPECT_TRUE(SshConfigParser::matchesPattern(QStringLiteral("Web1.Example.com"),
                                                QStringLiteral("web?.*.COM")));
    EXPECT_TRUE(SshConfigParser::matchesPattern(QStringLiteral("abc"), QStringLiteral("a*c")));
    EXPECT_FALSE(SshConfigParser::matchesPattern(QStringLiteral("abcd"), QStringLiteral("a*c")));
    EXPECT_TRUE(SshConfigParser::matchesPattern(QStringLiteral(""), QStringLiteral("*")));
    EXPECT_FALSE(SshConfigParser::matchesPattern(QStringLiteral("web10"), QStringLiteral("web?")));
}

TEST(SshConfigParser, Include_IsRelativeToSshDirAndReportedUntilExpanded)
{
    SshConfig config = SshConfigParser::parse(
            QStringLiteral("Include extra/*.conf /etc/ssh/other\nHost a\n User x\n"),
            testContext());
    EXPECT_EQ(config.includePatterns(),
              QStringList({QStringLiteral("/home/tester/.ssh/extra/*.conf"),
                           QStringLiteral("/etc/ssh/other")}));
    QStringList asked;
    config.expandIncludes(
            [&asked](const QString &pattern) {
                asked.append(pattern);
                QList<std::pair<QString, QString>> files;
                if (pattern.endsWith(QLatin1String("*.conf")))
                    files.append(
                            {QStringLiteral("/x/1.conf"), QStringLiteral("Host inc\n Port 7\n")});
                return files;
            },
            testContext());
    EXPECT_EQ(asked.size(), 2);
    EXPECT_TRUE(config.includePatterns().isEmpty());
    EXPECT_EQ(config.listAliases(), QStringList({QStringLiteral("inc"), QStringLiteral("a")}));
    EXPECT_EQ(config.resolve(QStringLiteral("inc"), testContext()).port.value_or(0), 7);
}

// A file that includes itself is read once more, found on the include stack and not entered
// again (a chain of distinct files stops at depth 16: HostileSshConfig in hostileinput_test.cpp).
TEST(SshConfigParser, IncludeLoop_StopsAtTheCycle)
{
    SshConfig config = SshConfigParser::parse(QStringLiteral("Include self\n"), testContext());
    int reads = 0;
    config.expandIncludes(
            [&reads](const QString &pattern) {
                ++reads;
                return QList<std::pair<QString, QString>>{
                        {pattern, QStringLiteral("Include self\n")}};
            },
            testContext());
    EXPECT_EQ(reads, 2);
    ASSERT_FALSE(config.allDiagnostics().isEmpty());
    EXPECT_TRUE(config.allDiagnostics().last().message.contains(QLatin1String("includes itself")));
}
