// Inputs a broken or hostile server (or a customer's file) can hand the parsers: each case is a
// crash, hang, exhaustion or undefined behaviour that was found once (issue #14, the fuzz targets
// under tests/fuzz/) and must not come back.

#include "logs/linesplitter.h"
#include "nginx/configparser.h"
#include "nginx/errorlogparser.h"
#include "nginx/sizetime.h"
#include "nginx/testoutputparser.h"
#include "phpfpm/fpmstatusparser.h"
#include "phpfpm/poolconfig.h"
#include "phpfpm/poolconfigparser.h"
#include "ssh/sshconfigparser.h"

#include <QHash>

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>

using namespace gs;

namespace {

bool anyDiagnosticContains(const sys::ParseDiagnostics &diagnostics, QLatin1String text)
{
    for (const sys::ParseDiagnostic &d : diagnostics) {
        if (d.message.contains(text))
            return true;
    }
    return false;
}

bool anyDiagnosticContains(const QList<ssh::SshConfigDiagnostic> &diagnostics, QLatin1String text)
{
    for (const ssh::SshConfigDiagnostic &d : diagnostics) {
        if (d.message.contains(text))
            return true;
    }
    return false;
}

// Depth of the deepest block in a directive tree (iterative: the tree is what is under test).
int treeDepth(const QList<nginx::ConfigDirective> &top)
{
    int deepest = 0;
    QList<std::pair<const nginx::ConfigDirective *, int>> todo;
    for (const auto &d : top)
        todo.append({&d, 1});
    while (!todo.isEmpty()) {
        const auto [d, depth] = todo.takeLast();
        deepest = std::max(deepest, depth);
        for (const auto &c : d->children)
            todo.append({&c, depth + 1});
    }
    return deepest;
}

int countNamed(const QList<nginx::ConfigDirective> &directives, const QString &name)
{
    int n = 0;
    for (const auto &d : directives)
        n += d.name == name ? 1 : 0;
    return n;
}

ssh::SshConfigContext sshContext()
{
    return ssh::SshConfigContext{QStringLiteral("/home/tester"), QStringLiteral("tester")};
}

// An Include reader over an in-memory file set: exact paths, or every file under a "DIR/*".
ssh::SshConfig::IncludeReader memoryReader(const QHash<QString, QString> &files)
{
    return [files](const QString &pattern) {
        QList<std::pair<QString, QString>> out;
        if (pattern.endsWith(QLatin1String("/*"))) {
            const QString dir = pattern.chopped(1);
            QStringList paths;
            for (auto it = files.cbegin(); it != files.cend(); ++it) {
                if (it.key().startsWith(dir))
                    paths.append(it.key());
            }
            paths.sort();
            for (const QString &path : std::as_const(paths))
                out.append({path, files.value(path)});
        } else if (files.contains(pattern)) {
            out.append({pattern, files.value(pattern)});
        }
        return out;
    };
}

} // namespace

TEST(HostileNginxConfig, SelfIncludeTwice_StopsWithCycleDiagnostic)
{
    const QString dumpText = QStringLiteral("# configuration file /etc/nginx/nginx.conf:\n"
                                            "include /etc/nginx/nginx.conf;\n"
                                            "include /etc/nginx/nginx.conf;\n"
                                            "worker_processes 1;\n");
    auto dump = nginx::ConfigParser::parseDump(dumpText);
    ASSERT_TRUE(dump.ok());
    sys::ParseDiagnostics diagnostics;
    const auto tree = nginx::ConfigParser::expandIncludes(*dump, &diagnostics);
    EXPECT_EQ(tree.size(), 1);
    EXPECT_EQ(countNamed(tree, QStringLiteral("worker_processes")), 1);
    EXPECT_EQ(diagnostics.size(), 2);
    EXPECT_TRUE(anyDiagnosticContains(diagnostics, QLatin1String("include cycle")));
}

