#include "diagnose/findingfix.h"

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

FindingFix FindingFix::forFinding(const findings::Finding &finding)
{
    FindingFix fix;
    if (const auto &service = finding.serviceFix) {
        fix.kind = Kind::Service;
        fix.service = service->service;
        fix.journal = service->journal;
        fix.logFiles = service->logFiles;
        if (service->action == findings::ServiceFix::Action::Restart) {
            fix.action = actions::ServiceAction::Restart;
            // Named: "Restart shop.service" reads better than a word only systemd users know.
            fix.label = tr("Restart %1").arg(service->service);
        } else if (service->service == QLatin1String("php-fpm")) {
            fix.label = tr("Start PHP-FPM");
        } else if (service->service == QLatin1String("nginx")) {
            fix.label = tr("Start nginx");
        } else {
            fix.label = tr("Start %1").arg(service->service);
        }
        return fix;
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
