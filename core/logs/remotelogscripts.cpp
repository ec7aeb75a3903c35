#include "logs/remotelogscripts.h"

#include "util/shellquote.h"

#include <QDateTime>
#include <QList>

namespace gs::logs::remotelogscripts {

using gs::shellQuote;

namespace {

const char kFacts[] = R"SH(PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin"; conf=$1; log=$2
masters=$( { ps -eo pid=,user=,args= 2>/dev/null || for p in /proc/[0-9]*; do
    c=$(tr '\000' ' ' < "$p/cmdline" 2>/dev/null) && echo "${p#/proc/} ? $c"; done; } |
  while read -r pid user args; do
    case "$args" in
      "nginx: master process"*|"php-fpm: master process"*) echo "$pid|$user||$args";;
    esac
  done)
echo @@procs; [ -n "$masters" ] && echo "$masters"
echo @@nginx_binary; command -v nginx
echo @@nginx_V; nginx -V 2>&1
echo @@tools; command -v journalctl >/dev/null 2>&1 && echo journalctl
echo @@clock; date +%z; date +%s
# nginx -T as the first master runs (its binary, -p, -c), or with the given configuration.
bin=nginx; pre=""; cfg=""
m=$(echo "$masters" | sed -n 's/^[0-9]*|[^|]*||nginx: master process //p' | head -n 1)
if [ -n "$m" ]; then
  set -f; set -- $m; set +f
  case "$1" in -*) ;; *) bin=$1; shift;; esac
  while [ $# -gt 0 ]; do
    case "$1" in -c) cfg=$2; shift;; -p) pre=$2; shift;; esac
    shift
  done
fi
[ -n "$conf" ] && { cfg=$conf; pre=""; }
echo @@gs_nginx_T
if [ -n "$pre" ] && [ -n "$cfg" ]; then "$bin" -p "$pre" -c "$cfg" -T 2>/dev/null
elif [ -n "$cfg" ]; then "$bin" -c "$cfg" -T 2>/dev/null
else "$bin" -T 2>/dev/null; fi
st=$?
echo; echo "@@gs_nginx_T_end $st"
if [ "$st" != 0 ]; then echo @@gs_nginx_T_error; "$bin" ${cfg:+-c "$cfg"} -t 2>&1 | tail -n 3; fi
echo "$masters" | sed -n 's/^[0-9]*|[^|]*||php-fpm: master process (\(.*\)).*$/\1/p' |
while read -r c; do
  echo @@gs_fpm_conf; echo "[global]"; grep -E '^[[:space:]]*error_log[[:space:]]*=' -- "$c" 2>/dev/null
done
if [ -n "$log" ]; then
  s=$( { wc -c < "$log"; } 2>/dev/null ) || s=-1
  echo "@@size $((s + 0)) $log"
  d=$(dirname -- "$log"); echo "@@dir $d"; ls -1 -- "$d" 2>/dev/null
fi
echo @@end
)SH";

const char kSizes[] = R"SH(n=$1; shift; i=0
for f in "$@"; do
  i=$((i + 1))
  if [ "$i" -le "$n" ]; then
    s=$( { wc -c < "$f"; } 2>/dev/null ) || s=-1
    echo "@@size $((s + 0)) $f"
  else
    echo "@@dir $f"; ls -1 -- "$f" 2>/dev/null
  fi
done; true
)SH";

const char kTail[] = R"SH(cap=$1; js=$2; shift 2
{
for f in "$@"; do
  [ -r "$f" ] || { echo "gs-tail: cannot read $f" >&2; continue; }
  sz=$( { wc -c < "$f"; } 2>/dev/null ); sz=$((sz + 0))
  o=$((sz - cap)); [ "$o" -lt 0 ] && o=0
  echo "gs-tail: $f size=$sz offset=$o" >&2
  tail -c +$((o + 1)) -- "$f" | head -c $((sz - o)); echo
done
if [ "$js" -ge 0 ] && command -v journalctl >/dev/null 2>&1; then
  journalctl -k -q --no-pager -o short-iso --since "@$js" 2>/dev/null | grep -i 'killed process'
fi
} | gzip -1
)SH";

// Grep narrows to whole minutes; awk then keeps [from, to) to the second, before head caps the
// count, so a busy minute's earlier lines cannot crowd out the ones asked for. nginx stamps
// "2026/11/21 13:03:10", PHP-FPM "[21-Nov-2026 13:03:10]": both become the first form to compare.
const char kGrep[] = R"SH(m=$1; n=$2; from=$3; to=$4; shift 4; i=0; set -f
pat=""
for a in "$@"; do
  i=$((i + 1))
  if [ "$i" -le "$n" ]; then
    if [ -z "$pat" ]; then pat=$a; else pat="$pat
$a"; fi
  fi
done
i=0
for f in "$@"; do
  i=$((i + 1))
  [ "$i" -le "$n" ] && continue
  [ -r "$f" ] && grep -h -F -e "$pat" -- "$f" 2>/dev/null
