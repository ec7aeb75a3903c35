#include "findingfix.h"

#include <QCoreApplication>

namespace gs::gui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gs::gui::FindingFix", text);
}

// The catalog marks commands as `code`: a plain sentence reads better without the backticks.
QString plain(QString text)
{
    return text.remove(QLatin1Char('`'));
}

} // namespace

QString FindingFix::unitOf(const findings::Finding &finding)
{
    static const QLatin1String kShow("systemctl show ");
    static const QLatin1String kJournal("journalctl -u ");
    static const QLatin1String kInit("/etc/init.d/");
    for (const findings::Finding::Evidence &evidence : finding.evidence) {
        QString rest;
        if (evidence.source.startsWith(kShow))
            rest = evidence.source.mid(kShow.size());
        else if (evidence.source.startsWith(kJournal))
            rest = evidence.source.mid(kJournal.size());
        else if (evidence.source.startsWith(kInit)
                 && evidence.source.endsWith(QLatin1String(" status")))
            rest = evidence.source.mid(kInit.size());
        rest = rest.section(QLatin1Char(' '), 0, 0).trimmed();
        if (!rest.isEmpty())
            return rest;
    }
    return {};
}

QStringList FindingFix::logFilesOf(const findings::Finding &finding)
{
    QStringList files;
    for (const findings::Finding::Evidence &evidence : finding.evidence) {
        const QString &source = evidence.source;
        if (source.startsWith(QLatin1Char('/')) && !source.startsWith(QLatin1String("/etc/init.d/"))
            && !source.contains(QLatin1Char(' ')) && !files.contains(source))
            files << source;
    }
    return files;
}

FindingFix FindingFix::forFinding(const findings::Finding &finding)
{
    FindingFix fix;
    if (finding.id == QLatin1String("phpfpm.not_running")) {
        fix.kind = Kind::Service;
        fix.label = tr("Start PHP-FPM");
        fix.service = QStringLiteral("php-fpm");
        return fix;
    }
    if (finding.id == QLatin1String("nginx.not_running")) {
        fix.kind = Kind::Service;
        fix.label = tr("Start nginx");
        fix.service = QStringLiteral("nginx");
        return fix;
    }
    if (finding.id == QLatin1String("app.service_down")
        || finding.id == QLatin1String("app.crash_loop")) {
        const QString unit = unitOf(finding);
        if (!unit.isEmpty()) {
            fix.kind = Kind::Service;
            // Named: "Restart shop.service" reads better than a word only systemd users know.
            fix.label = tr("Restart %1").arg(unit);
            fix.service = unit;
            fix.action = actions::ServiceAction::Restart;
            fix.showJournal = true;
            return fix;
        }
    }
    if (finding.edit) {
        fix.kind = Kind::Editor;
        fix.label = tr("Review the fix…");
        fix.guidedEdit = true;
        return fix;
    }
    if (!finding.configFile.isEmpty()) {
        fix.kind = Kind::Editor;
        fix.label = tr("Open the fix in the editor");
        return fix;
    }
    fix.kind = Kind::Human;
    const QString first = finding.remedy.isEmpty() ? finding.title : plain(finding.remedy.first());
    fix.humanText = tr("Gatescope cannot fix this from here: it needs a person with access to "
                       "the application or the network. Tell them: %1")
                            .arg(first);
    return fix;
}

} // namespace gs::gui
