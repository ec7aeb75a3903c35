#pragma once

#include <QMetaObject>
#include <QObject>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <mutex>

namespace gs::gui {

// Hands work from worker threads to a GUI-thread object that may go away before the worker ends:
// the one way the GUI's workers report back (pages, dialogs, chart sources, config sessions,
// server connections). The owner calls detach() (GUI thread) before the target is destroyed;
// after that post() drops everything. Shared through a shared_ptr between the owner and its
// workers. (Secret and host-key prompts go the other way, a worker waiting on the GUI: see
// GuiInteraction.)
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

    // Runs `work` on `pool` and gives its result to `done` on the target's thread; both are
    // dropped when the target is gone by then. The result is copied across: keep it a value.
    template<typename Work, typename Done>
    static void run(const std::shared_ptr<GuiPoster> &poster,
                    Work work,
                    Done done,
                    QThreadPool *pool = QThreadPool::globalInstance())
    {
        pool->start([poster, work = std::move(work), done = std::move(done)]() mutable {
            poster->post([done, result = work()] { done(result); });
        });
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
