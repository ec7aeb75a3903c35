#pragma once

#include <QLabel>

namespace gs::gui {

// A one-line label for a path or name that may be longer than the room it gets: it shrinks with
// its layout instead of widening the page (no clipped buttons, no horizontal scroll bar), shows
// "/etc/php/…/php-fpm.conf" where it must, and the whole text in its tooltip when shortened.
class ElidedLabel : public QLabel
{
    Q_OBJECT

public:
    explicit ElidedLabel(const QString &text = {},
                         Qt::TextElideMode mode = Qt::ElideMiddle,
                         QWidget *parent = nullptr);

    void setFullText(const QString &text);
    const QString &fullText() const { return m_full; }
    bool isElided() const { return text() != m_full; }

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateElision();

    QString m_full;
    Qt::TextElideMode m_mode;
};

} // namespace gs::gui
