#include "report/reportwriter.h"

#include "report/codespans.h"
#include "report/coveragesection.h"
#include "report/reportredactor.h"

#include "gatescope/version.h"

#include <QFileInfo>
#include <QStringList>

#include <algorithm>

namespace gs::report {

ReportTarget ReportTarget::of(const QString &name,
                              const QString &address,
                              int port,
                              const QString &user,
                              const QString &loggedInAs)
{
    return ReportTarget{name, address, port, user.isEmpty() ? loggedInAs : user};
}

QString ReportOptions::thisVersion()
{
    return QStringLiteral("Gatescope %1").arg(QString::fromLatin1(kVersion));
}

namespace {

using findings::Finding;
using Severity = Finding::Severity;

// Says what a reader of a redacted report is looking at; the mapping itself is never shown.
QString redactionNote()
{
    return QStringLiteral("host, site, service, pool and user names and IP addresses are "
                          "replaced by tokens (host-1, site-1, service-1, pool-1, user-1, ip-1); "
                          "the same value has the same token throughout.");
}

QString utc(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" UTC");
}

QString severityWord(Severity severity)
{
    return Finding::severityName(severity).toUpper();
}

QString severityColor(Severity severity)
{
    switch (severity) {
    case Severity::Critical: return QStringLiteral("#c0392b");
    case Severity::Warning: return QStringLiteral("#b7791f");
    case Severity::Info: return QStringLiteral("#2f6fbf");
    }
    return QStringLiteral("#555555");
}

QString checkWord(checks::CheckStatus status)
{
    return checks::checkStatusName(status);
}

QString checkColor(checks::CheckStatus status)
{
    switch (status) {
    case checks::CheckStatus::Pass: return QStringLiteral("#23834a");
    case checks::CheckStatus::Warn: return QStringLiteral("#b7791f");
    case checks::CheckStatus::Fail:
    case checks::CheckStatus::Error: return QStringLiteral("#c0392b");
    case checks::CheckStatus::Skip: return QStringLiteral("#6b7684");
    }
    return QStringLiteral("#555555");
}

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

// Markdown inline text: characters that would start formatting are escaped, except inside
// `code spans`, which the catalog's remedies use for commands and directives.
QString md(const QString &text)
{
    static const QString special = QStringLiteral("\\`*_[]<>|#");
    const bool keepCode = text.count(QLatin1Char('`')) % 2 == 0;
    QString out;
    out.reserve(text.size());
    bool inCode = false;
    for (const QChar c : text) {
        if (keepCode && c == QLatin1Char('`')) {
            inCode = !inCode;
            out += c;
            continue;
        }
        if (!inCode && special.contains(c))
            out += QLatin1Char('\\');
        out += c == QLatin1Char('\n') ? QLatin1Char(' ') : c;
    }
    return out;
}

// A code fence longer than any run of backticks in the text, so evidence stays verbatim.
QString fence(const QString &text)
{
    int longest = 0;
    int run = 0;
    for (const QChar c : text) {
        run = c == QLatin1Char('`') ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return QString(std::max(3, longest + 1), QLatin1Char('`'));
}

QString indent(const QString &text, int spaces)
{
    const QString pad(spaces, QLatin1Char(' '));
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &line : lines)
        line = pad + line;
    return lines.join(QLatin1Char('\n'));
}

// A Markdown code span for any text, usable in a table cell: a backtick fence longer than any
// run inside, and pipes escaped (GFM splits cells before it reads code spans).
QString codeSpan(QString text)
{
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    int longest = 0;
    int run = 0;
    for (const QChar c : std::as_const(text)) {
        run = c == QLatin1Char('`') ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const QString marks(longest + 1, QLatin1Char('`'));
    const bool pad = text.startsWith(QLatin1Char('`')) || text.endsWith(QLatin1Char('`'));
    const QString inner = pad ? QLatin1Char(' ') + text + QLatin1Char(' ') : text;
    return QString(marks + inner + marks).replace(QLatin1Char('|'), QLatin1String("\\|"));
}

bool outcomeOk(const QString &outcome)
{
    return outcome == QLatin1String("ok");
}

QString outcomeColor(const QString &outcome)
{
    if (outcomeOk(outcome))
        return QStringLiteral("#23834a");
    if (outcome == QLatin1String("refused"))
        return QStringLiteral("#b7791f");
    return QStringLiteral("#c0392b");
}

// What went wrong, for an action that did not end ok: the last lines of its detail, which is
// where the tools print their verdict.
QStringList detailTail(const audit::AuditEntry &entry)
{
    if (outcomeOk(entry.outcome))
        return {};
    QStringList lines;
    for (const QString &line : entry.detail.split(QLatin1Char('\n'))) {
        if (!line.trimmed().isEmpty())
            lines << (line.size() > 300 ? line.left(300) + QStringLiteral("…") : line);
    }
    return lines.mid(std::max<qsizetype>(0, lines.size() - 5));
}

QString entryUser(const audit::AuditEntry &entry)
{
    return entry.localUser.isEmpty() ? QStringLiteral("?") : entry.localUser;
}

} // namespace

ReportWriter::ReportWriter(const checks::DiagnosisReport &report,
                           const ReportTarget &target,
                           const ReportOptions &options)
    : m_report(report)
    , m_target(target)
    , m_options(options)
{
    // The redaction reads the configuration's names from the raw observations; a report never
    // shows them.
    if (m_options.redact)
        ReportRedactor::apply(m_report, m_target, m_options.activity);
    m_report.raw = {};
}

QString ReportWriter::document(const QString &fileName) const
{
    // QFileInfo only splits the name here; it reads nothing from disk for suffix().
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix == QLatin1String("html") || suffix == QLatin1String("htm"))
        return html();
    if (suffix == QLatin1String("md") || suffix == QLatin1String("markdown"))
        return markdown();
    return plainText();
}

