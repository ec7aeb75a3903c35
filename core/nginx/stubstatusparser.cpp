#include "nginx/stubstatusparser.h"

#include <QList>
#include <QString>

namespace gs::nginx {

Result<StubStatusParser::Status> StubStatusParser::parse(QByteArrayView body)
{
    Status s;
    const QString text = QString::fromUtf8(body);
    const QList<QStringView> lines = QStringView(text).split(QLatin1Char('\n'));
    bool sawActive = false;
    bool sawCounters = false;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QStringView l = lines.at(i).trimmed();
        if (l.startsWith(QLatin1String("Active connections:"))) {
            s.active = l.mid(19).trimmed().toLongLong(&sawActive);
        } else if (l.startsWith(QLatin1String("server accepts handled requests"))
                   && i + 1 < lines.size()) {
            const auto nums = lines.at(i + 1).trimmed().split(QLatin1Char(' '), Qt::SkipEmptyParts);
            if (nums.size() >= 3) {
                bool a = false, b = false, c = false;
                s.accepts = nums.at(0).toLongLong(&a);
                s.handled = nums.at(1).toLongLong(&b);
                s.requests = nums.at(2).toLongLong(&c);
                sawCounters = a && b && c;
            }
        } else if (l.startsWith(QLatin1String("Reading:"))) {
            const auto parts = l.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            for (qsizetype k = 0; k + 1 < parts.size(); k += 2) {
                const qint64 n = parts.at(k + 1).toLongLong();
                if (parts.at(k) == QLatin1String("Reading:"))
                    s.reading = n;
                else if (parts.at(k) == QLatin1String("Writing:"))
                    s.writing = n;
                else if (parts.at(k) == QLatin1String("Waiting:"))
                    s.waiting = n;
            }
        }
    }
    if (!sawActive || !sawCounters)
        return makeError(ErrorCode::ParseError,
                         QStringLiteral("This is not an nginx stub_status page."));
    return s;
}

} // namespace gs::nginx
