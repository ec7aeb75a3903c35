#pragma once

#include "checks/diagnosisreport.h"
#include "checks/diagnosisrunner.h"

#include <QObject>

#include <atomic>
#include <memory>

class QThreadPool;

namespace gs::remote {
class RemoteHost;
}

namespace gs::gui {

class GuiPoster;

// One diagnosis of one open server: DiagnosisRunner on a worker of `pool` (it blocks), its
// progress and checks forwarded to the GUI thread as they come. Owned on the GUI thread; may be
// destroyed while the worker still runs (the worker is then cancelled and its results dropped).
class DiagnosisJob : public QObject
{
    Q_OBJECT

public:
    DiagnosisJob(std::shared_ptr<remote::RemoteHost> host,
                 checks::DiagnosisRunner::Options options,
                 QThreadPool *pool,
                 QObject *parent = nullptr);
    ~DiagnosisJob() override;

    void start();
    // Asks the worker to stop; finished() still comes, with cancelled set.
    void cancel();
    bool isRunning() const { return m_running; }
    bool isCancelled() const { return m_cancelled->load(); }

Q_SIGNALS:
    void progress(const QString &step);
    void checkDone(const gs::checks::CheckResult &result);
    void finished(const gs::checks::DiagnosisReport &report, bool cancelled);

private:
    std::shared_ptr<remote::RemoteHost> m_host;
    checks::DiagnosisRunner::Options m_options;
    QThreadPool *m_pool = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancelled;
    std::shared_ptr<GuiPoster> m_poster;
    bool m_running = false;
};

} // namespace gs::gui
