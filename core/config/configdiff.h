#pragma once

#include <QList>
#include <QString>

namespace gs::config {

// Line diffs of configuration text (dtl's O(NP) diff): a unified diff for the CLI and the
// review, and side-by-side rows for the GUI. Pure.
class ConfigDiff
{
public:
    struct Line
    {
        enum class Kind { Same, Removed, Added };
        Kind kind = Kind::Same;
        int oldLine = 0; // 1-based; 0 for an added line
        int newLine = 0; // 1-based; 0 for a removed line
        QString text;
    };

    struct Row
    {
        enum class Kind { Same, Changed, Removed, Added };
        Kind kind = Kind::Same;
        int leftLine = 0; // 0 when the left side is empty
        QString left;
        int rightLine = 0;
        QString right;
    };

    static QList<Line> lines(const QString &oldText, const QString &newText);
    // "--- oldLabel\n+++ newLabel\n@@ -a,b +c,d @@\n..." ; empty when the texts are equal.
    static QString unified(const QString &oldText,
                           const QString &newText,
                           const QString &oldLabel,
                           const QString &newLabel,
                           int context = 3);
    static QList<Row> sideBySide(const QString &oldText, const QString &newText);
    // Lines added and removed.
    static QPair<int, int> stats(const QString &oldText, const QString &newText);
};

} // namespace gs::config
