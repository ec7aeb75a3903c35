#include "checks/errorratesetting.h"

#include "checks/rawobservations.h"

namespace gs::checks {

QString ErrorRateSetting::key()
{
    return QStringLiteral("diagnosis/error_rate_threshold_percent");
}

double ErrorRateSetting::load(const QSettings &settings)
{
    const QVariant stored = settings.value(key());
    if (!stored.isValid())
        return kDefaultErrorRateThresholdPercent;
    // A hand-edited file may hold "25%" as well as 25.
    return parse(stored.toString()).value_or(kDefaultErrorRateThresholdPercent);
}

double ErrorRateSetting::load()
{
    // The desktop app's organisation and application names (gui/main.cpp), spelled out so that
    // the CLI, which sets neither, reads the same file.
    const QSettings settings(QStringLiteral("gatescope"), QStringLiteral("gatescope"));
    return load(settings);
}

void ErrorRateSetting::store(QSettings &settings, double percent)
{
    settings.setValue(key(), percent);
}

std::optional<double> ErrorRateSetting::parse(QStringView text)
{
    QStringView number = text.trimmed();
    if (number.endsWith(u'%'))
        number.chop(1);
    bool ok = false;
    const double percent = number.trimmed().toDouble(&ok);
    if (!ok || !(percent > 0) || percent > 100)
        return std::nullopt;
    return percent;
}

} // namespace gs::checks
