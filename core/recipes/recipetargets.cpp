#include "recipes/recipetargets.h"

#include <QStringList>

namespace gs::recipes {

namespace {

QByteArray locationPath(const TextDirective &location)
{
    return location.args.join(' ');
}

} // namespace

QList<RecipeText::Located> RecipeTargets::locationsProxyingTo(const RecipeText &text,
                                                              const QByteArray &group)
{
    QList<RecipeText::Located> found;
    for (const RecipeText::Located &location : text.findAll("location")) {
        if (location.directive->hasBlock && RecipeText::proxyPassHost(*location.directive) == group)
            found << location;
    }
    return found;
}

Result<QList<RecipeText::Located>>
RecipeTargets::proxyLocations(const RecipeText &text, const RecipeParams &params, bool anyProxy)
{
    QList<RecipeText::Located> found;
    if (!params.location.isEmpty()) {
        const QByteArray wanted = params.location.simplified().toUtf8();
        for (const RecipeText::Located &location : text.findAll("location")) {
            if (location.directive->hasBlock
                && (locationPath(*location.directive) == wanted
                    || location.directive->args.value(location.directive->args.size() - 1)
                               == wanted))
                found << location;
        }
        if (found.isEmpty()) {
            return makeError(ErrorCode::NotFound,
                             QStringLiteral("%1 has no `location %2` block")
                                     .arg(text.file(), params.location),
                             QStringLiteral("Name a location as the file writes it, e.g. "
                                            "--location /api/."));
        }
        for (const RecipeText::Located &location : found) {
            if (!location.directive->child("proxy_pass")) {
                return makeError(ErrorCode::InvalidArgument,
                                 QStringLiteral("`location %1` at %2 does not proxy_pass: this "
                                                "recipe is for proxied locations")
                                         .arg(params.location, text.where(*location.directive)));
            }
        }
        return found;
    }
    if (!params.upstream.isEmpty()) {
        found = locationsProxyingTo(text, params.upstream.toUtf8());
        if (found.isEmpty()) {
            return makeError(ErrorCode::NotFound,
                             QStringLiteral("no location in %1 proxies to upstream %2")
                                     .arg(text.file(), params.upstream),
                             QStringLiteral("Check the name, or name the location with "
                                            "--location."));
        }
        return found;
    }
    for (const RecipeText::Located &location : text.findAll("location")) {
        const QByteArray host = RecipeText::proxyPassHost(*location.directive);
        if (location.directive->hasBlock && location.directive->child("proxy_pass")
            && (anyProxy || (!host.isEmpty() && text.upstream(QString::fromUtf8(host)))))
            found << location;
    }
    if (found.isEmpty()) {
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("no location in %1 proxies to an upstream group defined "
                                        "in it")
                                 .arg(text.file()),
                         QStringLiteral("Name the location with --location or the group with "
                                        "--upstream."));
    }
    return found;
}

Result<const TextDirective *> RecipeTargets::upstream(const RecipeText &text,
                                                      const RecipeParams &params)
{
    if (!params.upstream.isEmpty()) {
        if (const TextDirective *group = text.upstream(params.upstream))
            return group;
        return makeError(
                ErrorCode::NotFound,
                QStringLiteral("%1 has no `upstream %2` block").arg(text.file(), params.upstream),
                QStringLiteral("Run the recipe on the file that defines the group."));
    }
    QList<const TextDirective *> groups;
    QStringList names;
    for (const RecipeText::Located &group : text.findAll("upstream")) {
        if (group.directive->hasBlock) {
            groups << group.directive;
            names << QString::fromUtf8(group.directive->arg(0));
        }
    }
    if (groups.isEmpty()) {
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("%1 has no upstream block").arg(text.file()),
                         QStringLiteral("Run the recipe on the file that defines the group."));
    }
    if (groups.size() > 1) {
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("%1 defines several upstream groups (%2)")
                                 .arg(text.file(), names.join(QStringLiteral(", "))),
                         QStringLiteral("Name one with --upstream."));
    }
    return groups.first();
}

} // namespace gs::recipes
