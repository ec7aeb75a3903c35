#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace gs::nginx {

// nginx's size syntax: "512", "16k", "1m", "1g" (case-insensitive) -> bytes.
std::optional<qint64> parseSize(QStringView text);

// nginx's time syntax: "30", "30s", "500ms", "1h", "2m", "1d", "1h 30m", "1h30m" -> milliseconds.
// A bare number means seconds, as in the *_timeout directives.
std::optional<qint64> parseDurationMs(QStringView text);

// Milliseconds back to the shortest nginx-style text: 60000 -> "60s", 500 -> "500ms", 3600000 ->
// "1h".
QString formatDurationMs(qint64 ms);

} // namespace gs::nginx
