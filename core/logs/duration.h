#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace gs::logs {

// "90" or "90s", "15m", "1h", "24h", "7d", "2w" -> seconds; std::nullopt when malformed, zero or
// negative. Shared by --since, --bucket and the GUI's range presets.
std::optional<qint64> parseDuration(QStringView text);
// The shortest exact spelling: 60 -> "1m", 5400 -> "90m", 45 -> "45s".
QString formatDuration(qint64 seconds);

} // namespace gs::logs
