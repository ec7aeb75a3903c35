#include "logs/windowcommand.h"

#include "util/shellquote.h"

namespace gs::logs {

namespace {

// days_from_civil, as in nginx/accesslogfields.cpp, in awk arithmetic (no mktime in POSIX awk).
const char kAwkCivil[]
        = "function dfc(y, m, d,  era, yoe, doy, doe) {"
          " y -= (m <= 2); era = int((y >= 0 ? y : y - 399) / 400); yoe = y - era * 400;"
          " doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;"
          " doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy;"
          " return era * 146097 + doe - 719468 }\n";

// 21/Nov/2026:12:00:03 +0100
const char kAwkLocal[]
        = "function ep(l,  s, mo, t, z) {"
          " if (!match(l, \"[0-9][0-9]/[A-Z][a-z][a-z]/[0-9][0-9][0-9][0-9]:[0-9][0-9]:[0-9][0-9]:"
          "[0-9][0-9] [-+][0-9][0-9][0-9][0-9]\")) return -1;"
          " s = substr(l, RSTART, RLENGTH);"
          " mo = index(\"JanFebMarAprMayJunJulAugSepOctNovDec\", substr(s, 4, 3));"
          " if (mo == 0 || mo % 3 != 1) return -1;"
          " t = dfc(substr(s, 8, 4) + 0, (mo + 2) / 3, substr(s, 1, 2) + 0) * 86400"
          " + substr(s, 13, 2) * 3600 + substr(s, 16, 2) * 60 + substr(s, 19, 2);"
          " z = substr(s, 23, 2) * 3600 + substr(s, 25, 2) * 60;"
          " return substr(s, 22, 1) == \"-\" ? t + z : t - z }\n";

// 2026-11-21T12:00:03+01:00 or ...Z
const char kAwkIso[]
        = "function ep(l,  s, t, z, r) {"
          " if (!match(l, \"[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:"
          "[0-9][0-9]\")) return -1;"
          " s = substr(l, RSTART, RLENGTH); r = substr(l, RSTART + RLENGTH, 6);"
          " t = dfc(substr(s, 1, 4) + 0, substr(s, 6, 2) + 0, substr(s, 9, 2) + 0) * 86400"
          " + substr(s, 12, 2) * 3600 + substr(s, 15, 2) * 60 + substr(s, 18, 2);"
          " z = substr(r, 2, 2) * 3600 + substr(r, 5, 2) * 60;"
          " if (substr(r, 1, 1) == \"+\") return t - z;"
          " if (substr(r, 1, 1) == \"-\") return t + z;"
          " return t }\n";

// 1763726403.123
const char kAwkMsec[] = "function ep(l) {"
                        " if (!match(l, "
                        "\"[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][.][0-9][0-9][0-9]\"))"
                        " return -1;"
                        " return substr(l, RSTART, 10) + 0 }\n";

// $1 since, $2 block size, $3 gzip or cat, then the paths. T holds the awk functions.
const char kScript[] = R"SH(s=$1; bs=$2; z=$3; shift 3
for f in "$@"; do
  if [ ! -r "$f" ]; then echo "gs-window: cannot read $f" >&2; exit 66; fi
done
n=$#; k=0
for f in "$@"; do
  k=$((k + 1))
  if [ "$k" -lt "$n" ]; then
    m=$(stat -L -c %Y -- "$f" 2>/dev/null || date -r "$f" +%s 2>/dev/null || echo "$s")
    if [ "$m" -lt "$s" ]; then continue; fi
  fi
  sz=$(wc -c < "$f"); sz=$((sz + 0))
  case $f in
  *.gz)
    echo "gs-window: $f size=$sz offset=0" >&2
    gzip -dc -- "$f" | awk -v s="$s" "$T"' p { print; next } { if (ep($0) >= s) { p = 1; print } }'
    continue ;;
  esac
  nb=$(( (sz + bs - 1) / bs ))
  lo=0; hi=$nb; step=1
  while [ "$step" -lt "$nb" ]; do
    b=$((nb - step))
    t=$(dd if="$f" bs="$bs" skip="$b" count=1 2>/dev/null | awk "$T"' NR == 2 { printf "%.0f\n", ep($0); exit }')
    if [ -n "$t" ] && [ "$t" -ge 0 ] && [ "$t" -lt "$s" ]; then lo=$b; break; fi
    hi=$b; step=$((step * 2))
  done
  while [ $((hi - lo)) -gt 1 ]; do
    b=$(( (lo + hi) / 2 ))
    t=$(dd if="$f" bs="$bs" skip="$b" count=1 2>/dev/null | awk "$T"' NR == 2 { printf "%.0f\n", ep($0); exit }')
    if [ -n "$t" ] && [ "$t" -ge 0 ] && [ "$t" -lt "$s" ]; then lo=$b; else hi=$b; fi
  done
  st=$((lo * bs))
  echo "gs-window: $f size=$sz offset=$st" >&2
  # awk only finds where the window starts (bytes after st; a block's first line is partial);
  # the rest goes out by seek and copy, never line by line.
  n=$(dd if="$f" bs="$bs" skip="$lo" 2>/dev/null | head -c $((sz - st)) | LC_ALL=C awk -v s="$s" -v lo="$lo" "$T"' NR == 1 && lo > 0 { n += length($0) + 1; next } ep($0) >= s { print n + 0; exit } { n += length($0) + 1 }')
  [ -n "$n" ] || continue
  tail -c +$((st + n + 1)) -- "$f" | head -c $((sz - st - n))
done | if [ "$z" = gzip ]; then gzip -1; else cat; fi
)SH";

} // namespace

QString awkEpochFunctions(nginx::LogFormat::TimeKind kind)
{
    switch (kind) {
    case nginx::LogFormat::TimeKind::Iso8601:
        return QLatin1String(kAwkCivil) + QLatin1String(kAwkIso);
    case nginx::LogFormat::TimeKind::Msec: return QLatin1String(kAwkMsec);
    case nginx::LogFormat::TimeKind::Local:
    case nginx::LogFormat::TimeKind::None: break;
    }
    return QLatin1String(kAwkCivil) + QLatin1String(kAwkLocal);
}

QString buildWindowCommand(const WindowCommandOptions &options)
{
    using gs::shellQuote;
    const QString script = QStringLiteral("T=") + shellQuote(awkEpochFunctions(options.timeKind))
                           + QLatin1Char('\n') + QLatin1String(kScript);
    QString command = QStringLiteral("sh -c ") + shellQuote(script) + QStringLiteral(" sh ")
                      + QString::number(options.since) + QLatin1Char(' ')
                      + QString::number(qMax<qint64>(options.blockSize, 512))
                      + (options.compress ? QStringLiteral(" gzip") : QStringLiteral(" cat"));
    for (const QString &path : options.paths)
        command += QLatin1Char(' ') + shellQuote(path);
    return command;
}

} // namespace gs::logs
