#pragma once

#include "logs/errorratessnapshot.h"
#include "logs/logline.h"

#include <QByteArray>
#include <QObject>
#include <QStringList>

#include <deque>
#include <functional>
#include <memory>
#include <optional>

namespace gs::remote {
class RemoteHost;
}
namespace gs::logs {
class RemoteAccessLog;
}

namespace gs::gui {

class GuiPoster;

// Where one series set of the Charts page comes from: local log files (a log a customer sent) or
// a server over SSH (RemoteAccessLog). Every read runs on a worker thread (QtConcurrent); results
// come back as signals on the GUI thread, which never waits. Operations run one at a time in the
// order asked (RemoteAccessLog is not thread-safe); a worker that outlives the source keeps what it
// uses alive through shared pointers and its result is dropped.
class ChartSource : public QObject
{
    Q_OBJECT

public:
    enum class Kind { None, Local, Remote };

    // What to read: a window back from now (remote) or everything (local), in buckets of
    // bucketSeconds; since/until set an absolute window instead.
    struct Range
    {
        std::optional<qint64> window;
        std::optional<qint64> since;
        std::optional<qint64> until;
        qint64 bucketSeconds = 60;
    };

    explicit ChartSource(const QString &name, QObject *parent = nullptr);
    ~ChartSource() override;

    // Local files: access logs and error logs (told apart by their first line), read with the
    // given log_format ("combined" or a format string).
    void setLocalFiles(const QStringList &files, const QByteArray &format);
    void setRemote(std::shared_ptr<remote::RemoteHost> host);
    // Remote: the access log to read (empty: the busiest one of the configuration) and the
    // nginx.conf to read it from (empty: the running master's).
    void setRemoteLog(const QString &log, const QString &nginxConfig = {});
    QString remoteLog() const { return m_remoteLogPath; }

    Kind kind() const { return m_kind; }
    QString name() const { return m_name; }
    void setName(const QString &name) { m_name = name; }
    QStringList files() const { return m_files; }
    QByteArray format() const { return m_format; }
    bool isBusy() const { return m_busy; }
    const std::optional<logs::ErrorRatesSnapshot> &snapshot() const { return m_snapshot; }

    void load(const Range &range);
    // Live mode: new lines since the last read (remote: LogFollower; local: read again when a
    // file grew). Skipped while another operation runs.
    void follow();
    void requestLines(qint64 since, qint64 until, int maxLines = 500);

Q_SIGNALS:
    void loaded();
    void failed(const QString &message);
    void linesReady(qint64 since, const QList<gs::logs::LogLine> &lines);
    void busyChanged(bool busy);

private:
    template<typename T>
    void runTask(std::function<T()> work, std::function<void(const T &)> done);
    void runNext();
    void startLoad(const Range &range);
    void startFollow();
    void startLines(qint64 since, qint64 until, int maxLines);
    void finishTask();

    QString m_name;
    std::shared_ptr<GuiPoster> m_poster; // results of the pool's reads come back through it
    Kind m_kind = Kind::None;
    QStringList m_files;
    QByteArray m_format;
    std::shared_ptr<remote::RemoteHost> m_host;
    std::shared_ptr<logs::RemoteAccessLog> m_remoteLog;
    QString m_remoteLogPath;
    QString m_nginxConfig;
    std::optional<logs::ErrorRatesSnapshot> m_snapshot;
    qint64 m_localBytes = 0; // total size of the local files when last read
    Range m_range;
    bool m_busy = false;
    struct Task
    {
        bool read = false; // a load or follow round: a newer load makes it pointless
        std::function<void()> start;
    };
    std::deque<Task> m_queue;
};

} // namespace gs::gui
