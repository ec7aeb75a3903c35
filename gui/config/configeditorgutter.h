#pragma once

#include <QWidget>

namespace gs::gui {

class ConfigEditor;

// The line-number column at the left of the ConfigEditor; lines with a lint problem get a mark.
class ConfigEditorGutter : public QWidget
{
    Q_OBJECT

public:
    explicit ConfigEditorGutter(ConfigEditor *editor);

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    ConfigEditor *m_editor;
};

} // namespace gs::gui
