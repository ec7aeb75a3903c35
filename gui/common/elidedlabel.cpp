#include "common/elidedlabel.h"

#include <QResizeEvent>

namespace gs::gui {

ElidedLabel::ElidedLabel(const QString &text, Qt::TextElideMode mode, QWidget *parent)
    : QLabel(parent)
    , m_mode(mode)
{
    // Preferred, not Ignored: layouts then honour minimumSizeHint(), so a squeezed row keeps a
    // recognisable end of the path instead of shrinking it to the ellipsis alone.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    setFullText(text);
}

void ElidedLabel::setFullText(const QString &text)
{
    m_full = text;
    updateElision();
    updateGeometry();
}

QSize ElidedLabel::minimumSizeHint() const
{
    // Room for a few characters around the ellipsis: enough to recognise the end of a path.
    const QFontMetrics metrics(font());
    return {std::min(metrics.horizontalAdvance(m_full),
                     metrics.horizontalAdvance(QLatin1Char('x')) * 12),
            QLabel::minimumSizeHint().height()};
}

QSize ElidedLabel::sizeHint() const
{
    const QFontMetrics metrics(font());
    return {metrics.horizontalAdvance(m_full) + 2 * margin(), QLabel::sizeHint().height()};
}

void ElidedLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    updateElision();
}

void ElidedLabel::updateElision()
{
    const QString shown = fontMetrics().elidedText(m_full, m_mode, contentsRect().width());
    if (shown != text())
        setText(shown);
    setToolTip(shown == m_full ? QString() : m_full);
}

} // namespace gs::gui
