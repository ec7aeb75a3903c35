#include "phpfpm/poolconfigparser.h"

#include <QHash>

namespace gs::phpfpm {

namespace {

// "value ; comment" -> "value"; quotes protect ';' and are removed, as PHP's INI scanner does.
QString iniValue(QStringView raw, bool *unterminated)
{
    QString out;
    bool inQuotes = false;
    *unterminated = false;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QChar c = raw[i];
        if (c == QLatin1Char('"')) {
            inQuotes = !inQuotes;
            continue;
        }
        if (!inQuotes && c == QLatin1Char(';'))
            break;
        out += c;
    }
    *unterminated = inQuotes;
    return out.trimmed();
}

} // namespace

PoolConfig PoolConfigParser::parse(QStringView text, const QString &file)
{
    PoolConfig config;
    parseInto(config, text, file);
    return config;
}

void PoolConfigParser::parseInto(PoolConfig &config,
                                 QStringView text,
                                 const QString &file,
                                 const QString &currentSection)
{
    QString section = currentSection;
    int lineNo = 0;
    // Pool name -> index in config.pools: a linear search per line made 100,000 pools quadratic.
    QHash<QString, qsizetype> poolIndex;
    poolIndex.reserve(config.pools.size());
    for (qsizetype i = 0; i < config.pools.size(); ++i) {
        if (!poolIndex.contains(config.pools.at(i).name))
            poolIndex.insert(config.pools.at(i).name, i);
    }
    auto poolFor = [&config, &poolIndex](const QString &name) -> PoolConfig::Pool * {
        const qsizetype i = poolIndex.value(name, -1);
        return i < 0 ? nullptr : &config.pools[i];
    };
    for (QStringView line : text.split(QLatin1Char('\n'))) {
        ++lineNo;
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char(';'))
            || line.startsWith(QLatin1Char('#')))
            continue;
        if (line.startsWith(QLatin1Char('['))) {
            const qsizetype close = line.indexOf(QLatin1Char(']'));
            if (close < 2) {
                config.diagnostics.append(
                        {file, lineNo, QStringLiteral("malformed section header")});
                continue;
            }
            section = line.mid(1, close - 1).trimmed().toString();
            if (section != QLatin1String("global") && !poolFor(section)) {
                PoolConfig::Pool p;
                p.name = section;
                p.file = file;
                p.line = lineNo;
                poolIndex.insert(section, config.pools.size());
                config.pools.append(p);
            }
            continue;
        }
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            config.diagnostics.append({file, lineNo, QStringLiteral("expected \"key = value\"")});
            continue;
        }
        const QString key = line.left(eq).trimmed().toString();
        bool unterminated = false;
        QString value = iniValue(line.mid(eq + 1), &unterminated);
        if (unterminated)
            config.diagnostics.append({file, lineNo, QStringLiteral("unterminated quoted value")});
        if (key == QLatin1String("include")) {
            config.includes.append(PoolConfig::Include{value, file, lineNo});
            continue;
        }
        if (section == QLatin1String("global")) {
            config.global.insert(key, PoolConfig::Value{value, file, lineNo});
            continue;
        }
        value.replace(QLatin1String("$pool"), section);
        if (PoolConfig::Pool *p = poolFor(section))
            p->values.insert(key, PoolConfig::Value{value, file, lineNo});
    }
}

} // namespace gs::phpfpm
