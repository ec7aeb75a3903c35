#include "util/sections.h"

namespace gs {

QHash<QString, QByteArray> splitSections(const QByteArray &output)
{
    QHash<QString, QByteArray> result;
    QString current;
    qsizetype pos = 0;
    while (pos < output.size()) {
        qsizetype end = output.indexOf('\n', pos);
        if (end < 0)
            end = output.size();
        const QByteArrayView line(output.constData() + pos, end - pos);
        if (line.startsWith("@@")) {
            current = QString::fromUtf8(line.sliced(2).trimmed());
            result[current];
        } else if (!current.isEmpty()) {
            QByteArray &part = result[current];
            part.append(line);
            part.append('\n');
        }
        pos = end + 1;
    }
    return result;
}

} // namespace gs
