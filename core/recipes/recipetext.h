#pragma once

#include "recipes/textdirective.h"
#include "recipes/textedits.h"
#include "util/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace gs::recipes {

// One nginx file a recipe edits: its bytes, its directives with offsets, and the edits made so
// far. The helpers insert whole lines with the indentation around them and never reformat.
class RecipeText
{
public:
    // A directive with the blocks that enclose it, outermost first.
    struct Located
    {
        const TextDirective *directive = nullptr;
        QList<const TextDirective *> parents;
    };

    static Result<RecipeText> load(const QByteArray &text, const QString &file);

    const QByteArray &text() const { return m_text; }
    const QString &file() const { return m_file; }
    const QList<TextDirective> &directives() const { return m_directives; }
    bool changed() const { return !m_edits.isEmpty(); }
    QByteArray result() const { return m_edits.applyTo(m_text); }

    // Every directive called `name`, at any depth, in file order.
    QList<Located> findAll(const QByteArray &name) const;
    // The `upstream NAME {}` block in this file, or nullptr.
    const TextDirective *upstream(const QString &name) const;
    // The group a location proxies to: NAME of `proxy_pass http://NAME[/...]`; empty when the
    // location has no proxy_pass or it names a variable.
    static QByteArray proxyPassHost(const TextDirective &location);
    // "FILE:LINE" for messages.
    QString where(const TextDirective &directive) const;
    // An argument as nginx needs it written: quoted when empty or holding special characters.
    static QByteArray quoted(const QByteArray &arg);

    QByteArray indentOf(const TextDirective &directive) const;
    QByteArray childIndent(const TextDirective &block) const;

    // Whole lines (without indentation or newline) after `directive`, indented by `indent`.
    void insertAfter(const TextDirective &directive,
                     const QList<QByteArray> &lines,
                     const QByteArray &indent);
    // Whole lines before `directive`, at its indentation.
    void insertBefore(const TextDirective &directive, const QList<QByteArray> &lines);
    // Whole lines at the end of `block`, at its children's indentation.
    void appendToBlock(const TextDirective &block, const QList<QByteArray> &lines);
    // Makes `block` hold `name args;`: rewrites the arguments of the existing one (matched by
    // name and, with keyArgs, by its first arguments), else adds the line after `anchor` (or at
    // the end). False when the block already says exactly that.
    bool setDirective(const TextDirective &block,
                      const QByteArray &name,
                      const QList<QByteArray> &args,
                      const TextDirective *anchor,
                      int keyArgs = 0);
    void replace(qsizetype begin, qsizetype end, const QByteArray &text)
    {
        m_edits.replace(begin, end, text);
    }

private:
    qsizetype lineStart(qsizetype offset) const;
    bool restOfLineBlank(qsizetype offset) const;

    QByteArray m_text;
    QString m_file;
    QList<TextDirective> m_directives;
    TextEdits m_edits;
};

} // namespace gs::recipes