done | awk -v from="$from" -v to="$to" '
BEGIN { split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", names, " ")
        for (k = 1; k <= 12; k++) month[names[k]] = sprintf("%02d", k) }
{ if (substr($0, 1, 1) == "[")
    t = substr($0, 9, 4) "/" month[substr($0, 5, 3)] "/" substr($0, 2, 2) " " substr($0, 14, 8)
  else
    t = substr($0, 1, 19)
  if ((from == "" || t >= from) && (to == "" || t < to)) print }' | head -n "$m" | gzip -1
)SH";

QList<QByteArrayView> splitLines(QByteArrayView text)
{
    QList<QByteArrayView> lines;
    qsizetype start = 0;
    while (start < text.size()) {
        qsizetype end = text.indexOf('\n', start);
        if (end < 0)
            end = text.size();
        lines.append(text.sliced(start, end - start));
        start = end + 1;
    }
    return lines;
}

// "PATH size=N offset=M" -> file; false when the tail is not that shape.
bool parseHeader(QByteArrayView rest, WindowFile &file)
{
    const qsizetype offsetAt = rest.lastIndexOf(QByteArrayView(" offset="));
    const qsizetype sizeAt = rest.lastIndexOf(QByteArrayView(" size="));
    if (offsetAt < 0 || sizeAt < 0 || sizeAt > offsetAt)
        return false;
    bool sizeOk = false;
    bool offsetOk = false;
    file.path = QString::fromUtf8(rest.first(sizeAt));
    file.size = rest.sliced(sizeAt + 6, offsetAt - sizeAt - 6).toByteArray().toLongLong(&sizeOk);
    file.offset = rest.sliced(offsetAt + 8).toByteArray().toLongLong(&offsetOk);
    return sizeOk && offsetOk;
}

bool headerRest(QByteArrayView line, QByteArrayView &rest)
{
    for (const char *prefix : {"gs-window: ", "gs-tail: "}) {
        const QByteArrayView p(prefix);
        if (line.startsWith(p)) {
            rest = line.sliced(p.size());
            return true;
        }
    }
    return false;
}

} // namespace

QString discovery(const QString &nginxConfig, const QString &logPath)
{
    return QStringLiteral("sh -c ") + shellQuote(QLatin1String(kFacts)) + QStringLiteral(" sh ")
           + shellQuote(nginxConfig) + QLatin1Char(' ') + shellQuote(logPath);
}

QStringList parseFpmConfigs(QByteArrayView output)
{
    QStringList configs;
    const QByteArrayView marker("@@gs_fpm_conf\n");
    for (qsizetype at = output.indexOf(marker); at >= 0; at = output.indexOf(marker, at + 1)) {
        const qsizetype start = at + marker.size();
        const qsizetype stop = output.indexOf(QByteArrayView("\n@@"), start - 1);
        configs.append(QString::fromUtf8(
                output.sliced(start, (stop < 0 ? output.size() : stop + 1) - start)));
    }
    return configs;
}

std::optional<QString> parseNginxDump(QByteArrayView output, QString *error)
{
    const QByteArrayView begin("@@gs_nginx_T\n");
    const QByteArrayView end("\n@@gs_nginx_T_end ");
    const qsizetype from = output.indexOf(begin);
    const qsizetype to = output.lastIndexOf(end);
    if (from < 0 || to < from + begin.size() - 1) {
        if (error)
            *error = QStringLiteral("no nginx -T output");
        return std::nullopt;
    }
    const qsizetype statusAt = to + end.size();
    const qsizetype statusEnd = output.indexOf('\n', statusAt);
    const QByteArrayView status
            = output.sliced(statusAt, (statusEnd < 0 ? output.size() : statusEnd) - statusAt);
    if (status.trimmed() != QByteArrayView("0")) {
        if (error) {
            const qsizetype at = output.indexOf(QByteArrayView("@@gs_nginx_T_error\n"));
            const qsizetype stop = output.indexOf(QByteArrayView("\n@@"), at + 1);
            *error = at < 0 ? QStringLiteral("nginx -T failed")
                            : QString::fromUtf8(
                                      output.sliced(at + 19,
                                                    (stop < 0 ? output.size() : stop) - at - 19))
                                      .trimmed();
        }
        return std::nullopt;
    }
    return QString::fromUtf8(output.sliced(from + begin.size(), to - from - begin.size()));
}

QPair<int, qint64> parseClock(QByteArrayView output)
{
    const qsizetype at = output.indexOf(QByteArrayView("@@clock\n"));
    if (at < 0)
        return {0, 0};
    const QList<QByteArrayView> lines = splitLines(output.sliced(at + 8));
    if (lines.size() < 2)
        return {0, 0};
    const QByteArrayView zone = lines.at(0).trimmed();
    int offset = 0;
    if (zone.size() == 5 && (zone[0] == '+' || zone[0] == '-')) {
        const int hours = zone.sliced(1, 2).toByteArray().toInt();
        const int minutes = zone.sliced(3, 2).toByteArray().toInt();
        offset = (hours * 3600 + minutes * 60) * (zone[0] == '-' ? -1 : 1);
    }
    return {offset, lines.at(1).trimmed().toByteArray().toLongLong()};
}

