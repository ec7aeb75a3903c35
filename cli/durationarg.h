#pragma once

#include <QString>

#include <optional>

namespace gs::cli {

// "90s", "15m", "1h", "24h", "7d" (a bare number is seconds) -> seconds; nullopt when malformed.
std::optional<qint64> parseDuration(const QString &text);

} // namespace gs::cli
