#pragma once

#include "recipes/recipeparams.h"
#include "util/result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace gs::recipes {

class RecipeText;

// A resilience recipe from the troubleshooting guide: a text edit on one nginx file that keeps
// every other byte as it was, for review as a diff and application through safe apply.
class Recipe
{
public:
    using Edit = Result<void> (*)(RecipeText &text, const RecipeParams &params);

    QString id;          // "next_upstream"
    QString title;       // one line
    QString explanation; // what it changes and why, in plain words
    QStringList options; // the RecipeParams it reads, as CLI options ("--upstream")

    // The file's new text; an error when the recipe does not apply (nothing to aim at, already
    // present, a file that does not parse).
    Result<QByteArray>
    apply(const QByteArray &text, const QString &file, const RecipeParams &params) const;

    static const QList<Recipe> &all();
    static const Recipe *find(const QString &id);

    Edit m_edit = nullptr;
};

} // namespace gs::recipes
