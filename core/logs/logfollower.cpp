#include "logs/logfollower.h"

#include "util/shellquote.h"

#include <QList>

namespace gs::logs {

namespace {

// $1 path, $2 known inode (0: none), $3 offset (-1: from the end). Reads whole blocks with dd so
// that a big offset is a seek, then trims to the exact bytes.
const char kScript[] = R"SH(f=$1; i=$2; o=$3
st() { stat -L -c '%i %s' -- "$1" 2>/dev/null || ls -iLnd -- "$1" 2>/dev/null | awk '{ print $1, $6 }'; }
part() { # FILE FROM COUNT
  [ "$3" -gt 0 ] || return 0
  dd if="$1" bs=65536 skip=$(($2 / 65536)) 2>/dev/null | tail -c +$(($2 % 65536 + 1)) | head -c "$3"
}
cur=$(st "$f")
if [ -z "$cur" ]; then echo "gs-follow: cannot read $f" >&2; exit 66; fi
set -- $cur; ni=$1; ns=$2
r=0; ob=0
if [ "$o" -lt 0 ]; then o=$ns
elif [ "$i" != 0 ] && [ "$ni" != "$i" ]; then
  r=1
  old=$(st "$f.1")
  if [ -n "$old" ]; then
    set -- $old
    if [ "$1" = "$i" ] && [ "$2" -gt "$o" ]; then ob=$(($2 - o)); fi
  fi
elif [ "$ns" -lt "$o" ]; then r=2; o=0
fi
if [ "$r" = 1 ]; then nb=$ns; else nb=$((ns - o)); fi
echo "gs-follow $ni $ns $r $ob $nb"
part "$f.1" "$o" "$ob"
if [ "$r" = 1 ]; then part "$f" 0 "$nb"; else part "$f" "$o" "$nb"; fi
)SH";

} // namespace

LogFollower::LogFollower(QString path, qint64 startOffset)
    : m_path(std::move(path))
    , m_offset(startOffset)
{}

QString LogFollower::command() const
{
    using gs::shellQuote;
    return QStringLiteral("sh -c ") + shellQuote(QLatin1String(kScript)) + QStringLiteral(" sh ")
           + shellQuote(m_path) + QLatin1Char(' ') + QString::number(m_inode) + QLatin1Char(' ')
           + QString::number(m_offset);
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
