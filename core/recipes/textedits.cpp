#include "recipes/textedits.h"

#include <algorithm>

namespace gs::recipes {

void TextEdits::replace(qsizetype begin, qsizetype end, const QByteArray &text)
{
    m_edits << Edit{begin, end, text};
}

QByteArray TextEdits::applyTo(const QByteArray &text) const
{
    QList<qsizetype> order;
    for (qsizetype i = 0; i < m_edits.size(); ++i)
        order << i;
    // From the end backwards, so that earlier offsets stay valid; at one offset the edit made
    // last goes in first, which leaves the edits in the order they were made.
    std::stable_sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) {
        if (m_edits.at(a).begin != m_edits.at(b).begin)
            return m_edits.at(a).begin > m_edits.at(b).begin;
        return a > b;
    });
    QByteArray out = text;
    for (qsizetype i : order) {
        const Edit &edit = m_edits.at(i);
        out.replace(edit.begin, edit.end - edit.begin, edit.text);
    }
    return out;
}

} // namespace gs::recipes