TEST(HostileNginxConfig, GlobThatMatchesItsOwnFiles_StopsAtEachCycle)
{
    const QString dumpText = QStringLiteral("# configuration file /etc/nginx/nginx.conf:\n"
                                            "include conf.d/*.conf;\n"
                                            "# configuration file /etc/nginx/conf.d/a.conf:\n"
                                            "include /etc/nginx/conf.d/*.conf; a 1;\n"
                                            "# configuration file /etc/nginx/conf.d/b.conf:\n"
                                            "include /etc/nginx/conf.d/*.conf; b 1;\n");
    auto dump = nginx::ConfigParser::parseDump(dumpText);
    ASSERT_TRUE(dump.ok());
    sys::ParseDiagnostics diagnostics;
    const auto tree = nginx::ConfigParser::expandIncludes(*dump, &diagnostics);
    // nginx.conf -> a (-> b (b, a skipped) ), b (-> a (...)): each chain ends at a repeat.
    EXPECT_EQ(countNamed(tree, QStringLiteral("a")), 2);
    EXPECT_EQ(countNamed(tree, QStringLiteral("b")), 2);
    EXPECT_TRUE(anyDiagnosticContains(diagnostics, QLatin1String("include cycle")));
}

TEST(HostileNginxConfig, SameFileIncludedFromTwoPlaces_IsStillExpandedTwice)
{
    const QString dumpText = QStringLiteral("# configuration file /etc/nginx/nginx.conf:\n"
                                            "http { server { include common.conf; }\n"
                                            "       server { include common.conf; } }\n"
                                            "# configuration file /etc/nginx/common.conf:\n"
                                            "proxy_read_timeout 30s;\n");
    auto dump = nginx::ConfigParser::parseDump(dumpText);
    ASSERT_TRUE(dump.ok());
    sys::ParseDiagnostics diagnostics;
    const auto tree = nginx::ConfigParser::expandIncludes(*dump, &diagnostics);
    EXPECT_TRUE(diagnostics.isEmpty());
    ASSERT_EQ(tree.size(), 1);
    ASSERT_EQ(tree.first().children.size(), 2);
    for (const auto &server : tree.first().children)
        EXPECT_EQ(countNamed(server.children, QStringLiteral("proxy_read_timeout")), 1);
}

TEST(HostileNginxConfig, IncludesDoublingPerLevel_StopAtTheExpansionBound)
{
    // f0 includes f1 twice, f1 includes f2 twice, ...: 2^30 leaves without a bound.
    QString dumpText;
    for (int i = 0; i < 31; ++i) {
        dumpText += QStringLiteral("# configuration file /etc/nginx/f%1.conf:\n").arg(i);
        dumpText += i < 30 ? QStringLiteral("include f%1.conf; include f%1.conf;\n").arg(i + 1)
                           : QStringLiteral("leaf 1;\n");
    }
    auto dump = nginx::ConfigParser::parseDump(dumpText);
    ASSERT_TRUE(dump.ok());
    sys::ParseDiagnostics diagnostics;
    const auto tree = nginx::ConfigParser::expandIncludes(*dump, &diagnostics);
    EXPECT_LT(tree.size(), 1000000);
    EXPECT_TRUE(anyDiagnosticContains(diagnostics, QLatin1String("the rest is left out")));
}

TEST(HostileNginxConfig, TwentyThousandNestedBlocks_AreCutAtTheDepthLimit)
{
    const int levels = 20000;
    QString text = QStringLiteral("a {").repeated(levels) + QStringLiteral("}").repeated(levels)
                   + QStringLiteral("\nafter 1;\n");
    sys::ParseDiagnostics diagnostics;
    const auto tree
            = nginx::ConfigParser::parseText(text, QStringLiteral("deep.conf"), &diagnostics);
    EXPECT_EQ(treeDepth(tree), 64);
    ASSERT_EQ(tree.size(), 2);
    EXPECT_EQ(tree.last().name, QStringLiteral("after"));
    EXPECT_TRUE(anyDiagnosticContains(diagnostics, QLatin1String("nested more than 64 levels")));

    // Unbalanced: the end of the input ends every open block.
    const QString open = QStringLiteral("{").repeated(levels);
    diagnostics.clear();
    const auto unbalanced
            = nginx::ConfigParser::parseText(open, QStringLiteral("deep.conf"), &diagnostics);
    EXPECT_LE(treeDepth(unbalanced), 64);
    EXPECT_FALSE(diagnostics.isEmpty());
}

TEST(HostileNginxConfig, HugeSizesAndDurations_AreRejectedNotOverflowed)
{
    EXPECT_FALSE(nginx::parseSize(u"99999999999999999g").has_value());
    EXPECT_EQ(nginx::parseSize(u"8589934591g"), 8589934591LL * 1024 * 1024 * 1024);
    EXPECT_FALSE(nginx::parseDurationMs(u"999999999999y").has_value());
    EXPECT_FALSE(nginx::parseDurationMs(u"290000000y 290000000y").has_value());
    EXPECT_EQ(nginx::parseDurationMs(u"1y"), 365LL * 24 * 3600 * 1000);
}

