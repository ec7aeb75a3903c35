#include "connection/secretdialog.h"

#include "common/appicons.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace gs::gui {

SecretDialog::SecretDialog(Kind kind, const QString &subject, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("secretDialog"));
    setMinimumWidth(440);
    QString title;
    QString text;
    QString field;
    switch (kind) {
    case Kind::Password:
        title = tr("Password needed");
        text = tr("The server asks for the password of <b>%1</b>.").arg(subject.toHtmlEscaped());
        field = tr("Password:");
        break;
    case Kind::Passphrase:
        title = tr("Key passphrase needed");
        text = tr("The key <b>%1</b> is protected by a passphrase.").arg(subject.toHtmlEscaped());
        field = tr("Passphrase:");
        break;
    case Kind::SudoPassword:
        title = tr("Administrator password needed");
        text = tr("Some checks need administrator rights (sudo) on <b>%1</b>. Type the sudo "
                  "password of that account; it is sent to sudo only, never shown in a command "
                  "line or a log.")
                       .arg(subject.toHtmlEscaped());
        field = tr("sudo password:");
        break;
    }
    setWindowTitle(title);

    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 18, 20, 14);
    layout->setSpacing(10);
    auto header = new QHBoxLayout;
    auto icon = new QLabel;
    icon->setPixmap(appIcon(QStringLiteral("lock")).pixmap(32, 32));
    header->addWidget(icon, 0, Qt::AlignTop);
    auto label = new QLabel(text);
    label->setWordWrap(true);
    header->addWidget(label, 1);
    layout->addLayout(header);

    m_error = new QLabel;
    m_error->setObjectName(QStringLiteral("secretError"));
    m_error->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);

    auto row = new QHBoxLayout;
    row->addWidget(new QLabel(field));
    m_secret = new QLineEdit;
    m_secret->setObjectName(QStringLiteral("secretEdit"));
    m_secret->setEchoMode(QLineEdit::Password);
    row->addWidget(m_secret, 1);
    layout->addLayout(row);

    m_remember = new QCheckBox(tr("Remember in the system keychain"));
    m_remember->setObjectName(QStringLiteral("rememberCheck"));
    m_remember->setToolTip(
            tr("Stored by your desktop's keychain, never in Gatescope's own files."));
    layout->addWidget(m_remember);

    auto buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("okButton"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        m_answered = true;
        const QString secret = m_secret->text();
        m_secret->clear();
        Q_EMIT submitted(secret, !m_remember->isHidden() && m_remember->isChecked());
        QDialog::done(Accepted);
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void SecretDialog::setRememberAvailable(bool available)
{
    m_remember->setVisible(available);
    if (!available)
        m_remember->setChecked(false);
}

void SecretDialog::setErrorText(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

void SecretDialog::done(int result)
{
    if (!m_answered) {
        m_answered = true;
        m_secret->clear();
        Q_EMIT cancelled();
    }
    QDialog::done(result);
}

} // namespace gs::gui
