#include "util/shellquote.h"

#include <QProcess>

#include <gtest/gtest.h>

using gs::shellCommand;
using gs::shellQuote;

namespace {

const QStringList &hostileStrings()
{
    static const QStringList strings = {
            QStringLiteral("plain"),
            QString(),
            QStringLiteral("it's"),
            QStringLiteral("''"),
            QStringLiteral("\"double\" quotes"),
            QStringLiteral("$(touch /tmp/gatescope-pwned)"),
            QStringLiteral("`id`"),
            QStringLiteral("a;b && c || d | e & f"),
            QStringLiteral("line1\nline2\n"),
            QStringLiteral("-n"),
            QStringLiteral("--version"),
            QStringLiteral("$HOME ${PATH} \\ \\\\ *?[a] ~"),
            QStringLiteral("tab\there"),
            QStringLiteral("grüße • 日本語 🚀"),
            QStringLiteral("=leading-equals"),
            QStringLiteral("!event #comment"),
    };
    return strings;
}

// What a POSIX shell makes of the quoted argument: printf '%s' ARG, run by /bin/sh.
QByteArray roundTrip(const QString &argument)
{
    QProcess shell;
    shell.start(QStringLiteral("/bin/sh"),
                {QStringLiteral("-c"), QStringLiteral("printf '%s' ") + shellQuote(argument)});
    shell.waitForFinished(10000);
    return shell.readAllStandardOutput();
}

} // namespace

TEST(ShellQuote, SafeWordsPassUnchanged)
{
    EXPECT_EQ(shellQuote(QStringLiteral("/etc/nginx/nginx.conf")),
              QStringLiteral("/etc/nginx/nginx.conf"));
    EXPECT_EQ(shellQuote(QStringLiteral("-t")), QStringLiteral("-t"));
}

TEST(ShellQuote, EmptyAndQuotes_AreQuoted)
{
    EXPECT_EQ(shellQuote(QString()), QStringLiteral("''"));
    EXPECT_EQ(shellQuote(QStringLiteral("it's")), QStringLiteral("'it'\\''s'"));
}

TEST(ShellQuote, HostileStrings_SurviveARealShellByteExact)
{
    for (const QString &hostile : hostileStrings())
        EXPECT_EQ(roundTrip(hostile), hostile.toUtf8()) << hostile.toStdString();
}

TEST(ShellCommand, JoinsQuotedArguments_AndRefusesNul)
{
    EXPECT_EQ(shellCommand(QStringLiteral("printf"), {QStringLiteral("%s"), QStringLiteral("a b")}),
              QStringLiteral("printf %s 'a b'"));
    EXPECT_TRUE(shellCommand(QStringLiteral("echo"), {QString(QChar(0))}).isEmpty());
}
