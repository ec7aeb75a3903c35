#pragma once

#include "logs/accesslogsummary.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace gs::logs {

// The `errors` document of spec/cli.md: source, format, bucket_seconds, lines, unparsed,
// totals{requests,status}, series[{start,requests,classes,status}], plus added fields
// (sources, since, until, outside_window, totals.classes, upstreams, servers, latency_ms,
// top_5xx_paths, unparsed_examples, warnings). Series buckets cover seriesRange() with empty ones
// as zeros; check seriesLength() first, since a wide range makes a large document.
QJsonObject accessLogJson(const AccessLogSummary &summary,
                          const QStringList &sources,
                          const QString &formatName,
                          const QStringList &warnings = {});

// "2026-11-21T12:00:00Z"
QString isoUtc(qint64 epochSeconds);

} // namespace gs::logs
