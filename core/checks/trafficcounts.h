#pragma once

#include "logs/accesslogsummary.h"
#include "logs/unparsedexample.h"

#include <QList>
#include <QPair>

namespace gs::checks {

// The requests of one access log (or of all of them) in the diagnosis window: how many, how many
// answered 5xx, when (per bucket), with which statuses, and which lines could not be read. What
// the error-rate check judges; a plain value cut from an AccessLogSummary.
struct TrafficCounts
{
    struct Point
    {
        qint64 start = 0; // epoch seconds, UTC, a multiple of bucketSeconds
        qint64 requests = 0;
        qint64 errors = 0; // 500-599
    };

    // The busiest 5xx statuses kept per log (the rest still count in errors).
    static constexpr int kTopStatuses = 5;
    // Unparsed lines kept for the user to see, per log.
    static constexpr int kUnparsedExamples = 3;

    qint64 requests = 0;
    qint64 errors = 0;
    qint64 bucketSeconds = 60;
    QList<Point> series;                   // every bucket of the window, empty ones included
    QList<QPair<int, qint64>> statuses5xx; // (status, count), most first, at most kTopStatuses
    qint64 unparsed = 0;
    QList<logs::UnparsedExample> unparsedExamples;

    // 5xx answers as a share of the requests, 0-100; 0 without requests.
    double percent() const;
    // The first and last bucket that saw a 5xx; 0 when none did.
    qint64 firstErrorBucket() const;
    qint64 lastErrorBucket() const;

    static TrafficCounts fromSummary(const logs::AccessLogSummary &summary);
    // Adds another log's counts of the same window and bucket size (the totals).
    void merge(const TrafficCounts &other);
};

} // namespace gs::checks
