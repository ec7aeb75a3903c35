#include "appicons.h"
#include "connectionmanager.h"
#include "mainwindow.h"
#include "secrets/secretstore.h"

#include "gatescope/version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

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
    parser.process(app);

    gs::gui::MainWindow window;
    gs::secrets::SecretStore secrets;
    gs::gui::ConnectionManager connections(&window, &secrets);
    window.show();
    return app.exec();
}
