#include "report/coveragesection.h"

#include <QStringList>

namespace gs::report {

namespace {

const QLatin1String kHeading("Not checked");
const QLatin1String kIntro("These checks could not run, so a cause there would go unseen. "
                           "Grant what is listed and diagnose again.");

QString gapLine(const checks::DiagnosisCoverage::Gap &gap)
{
    return QStringLiteral("%1%2: %3")
            .arg(gap.title,
                 gap.essential ? QStringLiteral(" (could explain a 502)") : QString(),
                 gap.reason);
}

} // namespace

QString CoverageSection::text(const checks::DiagnosisCoverage &coverage)
{
    if (coverage.missing.isEmpty())
        return {};
    QStringList out;
    out << QString() << QString(kHeading).toUpper() << QStringLiteral("  ") + kIntro;
    for (const auto &gap : coverage.missing) {
        out << QStringLiteral("  - ") + gapLine(gap);
        if (!gap.grant.isEmpty())
            out << QStringLiteral("    To check it: ") + gap.grant;
    }
    if (!coverage.sudoers.isEmpty()) {
        out << QStringLiteral("  A sudoers rule with only the read-only commands needed:");
        for (const QString &line : coverage.sudoers.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            out << QStringLiteral("    ") + line;
    }
    return out.join(QLatin1Char('\n'));
}

QString CoverageSection::markdown(const checks::DiagnosisCoverage &coverage)
{
    if (coverage.missing.isEmpty())
        return {};
    QStringList out;
    out << QStringLiteral("## ") + kHeading << QString() << QString(kIntro) << QString();
    for (const auto &gap : coverage.missing) {
        QString line = QStringLiteral("- ") + gapLine(gap);
        if (!gap.grant.isEmpty())
            line += QStringLiteral(". *To check it:* ") + gap.grant;
        out << line;
    }
    out << QString();
    if (!coverage.sudoers.isEmpty())
        out << QStringLiteral("```") << coverage.sudoers.trimmed() << QStringLiteral("```")
            << QString();
    return out.join(QLatin1Char('\n'));
}

QString CoverageSection::html(const checks::DiagnosisCoverage &coverage)
{
    if (coverage.missing.isEmpty())
        return {};
    QString h = QStringLiteral("<h2>%1</h2>\n<p>%2</p>\n<ul>\n").arg(kHeading, kIntro);
    for (const auto &gap : coverage.missing) {
        h += QStringLiteral("<li>%1").arg(gapLine(gap).toHtmlEscaped());
        if (!gap.grant.isEmpty())
            h += QStringLiteral("<br><i>To check it:</i> %1").arg(gap.grant.toHtmlEscaped());
        h += QStringLiteral("</li>\n");
    }
    h += QStringLiteral("</ul>\n");
    if (!coverage.sudoers.isEmpty())
        h += QStringLiteral("<pre class=\"evidence\">%1</pre>\n")
                     .arg(coverage.sudoers.trimmed().toHtmlEscaped());
    return h;
}

QString CoverageSection::stateSuffix(const findings::Finding &finding)
{
    switch (finding.state) {
    case findings::Finding::State::Current: return {};
    case findings::Finding::State::Intermittent: return QStringLiteral(" (on and off)");
    case findings::Finding::State::Past:
        return finding.resolvedBy.isEmpty() ? QStringLiteral(" (past)")
                                            : QStringLiteral(" (past: %1)").arg(finding.resolvedBy);
    }
    return {};
}

} // namespace gs::report
