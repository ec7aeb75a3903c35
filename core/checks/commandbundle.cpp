#include "checks/commandbundle.h"

#include "util/shellquote.h"

#include <QStringList>

#include <algorithm>

namespace gs::checks {

namespace {

constexpr char kHeader[] = "@@gatescope-bundle\t";
constexpr char kData[] = "@@gatescope-bundle-data\n";
constexpr int kKillGraceSeconds = 2;

// Part i's three files: exit status, stdout, stderr (the order `wc` and `cat` list them in).
QStringList filesOf(qsizetype i)
{
    const QString n = QString::number(i);
    return {QStringLiteral("r") + n, QStringLiteral("o") + n, QStringLiteral("e") + n};
}

} // namespace

QString CommandBundle::script(const QList<Part> &parts, bool yield)
{
    // `timeout` is coreutils and busybox; without it the parts run unbounded and the client's
    // deadline for the whole bundle is what stops them. Each part's stdin is /dev/null: sudo's
    // password, when there is one, was on the bundle's stdin and is gone.
    QString text = QStringLiteral("gs_b=$(mktemp -d 2>/dev/null) || { echo 'no temporary directory "
                                  "(mktemp -d)' >&2; "
                                  "exit 90; }\n"
                                  "trap 'rm -rf -- \"$gs_b\"' EXIT\n"
                                  "gs_to=0; command -v timeout >/dev/null 2>&1 && gs_to=1\n"
                                  "gs_run() {\n"
                                  "  if [ $gs_to = 1 ]; then timeout -k %1 \"$2\" sh -c \"$3\"; "
                                  "else sh -c \"$3\"; fi "
                                  ">\"$gs_b/o$1\" 2>\"$gs_b/e$1\" </dev/null\n"
                                  "  echo $? >\"$gs_b/r$1\"\n"
                                  "}\n")
                           .arg(kKillGraceSeconds);
    // renice is util-linux and busybox; without it the parts simply run at the usual priority.
    if (yield)
        text += QStringLiteral("renice -n 10 -p $$ >/dev/null 2>&1\n");
    QStringList files;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        text += QStringLiteral("gs_run %1 %2 %3 &\n")
                        .arg(i)
                        .arg(std::max(1, parts.at(i).timeoutSeconds))
                        .arg(gs::shellQuote(parts.at(i).command));
        files << filesOf(i);
    }
    // The header and the data marker are kHeader and kData, spelled for printf.
    text += QStringLiteral("wait\ncd \"$gs_b\" || exit 91\n"
                           "printf '@@gatescope-bundle\\t%s\\n' \"$gs_to\"\n"
                           "wc -c -- %1 2>/dev/null\n"
                           "printf '@@gatescope-bundle-data\\n'\n"
                           "cat -- %1 2>/dev/null\n"
                           "exit 0\n")
                    .arg(files.join(QLatin1Char(' ')));
    return text;
}

QString CommandBundle::command(const QList<Part> &parts, bool privileged, bool yield)
{
    return privileged ? script(parts, yield)
                      : QStringLiteral("exec sh -c ") + gs::shellQuote(script(parts, yield));
}

std::optional<QList<CommandBundle::PartResult>> CommandBundle::parse(const QByteArray &output,
                                                                     qsizetype partCount)
{
    const qsizetype start = output.indexOf(kHeader);
    const qsizetype data = output.indexOf(kData, start);
    if (start < 0 || data < 0)
        return std::nullopt;
    const QList<QByteArray> lines = output.mid(start, data - start).split('\n');
    const bool withTimeout = lines.first().mid(qstrlen(kHeader)).trimmed() == "1";

    // "  123 o4" per file wc could read, in the order given; "total" last.
    QList<QPair<QByteArray, qsizetype>> sizes;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> fields = lines.at(i).simplified().split(' ');
        bool ok = false;
        const qsizetype size = fields.value(0).toLongLong(&ok);
        if (fields.size() == 2 && ok && fields.at(1) != "total")
            sizes.append({fields.at(1), size});
    }

    QList<PartResult> results(partCount);
    qsizetype at = data + qstrlen(kData);
    for (const auto &[name, size] : sizes) {
        if (at + size > output.size())
            return std::nullopt; // cut short: no part can be trusted past here
        const QByteArray content = output.mid(at, size);
        at += size;
        bool ok = false;
        const qsizetype index = name.mid(1).toLongLong(&ok);
        if (!ok || index < 0 || index >= partCount)
            return std::nullopt;
        PartResult &part = results[index];
        if (name.startsWith('r')) {
            part.exitStatus = content.trimmed().toInt(&part.ran);
            part.timedOut = withTimeout && part.ran && part.exitStatus == 124;
        } else if (name.startsWith('o')) {
            part.out = content;
        } else if (name.startsWith('e')) {
            part.err = content;
        } else {
            return std::nullopt;
        }
    }
    return results;
}

int CommandBundle::timeoutMs(const QList<Part> &parts)
{
    int longest = 1;
    for (const Part &part : parts)
        longest = std::max(longest, part.timeoutSeconds);
    // The grace for `timeout -k`, and a little for wc and cat.
    return (longest + kKillGraceSeconds + 3) * 1000;
}

} // namespace gs::checks
