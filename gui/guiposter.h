#pragma once

#include <QMetaObject>
#include <QObject>

#include <functional>
#include <mutex>

namespace gs::gui {

// Hands work from worker threads to a GUI-thread object that may go away before the worker ends.
// The owner calls detach() (GUI thread) before the target is destroyed; after that post() drops
// everything. Shared through a shared_ptr between the owner and its workers.
class GuiPoster
{
public:
    explicit GuiPoster(QObject *target)
        : m_target(target)
    {}

    // Any thread. False when the target is gone (the function is dropped).
    bool post(std::function<void()> function)
    {
        std::lock_guard lock(m_mutex);
        if (!m_target)
            return false;
        // Queued: an event for the target; if the target dies first, Qt drops the event.
        QMetaObject::invokeMethod(m_target, std::move(function), Qt::QueuedConnection);
        return true;
    }

    // GUI thread, before the target is destroyed.
    void detach()
    {
        std::lock_guard lock(m_mutex);
        m_target = nullptr;
    }

private:
    std::mutex m_mutex;
    QObject *m_target = nullptr;
};

} // namespace gs::gui
