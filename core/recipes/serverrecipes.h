#pragma once

#include "recipes/recipeparams.h"
#include "recipes/recipetext.h"
#include "util/result.h"

namespace gs::recipes {

// Recipes for server blocks and the http level: a friendly 502 page, upstream fields in the log.
class ServerRecipes
{
public:
    static Result<void> errorPage(RecipeText &text, const RecipeParams &params);
    static Result<void> logFormat(RecipeText &text, const RecipeParams &params);
};

} // namespace gs::recipes
