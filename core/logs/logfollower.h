#pragma once

#include "util/result.h"

#include <QByteArrayView>
#include <QString>

namespace gs::logs {

// What one follow round brought.
struct FollowChunk
{
    QByteArrayView data;  // new log bytes (a view into the output given to consume()), oldest first
    bool rotated = false; // the file was replaced (new inode): data holds the old file's tail
                          // (found as PATH.1) followed by the new file from its start
    bool truncated = false; // same inode but smaller (copytruncate): read again from 0
};

// Incremental reading of a remote log for live charts: the state is (inode, offset); each round
// runs command() over SSH and hands its output to consume(), which returns the bytes appended
// since the last round and advances the state. Survives logrotate's rename (inode changes: the
// rest of the old file is read from PATH.1 first) and copytruncate (size shrinks). The first
// round starts at the end of the file unless a start offset is given. Pure: no I/O, no SSH; not
// thread-safe. Lines cut at the end of a round are completed by the next round when the bytes go
// through the same AccessLogAggregator (its LineSplitter keeps the partial line).
class LogFollower
{
public:
    // startOffset < 0: begin at the current end of the file (only new lines).
    explicit LogFollower(QString path, qint64 startOffset = -1);

    // core/scripts/log-follow.sh as `sh -c '...' sh PATH INODE OFFSET`, printing
    // "gs-follow INODE SIZE ROTATED OLD_BYTES NEW_BYTES\n" then the bytes.
    QString command() const;
    // Fails on output that does not start with a valid header (a failed command, a shell that
    // printed a banner): the state is then unchanged.
    Result<FollowChunk> consume(QByteArrayView output);

    QString path() const { return m_path; }
    quint64 inode() const { return m_inode; }
    qint64 offset() const { return m_offset; }

private:
    QString m_path;
    quint64 m_inode = 0; // 0: not known yet
    qint64 m_offset = -1;
};

} // namespace gs::logs
