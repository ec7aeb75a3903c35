#pragma once

#include "config/backupentry.h"

#include <QList>
#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace gs::gui {

class ConfigDiffView;

// The backups kept of the open file, newest first: pick one to see its diff against the file as
// it is now, or restore it (through the same safe-apply protocol).
class ConfigBackupsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ConfigBackupsPanel(QWidget *parent = nullptr);

    void setBackups(const QString &path, const QList<config::BackupEntry> &backups);
    void showDiff(const QString &id, const QString &currentText, const QString &backupText);
    void setReadOnly(bool readOnly);
    QString selectedId() const;
    QTreeWidget *list() const { return m_list; }
    ConfigDiffView *diffView() const { return m_diff; }
    QPushButton *restoreButton() const { return m_restore; }

Q_SIGNALS:
    void refreshRequested();
    void diffRequested(const QString &id);
    void restoreRequested(const QString &id);

private:
    void updateButtons();

    QLabel *m_title = nullptr;
    QTreeWidget *m_list = nullptr;
    QPushButton *m_refresh = nullptr;
    QPushButton *m_showDiff = nullptr;
    QPushButton *m_restore = nullptr;
    ConfigDiffView *m_diff = nullptr;
    bool m_readOnly = false;
};

} // namespace gs::gui
