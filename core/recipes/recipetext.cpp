#include "recipes/recipetext.h"

#include "recipes/nginxtextscanner.h"

#include <functional>

namespace gs::recipes {

namespace {

QByteArray lines(const QList<QByteArray> &lines, const QByteArray &indent)
{
    QByteArray out;
    for (const QByteArray &line : lines)
        out += line.isEmpty() ? QByteArray("\n") : indent + line + '\n';
    return out;
}

QByteArray joined(const QList<QByteArray> &args)
{
    QByteArray out;
    for (const QByteArray &arg : args)
        out += ' ' + RecipeText::quoted(arg);
    return out;
}

} // namespace

Result<RecipeText> RecipeText::load(const QByteArray &text, const QString &file)
{
    auto directives = NginxTextScanner::scan(text, file);
    if (!directives)
        return directives.error();
    RecipeText recipeText;
    recipeText.m_text = text;
    recipeText.m_file = file;
    recipeText.m_directives = *directives;
    return recipeText;
}

QList<RecipeText::Located> RecipeText::findAll(const QByteArray &name) const
{
    QList<Located> found;
    std::function<void(const QList<TextDirective> &, QList<const TextDirective *> &)> walk
            = [&](const QList<TextDirective> &list, QList<const TextDirective *> &parents) {
                  for (const TextDirective &directive : list) {
                      if (directive.name == name)
                          found << Located{&directive, parents};
                      if (directive.hasBlock) {
                          parents << &directive;
                          walk(directive.children, parents);
                          parents.removeLast();
                      }
                  }
              };
    QList<const TextDirective *> parents;
    walk(m_directives, parents);
    return found;
}

const TextDirective *RecipeText::upstream(const QString &name) const
{
    for (const Located &found : findAll("upstream")) {
        if (found.directive->hasBlock && found.directive->arg(0) == name.toUtf8())
            return found.directive;
    }
    return nullptr;
}

QByteArray RecipeText::proxyPassHost(const TextDirective &location)
{
    const TextDirective *pass = location.child("proxy_pass");
    if (!pass)
        return {};
    QByteArray url = pass->arg(0);
    const qsizetype scheme = url.indexOf("://");
    if (scheme < 0)
        return {};
    url = url.mid(scheme + 3);
    const qsizetype slash = url.indexOf('/');
    if (slash >= 0)
        url.truncate(slash);
    if (url.contains('$'))
        return {};
    return url;
}

QString RecipeText::where(const TextDirective &directive) const
{
    return QStringLiteral("%1:%2").arg(m_file).arg(directive.line);
}

QByteArray RecipeText::quoted(const QByteArray &arg)
{
    bool plain = !arg.isEmpty();
    for (char c : arg) {
        if (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '{' || c == '}' || c == '"'
            || c == '\'' || c == '#' || c == '\\')
            plain = false;
    }
    if (plain)
        return arg;
    QByteArray escaped = arg;
    escaped.replace('\\', "\\\\").replace('"', "\\\"");
    return '"' + escaped + '"';
}

qsizetype RecipeText::lineStart(qsizetype offset) const
{
    const qsizetype newline = offset > 0 ? m_text.lastIndexOf('\n', offset - 1) : -1;
    return newline + 1;
}

bool RecipeText::restOfLineBlank(qsizetype offset) const
{
    for (qsizetype i = offset; i < m_text.size(); ++i) {
        const char c = m_text.at(i);
        if (c == '\n' || c == '#')
            return true;
        if (c != ' ' && c != '\t' && c != '\r')
            return false;
    }
    return true;
}

QByteArray RecipeText::indentOf(const TextDirective &directive) const
{
    const qsizetype start = lineStart(directive.begin);
    qsizetype end = start;
    while (end < m_text.size() && (m_text.at(end) == ' ' || m_text.at(end) == '\t'))
        ++end;
    return m_text.mid(start, end - start);
}

QByteArray RecipeText::childIndent(const TextDirective &block) const
{
    if (!block.children.isEmpty()) {
        const QByteArray indent = indentOf(block.children.first());
        if (indent.size() > indentOf(block).size())
            return indent;
    }
    // The file's own unit: a tab when its first indented line uses one.
    const qsizetype firstIndented = m_text.indexOf("\n\t");
    const qsizetype firstSpaced = m_text.indexOf("\n ");
    const bool tabs = firstIndented >= 0 && (firstSpaced < 0 || firstIndented < firstSpaced);
    return indentOf(block) + (tabs ? QByteArray("\t") : QByteArray("    "));
}

void RecipeText::insertAfter(const TextDirective &directive,
                             const QList<QByteArray> &newLines,
                             const QByteArray &indent)
{
    const qsizetype after = directive.after();
    if (restOfLineBlank(after)) {
        const qsizetype newline = m_text.indexOf('\n', after);
        if (newline < 0)
            m_edits.insert(m_text.size(), '\n' + lines(newLines, indent).chopped(1));
        else
            m_edits.insert(newline + 1, lines(newLines, indent));
        return;
    }
    // Something follows on the same line (`location / { proxy_pass x; }`): break the line.
    QByteArray text;
    for (const QByteArray &line : newLines)
        text += '\n' + indent + line;
    m_edits.insert(after, text);
}

void RecipeText::insertBefore(const TextDirective &directive, const QList<QByteArray> &newLines)
{
    const qsizetype start = lineStart(directive.begin);
    const QByteArray indent = indentOf(directive);
    if (start + indent.size() == directive.begin)
        m_edits.insert(start, lines(newLines, indent));
    else
        m_edits.insert(directive.begin, lines(newLines, {}).replace('\n', ' '));
}

void RecipeText::appendToBlock(const TextDirective &block, const QList<QByteArray> &newLines)
{
    const QByteArray indent = childIndent(block);
    if (!block.children.isEmpty()) {
        insertAfter(block.children.last(), newLines, indent);
        return;
    }
    const qsizetype start = lineStart(block.blockClose);
    if (m_text.mid(start, block.blockClose - start).trimmed().isEmpty()) {
        m_edits.insert(start, lines(newLines, indent));
        return;
    }
    QByteArray text;
    for (const QByteArray &line : newLines)
        text += '\n' + indent + line;
    m_edits.insert(block.blockClose, text + '\n' + indentOf(block));
}

bool RecipeText::setDirective(const TextDirective &block,
                              const QByteArray &name,
                              const QList<QByteArray> &args,
                              const TextDirective *anchor,
                              int keyArgs)
{
    for (const TextDirective &existing : block.children) {
        if (existing.name != name || existing.args.mid(0, keyArgs) != args.mid(0, keyArgs))
            continue;
        if (existing.args == args)
            return false;
        m_edits.replace(existing.begin + existing.name.size(), existing.terminator, joined(args));
        return true;
    }
    const QByteArray line = name + joined(args) + ';';
    if (anchor)
        insertAfter(*anchor, {line}, childIndent(block));
    else
        appendToBlock(block, {line});
    return true;
}

} // namespace gs::recipes
