#include "config/guidededit.h"

#include "recipes/recipetext.h"

#include <QList>

#include <algorithm>

namespace gs::config {

namespace {

using findings::ConfigEdit;
using recipes::RecipeText;
using recipes::TextDirective;

// The directive written on `line` and the blocks around it, outermost first.
bool locate(const QList<TextDirective> &directives,
            int line,
            QList<const TextDirective *> &parents,
            const TextDirective *&found)
{
    for (const TextDirective &directive : directives) {
        if (directive.line == line) {
            found = &directive;
            return true;
        }
        if (directive.hasBlock) {
            parents.append(&directive);
            if (locate(directive.children, line, parents, found))
                return true;
            parents.removeLast();
        }
    }
    return false;
}

QList<QByteArray> argsOf(const QString &value)
{
    QList<QByteArray> args;
    for (const QString &part : value.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        args.append(RecipeText::quoted(part.toUtf8()));
    return args;
}

Error changedSince(const ConfigEdit &edit, const QString &what)
{
    return makeError(ErrorCode::Conflict,
                     QStringLiteral("%1 no longer has %2 at line %3, where the diagnosis saw it.")
                             .arg(edit.file, what)
                             .arg(edit.line),
                     QStringLiteral("The file changed since the diagnosis: run the diagnosis "
                                    "again, then open the fix."));
}

Error alreadySet(const ConfigEdit &edit)
{
    return makeError(ErrorCode::InvalidArgument,
                     QStringLiteral("%1 already has the proposed settings.").arg(edit.file),
                     QStringLiteral("Nothing to change here; if the problem remains, the setting "
                                    "may be overridden elsewhere: run the diagnosis again."));
}

// "  key = value" of an FPM ini line, or an empty key for comments, blanks and sections.
QByteArray iniKey(const QByteArray &line)
{
    const QByteArray trimmed = line.trimmed();
    if (trimmed.isEmpty() || trimmed.startsWith(';') || trimmed.startsWith('#')
        || trimmed.startsWith('['))
        return {};
    const qsizetype eq = trimmed.indexOf('=');
    return eq <= 0 ? QByteArray() : trimmed.left(eq).trimmed();
}

} // namespace

Result<QByteArray> GuidedEdit::apply(const ConfigEdit &edit, const QByteArray &text)
{
    if (edit.settings.isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("The fix names no setting."));
    return edit.format == ConfigEdit::Format::FpmIni ? applyFpm(edit, text)
                                                     : applyNginx(edit, text);
}

Result<QByteArray> GuidedEdit::applyNginx(const ConfigEdit &edit, const QByteArray &text)
{
    Result<RecipeText> loaded = RecipeText::load(text, edit.file);
    if (!loaded)
        return loaded.error();
    RecipeText &file = *loaded;
    QList<const TextDirective *> parents;
    const TextDirective *anchor = nullptr;
    if (!locate(file.directives(), edit.line, parents, anchor))
        return changedSince(edit, QStringLiteral("a directive"));
    // The name the finding cited must still be the one on that line, else this is another block.
    const bool replacesAnchor = std::any_of(
            edit.settings.begin(), edit.settings.end(), [&](const ConfigEdit::Setting &setting) {
                return setting.name.toUtf8() == anchor->name;
            });
    if (!replacesAnchor && !anchor->name.endsWith("_pass"))
        return changedSince(edit, QStringLiteral("the upstream directive"));

    bool changed = false;
    for (const ConfigEdit::Setting &setting : edit.settings) {
        const QByteArray name = setting.name.toUtf8();
        const QList<QByteArray> args = argsOf(setting.value);
        if (!parents.isEmpty()) {
            changed = file.setDirective(*parents.last(), name, args, anchor) || changed;
            continue;
        }
        // Top level of an included snippet: the file is the block.
        const TextDirective *existing = nullptr;
        for (const TextDirective &directive : file.directives()) {
            if (directive.name == name)
                existing = &directive;
        }
        if (existing && existing->args == args)
            continue;
        if (existing) {
            const QByteArray spaced = ' ' + args.join(' ');
            file.replace(existing->begin + existing->name.size(), existing->terminator, spaced);
        } else {
            file.insertAfter(*anchor, {name + ' ' + args.join(' ') + ';'}, file.indentOf(*anchor));
        }
        changed = true;
    }
    if (!changed)
        return alreadySet(edit);
    return file.result();
}

Result<QByteArray> GuidedEdit::applyFpm(const ConfigEdit &edit, const QByteArray &text)
{
    QList<QByteArray> lines = text.split('\n');
    const bool finalNewline = text.endsWith('\n');
    if (finalNewline)
        lines.removeLast();
    // The pool's section: its header by name, else the section around the cited line.
    qsizetype header = -1;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray trimmed = lines.at(i).trimmed();
        if (!trimmed.startsWith('['))
            continue;
        if (!edit.pool.isEmpty() && trimmed == '[' + edit.pool.toUtf8() + ']') {
            header = i;
            break;
        }
        if (edit.pool.isEmpty() && i < edit.line)
            header = i;
    }
    if (header < 0)
        return changedSince(edit,
                            edit.pool.isEmpty() ? QStringLiteral("a pool section")
                                                : QStringLiteral("the pool [%1]").arg(edit.pool));
    qsizetype end = header + 1;
    while (end < lines.size() && !lines.at(end).trimmed().startsWith('['))
        ++end;

    bool changed = false;
    for (const ConfigEdit::Setting &setting : edit.settings) {
        const QByteArray key = setting.name.toUtf8();
        const QByteArray written = key + " = " + setting.value.toUtf8();
        qsizetype at = -1;
        for (qsizetype i = header + 1; i < end; ++i) {
            if (iniKey(lines.at(i)) == key)
                at = i; // the last one wins, as in FPM
        }
        if (at >= 0) {
            const QByteArray &line = lines.at(at);
            // Same value, perhaps spaced differently: nothing to change.
            if (line.mid(line.indexOf('=') + 1).trimmed() == setting.value.toUtf8())
                continue;
            const QByteArray indent = line.left(line.indexOf(line.trimmed()));
            const QByteArray replacement = indent + written;
            lines[at] = replacement;
        } else {
            // After the section's last non-blank line, so it stays inside the pool.
            qsizetype last = end - 1;
            while (last > header && lines.at(last).trimmed().isEmpty())
                --last;
            lines.insert(last + 1, written);
            ++end;
        }
        changed = true;
    }
    if (!changed)
        return alreadySet(edit);
    QByteArray result = lines.join('\n');
    if (finalNewline)
        result += '\n';
    return result;
}

} // namespace gs::config