QString ReportWriter::activityRange() const
{
    const ReportActivity &activity = *m_options.activity;
    if (activity.since.isValid() && activity.until.isValid())
        return QStringLiteral("from %1 to %2").arg(utc(activity.since), utc(activity.until));
    if (activity.since.isValid())
        return QStringLiteral("since %1").arg(utc(activity.since));
    if (activity.until.isValid())
        return QStringLiteral("until %1").arg(utc(activity.until));
    return QStringLiteral("as far back as it goes");
}

QStringList ReportWriter::activityText() const
{
    QStringList out;
    if (!m_options.activity)
        return out;
    const ReportActivity &activity = *m_options.activity;
    out << QString() << QStringLiteral("ACTIONS AND CHANGES MADE BY GATESCOPE");
    if (activity.entries.isEmpty()) {
        out << QStringLiteral("  None: the local audit log has nothing for this server %1.")
                        .arg(activityRange());
        return out;
    }
    out << QStringLiteral("  From the local audit log, %1 (%2, oldest first):")
                    .arg(activityRange())
                    .arg(activity.entries.size() == 1
                                 ? QStringLiteral("1 entry")
                                 : QStringLiteral("%1 entries").arg(activity.entries.size()));
    for (const audit::AuditEntry &entry : activity.entries) {
        out << QStringLiteral("  %1  %2  %3  -> %4")
                        .arg(utc(entry.time), entryUser(entry), entry.action, entry.outcome);
        if (!entry.command.isEmpty())
            out << indent(QStringLiteral("$ ") + entry.command, 4);
        for (const QString &line : detailTail(entry))
            out << QStringLiteral("    | %1").arg(line);
    }
    return out;
}

