#pragma once

#include <QByteArray>
#include <QList>

namespace gs::recipes {

// Byte offsets [begin, end) into the file's text.
struct TextSpan
{
    qsizetype begin = 0;
    qsizetype end = 0;
};

// One nginx directive with the byte positions a text edit needs. Unlike nginx::ConfigDirective
// (lines, for findings) this keeps offsets, so that an edit touches only the bytes it means to.
struct TextDirective
{
    QByteArray name;
    QList<QByteArray> args;    // quotes removed
    QList<TextSpan> argSpans;  // as written, quotes included
    qsizetype begin = 0;       // first byte of the name
    qsizetype terminator = 0;  // the ';' or '{'
    qsizetype blockClose = -1; // the '}' of a block
    int line = 0;              // 1-based
    bool hasBlock = false;
    QList<TextDirective> children;

    QByteArray arg(qsizetype i) const { return i < args.size() ? args.at(i) : QByteArray(); }
    // One past the directive: after its ';' or its block's '}'.
    qsizetype after() const { return hasBlock ? blockClose + 1 : terminator + 1; }
    const TextDirective *child(const QByteArray &childName) const
    {
        for (const TextDirective &c : children) {
            if (c.name == childName)
                return &c;
        }
        return nullptr;
    }
    QList<const TextDirective *> childrenNamed(const QByteArray &childName) const
    {
        QList<const TextDirective *> found;
        for (const TextDirective &c : children) {
            if (c.name == childName)
                found << &c;
        }
        return found;
    }
};

} // namespace gs::recipes
