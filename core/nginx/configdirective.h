#pragma once

#include <QAnyStringView>
#include <QList>
#include <QString>
#include <QStringList>

namespace gs::nginx {

// One directive of an nginx configuration, with where it was written. Block directives
// (http, server, location, upstream, map, ...) carry their children; *_by_lua_block bodies are
// kept verbatim in rawBlock because Lua is not nginx syntax.
struct ConfigDirective
{
    QString name;
    QStringList args; // quotes removed, escapes resolved, variables kept as written ("$host")
    QString file;
    int line = 0; // 1-based line of the directive's name in file
    bool hasBlock = false;
    QList<ConfigDirective> children;
    QString rawBlock;

    QString arg(qsizetype i) const { return i < args.size() ? args.at(i) : QString(); }
    // First child with this name, or nullptr.
    const ConfigDirective *child(QAnyStringView childName) const;
    // All children with this name, in order.
    QList<const ConfigDirective *> childrenNamed(QAnyStringView childName) const;
    // "name arg1 arg2" for messages and evidence.
    QString text() const;
};

} // namespace gs::nginx
