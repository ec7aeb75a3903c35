#include "connection/serveritemdelegate.h"

#include "common/appicons.h"
#include "connection/servertreemodel.h"

#include <QApplication>
#include <QPainter>

namespace gs::gui {

namespace {
constexpr int kPadding = 6;
constexpr int kIconSize = 16;
} // namespace

QSize ServerItemDelegate::sizeHint(const QStyleOptionViewItem &option,
                                   const QModelIndex &index) const
{
    const QFontMetrics metrics(option.font);
    if (index.data(ServerTreeModel::IsGroupRole).toBool())
        return {100, metrics.height() + 2 * kPadding + 4};
    return {100, 2 * metrics.height() + 2 * kPadding + 2};
}

void ServerItemDelegate::paint(QPainter *painter,
                               const QStyleOptionViewItem &option,
                               const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    painter->save();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    // Background and selection as the platform draws them, without the default text and icon.
    opt.text.clear();
    opt.icon = QIcon();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QRect rect = option.rect.adjusted(kPadding, kPadding, -kPadding, -kPadding);
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorGroup group
            = option.state & QStyle::State_Active ? QPalette::Active : QPalette::Inactive;
    const QColor textColor
            = option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    QColor dimColor = textColor;
    dimColor.setAlphaF(selected ? 0.85 : 0.6);

    if (index.data(ServerTreeModel::IsGroupRole).toBool()) {
        QFont font = option.font;
        font.setBold(true);
        font.setCapitalization(QFont::AllUppercase);
        font.setPointSizeF(font.pointSizeF() * 0.85);
        font.setLetterSpacing(QFont::PercentageSpacing, 105);
        painter->setFont(font);
        painter->setPen(dimColor);
        const QString count = QString::number(index.data(ServerTreeModel::ServerCountRole).toInt());
        const QRect textRect = rect.adjusted(0, 4, 0, 0);
        painter->drawText(textRect,
                          Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetrics(font).elidedText(
                                  index.data().toString(), Qt::ElideRight, textRect.width() - 30));
        painter->drawText(textRect, Qt::AlignRight | Qt::AlignVCenter, count);
        painter->restore();
        return;
    }

    const QFontMetrics metrics(option.font);
    const int lineHeight = metrics.height();
    // Connection state, vertically centred on the first line.
    const QIcon stateIcon = qvariant_cast<QIcon>(index.data(Qt::DecorationRole));
    const QRect iconRect(
            rect.left(), rect.top() + (lineHeight - kIconSize) / 2, kIconSize, kIconSize);
    stateIcon.paint(painter, iconRect);

    int right = rect.right();
    // Only problems get a badge: a green tick here would look like the connection state.
    const QString severity = index.data(ServerTreeModel::SeverityRole).toString();
    if (!severity.isEmpty() && severity != QLatin1String("ok")) {
        const QRect badge(right - kIconSize + 1,
                          rect.top() + (lineHeight - kIconSize) / 2,
                          kIconSize,
                          kIconSize);
        appIcon(QStringLiteral("severity-") + severity).paint(painter, badge);
        right -= kIconSize + 4;
    }
    if (index.data(ServerTreeModel::ReadOnlyRole).toBool()) {
        // Support mode: a small lock says "look, don't touch".
        const QRect lock(right - 13, rect.top() + (lineHeight - 14) / 2, 14, 14);
        appIcon(QStringLiteral("lock")).paint(painter, lock);
        right -= 18;
    }
    const int textLeft = iconRect.right() + 8;

    QFont nameFont = option.font;
    nameFont.setWeight(QFont::DemiBold);
    painter->setFont(nameFont);
    painter->setPen(textColor);
    const QString name = index.data(ServerTreeModel::ServerNameRole).toString();
    const QRect nameRect(textLeft, rect.top(), right - textLeft, lineHeight);
    painter->drawText(nameRect,
                      Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(nameFont).elidedText(name, Qt::ElideRight, nameRect.width()));

    QString second = index.data(ServerTreeModel::LastResultRole).toString();
    if (second.isEmpty())
        second = index.data(ServerTreeModel::AddressRole).toString();
    QFont smallFont = option.font;
    smallFont.setPointSizeF(smallFont.pointSizeF() * 0.9);
    painter->setFont(smallFont);
    painter->setPen(dimColor);
    const QRect secondRect(
            textLeft, rect.top() + lineHeight + 2, rect.right() - textLeft, lineHeight);
    painter->drawText(
            secondRect,
            Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetrics(smallFont).elidedText(second, Qt::ElideRight, secondRect.width()));
    painter->restore();
}

} // namespace gs::gui