TEST(HostileSshConfig, IncludeOfItself_IsReadOnceWithADiagnostic)
{
    const QString path = QStringLiteral("/home/tester/.ssh/config");
    const QString text = QStringLiteral("Include config\nInclude config\nHost web\n");
    auto config = ssh::SshConfigParser::parse(text, sshContext(), path);
    config.expandIncludes(memoryReader({{path, text}}), sshContext());
    EXPECT_EQ(config.listAliases(), QStringList{QStringLiteral("web")});
    EXPECT_TRUE(anyDiagnosticContains(config.allDiagnostics(), QLatin1String("includes itself")));
}

TEST(HostileSshConfig, GlobIncludesThatReachEachOther_AreBounded)
{
    QHash<QString, QString> files;
    for (int i = 0; i < 12; ++i)
        files.insert(QStringLiteral("/home/tester/.ssh/conf.d/%1").arg(i, 2, 10, QLatin1Char('0')),
                     QStringLiteral("Include conf.d/*\nHost h%1\n").arg(i));
    auto config = ssh::SshConfigParser::parse(
            QStringLiteral("Include conf.d/*\n"), sshContext(), QStringLiteral("/c"));
    config.expandIncludes(memoryReader(files), sshContext());
    EXPECT_EQ(config.listAliases().size(), 12);
    EXPECT_TRUE(anyDiagnosticContains(config.allDiagnostics(),
                                      QLatin1String("more than 1000 included files")));
}

TEST(HostileSshConfig, IncludeChainDeeperThanSixteen_StopsThere)
{
    QHash<QString, QString> files;
    for (int i = 0; i < 30; ++i)
        files.insert(QStringLiteral("/f%1").arg(i),
                     QStringLiteral("Host h%1\nInclude /f%2\n").arg(i).arg(i + 1));
    auto config = ssh::SshConfigParser::parse(
            QStringLiteral("Include /f0\n"), sshContext(), QStringLiteral("/c"));
    config.expandIncludes(memoryReader(files), sshContext());
    EXPECT_EQ(config.listAliases().size(), 16);
    EXPECT_TRUE(anyDiagnosticContains(config.allDiagnostics(), QLatin1String("nested too deeply")));
}

TEST(HostileSshConfig, HundredThousandHostsAndIdentityFiles_AreListedAndResolved)
{
    const int n = 100000;
    QString text;
    text.reserve(n * 40);
    for (int i = 0; i < n; ++i)
        text += QStringLiteral("Host h%1 H%1\n").arg(i);
    text += QStringLiteral("Host *\n");
    for (int i = 0; i < n; ++i)
        text += QStringLiteral("IdentityFile ~/.ssh/k%1\nIdentityFile ~/.ssh/k%1\n").arg(i);
    const auto config = ssh::SshConfigParser::parse(text, sshContext());
    const QStringList aliases = config.listAliases();
    ASSERT_EQ(aliases.size(), n); // "H1" repeats "h1" but for case
    EXPECT_EQ(aliases.last(), QStringLiteral("h%1").arg(n - 1));
    const auto resolved = config.resolve(QStringLiteral("h7"), sshContext());
    ASSERT_EQ(resolved.identityFiles.size(), n);
    EXPECT_EQ(resolved.identityFiles.at(1), QStringLiteral("/home/tester/.ssh/k1"));
}

TEST(HostilePoolConfig, HundredThousandPools_AreReadWithTheirValues)
{
    const int n = 100000;
    QString text;
    text.reserve(n * 40);
    for (int i = 0; i < n; ++i)
        text += QStringLiteral("[p%1]\nlisten = /run/p%1.sock\n").arg(i);
    text += QStringLiteral("[p5]\npm = static\n");
    const auto config = phpfpm::PoolConfigParser::parse(text, QStringLiteral("/etc/fpm.conf"));
    ASSERT_EQ(config.pools.size(), n);
    const auto *p5 = config.pool(QStringLiteral("p5"));
    ASSERT_NE(p5, nullptr);
    EXPECT_EQ(p5->listen(), QStringLiteral("/run/p5.sock"));
    EXPECT_EQ(p5->pm(), QStringLiteral("static"));
}

