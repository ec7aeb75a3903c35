#pragma once

#include "ssh/sshinteraction.h"

#include <QHash>
#include <QPointer>
#include <QString>
#include <QWidget>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

namespace gs::secrets {
class SecretStore;
}

namespace gs::gui {

// The desktop app's answer to "ask the user": the session's worker thread calls askHostKey() or
// askSecret(), which posts the question to the GUI thread (a non-modal HostKeyDialog or
// SecretDialog) and blocks that worker, never the GUI thread, until the user answers, cancels,
// or cancelPending()/detach() gives up for them.
//
// Remembered secrets come from the OS keychain (SecretStore, GUI thread only) before anyone is
// asked; secrets typed during this run are kept in memory for this server so that a reconnect
// does not ask again. A secret the server refused is dropped from both.
//
// Threads: construct, cancelPending() and detach() on the GUI thread; the SshInteraction methods
// on any other thread. Owned through a shared_ptr by the session and by ServerConnection.
class GuiInteraction : public ssh::SshInteraction,
                       public std::enable_shared_from_this<GuiInteraction>
{
public:
    // context: a GUI-thread object whose lifetime bounds the questions (ServerConnection);
    // dialogParent: where dialogs appear; store may be null (nothing remembered).
    GuiInteraction(QObject *context, QWidget *dialogParent, secrets::SecretStore *store);
    ~GuiInteraction() override;

    ssh::HostKeyDecision askHostKey(const ssh::HostKeyInfo &key) override;
    std::optional<ssh::Secret> askSecret(const ssh::SecretRequest &request) override;
    void secretRejected(const ssh::SecretRequest &request) override;
    bool wasCancelled() const override { return m_lastCancelled.load(); }

    // GUI thread: answers every open question as cancelled and closes its dialog (the status
    // bar's Cancel). Later questions are asked as usual.
    void cancelPending();
    // GUI thread: as cancelPending(), and every later question is refused without asking;
    // call before the context goes away.
    void detach();

    void setDialogParent(QWidget *parent) { m_dialogParent = parent; }

    // The key a secret is remembered under, or empty when it is not worth remembering
    // (e.g. a one-time keyboard-interactive code). Pure; public for tests.
    static QString keychainKey(const ssh::SecretRequest &request);

private:
    // One question waiting for its answer; shared between the worker and the GUI thread.
    struct Waiter
    {
        std::mutex mutex;
        std::condition_variable cv;
        bool done = false;
        bool cancelled = false;
        ssh::HostKeyDecision decision = ssh::HostKeyDecision::Refuse;
        std::optional<ssh::Secret> secret;
        QPointer<QWidget> dialog; // GUI thread only

        void finish(bool wasCancelled);
    };
    enum class SecretSource { Typed, Memory, Keychain };

    bool post(const std::shared_ptr<Waiter> &waiter, std::function<void()> onGuiThread);
    void wait(const std::shared_ptr<Waiter> &waiter);
    void forget(const std::shared_ptr<Waiter> &waiter);

    // GUI thread.
    void showHostKeyDialog(const ssh::HostKeyInfo &key, const std::shared_ptr<Waiter> &waiter);
    void answerSecret(const ssh::SecretRequest &request, const std::shared_ptr<Waiter> &waiter);
    void showSecretDialog(const ssh::SecretRequest &request,
                          const std::shared_ptr<Waiter> &waiter,
                          bool rememberAvailable);
    void dropSecret(const ssh::SecretRequest &request);

    QPointer<QObject> m_context;
    QPointer<QWidget> m_dialogParent;
    QPointer<secrets::SecretStore> m_store;
    std::atomic<bool> m_lastCancelled{false};

    std::mutex m_mutex; // guards m_waiters and m_detached
    std::set<std::shared_ptr<Waiter>> m_waiters;
    bool m_detached = false;

    // GUI thread only.
    QHash<QString, QString> m_memory;          // key -> secret typed during this run
    QHash<QString, SecretSource> m_lastSource; // key -> where the last answer came from
    bool m_keychainUnavailable = false;
};

} // namespace gs::gui