QStringList ReportWriter::activityMarkdown() const
{
    QStringList out;
    if (!m_options.activity)
        return out;
    const ReportActivity &activity = *m_options.activity;
    out << QStringLiteral("## Actions and changes made by Gatescope") << QString();
    if (activity.entries.isEmpty()) {
        out << QStringLiteral("None: the local audit log has nothing for this server %1.")
                        .arg(md(activityRange()))
            << QString();
        return out;
    }
    out << QStringLiteral("From the local audit log, %1, oldest first.").arg(md(activityRange()))
        << QString();
    out << QStringLiteral("| Time | User | Action | Command | Outcome |")
        << QStringLiteral("|---|---|---|---|---|");
    for (const audit::AuditEntry &entry : activity.entries) {
        QString outcome = outcomeOk(entry.outcome)
                                  ? md(entry.outcome)
                                  : QStringLiteral("**%1**").arg(md(entry.outcome));
        if (const QStringList tail = detailTail(entry); !tail.isEmpty())
            outcome += QStringLiteral(": ") + codeSpan(tail.last());
        out << QStringLiteral("| %1 | %2 | %3 | %4 | %5 |")
                        .arg(utc(entry.time),
                             md(entryUser(entry)),
                             md(entry.action),
                             entry.command.isEmpty() ? QString() : codeSpan(entry.command),
                             outcome);
    }
    out << QString();
    return out;
}

QString ReportWriter::activityHtml() const
{
    if (!m_options.activity)
        return {};
    const ReportActivity &activity = *m_options.activity;
    QString h = QStringLiteral("<h2>Actions and changes made by Gatescope</h2>\n");
    if (activity.entries.isEmpty()) {
        h += QStringLiteral("<p>None: the local audit log has nothing for this server %1.</p>\n")
                     .arg(esc(activityRange()));
        return h;
    }
    h += QStringLiteral("<p>From the local audit log, %1, oldest first.</p>\n")
                 .arg(esc(activityRange()));
    h += QStringLiteral("<table class=\"checks\" cellspacing=\"0\" cellpadding=\"4\">\n<tr>"
                        "<th>Time</th><th>User</th><th>Action</th><th>Command</th>"
                        "<th>Outcome</th></tr>\n");
    for (const audit::AuditEntry &entry : activity.entries) {
        QString outcome = QStringLiteral("<span style=\"color: %1; font-weight: bold\">%2</span>")
                                  .arg(outcomeColor(entry.outcome), esc(entry.outcome));
        if (const QStringList tail = detailTail(entry); !tail.isEmpty())
            outcome += QStringLiteral("<pre class=\"evidence\">%1</pre>")
                               .arg(esc(tail.join(QLatin1Char('\n'))));
        h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td class=\"mono\">%4</td>"
                            "<td>%5</td></tr>\n")
                     .arg(esc(utc(entry.time)),
                          esc(entryUser(entry)),
                          esc(entry.action),
                          esc(entry.command),
                          outcome);
    }
    h += QStringLiteral("</table>\n");
    return h;
}

QString ReportWriter::title() const
{
    return QStringLiteral("Diagnosis of %1").arg(m_target.name);
}

QString ReportWriter::targetLine() const
{
    QString address = m_target.address.contains(QLatin1Char(':'))
                              ? QLatin1Char('[') + m_target.address + QLatin1Char(']')
                              : m_target.address;
    if (!m_target.user.isEmpty())
        address = m_target.user + QLatin1Char('@') + address;
    // Port 0: no session; the diagnosis was made from a support bundle of this server.
    if (m_target.port == 0)
        return QStringLiteral("support bundle of ") + address;
    if (m_target.port != 22)
        address += QLatin1Char(':') + QString::number(m_target.port);
    return address;
}

QString ReportWriter::systemLine() const
{
    const discovery::HostFacts &f = m_report.facts;
    QStringList parts;
    if (!f.os.isEmpty())
        parts << f.os;
    if (f.nginx.installed) {
        parts << QStringLiteral("nginx %1 (%2)")
                         .arg(f.nginx.version,
                              f.nginx.running ? QStringLiteral("running")
                                              : QStringLiteral("not running"));
    } else {
        parts << QStringLiteral("nginx not found");
    }
    if (!f.fpm.binaries.isEmpty() || !f.fpm.masters.isEmpty()) {
        parts << QStringLiteral("PHP-FPM %1 (%2)")
                         .arg(f.fpm.version.isEmpty() ? QStringLiteral("?") : f.fpm.version,
                              f.fpm.masters.isEmpty() ? QStringLiteral("not running")
                                                      : QStringLiteral("running"));
    }
    return parts.join(QLatin1String(", "));
}

