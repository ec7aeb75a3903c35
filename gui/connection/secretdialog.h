#pragma once

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace gs::gui {

// Asks for a login password, a key passphrase or a sudo password. Non-modal: open(), then
// either submitted() or cancelled() fires once. The secret is handed over and the field cleared;
// this class keeps no copy.
class SecretDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Kind { Password, Passphrase, SudoPassword };
    Q_ENUM(Kind)

    // subject: "admin@web1" for passwords, the key file for a passphrase.
    SecretDialog(Kind kind, const QString &subject, QWidget *parent = nullptr);

    // Hides the "Remember" box when no system keychain can be used.
    void setRememberAvailable(bool available);
    // Shown in red above the field, e.g. after a wrong password.
    void setErrorText(const QString &text);

    void done(int result) override;

Q_SIGNALS:
    void submitted(const QString &secret, bool remember);
    void cancelled();

private:
    QLineEdit *m_secret = nullptr;
    QCheckBox *m_remember = nullptr;
    QLabel *m_error = nullptr;
    bool m_answered = false;
};

} // namespace gs::gui
