// The support bundle's collector (issue 13): the probe texts keep every argument one word
// whatever it holds, the generated script is clean under shellcheck, and run locally under sh it
// writes a bundle that SupportBundle reads and BundleDiagnosis diagnoses.

#include "bundle/bundlediagnosis.h"
#include "bundle/bundleplaybook.h"
#include "bundle/bundlescript.h"
#include "bundle/probetext.h"
#include "bundle/supportbundle.h"

#include "runprocess.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QStandardPaths>
#include <QTemporaryDir>

using gs::bundle::BundleDiagnosis;
using gs::bundle::BundleScript;
using gs::bundle::ProbeText;
using gs::bundle::SupportBundle;

namespace {

QByteArray runSh(const QString &text, const QStringList &arguments)
{
    QStringList args{QStringLiteral("-c"), text, QStringLiteral("probe")};
    args << arguments;
    const ProcessRun run = runProcess(QStringLiteral("sh"), args);
    EXPECT_EQ(run.exitCode, 0) << run.err.toStdString();
    return run.out;
}

} // namespace

TEST(ProbeText, EachPlaceholderBecomesOneArgumentInEveryQuoting)
{
    const QString command
            = QStringLiteral("printf '[%s]' %1 'in single %2 quotes' \"in double %3\" "
                             "x%4y")
                      .arg(ProbeText::text(1),
                           ProbeText::text(2),
                           ProbeText::text(3),
                           QString::number(ProbeText::number(4)));
    const QString text = ProbeText::substitute(command, 4);
    EXPECT_FALSE(text.contains(QLatin1String("GSARG")));
    const QByteArray out = runSh(text,
                                 {QStringLiteral("a b"),
                                  QStringLiteral("it's $(id)"),
                                  QStringLiteral("\"quoted\" `x`"),
                                  QStringLiteral("42")});
    EXPECT_EQ(out, "[a b][in single it's $(id) quotes][in double \"quoted\" `x`][x42y]");
}

TEST(ProbeText, BackslashesAndApostrophesOutsidePlaceholdersAreKept)
{
    const QString command = QStringLiteral("printf '%s\\n' 'it'\\''s' %1").arg(ProbeText::text(1));
    EXPECT_EQ(runSh(ProbeText::substitute(command, 1), {QStringLiteral("v")}), "it's\nv\n");
}

TEST(BundleScript, NamesItsChecksumAndIsCleanUnderShellcheck)
{
    const QString text = BundleScript::text();
    EXPECT_TRUE(text.startsWith(QLatin1String("#!/bin/sh\n")));
    EXPECT_TRUE(text.contains(QStringLiteral("GS_SHA256=") + BundleScript::bodyChecksum()));
    EXPECT_FALSE(text.contains(QLatin1String("GSARG")));
    if (QStandardPaths::findExecutable(QStringLiteral("shellcheck")).isEmpty())
        GTEST_SKIP() << "shellcheck is not installed";
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("collect.sh")));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(text.toUtf8());
    file.close();
    const ProcessRun run = runProcess(QStringLiteral("shellcheck"),
                                      {QStringLiteral("-s"),
                                       QStringLiteral("sh"),
                                       QStringLiteral("-S"),
                                       QStringLiteral("warning"),
                                       file.fileName()});
    EXPECT_EQ(run.exitCode, 0) << run.out.toStdString();
}

TEST(BundleScript, RunLocallyWritesABundleThatIsReadAndDiagnosed)
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("collect.sh")));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(BundleScript::text().toUtf8());
    file.close();
    const ProcessRun run = runProcess(QStringLiteral("sh"), {file.fileName()}, dir.path());
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    EXPECT_TRUE(run.err.contains("reading only")) << "it says what it collects first";
    const QString archive = QString::fromUtf8(run.out.trimmed());
    EXPECT_TRUE(archive.startsWith(dir.path() + QStringLiteral("/gatescope-bundle-")));
    EXPECT_TRUE(archive.endsWith(QLatin1String(".tar.gz")));
    // Nothing else is left behind: no temporary directory, no partial archive.
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot).size(),
              2);

    const auto bundle = SupportBundle::open(archive);
    ASSERT_TRUE(bundle) << bundle.error().text().toStdString();
    EXPECT_EQ(bundle->scriptChecksum(), BundleScript::bodyChecksum());
    EXPECT_EQ(bundle->format(), BundleScript::kFormat);
    for (const char *key : {"facts", "clock", "sockets", "system", "oom", "firewall"}) {
        const auto *output = bundle->output(QString::fromLatin1(key));
        ASSERT_NE(output, nullptr) << key;
        EXPECT_TRUE(output->ran) << key;
    }
    EXPECT_LT(qAbs(bundle->collectedUtc().secsTo(QDateTime::currentDateTimeUtc())), 600);

    const auto report = BundleDiagnosis::run(*bundle, {});
    EXPECT_FALSE(report.checks.isEmpty());
    EXPECT_EQ(report.raw.privileged, bundle->asRoot());
}

TEST(BundlePlaybook, CarriesTheScriptUntemplatedAndBecomesOnlyWhenAsked)
{
    const QString plain = gs::bundle::BundlePlaybook::text(false);
    EXPECT_TRUE(plain.contains(QLatin1String("  become: false\n")));
    EXPECT_TRUE(gs::bundle::BundlePlaybook::text(true).contains(QLatin1String("  become: true\n")));
    EXPECT_TRUE(plain.contains(QLatin1String("content: !unsafe |")));
    EXPECT_TRUE(plain.contains(QStringLiteral("GS_SHA256=") + BundleScript::bodyChecksum()));
}