QString sizesAndListings(const QStringList &files, const QStringList &dirs)
{
    QString command = QStringLiteral("sh -c ") + shellQuote(QLatin1String(kSizes))
                      + QStringLiteral(" sh ") + QString::number(files.size());
    for (const QString &path : files + dirs)
        command += QLatin1Char(' ') + shellQuote(path);
    return command;
}

SizesAndListings parseSizesAndListings(QByteArrayView output)
{
    SizesAndListings result;
    bool inListing = false;
    for (QByteArrayView line : splitLines(output)) {
        if (line.startsWith(QByteArrayView("@@size "))) {
            const QByteArrayView rest = line.sliced(7);
            const qsizetype space = rest.indexOf(' ');
            if (space <= 0)
                continue;
            bool ok = false;
            const qint64 size = rest.first(space).toByteArray().toLongLong(&ok);
            if (ok)
                result.sizes.append({QString::fromUtf8(rest.sliced(space + 1)), size});
        } else if (line.startsWith(QByteArrayView("@@dir "))) {
            result.listings.append({QString::fromUtf8(line.sliced(6)), {}});
            inListing = true;
        } else if (line.startsWith(QByteArrayView("@@"))) {
            inListing = false; // another section of a bigger script
        } else if (inListing && !line.isEmpty()) {
            result.listings.last().second.append(QString::fromUtf8(line));
        }
    }
    return result;
}

QString tailFiles(const QStringList &files, qint64 maxBytes, std::optional<qint64> journalSince)
{
    QString command = QStringLiteral("sh -c ") + shellQuote(QLatin1String(kTail))
                      + QStringLiteral(" sh ") + QString::number(qMax<qint64>(maxBytes, 1))
                      + QLatin1Char(' ') + QString::number(journalSince ? *journalSince : -1);
    for (const QString &path : files)
        command += QLatin1Char(' ') + shellQuote(path);
    return command;
}

QList<WindowFile> parseFileHeaders(QByteArrayView stderrText)
{
    QList<WindowFile> files;
    for (QByteArrayView line : splitLines(stderrText)) {
        QByteArrayView rest;
        WindowFile file;
        if (headerRest(line, rest) && parseHeader(rest, file))
            files.append(file);
    }
    return files;
}

QString otherStderr(QByteArrayView stderrText)
{
    QStringList other;
    for (QByteArrayView line : splitLines(stderrText)) {
        QByteArrayView rest;
        WindowFile file;
        if (line.trimmed().isEmpty() || (headerRest(line, rest) && parseHeader(rest, file)))
            continue;
        other.append(QString::fromUtf8(line));
    }
    return other.join(QLatin1Char('\n'));
}

QString windowLines(WindowCommandOptions options, qint64 until, int maxLines)
{
    options.compress = false;
    const QString stop = QStringLiteral("ep($0) >= u { exit } { print }");
    return buildWindowCommand(options) + QStringLiteral(" | awk -v u=")
           + QString::number(until + 60) + QLatin1Char(' ')
           + shellQuote(awkEpochFunctions(options.timeKind) + stop) + QStringLiteral(" | head -n ")
           + QString::number(qMax(maxLines, 1)) + QStringLiteral(" | gzip -1");
}

QString grepFixed(const QStringList &files,
                  const QStringList &needles,
                  int maxLines,
                  const QString &from,
                  const QString &to)
{
    QString command = QStringLiteral("sh -c ") + shellQuote(QLatin1String(kGrep))
                      + QStringLiteral(" sh ") + QString::number(qMax(maxLines, 1))
                      + QLatin1Char(' ') + QString::number(needles.size()) + QLatin1Char(' ')
                      + shellQuote(from) + QLatin1Char(' ') + shellQuote(to);
    for (const QString &arg : needles + files)
        command += QLatin1Char(' ') + shellQuote(arg);
    return command;
}

QString wallTime(qint64 epoch, int utcOffsetSeconds)
{
    return QDateTime::fromSecsSinceEpoch(epoch + utcOffsetSeconds, Qt::UTC)
            .toString(QStringLiteral("yyyy/MM/dd HH:mm:ss"));
}

QStringList minutePrefixes(qint64 since, qint64 until, int utcOffsetSeconds)
{
    static const char *const kMonths[]
            = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    QStringList prefixes;
    for (qint64 minute = since - since % 60; minute < until && prefixes.size() < 240;
         minute += 60) {
        const QDateTime wall = QDateTime::fromSecsSinceEpoch(minute + utcOffsetSeconds, Qt::UTC);
        prefixes.append(wall.toString(QStringLiteral("yyyy/MM/dd HH:mm:")));
        prefixes.append(QStringLiteral("[%1-%2-%3 %4:")
                                .arg(wall.date().day(), 2, 10, QLatin1Char('0'))
                                .arg(QLatin1String(kMonths[wall.date().month() - 1]))
                                .arg(wall.date().year())
                                .arg(wall.toString(QStringLiteral("HH:mm"))));
    }
    return prefixes;
}

} // namespace gs::logs::remotelogscripts
