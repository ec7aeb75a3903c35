#pragma once

#include "logs/errorratessnapshot.h"

#include <QJsonObject>

namespace gs::logs {

// The `errors` document (spec/cli.md) of a snapshot: accessLogJson() plus added fields, never
// renaming a spec field ("source" is the access log asked for; "sources" the files read):
//   "transfer":  {"bytes", "compressed_bytes", "text_bytes", "log_bytes", "scanned_bytes",
//                 "fraction", "duration_ms", "files": [{"path","size","offset"}]}   (remote only)
//   "candidates": [{"path","format","servers","size"}]                           (remote only)
//   "error_log": {"sources", "lines", "totals": {id: n},
//                 "series": [{"start", "events": {id: n}}]}  (same buckets as "series")
//   "events":    [{"time", "kind", "label", "text"}]
QJsonObject errorRatesJson(const ErrorRatesSnapshot &snapshot);

} // namespace gs::logs
