#include "common/emptystatewidget.h"

#include "common/appicons.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace gs::gui {

namespace {
constexpr int kTextWidth = 520; // about 75 characters: easy to read
}

EmptyStateWidget::EmptyStateWidget(const QString &iconName,
                                   const QString &title,
                                   const QString &text,
                                   QWidget *parent)
    : QWidget(parent)
{
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(48, 32, 48, 32);
    layout->setSpacing(12);
    layout->addStretch(2);

    auto icon = new QLabel;
    icon->setPixmap(appIcon(iconName).pixmap(64, 64));
    icon->setAlignment(Qt::AlignCenter);
    layout->addWidget(icon);
    layout->addSpacing(4);

    m_title = new QLabel(title);
    m_title->setAlignment(Qt::AlignCenter);
    m_title->setWordWrap(true);
    m_title->setMinimumWidth(1); // wraps instead of widening the window
    QFont font = m_title->font();
    font.setPointSizeF(font.pointSizeF() * 1.5);
    font.setBold(true);
    m_title->setFont(font);
    layout->addWidget(m_title);

    m_text = new QLabel(text);
    m_text->setAlignment(Qt::AlignCenter);
    m_text->setWordWrap(true);
    m_text->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_text, 0, Qt::AlignHCenter);
    layout->addStretch(3);
}

void EmptyStateWidget::resizeEvent(QResizeEvent *event)
{
    // A wrapped label centred in a box layout gets its narrow size hint and too little height;
    // a fixed width (a comfortable line length, or less on a small window) wraps it properly.
    const QMargins margins = layout()->contentsMargins();
    const int textWidth = std::clamp(width() - margins.left() - margins.right(), 120, kTextWidth);
    m_text->setFixedSize(textWidth, m_text->heightForWidth(textWidth));
    QWidget::resizeEvent(event);
}

QPushButton *EmptyStateWidget::addButton(const QString &text, const QString &iconName)
{
    if (m_button)
        return m_button;
    m_button = new QPushButton(text);
    if (!iconName.isEmpty())
        m_button->setIcon(appIcon(iconName));
    m_button->setMinimumHeight(34);
    m_button->setDefault(true);
    auto box = static_cast<QVBoxLayout *>(layout());
    // Just below the text, above the bottom stretch.
    box->insertSpacing(box->count() - 1, 8);
    box->insertWidget(box->count() - 1, m_button, 0, Qt::AlignHCenter);
    return m_button;
}

} // namespace gs::gui
