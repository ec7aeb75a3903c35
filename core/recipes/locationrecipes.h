#pragma once

#include "recipes/recipeparams.h"
#include "recipes/recipetext.h"
#include "util/result.h"

namespace gs::recipes {

// Recipes that edit proxied locations: retries on another server, timeouts, keepalive headers.
class LocationRecipes
{
public:
    static Result<void> nextUpstream(RecipeText &text, const RecipeParams &params);
    static Result<void> timeouts(RecipeText &text, const RecipeParams &params);
    // Sets proxy_http_version 1.1 and an empty Connection header in `location`, copying the
    // inherited proxy_set_header lines first when it has none (one of its own would hide them).
    static bool keepaliveHeaders(RecipeText &text, const RecipeText::Located &location);
};

} // namespace gs::recipes
