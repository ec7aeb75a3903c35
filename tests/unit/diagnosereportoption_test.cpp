// gatescope-cli diagnose's report options, run as a user would: the usage errors come before any
// connection is tried (exit 64, a sentence on stderr), and --help documents them.

#include "runprocess.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

ProcessRun diagnose(const QStringList &args)
{
    // A target nothing answers for: a usage error must stop the command before it is tried.
    return runProcess(QStringLiteral(GS_CLI_PATH),
                      QStringList{QStringLiteral("diagnose"), QStringLiteral("nobody@192.0.2.1")}
                              + args);
}

} // namespace

TEST(DiagnoseReportOption, Misuse_IsAUsageErrorBeforeConnecting)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString html = dir.filePath(QStringLiteral("report.html"));
    const struct
    {
        QStringList args;
        const char *says;
    } cases[] = {
            {{QStringLiteral("--with-audit")}, "name one"},
            {{QStringLiteral("--redact")}, "name one"},
            {{QStringLiteral("--report")}, "needs a FILE"},
            {{QStringLiteral("--report"), dir.filePath(QStringLiteral("report.pdf"))},
             "print the HTML"},
            {{QStringLiteral("--report"), dir.filePath(QStringLiteral("missing/report.html"))},
             "does not exist"},
            {{QStringLiteral("--report"),
              html,
              QStringLiteral("--audit-since"),
              QStringLiteral("7d")},
             "needs --with-audit"},
            {{QStringLiteral("--report"),
              html,
              QStringLiteral("--with-audit"),
              QStringLiteral("--audit-since=soon")},
             "duration"},
    };
    for (const auto &c : cases) {
        const ProcessRun run = diagnose(c.args);
        EXPECT_EQ(run.exitCode, 64) << c.args.join(QLatin1Char(' ')).toStdString() << "\n"
                                    << run.err.constData();
        EXPECT_TRUE(run.err.contains(c.says)) << run.err.constData();
    }
}

TEST(DiagnoseReportOption, Help_DocumentsTheReportOptions)
{
    const ProcessRun run = runProcess(QStringLiteral(GS_CLI_PATH),
                                      {QStringLiteral("diagnose"), QStringLiteral("--help")});
    EXPECT_EQ(run.exitCode, 0);
    for (const char *option : {"--report FILE", "--redact", "--with-audit", "--audit-since"})
        EXPECT_TRUE(run.out.contains(option)) << option;
}
