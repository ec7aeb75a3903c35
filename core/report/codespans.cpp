#include "report/codespans.h"

#include <QStringList>

namespace gs::report {

QString codeSpansToHtml(const QString &text)
{
    if (text.count(QLatin1Char('`')) % 2 != 0)
        return text.toHtmlEscaped();
    const QStringList parts = text.split(QLatin1Char('`'));
    QString out;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        out += i % 2 ? QStringLiteral("<code>%1</code>").arg(parts[i].toHtmlEscaped())
                     : parts[i].toHtmlEscaped();
    }
    return out;
}

} // namespace gs::report
