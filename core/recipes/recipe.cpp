#include "recipes/recipe.h"

#include "recipes/locationrecipes.h"
#include "recipes/nginxtextscanner.h"
#include "recipes/recipetext.h"
#include "recipes/serverrecipes.h"
#include "recipes/upstreamrecipes.h"

namespace gs::recipes {

namespace {

Recipe make(const char *id,
            const char *title,
            const char *explanation,
            QStringList options,
            Recipe::Edit edit)
{
    Recipe recipe;
    recipe.id = QString::fromLatin1(id);
    recipe.title = QString::fromLatin1(title);
    recipe.explanation = QString::fromLatin1(explanation);
    recipe.options = std::move(options);
    recipe.m_edit = edit;
    return recipe;
}

} // namespace

const QList<Recipe> &Recipe::all()
{
    static const QString upstream = QStringLiteral("--upstream");
    static const QString location = QStringLiteral("--location");
    static const QList<Recipe> recipes{
            make("next_upstream",
                 "Retry a failed request on the next server of the group",
                 "When a server of an upstream group refuses the connection, times out or answers "
                 "502/503, nginx passes the request to the next server instead of returning the "
                 "error (proxy_next_upstream error timeout http_502 http_503), at most twice "
                 "(proxy_next_upstream_tries 2). Applies to the locations that proxy_pass to a "
                 "group, or the one named.",
                 {upstream, location},
                 &LocationRecipes::nextUpstream),
            make("max_fails",
                 "Take a failing server out of the group for a while",
                 "Each server line of the upstream group gets max_fails=3 fail_timeout=10s: after "
                 "3 failures within 10 seconds nginx stops sending it requests for 10 seconds, "
                 "so one dead backend stops costing every third request.",
                 {upstream},
                 &UpstreamRecipes::maxFails),
            make("backup_server",
                 "Add a backup server to the group",
                 "Adds `server ADDR backup;` to the upstream group: nginx sends requests there "
                 "only while every primary server is unavailable. Needs --server ADDR.",
                 {upstream, QStringLiteral("--server")},
                 &UpstreamRecipes::backupServer),
            make("keepalive",
                 "Reuse connections to the upstream group",
                 "The group keeps up to 16 idle connections per worker (keepalive 16), and the "
                 "locations proxying to it speak HTTP/1.1 with an empty Connection header, which "
                 "keepalive needs. Headers the server level sets are repeated in the location, "
                 "since one proxy_set_header there hides them.",
                 {upstream},
                 &UpstreamRecipes::keepalive),
            make("timeouts",
                 "Sane connect and read timeouts",
                 "proxy_connect_timeout 5s (a backend that does not accept within 5 seconds is "
                 "down: fail fast, or try the next one) and proxy_read_timeout 60s in the proxied "
                 "locations, replacing the values already there.",
                 {upstream, location},
                 &LocationRecipes::timeouts),
            make("error_page",
                 "A friendly page for 502/503/504",
                 "error_page 502 503 504 /gatescope-50x.html in the proxied server blocks, with "
                 "an internal location serving it: the file gatescope-50x.html from --root DIR, "
                 "or else a short plain-text message. The status stays 502/503/504.",
                 {upstream, location, QStringLiteral("--root")},
                 &ServerRecipes::errorPage),
            make("log_format",
                 "Log which backend answered, and how fast",
                 "Defines log_format gatescope_upstream: the combined format plus $upstream_status "
                 "$upstream_response_time $upstream_addr $request_time, and switches the "
                 "access_log lines that use combined (or no format) to it. Lines with another "
                 "format are left as they are.",
                 {},
                 &ServerRecipes::logFormat),
    };
    return recipes;
}

const Recipe *Recipe::find(const QString &id)
{
    for (const Recipe &recipe : all()) {
        if (recipe.id == id)
            return &recipe;
    }
    return nullptr;
}

Result<QByteArray>
Recipe::apply(const QByteArray &text, const QString &file, const RecipeParams &params) const
{
    auto loaded = RecipeText::load(text, file);
    if (!loaded)
        return loaded.error();
    if (auto edited = m_edit(*loaded, params); !edited)
        return edited.error();
    if (!loaded->changed()) {
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("recipe %1 changes nothing in %2").arg(id, file));
    }
    QByteArray result = loaded->result();
    // The edit must leave a file that still reads whole.
    if (auto check = NginxTextScanner::scan(result, file); !check) {
        return makeError(ErrorCode::ParseError,
                         QStringLiteral("recipe %1 produced an unreadable file: %2")
                                 .arg(id, check.error().message));
    }
    return result;
}

} // namespace gs::recipes