QString ReportWriter::resultLine() const
{
    int counts[3] = {0, 0, 0};
    for (const Finding &finding : m_report.findings)
        ++counts[int(finding.severity)];
    if (m_report.findings.isEmpty() && !m_report.coverage.complete)
        return QStringLiteral("Not fully checked: nothing wrong was seen, but the checks that "
                              "could explain a 502 did not all run (see \"Not checked\").");
    if (m_report.findings.isEmpty())
        return QStringLiteral("No problems found: nothing here explains a 502 or 504.");
    QStringList parts;
    if (counts[int(Severity::Critical)])
        parts << QStringLiteral("%1 critical").arg(counts[int(Severity::Critical)]);
    if (counts[int(Severity::Warning)])
        parts << QStringLiteral("%1 warning").arg(counts[int(Severity::Warning)]);
    if (counts[int(Severity::Info)])
        parts << QStringLiteral("%1 info").arg(counts[int(Severity::Info)]);
    return QStringLiteral("%1 %2: %3")
            .arg(m_report.findings.size())
            .arg(m_report.findings.size() == 1 ? QStringLiteral("finding")
                                               : QStringLiteral("findings"),
                 parts.join(QLatin1String(", ")));
}

QString ReportWriter::seenText(const Finding &finding) const
{
    if (finding.count <= 0)
        return {};
    QString text = finding.count == 1 ? QStringLiteral("once")
                                      : QStringLiteral("%1 times").arg(finding.count);
    if (finding.firstSeen.isValid() && finding.lastSeen.isValid()) {
        text += finding.firstSeen == finding.lastSeen
                        ? QStringLiteral(", at %1").arg(utc(finding.firstSeen))
                        : QStringLiteral(", first %1, last %2")
                                  .arg(utc(finding.firstSeen), utc(finding.lastSeen));
    }
    return text;
}

