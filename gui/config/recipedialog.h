#pragma once

#include "recipes/recipe.h"

#include <QByteArray>
#include <QDialog>
#include <QString>

class QComboBox;
class QLabel;
class QLineEdit;

namespace gs::gui {

// Picks a resilience recipe (core/recipes) for one nginx file and what it aims at (an upstream
// group, a location, a backup server), then makes the edit on the file's text. The result is
// not applied here: the Config page shows it as a diff for review, and Apply stays the user's.
class RecipeDialog : public QDialog
{
    Q_OBJECT

public:
    RecipeDialog(const QByteArray &text, const QString &file, QWidget *parent = nullptr);

    // The recipe to show first (tests, a finding's suggestion).
    void selectRecipe(const QString &id);
    void setServerAddress(const QString &address);

    // After accept(): the file's new text and what was done.
    const QByteArray &result() const { return m_result; }
    const recipes::Recipe *recipe() const;
    recipes::RecipeParams params() const;
    QLabel *errorLabel() const { return m_error; }

    // Makes the edit; accepts on success, shows why not otherwise (what the OK button does).
    bool makeEdit();

private:
    void updateFields();

    QByteArray m_text;
    QString m_file;
    QByteArray m_result;
    QComboBox *m_recipes = nullptr;
    QLabel *m_explanation = nullptr;
    QComboBox *m_upstream = nullptr;
    QComboBox *m_location = nullptr;
    QLineEdit *m_server = nullptr;
    QLineEdit *m_root = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace gs::gui
