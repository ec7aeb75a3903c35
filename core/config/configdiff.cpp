#include "config/configdiff.h"

#include <dtl/dtl.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace gs::config {

namespace {

std::vector<std::string> splitLines(const QString &text)
{
    std::vector<std::string> result;
    if (text.isEmpty())
        return result;
    const QStringList parts = text.split(QLatin1Char('\n'));
    const qsizetype count = text.endsWith(QLatin1Char('\n')) ? parts.size() - 1 : parts.size();
    result.reserve(static_cast<size_t>(count));
    for (qsizetype i = 0; i < count; ++i)
        result.push_back(parts.at(i).toStdString());
    return result;
}

QString range(int start, int count)
{
    // Unified diff convention: an empty range names the line before it.
    if (count == 0)
        return QStringLiteral("%1,0").arg(start > 0 ? start - 1 : 0);
    if (count == 1)
        return QString::number(start);
    return QStringLiteral("%1,%2").arg(start).arg(count);
}

} // namespace

QList<ConfigDiff::Line> ConfigDiff::lines(const QString &oldText, const QString &newText)
{
    const std::vector<std::string> a = splitLines(oldText);
    const std::vector<std::string> b = splitLines(newText);
    dtl::Diff<std::string> diff(a, b);
    if (a.size() + b.size() > 20000)
        diff.onHuge();
    diff.compose();
    QList<Line> result;
    for (const auto &[text, info] : diff.getSes().getSequence()) {
        Line line;
        line.text = QString::fromStdString(text);
        if (info.type == dtl::SES_ADD) {
            line.kind = Line::Kind::Added;
            line.newLine = static_cast<int>(info.afterIdx);
        } else if (info.type == dtl::SES_DELETE) {
            line.kind = Line::Kind::Removed;
            line.oldLine = static_cast<int>(info.beforeIdx);
        } else {
            line.oldLine = static_cast<int>(info.beforeIdx);
            line.newLine = static_cast<int>(info.afterIdx);
        }
        result << line;
    }
    // dtl may list a change's added lines before its removed ones; diff(1) shows removed first.
    for (qsizetype i = 0; i < result.size();) {
        if (result.at(i).kind == Line::Kind::Same) {
            ++i;
            continue;
        }
        qsizetype end = i;
        while (end < result.size() && result.at(end).kind != Line::Kind::Same)
            ++end;
        std::stable_partition(result.begin() + i, result.begin() + end, [](const Line &line) {
            return line.kind == Line::Kind::Removed;
        });
        i = end;
    }
    return result;
}

QString ConfigDiff::unified(const QString &oldText,
                            const QString &newText,
                            const QString &oldLabel,
                            const QString &newLabel,
                            int context)
{
    const QList<Line> all = lines(oldText, newText);
    QString out;
    qsizetype i = 0;
    const qsizetype n = all.size();
    while (i < n) {
        // Next change.
        qsizetype first = i;
        while (first < n && all.at(first).kind == Line::Kind::Same)
            ++first;
        if (first >= n)
            break;
        // Extend the hunk while changes are within 2*context of each other.
        qsizetype start = std::max<qsizetype>(i, first - context);
        qsizetype last = first;
        qsizetype scan = first;
        while (scan < n) {
            if (all.at(scan).kind != Line::Kind::Same) {
                last = scan;
                ++scan;
                continue;
            }
            qsizetype same = scan;
            while (same < n && all.at(same).kind == Line::Kind::Same)
                ++same;
            if (same >= n || same - scan > 2 * context)
                break;
            scan = same;
        }
        const qsizetype end = std::min<qsizetype>(n, last + 1 + context);
        int oldStart = 0, oldCount = 0, newStart = 0, newCount = 0;
        QString body;
        for (qsizetype k = start; k < end; ++k) {
            const Line &line = all.at(k);
            if (line.kind != Line::Kind::Added) {
                if (oldStart == 0)
                    oldStart = line.oldLine;
                ++oldCount;
            }
            if (line.kind != Line::Kind::Removed) {
                if (newStart == 0)
                    newStart = line.newLine;
                ++newCount;
            }
            const QChar mark = line.kind == Line::Kind::Added     ? QLatin1Char('+')
                               : line.kind == Line::Kind::Removed ? QLatin1Char('-')
                                                                  : QLatin1Char(' ');
            body += mark + line.text + QLatin1Char('\n');
        }
        // Where an empty side starts: after the last line before the hunk on that side.
        if (oldStart == 0) {
            for (qsizetype k = start; k >= 0; --k) {
                if (all.at(k).oldLine > 0 && k < start) {
                    oldStart = all.at(k).oldLine + 1;
                    break;
                }
            }
            if (oldStart == 0)
                oldStart = 1;
        }
        if (newStart == 0) {
            for (qsizetype k = start; k >= 0; --k) {
                if (all.at(k).newLine > 0 && k < start) {
                    newStart = all.at(k).newLine + 1;
                    break;
                }
            }
            if (newStart == 0)
                newStart = 1;
        }
        out += QStringLiteral("@@ -%1 +%2 @@\n")
                       .arg(range(oldStart, oldCount), range(newStart, newCount));
        out += body;
        i = end;
    }
    if (out.isEmpty())
        return {};
    return QStringLiteral("--- %1\n+++ %2\n").arg(oldLabel, newLabel) + out;
}

QList<ConfigDiff::Row> ConfigDiff::sideBySide(const QString &oldText, const QString &newText)
{
    const QList<Line> all = lines(oldText, newText);
    QList<Row> rows;
    qsizetype i = 0;
    while (i < all.size()) {
        if (all.at(i).kind == Line::Kind::Same) {
            const Line &line = all.at(i);
            rows << Row{Row::Kind::Same, line.oldLine, line.text, line.newLine, line.text};
            ++i;
            continue;
        }
        QList<Line> removed;
        QList<Line> added;
        while (i < all.size() && all.at(i).kind != Line::Kind::Same) {
            (all.at(i).kind == Line::Kind::Removed ? removed : added) << all.at(i);
            ++i;
        }
        const qsizetype count = std::max(removed.size(), added.size());
        for (qsizetype k = 0; k < count; ++k) {
            Row row;
            if (k < removed.size()) {
                row.leftLine = removed.at(k).oldLine;
                row.left = removed.at(k).text;
            }
            if (k < added.size()) {
                row.rightLine = added.at(k).newLine;
                row.right = added.at(k).text;
            }
            row.kind = k < removed.size() && k < added.size() ? Row::Kind::Changed
                       : k < removed.size()                   ? Row::Kind::Removed
                                                              : Row::Kind::Added;
            rows << row;
        }
    }
    return rows;
}

QPair<int, int> ConfigDiff::stats(const QString &oldText, const QString &newText)
{
    int added = 0;
    int removed = 0;
    for (const Line &line : lines(oldText, newText)) {
        if (line.kind == Line::Kind::Added)
            ++added;
        else if (line.kind == Line::Kind::Removed)
            ++removed;
    }
    return {added, removed};
}

} // namespace gs::config
