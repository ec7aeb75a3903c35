#pragma once

#include <QByteArray>
#include <QList>

namespace gs::recipes {

// Replacements on one text, applied together: every byte outside them stays as it was.
class TextEdits
{
public:
    void insert(qsizetype at, const QByteArray &text) { replace(at, at, text); }
    void replace(qsizetype begin, qsizetype end, const QByteArray &text);

    bool isEmpty() const { return m_edits.isEmpty(); }
    // Edits must not overlap; inserts at the same offset keep the order they were made in.
    QByteArray applyTo(const QByteArray &text) const;

private:
    struct Edit
    {
        qsizetype begin = 0;
        qsizetype end = 0;
        QByteArray text;
    };
    QList<Edit> m_edits;
};

} // namespace gs::recipes
