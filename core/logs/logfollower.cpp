#include "logs/logfollower.h"

#include "remote/scriptfile.h"

#include <QList>

namespace gs::logs {

LogFollower::LogFollower(QString path, qint64 startOffset)
    : m_path(std::move(path))
    , m_offset(startOffset)
{}

QString LogFollower::command() const
{
    return remote::ScriptFile::shCommand(
            u"log-follow.sh", {m_path, QString::number(m_inode), QString::number(m_offset)});
}

Result<FollowChunk> LogFollower::consume(QByteArrayView output)
{
    const qsizetype newline = output.indexOf('\n');
    const QByteArrayView header = newline < 0 ? QByteArrayView() : output.first(newline);
    const QList<QByteArray> fields = header.toByteArray().split(' ');
    bool ok = fields.size() == 6 && fields[0] == "gs-follow";
    qint64 values[5] = {};
    for (int i = 0; ok && i < 5; ++i)
        values[i] = fields[i + 1].toLongLong(&ok);
    if (!ok || values[3] < 0 || values[4] < 0) {
        return makeError(
                ErrorCode::ProtocolError,
                QStringLiteral("unexpected output while following %1: %2")
                        .arg(m_path,
                             QString::fromUtf8(output.first(qMin<qsizetype>(output.size(), 120)))));
    }
    const auto newInode = static_cast<quint64>(values[0]);
    const qint64 size = values[1];
    const qint64 state = values[2];
    const qint64 oldBytes = values[3];
    const qint64 newBytes = values[4];
    FollowChunk chunk;
    chunk.rotated = state == 1;
    chunk.truncated = state == 2;
    chunk.data = output.sliced(newline + 1);
    // The file may have shrunk between stat and read: count only what arrived.
    const qint64 arrived = chunk.data.size();
    const qint64 arrivedNew = qMax<qint64>(0, qMin(newBytes, arrived - oldBytes));
    if (m_offset < 0)
        m_offset = size;
    else if (chunk.rotated || chunk.truncated)
        m_offset = arrivedNew;
    else
        m_offset += arrivedNew;
    m_inode = newInode;
    return chunk;
}

} // namespace gs::logs
