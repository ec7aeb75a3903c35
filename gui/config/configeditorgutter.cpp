#include "config/configeditorgutter.h"

#include "config/configeditor.h"

namespace gs::gui {

ConfigEditorGutter::ConfigEditorGutter(ConfigEditor *editor)
    : QWidget(editor)
    , m_editor(editor)
{}

QSize ConfigEditorGutter::sizeHint() const
{
    return QSize(m_editor->gutterWidth(), 0);
}

void ConfigEditorGutter::paintEvent(QPaintEvent *event)
{
    m_editor->paintGutter(event);
}

} // namespace gs::gui
