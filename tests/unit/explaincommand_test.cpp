// gatescope-cli explain, run as a user would: the JSON contract of spec/cli.md, stdin and .gz,
// and the exit codes.

#include "runprocess.h"

#include <QProcess>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>
#include <zlib.h>

namespace {

QString golden(const char *file)
{
    return QStringLiteral(GS_TEST_DATA_DIR "/explain-mixed/") + QLatin1String(file);
}

ProcessRun explain(const QStringList &args, const QString &stdinFile = {})
{
    QProcess process;
    if (!stdinFile.isEmpty())
        process.setStandardInputFile(stdinFile);
    process.start(QStringLiteral(GS_CLI_PATH), QStringList{QStringLiteral("explain")} + args);
    ProcessRun run;
    if (!process.waitForFinished(60000))
        return run;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QJsonObject parse(const QByteArray &bytes)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << bytes.toStdString();
    return document.object();
}

} // namespace

TEST(ExplainCommand, GoldenLogs_PrintTheContractJsonAndExitCritical)
{
    const ProcessRun run
            = explain({golden("error.log"), golden("php-fpm.log"), QStringLiteral("--json")});
    EXPECT_EQ(run.exitCode, 2) << run.err.toStdString();
    const QJsonObject doc = parse(run.out);
    QStringList keys = doc.keys();
    EXPECT_EQ(keys,
              (QStringList{QStringLiteral("causes"),
                           QStringLiteral("files"),
                           QStringLiteral("lines"),
                           QStringLiteral("unrecognised"),
                           QStringLiteral("unrecognised_examples")}));
    EXPECT_EQ(doc.value(QStringLiteral("lines")).toInt(), 113);
    EXPECT_EQ(doc.value(QStringLiteral("unrecognised")).toInt(), 2);
    const QJsonArray causes = doc.value(QStringLiteral("causes")).toArray();
    ASSERT_EQ(causes.size(), 27);
    const QJsonObject first = causes.at(0).toObject();
    QStringList causeKeys = first.keys();
    EXPECT_EQ(causeKeys,
              (QStringList{QStringLiteral("count"),
                           QStringLiteral("examples"),
                           QStringLiteral("first_seen"),
                           QStringLiteral("id"),
                           QStringLiteral("last_seen"),
                           QStringLiteral("remedy"),
                           QStringLiteral("severity"),
                           QStringLiteral("title")}));
    EXPECT_EQ(first.value(QStringLiteral("severity")).toString(), QStringLiteral("critical"));
    EXPECT_TRUE(run.err.isEmpty()) << run.err.toStdString();
}

TEST(ExplainCommand, GzipOnStdin_IsReadLikeTheFile)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QFile plain(golden("php-fpm.log"));
    ASSERT_TRUE(plain.open(QIODevice::ReadOnly));
    const QByteArray text = plain.readAll();
    const QString gzPath = dir.filePath(QStringLiteral("php-fpm.log.gz"));
    gzFile gz = gzopen(QFile::encodeName(gzPath).constData(), "wb");
    ASSERT_NE(gz, nullptr);
    ASSERT_EQ(gzwrite(gz, text.constData(), static_cast<unsigned>(text.size())), text.size());
    ASSERT_EQ(gzclose(gz), Z_OK);

    const ProcessRun fromFile = explain({golden("php-fpm.log"), QStringLiteral("--json")});
    const ProcessRun fromStdin = explain({QStringLiteral("-"), QStringLiteral("--json")}, gzPath);
    EXPECT_EQ(fromStdin.exitCode, fromFile.exitCode) << fromStdin.err.toStdString();
    QJsonObject a = parse(fromFile.out);
    QJsonObject b = parse(fromStdin.out);
    EXPECT_EQ(b.value(QStringLiteral("files")).toArray().at(0).toString(),
              QStringLiteral("(stdin)"));
    a.remove(QStringLiteral("files"));
    b.remove(QStringLiteral("files"));
    EXPECT_EQ(a, b);
}

TEST(ExplainCommand, OnlyHarmlessLines_ExitZero)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("error.log"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("2026/11/21 13:06:00 [notice] 31337#31337: signal process started\n"
               "2026/11/21 13:06:01 [crit] 23599#23599: *950 SSL_do_handshake() failed (SSL: "
               "error:0A00006C:SSL routines::bad key share) while SSL handshaking, client: "
               "198.51.100.23, server: 0.0.0.0:443\n");
    file.close();
    const ProcessRun run = explain({path});
    EXPECT_EQ(run.exitCode, 0) << run.err.toStdString();
    EXPECT_TRUE(run.out.contains("2 lines; 0 causes, 2 lines harmless")) << run.out.toStdString();
}

TEST(ExplainCommand, MissingFileOrNoFile_ExitThreeOrUsage)
{
    const ProcessRun missing = explain({QStringLiteral("/nonexistent/error.log")});
    EXPECT_EQ(missing.exitCode, 3);
    EXPECT_TRUE(missing.err.contains("/nonexistent/error.log")) << missing.err.toStdString();
    EXPECT_EQ(explain({}).exitCode, 64);
    EXPECT_EQ(explain({QStringLiteral("--bogus"), golden("error.log")}).exitCode, 64);
}