QString ReportWriter::plainText() const
{
    QStringList out;
    out << title().toUpper();
    out << QStringLiteral("Server:    %1 (%2)").arg(m_target.name, targetLine());
    if (m_options.diagnosedAt.isValid())
        out << QStringLiteral("Diagnosed: %1, took %2 s")
                        .arg(utc(m_options.diagnosedAt))
                        .arg(double(m_report.durationMs) / 1000.0, 0, 'f', 1);
    out << QStringLiteral("System:    %1").arg(systemLine());
    out << QStringLiteral("Result:    %1").arg(resultLine());
    if (m_options.redact)
        out << QStringLiteral("Redacted:  %1").arg(redactionNote());

    if (!m_report.findings.isEmpty()) {
        out << QString() << QStringLiteral("FINDINGS (most likely cause first)");
        int number = 0;
        for (const Finding &finding : m_report.findings) {
            out << QString();
            out << QStringLiteral("%1. [%2] %3%4")
                            .arg(++number)
                            .arg(severityWord(finding.severity),
                                 finding.title,
                                 CoverageSection::stateSuffix(finding));
            out << QStringLiteral("   id: %1").arg(finding.id);
            out << indent(finding.explanation, 3);
            if (!finding.upstream.isEmpty())
                out << QStringLiteral("   Upstream: %1").arg(finding.upstream);
            if (!finding.configFile.isEmpty()) {
                out << QStringLiteral("   Config:   %1%2")
                                .arg(finding.configFile,
                                     finding.configLine > 0
                                             ? QStringLiteral(":%1").arg(finding.configLine)
                                             : QString());
            }
            if (const QString seen = seenText(finding); !seen.isEmpty())
                out << QStringLiteral("   Seen:     %1").arg(seen);
            if (!finding.remedy.isEmpty()) {
                out << QStringLiteral("   What to do:");
                int step = 0;
                for (const QString &remedy : finding.remedy)
                    out << QStringLiteral("     %1) %2").arg(++step).arg(remedy);
            }
            if (!finding.evidence.isEmpty()) {
                out << QStringLiteral("   Evidence:");
                for (const Finding::Evidence &evidence : finding.evidence) {
                    out << QStringLiteral("     [%1]").arg(evidence.source);
                    out << indent(evidence.text, 7);
                }
            }
        }
    }

    if (const QString gaps = CoverageSection::text(m_report.coverage); !gaps.isEmpty())
        out << gaps;
    out << QString() << QStringLiteral("CHECKS");
    for (const checks::CheckResult &check : m_report.checks) {
        out << QStringLiteral("  [%1] %2: %3")
                        .arg(checkWord(check.status).leftJustified(5), check.title, check.summary);
    }
    out << activityText();
    if (!m_options.appVersion.isEmpty())
        out << QString() << QStringLiteral("-- %1").arg(m_options.appVersion);
    return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString ReportWriter::markdown() const
{
    QStringList out;
    out << QStringLiteral("# %1").arg(md(title())) << QString();
    out << QStringLiteral("| | |") << QStringLiteral("|---|---|");
    out << QStringLiteral("| Server | %1 (`%2`) |").arg(md(m_target.name), targetLine());
    if (m_options.diagnosedAt.isValid())
        out << QStringLiteral("| Diagnosed | %1, took %2 s |")
                        .arg(utc(m_options.diagnosedAt))
                        .arg(double(m_report.durationMs) / 1000.0, 0, 'f', 1);
    out << QStringLiteral("| System | %1 |").arg(md(systemLine()));
    out << QStringLiteral("| Result | **%1** |").arg(md(resultLine()));
    out << QString();
    if (m_options.redact)
        out << QStringLiteral("> Redacted: %1").arg(md(redactionNote())) << QString();

    if (!m_report.findings.isEmpty()) {
        out << QStringLiteral("## Findings (most likely cause first)") << QString();
        int number = 0;
        for (const Finding &finding : m_report.findings) {
            out << QStringLiteral("### %1. %2: %3%4")
                            .arg(++number)
                            .arg(severityWord(finding.severity),
                                 md(finding.title),
                                 md(CoverageSection::stateSuffix(finding)))
                << QString();
            out << QStringLiteral("`%1`").arg(finding.id) << QString();
            out << md(finding.explanation) << QString();
            if (!finding.upstream.isEmpty())
                out << QStringLiteral("- **Upstream:** `%1`").arg(finding.upstream);
            if (!finding.configFile.isEmpty()) {
                out << QStringLiteral("- **Config:** `%1%2`")
                                .arg(finding.configFile,
                                     finding.configLine > 0
                                             ? QStringLiteral(":%1").arg(finding.configLine)
                                             : QString());
            }
            if (const QString seen = seenText(finding); !seen.isEmpty())
                out << QStringLiteral("- **Seen:** %1").arg(seen);
            out << QString();
            if (!finding.remedy.isEmpty()) {
                out << QStringLiteral("**What to do**") << QString();
                int step = 0;
                for (const QString &remedy : finding.remedy)
                    out << QStringLiteral("%1. %2").arg(++step).arg(md(remedy));
                out << QString();
            }
            if (!finding.evidence.isEmpty()) {
                out << QStringLiteral("**Evidence**") << QString();
                for (const Finding::Evidence &evidence : finding.evidence) {
                    out << QStringLiteral("From `%1`:").arg(evidence.source) << QString();
                    const QString marks = fence(evidence.text);
                    out << marks << evidence.text << marks << QString();
                }
            }
        }
    }

    if (const QString gaps = CoverageSection::markdown(m_report.coverage); !gaps.isEmpty())
        out << gaps;
    out << QStringLiteral("## Checks") << QString();
    out << QStringLiteral("| Result | Check | Details |") << QStringLiteral("|---|---|---|");
    for (const checks::CheckResult &check : m_report.checks) {
        out << QStringLiteral("| %1 | %2 | %3 |")
                        .arg(checkWord(check.status), md(check.title), md(check.summary));
    }
    out << QString();
    out << activityMarkdown();
    if (!m_options.appVersion.isEmpty())
        out << QStringLiteral("_%1_").arg(md(m_options.appVersion)) << QString();
    return out.join(QLatin1Char('\n'));
}

QString ReportWriter::html() const
{
    // Tables and inline CSS only: browsers, mail clients and Qt's rich text (the PDF) all show
    // it; colour is never the only signal (severity words are printed too).
    QString h;
    h += QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h += QStringLiteral("<title>%1</title>\n").arg(esc(title()));
    h += QStringLiteral(
            "<style>\n"
            "body { font-family: 'Segoe UI', 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; "
            "color: #1d232a; margin: 24px; line-height: 1.4; }\n"
            "h1 { font-size: 18pt; margin: 0 0 8px 0; }\n"
            "h2 { font-size: 13pt; margin: 22px 0 8px 0; border-bottom: 1px solid #ccd2d9; }\n"
            "h3 { font-size: 11pt; margin: 0 0 6px 0; }\n"
            "table.meta td { padding: 2px 12px 2px 0; vertical-align: top; }\n"
            "table.meta td.k { color: #5b6672; }\n"
            "table.finding { width: 100%; border: 1px solid #ccd2d9; margin: 0 0 14px 0; "
            "page-break-inside: avoid; }\n"
            "table.finding td.body { padding: 10px 12px; }\n"
            ".sev { font-weight: bold; }\n"
            ".id, .k { color: #5b6672; }\n"
            "code, .mono { font-family: 'DejaVu Sans Mono', Consolas, monospace; font-size: 9pt; "
            "}\n"
            ".evidence { font-family: 'DejaVu Sans Mono', Consolas, monospace; font-size: 8.5pt; "
            "white-space: pre-wrap; background: #f4f6f8; border: 1px solid #dde2e7; "
            "padding: 6px; margin: 2px 0 8px 0; }\n"
            "table.checks { border-collapse: collapse; width: 100%; }\n"
            "table.checks th, table.checks td { border: 1px solid #dde2e7; padding: 4px 8px; "
            "text-align: left; vertical-align: top; }\n"
            ".note { color: #5b6672; font-style: italic; }\n"
            "@media print { body { margin: 0; } a { color: inherit; } }\n"
            "</style>\n</head>\n<body>\n");
    h += QStringLiteral("<h1>%1</h1>\n").arg(esc(title()));
    h += QStringLiteral("<table class=\"meta\">\n");
    auto meta = [&h](const QString &key, const QString &value) {
        h += QStringLiteral("<tr><td class=\"k\">%1</td><td>%2</td></tr>\n").arg(esc(key), value);
    };
    meta(QStringLiteral("Server"),
         QStringLiteral("%1 (<span class=\"mono\">%2</span>)")
                 .arg(esc(m_target.name), esc(targetLine())));
    if (m_options.diagnosedAt.isValid())
        meta(QStringLiteral("Diagnosed"),
             esc(QStringLiteral("%1, took %2 s")
                         .arg(utc(m_options.diagnosedAt))
                         .arg(double(m_report.durationMs) / 1000.0, 0, 'f', 1)));
    meta(QStringLiteral("System"), esc(systemLine()));
    meta(QStringLiteral("Result"), QStringLiteral("<b>%1</b>").arg(esc(resultLine())));
    h += QStringLiteral("</table>\n");
    if (m_options.redact)
        h += QStringLiteral("<p class=\"note\">Redacted: %1</p>\n").arg(esc(redactionNote()));

    if (!m_report.findings.isEmpty()) {
        h += QStringLiteral("<h2>Findings (most likely cause first)</h2>\n");
        int number = 0;
        for (const Finding &finding : m_report.findings) {
            const QString color = severityColor(finding.severity);
            h += QStringLiteral("<table class=\"finding\" cellspacing=\"0\" cellpadding=\"0\">"
                                "<tr><td width=\"6\" bgcolor=\"%1\" style=\"background: %1; "
                                "width: 6px;\"></td><td class=\"body\">\n")
                         .arg(color);
            h += QStringLiteral("<h3>%1. <span class=\"sev\" style=\"color: %2\">%3</span> "
                                "%4</h3>\n")
                         .arg(++number)
                         .arg(color,
                              severityWord(finding.severity),
                              esc(finding.title + CoverageSection::stateSuffix(finding)));
            h += QStringLiteral("<div class=\"id mono\">%1</div>\n").arg(esc(finding.id));
            h += QStringLiteral("<p>%1</p>\n").arg(esc(finding.explanation));
            h += QStringLiteral("<table class=\"meta\">\n");
            if (!finding.upstream.isEmpty())
                meta(QStringLiteral("Upstream"),
                     QStringLiteral("<span class=\"mono\">%1</span>").arg(esc(finding.upstream)));
            if (!finding.configFile.isEmpty()) {
                meta(QStringLiteral("Config"),
                     QStringLiteral("<span class=\"mono\">%1%2</span>")
                             .arg(esc(finding.configFile),
                                  finding.configLine > 0
                                          ? QStringLiteral(":%1").arg(finding.configLine)
                                          : QString()));
            }
            if (const QString seen = seenText(finding); !seen.isEmpty())
                meta(QStringLiteral("Seen"), esc(seen));
            h += QStringLiteral("</table>\n");
            if (!finding.remedy.isEmpty()) {
                h += QStringLiteral("<p><b>What to do</b></p>\n<ol>\n");
                for (const QString &remedy : finding.remedy)
                    h += QStringLiteral("<li>%1</li>\n").arg(codeSpansToHtml(remedy));
                h += QStringLiteral("</ol>\n");
            }
            if (!finding.evidence.isEmpty()) {
                h += QStringLiteral("<p><b>Evidence</b></p>\n");
                for (const Finding::Evidence &evidence : finding.evidence) {
                    h += QStringLiteral("<div class=\"k\">From <span class=\"mono\">%1</span>"
                                        "</div>\n<pre class=\"evidence\">%2</pre>\n")
                                 .arg(esc(evidence.source), esc(evidence.text));
                }
            }
            h += QStringLiteral("</td></tr></table>\n");
        }
    } else if (m_report.coverage.complete) {
        h += QStringLiteral("<h2>No problems found</h2>\n<p>Nothing on this server explains a 502 "
                            "or 504 at the time of the diagnosis.</p>\n");
    }
    h += CoverageSection::html(m_report.coverage);

    h += QStringLiteral("<h2>Checks</h2>\n<table class=\"checks\" cellspacing=\"0\" "
                        "cellpadding=\"4\">\n<tr><th>Result</th><th>Check</th><th>Details</th>"
                        "</tr>\n");
    for (const checks::CheckResult &check : m_report.checks) {
        h += QStringLiteral("<tr><td style=\"color: %1; font-weight: bold\">%2</td><td>%3</td>"
                            "<td>%4</td></tr>\n")
                     .arg(checkColor(check.status),
                          esc(checkWord(check.status)),
                          esc(check.title),
                          esc(check.summary));
    }
    h += QStringLiteral("</table>\n");
    h += activityHtml();
    if (!m_options.appVersion.isEmpty())
        h += QStringLiteral("<p class=\"note\">%1</p>\n").arg(esc(m_options.appVersion));
    h += QStringLiteral("</body>\n</html>\n");
    return h;
}

} // namespace gs::report
