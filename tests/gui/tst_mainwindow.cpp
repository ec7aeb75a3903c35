#include "mainwindow.h"

#include <QLabel>
#include <QPushButton>
#include <QtTest>

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsEmptyStateWithoutServers()
    {
        gs::gui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.isShowingEmptyState());
        auto title = window.findChild<QLabel *>(QStringLiteral("emptyStateTitle"));
        QVERIFY(title);
        QVERIFY(title->isVisible());
        auto add = window.findChild<QPushButton *>(QStringLiteral("addServerButton"));
        QVERIFY(add);
        QVERIFY(add->isVisible());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
