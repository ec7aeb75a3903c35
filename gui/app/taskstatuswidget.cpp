#include "app/taskstatuswidget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QTimer>
#include <QToolButton>

namespace gs::gui {

namespace {
constexpr int kKeepFinishedTextMs = 8000;
}

TaskStatusWidget::TaskStatusWidget(QWidget *parent)
    : QWidget(parent)
{
    auto layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 0, 4, 0);
    layout->setSpacing(8);
    m_label = new QLabel;
    m_label->setObjectName(QStringLiteral("taskStatusText"));
    m_bar = new QProgressBar;
    m_bar->setRange(0, 0); // busy: remote steps rarely know how long they take
    m_bar->setFixedWidth(120);
    m_bar->setMaximumHeight(14);
    m_bar->setTextVisible(false);
    m_cancel = new QToolButton;
    m_cancel->setObjectName(QStringLiteral("taskCancelButton"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop what is running"));
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    m_bar->hide();
    m_cancel->hide();

    m_clearTimer = new QTimer(this);
    m_clearTimer->setSingleShot(true);
    m_clearTimer->setInterval(kKeepFinishedTextMs);
    connect(m_clearTimer, &QTimer::timeout, m_label, &QLabel::clear);
    connect(m_cancel, &QToolButton::clicked, this, &TaskStatusWidget::cancelRequested);
}

void TaskStatusWidget::begin(const QString &text)
{
    m_clearTimer->stop();
    m_busy = true;
    m_label->setText(text);
    m_bar->show();
    m_cancel->show();
    m_cancel->setEnabled(true);
}

void TaskStatusWidget::progress(const QString &text)
{
    m_label->setText(text);
}

void TaskStatusWidget::finish(const QString &text)
{
    m_busy = false;
    m_label->setText(text);
    m_bar->hide();
    m_cancel->hide();
    m_clearTimer->start();
}

QString TaskStatusWidget::text() const
{
    return m_label->text();
}

} // namespace gs::gui
