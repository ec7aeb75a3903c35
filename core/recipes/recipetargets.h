#pragma once

#include "recipes/recipeparams.h"
#include "recipes/recipetext.h"
#include "util/result.h"

#include <QList>

namespace gs::recipes {

// Which blocks of a file a recipe acts on, from what the user named; clear errors otherwise.
class RecipeTargets
{
public:
    // --location PATH; else the locations proxying to --upstream NAME; else every location
    // proxying to an upstream group defined in the file (with anyProxy: every location with a
    // proxy_pass). Each has a proxy_pass.
    static Result<QList<RecipeText::Located>>
    proxyLocations(const RecipeText &text, const RecipeParams &params, bool anyProxy = false);
    // --upstream NAME; else the file's only upstream group.
    static Result<const TextDirective *> upstream(const RecipeText &text,
                                                  const RecipeParams &params);
    // The locations proxying to `group`.
    static QList<RecipeText::Located> locationsProxyingTo(const RecipeText &text,
                                                          const QByteArray &group);
};

} // namespace gs::recipes
