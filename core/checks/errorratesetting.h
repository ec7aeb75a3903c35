#pragma once

#include <QSettings>
#include <QString>
#include <QStringView>

#include <optional>

namespace gs::checks {

// The user's error-rate threshold (percent of requests answered 5xx above which
// traffic.error_rate_high is critical) as the app keeps it: in the "gatescope" application's
// QSettings, the one file the desktop app and the CLI both read. The CLI's
// --error-rate-threshold overrides it for one run without storing it. Any thread; a QSettings
// instance per call.
class ErrorRateSetting
{
public:
    static QString key(); // "diagnosis/error_rate_threshold_percent"

    // The stored threshold; the default (kDefaultErrorRateThresholdPercent) when none is stored
    // or what is stored is no percentage.
    static double load(const QSettings &settings);
    // The same from the app's own settings file.
    static double load();
    static void store(QSettings &settings, double percent);

    // "20", "20%", "12.5" -> a percentage in (0, 100]; std::nullopt for anything else.
    static std::optional<double> parse(QStringView text);
};

} // namespace gs::checks
