#include "connection/diagnosisjob.h"

#include "common/guiposter.h"
#include "remote/remotehost.h"

#include <QPointer>
#include <QThreadPool>

namespace gs::gui {

DiagnosisJob::DiagnosisJob(std::shared_ptr<remote::RemoteHost> host,
                           checks::DiagnosisRunner::Options options,
                           QThreadPool *pool,
                           QObject *parent)
    : QObject(parent)
    , m_host(std::move(host))
    , m_options(options)
    , m_pool(pool)
    , m_cancelled(std::make_shared<std::atomic<bool>>(false))
    , m_poster(std::make_shared<GuiPoster>(this))
{}

DiagnosisJob::~DiagnosisJob()
{
    m_poster->detach();
    if (m_running)
        cancel();
}

void DiagnosisJob::start()
{
    if (m_running)
        return;
    m_running = true;
    QPointer<DiagnosisJob> self(this);
    auto poster = m_poster;
    auto cancelled = m_cancelled;
    auto host = m_host;
    const auto options = m_options;
    // Everything the worker touches is captured by value or shared: the job may be gone when
    // the worker ends. Only the poster reaches back to the GUI thread.
    m_pool->start([poster, cancelled, host, options, self] {
        checks::DiagnosisReport report = checks::DiagnosisRunner::run(
                *host,
                options,
                [poster, self](const QString &step) {
                    poster->post([self, step] {
                        if (self)
                            Q_EMIT self->progress(step);
                    });
                },
                [poster, self](const checks::CheckResult &result) {
                    poster->post([self, result] {
                        if (self)
                            Q_EMIT self->checkDone(result);
                    });
                },
                cancelled.get());
        const bool wasCancelled = cancelled->load();
        poster->post([self, report = std::move(report), wasCancelled] {
            if (!self)
                return;
            self->m_running = false;
            Q_EMIT self->finished(report, wasCancelled);
        });
    });
}

void DiagnosisJob::cancel()
{
    if (!m_running || m_cancelled->exchange(true))
        return;
    // The runner checks the flag between rounds; closing the session ends the round at once.
    m_host->cancelAll();
}

} // namespace gs::gui
