#include "connection/guiinteraction.h"

#include "connection/hostkeydialog.h"
#include "connection/secretdialog.h"
#include "secrets/secretstore.h"

#include <QCoreApplication>
#include <QMetaObject>

namespace gs::gui {

namespace {

SecretDialog::Kind dialogKind(ssh::SecretRequest::Kind kind)
{
    switch (kind) {
    case ssh::SecretRequest::Kind::KeyPassphrase: return SecretDialog::Kind::Passphrase;
    case ssh::SecretRequest::Kind::SudoPassword: return SecretDialog::Kind::SudoPassword;
    case ssh::SecretRequest::Kind::Password:
    case ssh::SecretRequest::Kind::KeyboardInteractive: break;
    }
    return SecretDialog::Kind::Password;
}

bool looksLikePassword(const QString &prompt)
{
    return prompt.contains(QLatin1String("assword"), Qt::CaseInsensitive);
}

QString tr(const char *text)
{
    return QCoreApplication::translate("gs::gui::GuiInteraction", text);
}

} // namespace

void GuiInteraction::Waiter::finish(bool wasCancelled)
{
    {
        std::lock_guard lock(mutex);
        if (done)
            return;
        done = true;
        cancelled = wasCancelled;
    }
    cv.notify_all();
}

GuiInteraction::GuiInteraction(QObject *context, QWidget *dialogParent, secrets::SecretStore *store)
    : m_context(context)
    , m_dialogParent(dialogParent)
    , m_store(store)
{}

GuiInteraction::~GuiInteraction() = default;

QString GuiInteraction::keychainKey(const ssh::SecretRequest &request)
{
    switch (request.kind) {
    case ssh::SecretRequest::Kind::Password:
        return secrets::SecretStore::passwordKey(request.target);
    case ssh::SecretRequest::Kind::KeyPassphrase:
        return secrets::SecretStore::passphraseKey(request.prompt);
    case ssh::SecretRequest::Kind::SudoPassword:
        return secrets::SecretStore::sudoKey(request.target);
    case ssh::SecretRequest::Kind::KeyboardInteractive:
        // A password asked through keyboard-interactive is the same password; anything else
        // (a one-time code) must never be replayed.
        if (!request.echo && looksLikePassword(request.prompt))
            return secrets::SecretStore::passwordKey(request.target);
        return {};
    }
    return {};
}

bool GuiInteraction::post(const std::shared_ptr<Waiter> &waiter, std::function<void()> onGuiThread)
{
    std::lock_guard lock(m_mutex);
    // While not detached the context is alive: detach() runs (on the GUI thread) before it goes.
    if (m_detached || !m_context)
        return false;
    m_waiters.insert(waiter);
    QMetaObject::invokeMethod(
            m_context.data(),
            [waiter, fn = std::move(onGuiThread)] {
                if (!waiter->done)
                    fn();
            },
            Qt::QueuedConnection);
    return true;
}

void GuiInteraction::wait(const std::shared_ptr<Waiter> &waiter)
{
    {
        std::unique_lock lock(waiter->mutex);
        waiter->cv.wait(lock, [&] { return waiter->done; });
    }
    m_lastCancelled = waiter->cancelled;
    forget(waiter);
}

void GuiInteraction::forget(const std::shared_ptr<Waiter> &waiter)
{
    std::lock_guard lock(m_mutex);
    m_waiters.erase(waiter);
}

ssh::HostKeyDecision GuiInteraction::askHostKey(const ssh::HostKeyInfo &key)
{
    auto waiter = std::make_shared<Waiter>();
    std::weak_ptr<GuiInteraction> self = weak_from_this();
    if (!post(waiter, [self, key, waiter] {
            if (auto me = self.lock())
                me->showHostKeyDialog(key, waiter);
            else
                waiter->finish(true);
        })) {
        m_lastCancelled = true;
        return ssh::HostKeyDecision::Refuse;
    }
    wait(waiter);
    return waiter->cancelled ? ssh::HostKeyDecision::Refuse : waiter->decision;
}

std::optional<ssh::Secret> GuiInteraction::askSecret(const ssh::SecretRequest &request)
{
    auto waiter = std::make_shared<Waiter>();
    std::weak_ptr<GuiInteraction> self = weak_from_this();
    if (!post(waiter, [self, request, waiter] {
            if (auto me = self.lock())
                me->answerSecret(request, waiter);
            else
                waiter->finish(true);
        })) {
        m_lastCancelled = true;
        return std::nullopt;
    }
    wait(waiter);
    if (waiter->cancelled)
        return std::nullopt;
    return waiter->secret;
}

void GuiInteraction::secretRejected(const ssh::SecretRequest &request)
{
    std::weak_ptr<GuiInteraction> self = weak_from_this();
    std::lock_guard lock(m_mutex);
    if (m_detached || !m_context)
        return;
    QMetaObject::invokeMethod(
            m_context.data(),
            [self, request] {
                if (auto me = self.lock())
                    me->dropSecret(request);
            },
            Qt::QueuedConnection);
}

void GuiInteraction::cancelPending()
{
    std::set<std::shared_ptr<Waiter>> waiters;
    {
        std::lock_guard lock(m_mutex);
        waiters = m_waiters;
    }
    for (const auto &waiter : waiters) {
        waiter->finish(true);
        if (waiter->dialog)
            waiter->dialog->close();
    }
}

void GuiInteraction::detach()
{
    {
        std::lock_guard lock(m_mutex);
        m_detached = true;
    }
    cancelPending();
}

void GuiInteraction::showHostKeyDialog(const ssh::HostKeyInfo &key,
                                       const std::shared_ptr<Waiter> &waiter)
{
    auto dialog
            = new HostKeyDialog(key.host, key.port, key.keyType, key.fingerprint, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    waiter->dialog = dialog;
    QObject::connect(
            dialog, &HostKeyDialog::decided, dialog, [waiter](HostKeyDialog::Decision decision) {
                switch (decision) {
                case HostKeyDialog::Decision::AcceptOnce:
                    waiter->decision = ssh::HostKeyDecision::AcceptOnce;
                    break;
                case HostKeyDialog::Decision::AcceptAndRemember:
                    waiter->decision = ssh::HostKeyDecision::AcceptAndRemember;
                    break;
                case HostKeyDialog::Decision::Refuse:
                    waiter->decision = ssh::HostKeyDecision::Refuse;
                    break;
                }
                // Refusing is a decision, not a cancellation: the error says "refused".
                waiter->finish(false);
            });
    dialog->open();
}

void GuiInteraction::answerSecret(const ssh::SecretRequest &request,
                                  const std::shared_ptr<Waiter> &waiter)
{
    const QString key = keychainKey(request);
    const bool canRemember = m_store && !m_keychainUnavailable && !key.isEmpty();
    if (key.isEmpty() || request.attempt > 1) {
        showSecretDialog(request, waiter, canRemember);
        return;
    }
    if (const auto it = m_memory.constFind(key); it != m_memory.constEnd()) {
        m_lastSource.insert(key, SecretSource::Memory);
        waiter->secret = ssh::Secret{*it, false};
        waiter->finish(false);
        return;
    }
    if (!canRemember) {
        showSecretDialog(request, waiter, false);
        return;
    }
    std::weak_ptr<GuiInteraction> self = weak_from_this();
    m_store->read(key, [self, request, waiter, key](Result<QString> stored) {
        auto me = self.lock();
        if (!me) {
            waiter->finish(true);
            return;
        }
        if (waiter->done)
            return;
        if (stored) {
            me->m_lastSource.insert(key, SecretSource::Keychain);
            waiter->secret = ssh::Secret{*stored, false};
            waiter->finish(false);
            return;
        }
        // Only "nothing stored yet" means the keychain works; anything else (no keyring, no
        // D-Bus session, locked) and "Remember" would be a promise we cannot keep.
        if (stored.error().code != ErrorCode::NotFound)
            me->m_keychainUnavailable = true;
        me->showSecretDialog(request, waiter, !me->m_keychainUnavailable);
    });
}

void GuiInteraction::showSecretDialog(const ssh::SecretRequest &request,
                                      const std::shared_ptr<Waiter> &waiter,
                                      bool rememberAvailable)
{
    QString subject = request.target;
    if (request.kind == ssh::SecretRequest::Kind::KeyPassphrase)
        subject = request.prompt;
    else if (request.kind == ssh::SecretRequest::Kind::KeyboardInteractive
             && !looksLikePassword(request.prompt) && !request.prompt.isEmpty())
        subject = QStringLiteral("%1 (%2)").arg(request.target, request.prompt);
    auto dialog = new SecretDialog(dialogKind(request.kind), subject, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setRememberAvailable(rememberAvailable);
    if (request.attempt > 1)
        dialog->setErrorText(tr("The server did not accept that. Please try again."));
    waiter->dialog = dialog;
    const QString key = keychainKey(request);
    std::weak_ptr<GuiInteraction> self = weak_from_this();
    QObject::connect(dialog,
                     &SecretDialog::submitted,
                     dialog,
                     [self, waiter, key](const QString &secret, bool remember) {
                         if (auto me = self.lock(); me && !key.isEmpty()) {
                             me->m_memory.insert(key, secret);
                             me->m_lastSource.insert(key, SecretSource::Typed);
                             if (remember && me->m_store) {
                                 me->m_lastSource.insert(key, SecretSource::Keychain);
                                 std::weak_ptr<GuiInteraction> weak = me;
                                 me->m_store->write(key, secret, [weak](Result<void> written) {
                                     if (auto again = weak.lock(); again && !written)
                                         again->m_keychainUnavailable = true;
                                 });
                             }
                         }
                         waiter->secret = ssh::Secret{secret, remember};
                         waiter->finish(false);
                     });
    QObject::connect(dialog, &SecretDialog::cancelled, dialog, [waiter] { waiter->finish(true); });
    dialog->open();
}

void GuiInteraction::dropSecret(const ssh::SecretRequest &request)
{
    const QString key = keychainKey(request);
    if (key.isEmpty())
        return;
    m_memory.remove(key);
    // Only a secret that is (or was just put) in the keychain is taken out of it.
    if (m_lastSource.take(key) == SecretSource::Keychain && m_store)
        m_store->remove(key);
}

} // namespace gs::gui
