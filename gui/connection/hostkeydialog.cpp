#include "connection/hostkeydialog.h"

#include "common/appicons.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace gs::gui {

HostKeyDialog::HostKeyDialog(const QString &host,
                             int port,
                             const QString &keyType,
                             const QString &sha256Fingerprint,
                             QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("hostKeyDialog"));
    setWindowTitle(tr("New server key"));
    setMinimumWidth(540);
    const QString where = port == 22 ? host : QStringLiteral("%1 (port %2)").arg(host).arg(port);

    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 18, 20, 14);
    layout->setSpacing(12);
    auto header = new QHBoxLayout;
    auto icon = new QLabel;
    icon->setPixmap(appIcon(QStringLiteral("key")).pixmap(40, 40));
    header->addWidget(icon, 0, Qt::AlignTop);
    auto title = new QLabel(tr("Is this really %1?").arg(where.toHtmlEscaped()));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setWordWrap(true);
    header->addWidget(title, 1);
    layout->addLayout(header);

    auto explanation = new QLabel(
            tr("Gatescope has not connected to this server before, so it cannot yet tell it "
               "apart from an impostor. Every SSH server has a key that identifies it. Compare "
               "the fingerprint below with the one your hosting provider or the server's admin "
               "gives you (on the server: <code>ssh-keygen -lf "
               "/etc/ssh/ssh_host_%1_key.pub</code>). Nothing has been sent to the server yet.")
                    .arg(keyType.startsWith(QLatin1String("ssh-"))
                                 ? keyType.mid(4)
                                 : keyType.section(QLatin1Char('-'), 0, 0)));
    explanation->setWordWrap(true);
    explanation->setTextFormat(Qt::RichText);
    layout->addWidget(explanation);

    auto key = new QLabel(QStringLiteral("%1<br><b>%2</b>")
                                  .arg(tr("Key type: %1").arg(keyType.toHtmlEscaped()),
                                       sha256Fingerprint.toHtmlEscaped()));
    key->setObjectName(QStringLiteral("fingerprintLabel"));
    key->setTextInteractionFlags(Qt::TextSelectableByMouse);
    key->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    key->setStyleSheet(QStringLiteral("QLabel { background: palette(alternate-base); border: 1px "
                                      "solid palette(mid); border-radius: 4px; padding: 8px; }"));
    layout->addWidget(key);

    auto buttons = new QDialogButtonBox;
    auto refuse = buttons->addButton(tr("Refuse"), QDialogButtonBox::RejectRole);
    auto once = buttons->addButton(tr("Accept once"), QDialogButtonBox::AcceptRole);
    auto remember = buttons->addButton(tr("Accept and remember"), QDialogButtonBox::AcceptRole);
    refuse->setObjectName(QStringLiteral("refuseButton"));
    once->setObjectName(QStringLiteral("acceptOnceButton"));
    remember->setObjectName(QStringLiteral("acceptRememberButton"));
    once->setToolTip(tr("Trust the key for this session only; you will be asked again next time."));
    remember->setToolTip(tr("Trust the key and record it in your known_hosts file."));
    layout->addWidget(buttons);
    // The safe choice is the default: Enter must not accept an unverified key. Set after the
    // button is inside the dialog, or QDialog picks the first button in focus order on show.
    refuse->setDefault(true);
    refuse->setFocus();

    connect(refuse, &QPushButton::clicked, this, [this] { decide(Decision::Refuse); });
    connect(once, &QPushButton::clicked, this, [this] { decide(Decision::AcceptOnce); });
    connect(remember, &QPushButton::clicked, this, [this] { decide(Decision::AcceptAndRemember); });
}

void HostKeyDialog::decide(Decision decision)
{
    if (!m_decided) {
        m_decided = true;
        Q_EMIT decided(decision);
    }
    QDialog::done(decision == Decision::Refuse ? Rejected : Accepted);
}

void HostKeyDialog::done(int result)
{
    // Escape, the window's close button, or the parent going away: that is a refusal.
    if (!m_decided) {
        m_decided = true;
        Q_EMIT decided(Decision::Refuse);
    }
    QDialog::done(result);
}

} // namespace gs::gui
