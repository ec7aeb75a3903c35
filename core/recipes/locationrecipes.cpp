#include "recipes/locationrecipes.h"

#include "recipes/recipetargets.h"

#include <QStringList>

namespace gs::recipes {

namespace {

QString places(const RecipeText &text, const QList<RecipeText::Located> &locations)
{
    QStringList where;
    for (const RecipeText::Located &location : locations)
        where << text.where(*location.directive);
    return where.join(QStringLiteral(", "));
}

Error alreadyPresent(const RecipeText &text,
                     const QList<RecipeText::Located> &locations,
                     const QString &what)
{
    return makeError(ErrorCode::InvalidArgument,
                     QStringLiteral("already present: %1 (%2)").arg(what, places(text, locations)),
                     QStringLiteral("Nothing to change."));
}

} // namespace

Result<void> LocationRecipes::nextUpstream(RecipeText &text, const RecipeParams &params)
{
    const auto locations = RecipeTargets::proxyLocations(text, params);
    if (!locations)
        return locations.error();
    bool changed = false;
    for (const RecipeText::Located &location : *locations) {
        const TextDirective &block = *location.directive;
        const TextDirective *pass = block.child("proxy_pass");
        changed |= text.setDirective(
                block, "proxy_next_upstream", {"error", "timeout", "http_502", "http_503"}, pass);
        changed |= text.setDirective(block, "proxy_next_upstream_tries", {"2"}, pass);
    }
    if (!changed) {
        return alreadyPresent(text,
                              *locations,
                              QStringLiteral("proxy_next_upstream error timeout http_502 "
                                             "http_503 and proxy_next_upstream_tries 2"));
    }
    return {};
}

Result<void> LocationRecipes::timeouts(RecipeText &text, const RecipeParams &params)
{
    const auto locations = RecipeTargets::proxyLocations(text, params, true);
    if (!locations)
        return locations.error();
    bool changed = false;
    for (const RecipeText::Located &location : *locations) {
        const TextDirective &block = *location.directive;
        const TextDirective *pass = block.child("proxy_pass");
        changed |= text.setDirective(block, "proxy_connect_timeout", {"5s"}, pass);
        changed |= text.setDirective(block, "proxy_read_timeout", {"60s"}, pass);
    }
    if (!changed) {
        return alreadyPresent(text,
                              *locations,
                              QStringLiteral("proxy_connect_timeout 5s and proxy_read_timeout "
                                             "60s"));
    }
    return {};
}

bool LocationRecipes::keepaliveHeaders(RecipeText &text, const RecipeText::Located &location)
{
    const TextDirective &block = *location.directive;
    const TextDirective *pass = block.child("proxy_pass");
    bool changed = text.setDirective(block, "proxy_http_version", {"1.1"}, pass);
    if (!block.child("proxy_set_header")) {
        // nginx inherits proxy_set_header only into a block that has none of its own: keep what
        // the enclosing server (or http) sets by repeating it here.
        for (auto it = location.parents.crbegin(); it != location.parents.crend(); ++it) {
            const auto inherited = (*it)->childrenNamed("proxy_set_header");
            if (inherited.isEmpty())
                continue;
            QList<QByteArray> lines;
            for (const TextDirective *header : inherited) {
                if (header->arg(0).compare("Connection", Qt::CaseInsensitive) != 0) {
                    lines << text.text().mid(header->begin, header->terminator + 1 - header->begin);
                }
            }
            if (!lines.isEmpty()) {
                text.insertAfter(*pass, lines, text.childIndent(block));
                changed = true;
            }
            break;
        }
    }
    changed |= text.setDirective(block, "proxy_set_header", {"Connection", ""}, pass, 1);
    return changed;
}

} // namespace gs::recipes
