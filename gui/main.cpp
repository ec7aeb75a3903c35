#include "app/connectionmanager.h"
#include "app/mainwindow.h"
#include "common/appicons.h"
#include "inventory/inventorystore.h"
#include "secrets/secretstore.h"

#include "gatescope/version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QTimer>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("gatescope"));
    QApplication::setApplicationDisplayName(QStringLiteral("Gatescope"));
    QApplication::setApplicationVersion(QString::fromLatin1(gs::kVersion));
    QApplication::setOrganizationName(QStringLiteral("gatescope"));
    QApplication::setWindowIcon(gs::gui::appIcon(QStringLiteral("gatescope")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("Find and fix the causes of nginx 502 and 504 errors over SSH."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption diagnose(
            QStringLiteral("diagnose"),
            QStringLiteral("Open the server NAME and diagnose it at once (may be repeated)."),
            QStringLiteral("NAME"));
    const QCommandLineOption diagnoseAll(QStringLiteral("diagnose-all"),
                                         QStringLiteral("Diagnose every server at once."));
    const QCommandLineOption fleet(QStringLiteral("fleet"),
                                   QStringLiteral("Start with the Fleet overview."));
    const QCommandLineOption test(QStringLiteral("test-connection"),
                                  QStringLiteral("Open the server NAME and test its connection."),
                                  QStringLiteral("NAME"));
    const QCommandLineOption bundle(
            QStringLiteral("open-bundle"),
            QStringLiteral(
                    "Open the support bundle FILE, or every bundle in a folder (read-only)."),
            QStringLiteral("FILE"));
    parser.addOptions({diagnose, diagnoseAll, fleet, test, bundle});
    parser.process(app);

    gs::gui::MainWindow window;
    gs::secrets::SecretStore secrets;
    gs::gui::ConnectionManager connections(&window, &secrets);
    window.show();
    // After the window is up, so that dialogs (host keys, passwords) have it as their parent.
    QTimer::singleShot(0, &window, [&] {
        if (parser.isSet(fleet))
            window.showFleet();
        const QStringList names = parser.values(diagnose);
        if (!names.isEmpty() && !parser.isSet(fleet))
            window.selectServer(names.first());
        if (parser.isSet(test)) {
            window.selectServer(parser.value(test));
            connections.testConnection(parser.value(test));
        }
        for (const QString &path : parser.values(bundle)) {
            if (QFileInfo(path).isDir())
                window.openBundleFolder(path);
            else
                window.openBundle(path);
        }
        if (parser.isSet(diagnoseAll)) {
            QStringList all;
            for (const gs::inventory::Server &server : window.store()->inventory().servers())
                all << server.name;
            connections.diagnose(all);
        } else if (!names.isEmpty()) {
            connections.diagnose(names);
        }
    });
    return app.exec();
}
