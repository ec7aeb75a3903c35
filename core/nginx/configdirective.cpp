#include "nginx/configdirective.h"

namespace gs::nginx {

const ConfigDirective *ConfigDirective::child(QAnyStringView childName) const
{
    for (const ConfigDirective &c : children) {
        if (QAnyStringView::equal(c.name, childName))
            return &c;
    }
    return nullptr;
}

QList<const ConfigDirective *> ConfigDirective::childrenNamed(QAnyStringView childName) const
{
    QList<const ConfigDirective *> out;
    for (const ConfigDirective &c : children) {
        if (QAnyStringView::equal(c.name, childName))
            out.append(&c);
    }
    return out;
}

QString ConfigDirective::text() const
{
    QString out = name;
    for (const QString &a : args) {
        out += QLatin1Char(' ');
        const bool needsQuotes = a.isEmpty() || a.contains(QLatin1Char(' '))
                                 || a.contains(QLatin1Char(';')) || a.contains(QLatin1Char('{'))
                                 || a.contains(QLatin1Char('}'));
        if (needsQuotes)
            out += QLatin1Char('"') + a + QLatin1Char('"');
        else
            out += a;
    }
    return out;
}

} // namespace gs::nginx
