#include "recipes/upstreamrecipes.h"

#include "recipes/locationrecipes.h"
#include "recipes/recipetargets.h"

namespace gs::recipes {

namespace {

bool hasParam(const TextDirective &server, const QByteArray &prefix)
{
    for (const QByteArray &arg : server.args) {
        if (arg.startsWith(prefix))
            return true;
    }
    return false;
}

QString groupName(const TextDirective &group)
{
    return QString::fromUtf8(group.arg(0));
}

} // namespace

Result<void> UpstreamRecipes::maxFails(RecipeText &text, const RecipeParams &params)
{
    const auto group = RecipeTargets::upstream(text, params);
    if (!group)
        return group.error();
    const auto servers = (*group)->childrenNamed("server");
    if (servers.isEmpty()) {
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("upstream %1 at %2 has no server lines")
                                 .arg(groupName(**group), text.where(**group)));
    }
    bool changed = false;
    for (const TextDirective *server : servers) {
        QByteArray missing;
        if (!hasParam(*server, "max_fails="))
            missing += " max_fails=3";
        if (!hasParam(*server, "fail_timeout="))
            missing += " fail_timeout=10s";
        if (missing.isEmpty() || server->argSpans.isEmpty())
            continue;
        text.replace(server->argSpans.first().end, server->argSpans.first().end, missing);
        changed = true;
    }
    if (!changed) {
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("already present: every server in upstream %1 (%2) "
                                        "has max_fails and fail_timeout")
                                 .arg(groupName(**group), text.where(**group)),
                         QStringLiteral("Nothing to change."));
    }
    return {};
}

Result<void> UpstreamRecipes::backupServer(RecipeText &text, const RecipeParams &params)
{
    const QByteArray address = params.server.toUtf8();
    if (address.isEmpty()) {
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("backup_server needs the backup's address"),
                         QStringLiteral("Name it with --server HOST:PORT (or unix:/path)."));
    }
    for (char c : address) {
        if (c <= ' ' || c == ';' || c == '{' || c == '}' || c == '"' || c == '\'' || c == '#'
            || c == '$' || c == '\\') {
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("not a server address: %1").arg(params.server),
                             QStringLiteral("Write HOST:PORT or unix:/path."));
        }
    }
    const auto group = RecipeTargets::upstream(text, params);
    if (!group)
        return group.error();
    for (const char *method : {"hash", "ip_hash", "random"}) {
        if (const TextDirective *balancing = (*group)->child(method)) {
            return makeError(ErrorCode::Unsupported,
                             QStringLiteral("upstream %1 balances with `%2` (%3), which nginx "
                                            "does not allow together with a backup server")
                                     .arg(groupName(**group),
                                          QString::fromLatin1(method),
                                          text.where(*balancing)));
        }
    }
    const auto servers = (*group)->childrenNamed("server");
    for (const TextDirective *server : servers) {
        if (server->arg(0) == address) {
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("already present: %1 is a server of upstream %2 (%3)")
                                     .arg(params.server, groupName(**group), text.where(*server)),
                             QStringLiteral("Nothing to change."));
        }
    }
    const QByteArray line = "server " + address + " backup;";
    if (servers.isEmpty())
        text.appendToBlock(**group, {line});
    else
        text.insertAfter(*servers.last(), {line}, text.indentOf(*servers.last()));
    return {};
}

Result<void> UpstreamRecipes::keepalive(RecipeText &text, const RecipeParams &params)
{
    const auto group = RecipeTargets::upstream(text, params);
    if (!group)
        return group.error();
    const auto locations = RecipeTargets::locationsProxyingTo(text, (*group)->arg(0));
    if (locations.isEmpty()) {
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("no location in %1 proxies to upstream %2: keepalive "
                                        "also needs proxy_http_version 1.1 and an empty "
                                        "Connection header where the group is proxied")
                                 .arg(text.file(), groupName(**group)),
                         QStringLiteral("Run the recipe on the file that holds both."));
    }
    bool changed = false;
    if (!(*group)->child("keepalive")) {
        text.appendToBlock(**group, {"keepalive 16;"});
        changed = true;
    }
    for (const RecipeText::Located &location : locations)
        changed |= LocationRecipes::keepaliveHeaders(text, location);
    if (!changed) {
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("already present: upstream %1 has keepalive and its "
                                        "locations use HTTP/1.1 with an empty Connection header")
                                 .arg(groupName(**group)),
                         QStringLiteral("Nothing to change."));
    }
    return {};
}

} // namespace gs::recipes