TEST(HostilePoolConfig, HugeTimeout_IsMalformedNotOverflowed)
{
    EXPECT_FALSE(phpfpm::PoolConfig::parseSeconds(u"9223372036854775807d").has_value());
    EXPECT_FALSE(phpfpm::PoolConfig::parseSeconds(u"106751991167301d").has_value());
    EXPECT_EQ(phpfpm::PoolConfig::parseSeconds(u"106751991167300d"), 106751991167300LL * 86400);
}

TEST(HostileErrorLog, TwentyDigitPidAndTid_Saturate)
{
    constexpr qint64 kMax = std::numeric_limits<qint64>::max();
    const QByteArray line = "2026/11/21 13:02:03 [error] 99999999999999999999#"
                            "123456789012345678901: *99999999999999999999 connect() failed";
    const auto parsed = nginx::ErrorLogParser::parse(line);
    ASSERT_EQ(parsed.entries.size(), 1);
    EXPECT_EQ(parsed.entries.first().pid, kMax);
    EXPECT_EQ(parsed.entries.first().tid, kMax);
    EXPECT_EQ(parsed.entries.first().connection, kMax);

    const auto test = nginx::TestOutputParser::parse(QString::fromLatin1(line));
    ASSERT_EQ(test.messages.size(), 1);
    EXPECT_EQ(test.messages.first().level, QStringLiteral("error"));
}

TEST(HostileFpmStatus, StartSinceOutOfRange_ReadsAsZero)
{
    const auto status = phpfpm::FpmStatusParser::parse(
            R"({"pool":"www","start since":1e300,"accepted conn":-1e300,"listen queue":12})");
    ASSERT_TRUE(status.ok());
    EXPECT_EQ(status->startSince, 0);
    EXPECT_EQ(status->acceptedConn, 0);
    EXPECT_EQ(status->listenQueue, 12);
}

TEST(HostileLogLines, FiveMegabyteLineWithoutNewline_IsCutToTheLineLimit)
{
    const qsizetype size = 5 * 1024 * 1024;
    const QByteArray chunk(64 * 1024, 'x');
    logs::LineSplitter splitter;
    qsizetype lines = 0;
    qsizetype seen = 0;
    qsizetype full = 0;
    const auto onLine = [&](QByteArrayView line, qsizetype fullLength) {
        ++lines;
        seen = line.size();
        full = fullLength;
    };
    for (qsizetype fed = 0; fed < size; fed += chunk.size())
        splitter.feed(chunk, onLine);
    splitter.finish(onLine);
    EXPECT_EQ(lines, 1);
    EXPECT_EQ(seen, splitter.maxLineLength());
    EXPECT_EQ(full, size);

    // The error-log parser reads it as one entry, at any chunking.
    QByteArray log = "2026/11/21 13:02:03 [error] 1#1: ";
    log += QByteArray(size, 'y');
    nginx::ErrorLogParser parser;
    for (qsizetype at = 0; at < log.size(); at += 4096)
        parser.addData(QByteArrayView(log).sliced(at, std::min<qsizetype>(4096, log.size() - at)));
    parser.finish();
    const auto entries = parser.takeEntries();
    ASSERT_EQ(entries.size(), 1);
    EXPECT_EQ(entries.first().pid, 1);
}

// A log without newlines (a binary file, a mangled rotation) streamed in chunks: the parser keeps
// at most kMaxPendingBytes of the unfinished line, and the next real line still parses.
TEST(HostileErrorLog, EndlessLineInChunks_IsCutNotBuffered_NextLineParses)
{
    gs::nginx::ErrorLogParser parser;
    const QByteArray chunk(1024 * 1024, 'x');
    for (int i = 0; i < 64; ++i) // 64 MiB of one "line"
        parser.addData(chunk);
    EXPECT_LE(parser.pendingBytes(), gs::nginx::ErrorLogParser::kMaxPendingBytes);
    parser.addData("\n2026/11/21 13:02:03 [error] 1#1: *5 connect() failed (111: Connection "
                   "refused) while connecting to upstream, client: 127.0.0.1\n");
    parser.finish();
    const QList<gs::nginx::ErrorLogEntry> entries = parser.takeEntries();
    ASSERT_EQ(entries.size(), 1);
    EXPECT_EQ(entries.first().errnoNumber, 111);
    EXPECT_EQ(parser.lines(), 2);
    EXPECT_EQ(parser.unparsedLines(), 1);
}
