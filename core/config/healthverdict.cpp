#include "config/healthverdict.h"

#include <QRegularExpression>

namespace gs::config {

QList<HealthVerdict::Check> HealthVerdict::parse(const QString &healthOutput)
{
    // The label may hold ": " (a Host header); the code and its baseline never hold a space.
    static const QRegularExpression line(
            QStringLiteral("^(.+): (\\S*) \\(before: (\\S*)\\)(?: FAILED)?$"));
    QList<Check> checks;
    for (const QString &text : healthOutput.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const auto match = line.match(text);
        if (match.hasMatch())
            checks.append(Check{match.captured(1), match.captured(2), match.captured(3)});
    }
    return checks;
}

bool HealthVerdict::failing(const QString &code)
{
    if (code.isEmpty() || code == QLatin1String("000") || code == QLatin1String("fail"))
        return true;
    return code.size() == 3 && code.startsWith(QLatin1Char('5'));
}

QStringList HealthVerdict::stillFailing(const QList<ApplyStep> &steps)
{
    QString output;
    for (const ApplyStep &step : steps) {
        if (step.name == QLatin1String("health") && !step.output.isEmpty())
            output = step.output;
    }
    QStringList failures;
    for (const Check &check : parse(output)) {
        if (!failing(check.now))
            continue;
        const QString now = check.now == QLatin1String("000") || check.now.isEmpty()
                                    ? QStringLiteral("does not answer")
                            : check.now == QLatin1String("fail")
                                    ? QStringLiteral("fails")
                                    : QStringLiteral("answers ") + check.now;
        const QString before
                = check.before == QLatin1String("new")
                          ? QString()
                          : QStringLiteral(" (%1 before the change)")
                                    .arg(check.before.isEmpty() ? QStringLiteral("no answer")
                                                                : check.before);
        failures << check.label + QLatin1Char(' ') + now + before;
    }
    return failures;
}

} // namespace gs::config
