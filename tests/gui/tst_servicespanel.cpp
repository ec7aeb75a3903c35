// The Overview's Services panel: rows that keep their places when a restart changes the process
// table, and long configuration paths that shorten instead of pushing the buttons off a
// 1024x600 window (issue 11).

#include "common/elidedlabel.h"
#include "overview/servicespanel.h"

#include <QPushButton>
#include <QtTest>

using gs::actions::ServiceAction;
using gs::actions::ServiceControl;

class TestServicesPanel : public QObject
{
    Q_OBJECT

private:
    static gs::discovery::FpmMaster master(int pid, const QString &config)
    {
        gs::discovery::FpmMaster m;
        m.pid = pid;
        m.config = config;
        return m;
    }

private Q_SLOTS:
    void rows_keepTheirPlaces_whenARestartReordersTheProcessTable()
    {
        const QString a = QStringLiteral("/etc/php/7.4/fpm/php-fpm.conf");
        const QString b = QStringLiteral("/etc/php/8.2/fpm/php-fpm.conf");
        const QString c = QStringLiteral("/opt/legacy/etc/php-fpm.conf");
        gs::gui::ServicesPanel panel;
        ServiceControl::HostServices services;
        services.facts.nginx.running = true;
        services.facts.nginx.config = QStringLiteral("/etc/nginx/nginx.conf");
        services.facts.fpm.masters = {master(100, a), master(200, b)};
        services.rememberedFpm = {{QStringLiteral("/opt/legacy/sbin/php-fpm"), {}, c}};
        panel.setServices(services);
        const QStringList before = panel.serviceNames();
        QCOMPARE(before,
                 QStringList({QStringLiteral("nginx:/etc/nginx/nginx.conf"),
                              QStringLiteral("php-fpm:") + a,
                              QStringLiteral("php-fpm:") + b,
                              QStringLiteral("php-fpm:") + c}));
        // 8.2 restarted: a new pid, listed first by ps now; the legacy master started too.
        services.facts.fpm.masters = {master(900, b), master(300, c), master(100, a)};
        panel.setServices(services);
        QCOMPARE(panel.serviceNames(), before);
        QVERIFY(panel.button(QStringLiteral("php-fpm:") + c, ServiceAction::Stop)->isEnabled());
    }

    void longPaths_shorten_andTheButtonsStayInside_at1024x600()
    {
        gs::gui::ServicesPanel panel;
        ServiceControl::HostServices services;
        services.facts.nginx.running = true;
        const QString longConfig = QStringLiteral("/srv/customers/very-long-customer-name/"
                                                  "deployments/2026-12-01/etc/nginx/nginx.conf");
        services.facts.nginx.config = longConfig;
        panel.setServices(services);
        // The Overview's room at 1024x600: the window less the sidebar and margins.
        panel.resize(700, 200);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(panel.minimumSizeHint().width() <= 700);
        const QString service = QStringLiteral("nginx:") + longConfig;
        for (ServiceAction action : {ServiceAction::Start,
                                     ServiceAction::Stop,
                                     ServiceAction::Restart,
                                     ServiceAction::Reload}) {
            QPushButton *button = panel.button(service, action);
            QVERIFY(button);
            const QRect inPanel(button->mapTo(&panel, QPoint(0, 0)), button->size());
            QVERIFY2(panel.rect().contains(inPanel), qPrintable(button->text()));
        }
        auto where = panel.findChild<gs::gui::ElidedLabel *>(QStringLiteral("serviceWhere"));
        QVERIFY(where);
        QVERIFY(where->isElided());
        QCOMPARE(where->toolTip(), longConfig);
        QVERIFY(where->text().endsWith(QLatin1String("nginx.conf")));

        panel.resize(1600, 200); // room enough: the whole path, no tooltip needed
        QTRY_VERIFY(!where->isElided());
        QVERIFY(where->toolTip().isEmpty());
    }
};

QTEST_MAIN(TestServicesPanel)
#include "tst_servicespanel.moc"
