#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace gs::gui {

// A friendly "nothing here yet" panel: an icon, a title, a sentence or two and an optional button.
// Every page shows one until it has something real to show.
class EmptyStateWidget : public QWidget
{
    Q_OBJECT

public:
    EmptyStateWidget(const QString &iconName,
                     const QString &title,
                     const QString &text,
                     QWidget *parent = nullptr);

    // Adds the call-to-action button (once) and returns it; connect to its clicked().
    QPushButton *addButton(const QString &text, const QString &iconName = {});

    QLabel *titleLabel() const { return m_title; }
    QLabel *textLabel() const { return m_text; }

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    QLabel *m_title = nullptr;
    QLabel *m_text = nullptr;
    QPushButton *m_button = nullptr;
};

} // namespace gs::gui
