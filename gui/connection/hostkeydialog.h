#pragma once

#include <QDialog>

namespace gs::gui {

// Asks whether to trust a server's host key the first time Gatescope meets it. Non-modal use:
// open(), then decided() fires exactly once (closing the window counts as Refuse). Only for
// unknown keys: a changed key is refused by the SSH layer and never asked about.
class HostKeyDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Decision { AcceptOnce, AcceptAndRemember, Refuse };
    Q_ENUM(Decision)

    HostKeyDialog(const QString &host,
                  int port,
                  const QString &keyType,
                  const QString &sha256Fingerprint,
                  QWidget *parent = nullptr);

    void done(int result) override;

Q_SIGNALS:
    void decided(gs::gui::HostKeyDialog::Decision decision);

private:
    void decide(Decision decision);

    bool m_decided = false;
};

} // namespace gs::gui
