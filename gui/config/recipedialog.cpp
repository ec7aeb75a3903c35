#include "config/recipedialog.h"

#include "recipes/recipetext.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace gs::gui {

RecipeDialog::RecipeDialog(const QByteArray &text, const QString &file, QWidget *parent)
    : QDialog(parent)
    , m_text(text)
    , m_file(file)
{
    setWindowTitle(tr("Resilience recipe for %1").arg(file.section(QLatin1Char('/'), -1)));
    setMinimumWidth(560);
    auto layout = new QVBoxLayout(this);
    auto intro = new QLabel(tr("Recipes from the 502 troubleshooting guide that make the site "
                               "ride out a failing backend. You see the change as a diff before "
                               "anything is applied."));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_recipes = new QComboBox;
    m_recipes->setObjectName(QStringLiteral("recipeCombo"));
    for (const recipes::Recipe &recipe : recipes::Recipe::all())
        m_recipes->addItem(recipe.title, recipe.id);
    m_explanation = new QLabel;
    m_explanation->setObjectName(QStringLiteral("recipeExplanation"));
    m_explanation->setWordWrap(true);
    m_explanation->setStyleSheet(QStringLiteral("QLabel { color: palette(mid); }"));

    // What the file offers to aim at, read from the file itself.
    m_upstream = new QComboBox;
    m_upstream->setObjectName(QStringLiteral("recipeUpstream"));
    m_location = new QComboBox;
    m_location->setObjectName(QStringLiteral("recipeLocation"));
    m_location->addItem(tr("Every location that proxies to it"), QString());
    if (auto scanned = recipes::RecipeText::load(text, file)) {
        for (const auto &located : scanned->findAll("upstream")) {
            if (located.directive->hasBlock)
                m_upstream->addItem(QString::fromUtf8(located.directive->arg(0)),
                                    QString::fromUtf8(located.directive->arg(0)));
        }
        for (const auto &located : scanned->findAll("location")) {
            if (!located.directive->child("proxy_pass"))
                continue;
            const QString path = QString::fromUtf8(located.directive->args.join(' '));
            m_location->addItem(path, path);
        }
    }
    if (m_upstream->count() == 0)
        m_upstream->addItem(tr("(no upstream group in this file)"), QString());
    m_server = new QLineEdit;
    m_server->setObjectName(QStringLiteral("recipeServer"));
    m_server->setPlaceholderText(tr("host:port or unix:/path of the backup"));
    m_root = new QLineEdit;
    m_root->setObjectName(QStringLiteral("recipeRoot"));
    m_root->setPlaceholderText(tr("optional: directory holding gatescope-50x.html"));

    auto form = new QFormLayout;
    form->addRow(tr("Recipe:"), m_recipes);
    form->addRow(QString(), m_explanation);
    form->addRow(tr("Upstream group:"), m_upstream);
    form->addRow(tr("Location:"), m_location);
    form->addRow(tr("Backup server:"), m_server);
    form->addRow(tr("Error page directory:"), m_root);
    layout->addLayout(form);

    m_error = new QLabel;
    m_error->setObjectName(QStringLiteral("recipeError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #c02020; }"));
    m_error->hide();
    layout->addWidget(m_error);

    auto buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    auto show = buttons->addButton(tr("Show the change"), QDialogButtonBox::AcceptRole);
    show->setObjectName(QStringLiteral("recipeShowButton"));
    show->setDefault(true);
    layout->addWidget(buttons);

    connect(m_recipes, &QComboBox::currentIndexChanged, this, &RecipeDialog::updateFields);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(show, &QPushButton::clicked, this, &RecipeDialog::makeEdit);
    updateFields();
}

const recipes::Recipe *RecipeDialog::recipe() const
{
    return recipes::Recipe::find(m_recipes->currentData().toString());
}

void RecipeDialog::selectRecipe(const QString &id)
{
    const int index = m_recipes->findData(id);
    if (index >= 0)
        m_recipes->setCurrentIndex(index);
}

void RecipeDialog::setServerAddress(const QString &address)
{
    m_server->setText(address);
}

recipes::RecipeParams RecipeDialog::params() const
{
    const recipes::Recipe *chosen = recipe();
    const auto reads = [chosen](const char *option) {
        return chosen && chosen->options.contains(QLatin1String(option));
    };
    recipes::RecipeParams params;
    if (reads("--upstream"))
        params.upstream = m_upstream->currentData().toString();
    if (reads("--location"))
        params.location = m_location->currentData().toString();
    if (reads("--server"))
        params.server = m_server->text().trimmed();
    if (reads("--root"))
        params.root = m_root->text().trimmed();
    return params;
}

void RecipeDialog::updateFields()
{
    const recipes::Recipe *chosen = recipe();
    m_explanation->setText(chosen ? chosen->explanation : QString());
    // Only what this recipe reads can be set: the rest would be silently ignored.
    const auto reads = [chosen](const char *option) {
        return chosen && chosen->options.contains(QLatin1String(option));
    };
    m_upstream->setEnabled(reads("--upstream"));
    m_location->setEnabled(reads("--location"));
    m_server->setEnabled(reads("--server"));
    m_root->setEnabled(reads("--root"));
    m_error->hide();
}

bool RecipeDialog::makeEdit()
{
    const recipes::Recipe *chosen = recipe();
    if (!chosen)
        return false;
    const auto edited = chosen->apply(m_text, m_file, params());
    if (!edited) {
        m_error->setText(
                edited.error().hint.isEmpty()
                        ? edited.error().message
                        : tr("%1\nNext step: %2").arg(edited.error().message, edited.error().hint));
        m_error->show();
        return false;
    }
    m_result = *edited;
    accept();
    return true;
}

} // namespace gs::gui
