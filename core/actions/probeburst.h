#pragma once

#include "remote/remotehost.h"
#include "util/result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace gs::actions {

// A bounded burst of requests to reproduce a failure (spec/cli.md `probe`). The caps are hard:
// whatever the user asks, no burst exceeds them.
class ProbeBurst
{
public:
    static constexpr int kMaxRequests = 2000;
    static constexpr int kMaxConcurrency = 50;
    static constexpr int kMaxSeconds = 60;
    static constexpr int kRequestTimeoutSeconds = 10;

    struct Options
    {
        QUrl url;
        int requests = 100;
        int concurrency = 10;
    };

    struct Result
    {
        QString url;
        QString from; // "server" or "here"
        int requests = 0;
        qint64 durationMs = 0;
        QMap<QString, int> status; // "200" -> n
        int errors = 0;            // no HTTP answer at all
        double p50 = 0;
        double p95 = 0;
        double p99 = 0;
        QStringList notes; // caps applied, tools used

        QJsonObject toJson() const;
    };

    // Clamps to the caps (noting it) and refuses what is not an http(s) URL.
    static gs::Result<Options> bounded(Options options, QStringList *notes);
    // Only URLs on the target itself: loopback, the target's address, or a server name its
    // nginx serves. A burst must never be aimed at a third party.
    static bool
    allowedHost(const QUrl &url, const QString &targetHost, const QStringList &serverNames);
    // The server names the host's nginx serves, from `nginx -T` (blocking; worker threads).
    static QStringList serverNamesOn(remote::RemoteHost &host);

    // The command that runs the burst on the server: curl in parallel by xargs, under timeout.
    static QString serverCommand(const Options &options);
    // Parses lines "CODE SECONDS" (curl -w) into the result.
    static void addSamples(Result &result, const QByteArray &output);
    // Adds a note when fewer requests were answered than planned: the burst hit its time
    // limit (a slow or saturated site), and the user must not read the figures as complete.
    static void noteShortfall(Result &result, int planned);
    // Fills percentiles from the latencies (milliseconds).
    static void finish(Result &result, QList<double> latenciesMs);
};

} // namespace gs::actions
