// Times the server side of `errors --since` on a big local log: the window extraction command
// (core/logs/windowcommand.h) run with the local sh, as the SSH layer runs it on a server. Reports
// the seconds, the bytes the transfer would carry (gzip'ed) against the file size, and the lines
// in the window. No SSH: the network time is left out; see bench/README.md.
//
// Usage: windowcommand_bench LOG SINCE_SECONDS_AGO_OR_EPOCH

#include "logs/windowcommand.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 3) {
        std::fprintf(stderr, "usage: windowcommand_bench LOG SECONDS_AGO|EPOCH\n");
        return 64;
    }
    const qint64 value = args.at(2).toLongLong();
    const qint64 since = value > 1000000000 ? value : QDateTime::currentSecsSinceEpoch() - value;
    gs::logs::WindowCommandOptions options;
    options.paths = {args.at(1)};
    options.since = since;
    const QString command = gs::logs::buildWindowCommand(options);

    QElapsedTimer timer;
    timer.start();
    QProcess process;
    process.start(QStringLiteral("sh"), {QStringLiteral("-c"), command});
    if (!process.waitForFinished(600000)) {
        std::fprintf(stderr, "the window command did not finish\n");
        return 1;
    }
    const double seconds = static_cast<double>(timer.elapsed()) / 1000.0;
    const QByteArray out = process.readAllStandardOutput();
    const QByteArray err = process.readAllStandardError();
    const qint64 size = QFileInfo(args.at(1)).size();

    // How many lines: decompress once more, outside the timing.
    QProcess count;
    count.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("gzip -dc | wc -l")});
    count.write(out);
    count.closeWriteChannel();
    count.waitForFinished(600000);

    std::printf("window extraction: %.2f s, %lld bytes to transfer (%.2f %% of the %lld-byte "
                "file), %s lines in the window\n%s",
                seconds,
                static_cast<long long>(out.size()),
                100.0 * static_cast<double>(out.size()) / static_cast<double>(size),
                static_cast<long long>(size),
                count.readAllStandardOutput().trimmed().constData(),
                err.constData());
    return process.exitCode();
}
