#include "bundle/probetext.h"

namespace gs::bundle {

namespace {

constexpr int kNumberBase = 987654300;

enum class Quote { None, Single, Double };

QString reference(int index, Quote quote)
{
    const QString name
            = index > 9 ? QStringLiteral("${%1}").arg(index) : QStringLiteral("$%1").arg(index);
    switch (quote) {
    case Quote::Single: return QStringLiteral("'\"") + name + QStringLiteral("\"'");
    case Quote::Double: return name;
    case Quote::None: break;
    }
    return QLatin1Char('"') + name + QLatin1Char('"');
}

} // namespace

QString ProbeText::text(int index)
{
    return QStringLiteral("GSARG%1Z").arg(index);
}

QString ProbeText::host6(int index)
{
    return QStringLiteral("GS:ARG%1Z").arg(index);
}

int ProbeText::number(int index)
{
    return kNumberBase + index;
}

QString ProbeText::substitute(const QString &command, int arguments)
{
    QList<QPair<QString, int>> tokens;
    for (int i = 1; i <= arguments; ++i) {
        tokens.append({text(i), i});
        tokens.append({host6(i), i});
        tokens.append({QString::number(number(i)), i});
    }
    QString result;
    result.reserve(command.size());
    Quote quote = Quote::None;
    for (qsizetype at = 0; at < command.size();) {
        const QChar c = command.at(at);
        bool replaced = false;
        for (const auto &[token, index] : tokens) {
            if (QStringView(command).mid(at).startsWith(token)) {
                result += reference(index, quote);
                at += token.size();
                replaced = true;
                break;
            }
        }
        if (replaced)
            continue;
        result += c;
        ++at;
        // A backslash outside single quotes keeps the next character as it is.
        if (c == QLatin1Char('\\') && quote != Quote::Single && at < command.size()) {
            result += command.at(at);
            ++at;
        } else if (c == QLatin1Char('\'') && quote != Quote::Double) {
            quote = quote == Quote::Single ? Quote::None : Quote::Single;
        } else if (c == QLatin1Char('"') && quote != Quote::Single) {
            quote = quote == Quote::Double ? Quote::None : Quote::Double;
        }
    }
    return result;
}

} // namespace gs::bundle
