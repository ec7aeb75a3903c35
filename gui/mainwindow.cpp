#include "mainwindow.h"

#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace gs::gui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("Gatescope"));
    resize(1100, 720);
    m_stack = new QStackedWidget(this);
    m_emptyState = createEmptyState();
    m_stack->addWidget(m_emptyState);
    setCentralWidget(m_stack);
}

bool MainWindow::isShowingEmptyState() const
{
    return m_stack->currentWidget() == m_emptyState;
}

QWidget *MainWindow::createEmptyState()
{
    auto page = new QWidget;
    page->setObjectName(QStringLiteral("emptyState"));
    auto layout = new QVBoxLayout(page);
    layout->addStretch();
    auto title = new QLabel(tr("No servers yet"));
    title->setObjectName(QStringLiteral("emptyStateTitle"));
    title->setAlignment(Qt::AlignCenter);
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 1.6);
    font.setBold(true);
    title->setFont(font);
    auto text = new QLabel(tr("Add the server whose site answers \"502 Bad Gateway\". Gatescope "
                              "connects over SSH, installs nothing, and tells you why."));
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);
    auto add = new QPushButton(tr("Add a server…"));
    add->setObjectName(QStringLiteral("addServerButton"));
    layout->addWidget(title);
    layout->addWidget(text);
    layout->addWidget(add, 0, Qt::AlignHCenter);
    layout->addStretch();
    return page;
}

} // namespace gs::gui
