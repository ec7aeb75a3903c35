// gatescope-cli recipe: the resilience recipes (core/recipes) on one remote nginx file, shown as
// a unified diff and, with --apply, applied through the safe-apply protocol. An extension of
// spec/cli.md.

#include "clicommands.h"
#include "commandregistry.h"
#include "configcommandsupport.h"

#include "config/configdiff.h"
#include "recipes/recipe.h"
#include "remote/remotefile.h"

#include <QJsonArray>
#include <QTextStream>

#include <cstdio>

namespace gs::cli {

namespace {

constexpr int ExitDoesNotApply = ExitWarnings;

QString recipeUsage()
{
    return QStringLiteral(
                   "Usage: gatescope-cli recipe TARGET PATH RECIPE [--upstream NAME] "
                   "[--location PATH]\n"
                   "                            [--server ADDR] [--root DIR] [--apply] [--json]\n"
                   "       gatescope-cli recipe --list [--json]\n\n"
                   "Applies a resilience recipe to the nginx file PATH on TARGET: reads the file, "
                   "makes the edit\n"
                   "(only the lines the recipe adds or changes; everything else stays "
                   "byte-identical) and prints\n"
                   "the unified diff. With --apply the change goes through the safe-apply "
                   "protocol (as\n"
                   "`config apply`, with the sha256 of the content read) and is recorded in the "
                   "audit log.\n\n"
                   "  --upstream NAME    the upstream group (default: the file's only group, or "
                   "the locations\n"
                   "                     proxying to groups defined in the file)\n"
                   "  --location PATH    one location, as the file writes it (\"/api/\", \"= "
                   "/x\")\n"
                   "  --server ADDR      backup_server: the backup's HOST:PORT or unix:/path\n"
                   "  --root DIR         error_page: serve DIR/gatescope-50x.html instead of a "
                   "text reply\n"
                   "  --apply            apply through safe apply (backup, nginx -t, reload, "
                   "check, rollback)\n"
                   "  --list             the recipes with what they do\n\n"
                   "Exit codes: 0 diff shown or applied, 1 the recipe does not apply (nothing to "
                   "aim at,\n"
                   "already present; nothing changed), 3 target unusable, 4 validation failed, 5 "
                   "rolled back,\n"
                   "6 the file changed since it was read, 64 usage.\n\n")
           + connectionOptionsHelp();
}

struct RecipeArgs
{
    ConfigArgs config;
    QString recipe;
    recipes::RecipeParams params;
    bool apply = false;
    bool list = false;
};

bool parseRecipeArgs(const QStringList &arguments, RecipeArgs &parsed)
{
    QTextStream err(stderr);
    auto connection = parseConnectionArgs(arguments);
    if (!connection) {
        err << "gatescope-cli recipe: " << connection.error().message << '\n';
        return false;
    }
    parsed.config.connection = *connection;
    const auto split = splitCommandArgs(connection->rest,
                                        {QStringLiteral("--apply"), QStringLiteral("--list")},
                                        {QStringLiteral("--upstream"),
                                         QStringLiteral("--location"),
                                         QStringLiteral("--server"),
                                         QStringLiteral("--root")});
    if (!split) {
        err << "gatescope-cli recipe: " << split.error().message << '\n';
        return false;
    }
    QStringList positional;
    for (const CommandArg &arg : *split) {
        if (arg.name.isEmpty())
            positional << arg.value;
        else if (arg.name == QLatin1String("--apply"))
            parsed.apply = true;
        else if (arg.name == QLatin1String("--list"))
            parsed.list = true;
        else if (arg.name == QLatin1String("--upstream"))
            parsed.params.upstream = arg.value;
        else if (arg.name == QLatin1String("--location"))
            parsed.params.location = arg.value;
        else if (arg.name == QLatin1String("--server"))
            parsed.params.server = arg.value;
        else
            parsed.params.root = arg.value;
    }
    if (parsed.list) {
        if (!positional.isEmpty())
            err << "gatescope-cli recipe: --list takes no TARGET\n";
        return positional.isEmpty();
    }
    if (positional.size() != 3) {
        err << "gatescope-cli recipe: name TARGET, PATH and RECIPE (see --list)\n";
        return false;
    }
    parsed.config.target = positional.at(0);
    parsed.config.path = positional.at(1);
    parsed.recipe = positional.at(2);
    if (!parsed.config.path.startsWith(QLatin1Char('/'))) {
        err << "gatescope-cli recipe: PATH must be absolute (as `config list` shows it)\n";
        return false;
    }
    if (!recipes::Recipe::find(parsed.recipe)) {
        err << "gatescope-cli recipe: unknown recipe " << parsed.recipe << " (see --list)\n";
        return false;
    }
    return true;
}

int printList(bool json)
{
    if (json) {
        QJsonArray array;
        for (const recipes::Recipe &recipe : recipes::Recipe::all()) {
            array.append(QJsonObject{
                    {QStringLiteral("id"), recipe.id},
                    {QStringLiteral("title"), recipe.title},
                    {QStringLiteral("explanation"), recipe.explanation},
                    {QStringLiteral("options"), QJsonArray::fromStringList(recipe.options)}});
        }
        printJson(QJsonObject{{QStringLiteral("recipes"), array}});
        return ExitOk;
    }
    QTextStream out(stdout);
    for (const recipes::Recipe &recipe : recipes::Recipe::all()) {
        out << recipe.id << "  " << recipe.title;
        if (!recipe.options.isEmpty())
            out << "  [" << recipe.options.join(QStringLiteral(", ")) << ']';
        out << "\n    " << recipe.explanation << "\n\n";
    }
    return ExitOk;
}

int runRecipe(const QStringList &arguments)
{
    if (arguments.contains(QLatin1String("--help")) || arguments.contains(QLatin1String("-h"))) {
        QTextStream(stdout) << recipeUsage();
        return ExitOk;
    }
    RecipeArgs args;
    if (!parseRecipeArgs(arguments, args)) {
        QTextStream(stderr) << '\n' << recipeUsage();
        return ExitUsage;
    }
    if (args.list)
        return printList(args.config.connection.json);
    const recipes::Recipe *recipe = recipes::Recipe::find(args.recipe);
    return runOnConfigTarget(args.config, [&](remote::RemoteHost &host) {
        QTextStream err(stderr);
        auto file = remote::RemoteFile::read(host, args.config.path);
        if (!file) {
            err << "gatescope-cli recipe: " << file.error().text() << '\n';
            return int(ExitUnreachable);
        }
        const auto edited = recipe->apply(file->data, args.config.path, args.params);
        if (!edited) {
            if (args.config.connection.json) {
                printJson(QJsonObject{{QStringLiteral("path"), args.config.path},
                                      {QStringLiteral("recipe"), args.recipe},
                                      {QStringLiteral("applies"), false},
                                      {QStringLiteral("error"), edited.error().message},
                                      {QStringLiteral("hint"), edited.error().hint}});
            } else {
                err << "gatescope-cli recipe " << args.recipe << ": " << edited.error().message
                    << '\n';
                if (!edited.error().hint.isEmpty())
                    err << "  next step: " << edited.error().hint << '\n';
            }
            return int(ExitDoesNotApply);
        }
        const QString diff = config::ConfigDiff::unified(QString::fromUtf8(file->data),
                                                         QString::fromUtf8(*edited),
                                                         QStringLiteral("a") + args.config.path,
                                                         QStringLiteral("b") + args.config.path);
        if (args.apply) {
            if (!args.config.connection.json)
                QTextStream(stdout) << diff << Qt::flush;
            EditToApply edit;
            edit.target = args.config.target;
            edit.path = args.config.path;
            edit.readSha256 = file->info.sha256;
            edit.content = *edited;
            edit.diff = diff;
            edit.kind = EditToApply::Kind::Recipe;
            edit.name = args.recipe;
            edit.extraJson.insert(QStringLiteral("recipe"), args.recipe);
            return applyEdit(host, edit, args.config.connection.json);
        }
        if (args.config.connection.json) {
            printJson(QJsonObject{
                    {QStringLiteral("path"), args.config.path},
                    {QStringLiteral("recipe"), args.recipe},
                    {QStringLiteral("applies"), true},
                    {QStringLiteral("applied"), false},
                    {QStringLiteral("sha256"), file->info.sha256},
                    {QStringLiteral("candidate_sha256"), remote::RemoteFile::sha256(*edited)},
                    {QStringLiteral("diff"), diff}});
        } else {
            QTextStream(stdout) << diff;
        }
        return int(ExitOk);
    });
}

} // namespace

GS_CLI_COMMAND(recipe,
               "recipe",
               "show or safely apply a resilience recipe (retries, max_fails, backup, keepalive, "
               "timeouts, 502 page, upstream log fields)",
               runRecipe);

} // namespace gs::cli
