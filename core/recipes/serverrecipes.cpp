#include "recipes/serverrecipes.h"

#include "recipes/recipetargets.h"

#include <QStringList>

namespace gs::recipes {

namespace {

const QByteArray kPage = "/gatescope-50x.html";
const QByteArray kFormat = "gatescope_upstream";

bool plainPath(const QString &path)
{
    if (!path.startsWith(QLatin1Char('/')))
        return false;
    for (QChar c : path) {
        if (c.isSpace() || c == QLatin1Char(';') || c == QLatin1Char('{') || c == QLatin1Char('}')
            || c == QLatin1Char('"') || c == QLatin1Char('\'') || c == QLatin1Char('$')
            || c == QLatin1Char('#') || c == QLatin1Char('\\'))
            return false;
    }
    return true;
}

// The server blocks (with a block, so not upstream `server` lines) to give the page.
QList<const TextDirective *> serversFor(const RecipeText &text, const RecipeParams &params)
{
    QList<const TextDirective *> servers;
    const auto addEnclosing = [&](const RecipeText::Located &location) {
        for (auto it = location.parents.crbegin(); it != location.parents.crend(); ++it) {
            if ((*it)->name == "server") {
                if (!servers.contains(*it))
                    servers << *it;
                return;
            }
        }
    };
    if (!params.location.isEmpty() || !params.upstream.isEmpty()) {
        const auto locations = RecipeTargets::proxyLocations(text, params, true);
        for (const RecipeText::Located &location : locations.valueOr(QList<RecipeText::Located>()))
            addEnclosing(location);
        return servers;
    }
    for (const RecipeText::Located &location : text.findAll("location")) {
        if (location.directive->child("proxy_pass"))
            addEnclosing(location);
    }
    return servers;
}

} // namespace

Result<void> ServerRecipes::errorPage(RecipeText &text, const RecipeParams &params)
{
    if (!params.root.isEmpty() && !plainPath(params.root)) {
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("--root must be an absolute directory path without "
                                        "spaces or nginx special characters: %1")
                                 .arg(params.root));
    }
    const QList<const TextDirective *> servers = serversFor(text, params);
    if (servers.isEmpty()) {
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("no server block in %1 proxies requests%2")
                                 .arg(text.file(),
                                      params.location.isEmpty() && params.upstream.isEmpty()
                                              ? QString()
                                              : QStringLiteral(" to what was named")),
                         QStringLiteral("Run the recipe on the file with the proxied site, or "
                                        "name its location with --location."));
    }
    QList<QByteArray> page{
            "error_page 502 503 504 " + kPage + ';', "location = " + kPage + " {", "    internal;"};
    if (params.root.isEmpty()) {
        page << "    default_type text/plain;"
             << "    return 502 \"The site cannot reach its application right now. Please try "
                "again in a minute.\\n\";";
    } else {
        page << "    root " + params.root.toUtf8() + ';';
    }
    page << "}"
         << "";
    QStringList already;
    for (const TextDirective *server : servers) {
        bool present = false;
        for (const TextDirective *errorPage : server->childrenNamed("error_page"))
            present = present || errorPage->args.contains("502");
        if (present) {
            already << text.where(*server);
            continue;
        }
        const TextDirective *firstLocation = server->child("location");
        if (firstLocation) {
            text.insertBefore(*firstLocation, page);
        } else {
            text.appendToBlock(*server, page.mid(0, page.size() - 1));
        }
    }
    if (!text.changed()) {
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("already present: an error_page for 502 in every server "
                                        "(%1)")
                                 .arg(already.join(QStringLiteral(", "))),
                         QStringLiteral("Nothing to change."));
    }
    return {};
}

Result<void> ServerRecipes::logFormat(RecipeText &text, const RecipeParams &)
{
    // The http level: an http{} block, or the top of a file included inside one (it holds
    // server or upstream blocks).
    const TextDirective *http = nullptr;
    bool topIsHttp = false;
    for (const TextDirective &directive : text.directives()) {
        if (directive.name == "http" && directive.hasBlock)
            http = &directive;
        if ((directive.name == "server" || directive.name == "upstream") && directive.hasBlock)
            topIsHttp = true;
    }
    const QList<TextDirective> &level = http ? http->children : text.directives();
    if (!http && !topIsHttp) {
        return makeError(ErrorCode::Unsupported,
                         QStringLiteral("%1 is not at the http level (no http, server or upstream "
                                        "block): log_format cannot go there")
                                 .arg(text.file()),
                         QStringLiteral("Run the recipe on nginx.conf or a sites file."));
    }
    bool defined = false;
    for (const RecipeText::Located &format : text.findAll("log_format"))
        defined = defined || format.directive->arg(0) == kFormat;
    if (!defined) {
        const QByteArray pad(qsizetype(sizeof("log_format gatescope_upstream ") - 1), ' ');
        const QList<QByteArray> lines{
                "log_format " + kFormat
                        + " '$remote_addr - $remote_user [$time_local] \"$request\" '",
                pad + "'$status $body_bytes_sent \"$http_referer\" \"$http_user_agent\" '",
                pad + "'$upstream_status $upstream_response_time $upstream_addr $request_time';"};
        const TextDirective *lastFormat = nullptr;
        for (const TextDirective &directive : level) {
            if (directive.name == "log_format")
                lastFormat = &directive;
        }
        if (lastFormat)
            text.insertAfter(*lastFormat, lines, text.indentOf(*lastFormat));
        else if (!level.isEmpty())
            text.insertBefore(level.first(), QList<QByteArray>(lines) << "");
        else
            text.appendToBlock(*http, lines);
    }
    // access_log PATH [FORMAT [buffer=...]]: no format, or combined, becomes ours.
    int switched = 0;
    for (const RecipeText::Located &found : text.findAll("access_log")) {
        const TextDirective &log = *found.directive;
        if (log.args.isEmpty() || log.arg(0) == "off")
            continue;
        if (log.args.size() == 1 || log.arg(1).contains('=')) {
            text.replace(log.argSpans.at(0).end, log.argSpans.at(0).end, ' ' + kFormat);
            ++switched;
        } else if (log.arg(1) == "combined") {
            text.replace(log.argSpans.at(1).begin, log.argSpans.at(1).end, kFormat);
            ++switched;
        }
    }
    if (defined && switched == 0) {
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("already present: log_format %1 is defined in %2 and no "
                                        "access_log there uses the combined format")
                                 .arg(QString::fromUtf8(kFormat), text.file()),
                         QStringLiteral("Nothing to change."));
    }
    return {};
}

} // namespace gs::recipes
