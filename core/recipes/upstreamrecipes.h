#pragma once

#include "recipes/recipeparams.h"
#include "recipes/recipetext.h"
#include "util/result.h"

namespace gs::recipes {

// Recipes that edit an upstream group: passive health checks, a backup server, keepalive.
class UpstreamRecipes
{
public:
    static Result<void> maxFails(RecipeText &text, const RecipeParams &params);
    static Result<void> backupServer(RecipeText &text, const RecipeParams &params);
    static Result<void> keepalive(RecipeText &text, const RecipeParams &params);
};

} // namespace gs::recipes
