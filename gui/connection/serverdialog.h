#pragma once

#include "inventory/server.h"
#include "util/result.h"

#include <QDialog>

#include <functional>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace gs::gui {

// Add or edit one server. Shown with open() (never exec()); OK runs the save handler and closes
// only when it succeeds, so a clash with another server's name shows up next to the name field.
// "Test connection" only emits testConnectionRequested(); the SSH layer answers through
// setTestResult().
class ServerDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ServerDialog(QWidget *parent = nullptr);

    // Switches to "edit" mode with the server's values; the original name is kept for saving.
    void setServer(const inventory::Server &server);
    // The server as the fields describe it now (last result carried over in edit mode).
    inventory::Server server() const;
    const QString &originalName() const { return m_originalName; }

    using SaveHandler = std::function<Result<void>(const inventory::Server &)>;
    void setSaveHandler(SaveHandler handler) { m_saveHandler = std::move(handler); }

    // Checks the fields, shows a message under each wrong one; true when all are fine.
    bool validateFields();

    void accept() override;

public Q_SLOTS:
    // For the SSH layer: the outcome of a test started by testConnectionRequested().
    void setTestResult(bool ok, const QString &message);

Q_SIGNALS:
    // The user wants to know whether this server (as typed, maybe not saved yet) can be reached.
    void testConnectionRequested(const gs::inventory::Server &server);

private:
    QLabel *addError(const QString &objectName);
    void showError(QLabel *label, const QString &text);
    void clearErrors();
    void browseForKey();
    void requestTest();
    // The test's progress or result on its own row; `colour` empty for the palette's.
    void showTestStatus(const QString &text, const QString &colour);

    QString m_originalName;
    inventory::Server::LastResult m_lastResult;
    SaveHandler m_saveHandler;

    QLineEdit *m_name = nullptr;
    QLineEdit *m_address = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_key = nullptr;
    QLineEdit *m_knownHosts = nullptr;
    QLineEdit *m_group = nullptr;
    QLineEdit *m_tags = nullptr;
    QPlainTextEdit *m_notes = nullptr;
    QCheckBox *m_readOnly = nullptr;
    QLabel *m_nameError = nullptr;
    QLabel *m_addressError = nullptr;
    QLabel *m_userError = nullptr;
    QLabel *m_formError = nullptr;
    QLabel *m_testStatus = nullptr;
    QPushButton *m_testButton = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace gs::gui
