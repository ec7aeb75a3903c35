#pragma once

#include "bundle/supportbundle.h"
#include "logs/accesslogaggregator.h"
#include "logs/accesslogcandidate.h"

#include <optional>

namespace gs::bundle {

// `errors --bundle`: the error rates of the access log a support bundle carries (the collector
// keeps the last few MiB of every access_log the configuration names), in the log_format the
// bundle's own nginx configuration gives it. The window ends when the bundle was collected.
class BundleAccessLog
{
public:
    struct Request
    {
        QString log;       // one of the bundle's access logs; empty: the largest
        QByteArray format; // when the configuration has none for it; empty: combined
        qint64 bucketSeconds = 60;
        std::optional<qint64> window; // seconds back from the collection; none: all it holds
    };
    struct Analysis
    {
        logs::AccessLogSummary summary;
        QString source;
        QString formatName;
        QList<logs::AccessLogCandidate> candidates; // every access log the bundle holds
        QStringList warnings;
    };

    // The configuration's access logs (with their formats) that the bundle holds, largest first.
    static QList<logs::AccessLogCandidate> candidates(const SupportBundle &bundle);

    // Fails (NotFound) when the bundle holds no access log or not the one named.
    static Result<Analysis> analyze(const SupportBundle &bundle, const Request &request);
};

} // namespace gs::bundle
