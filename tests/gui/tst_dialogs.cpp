#include "app/taskstatuswidget.h"
#include "connection/hostkeydialog.h"
#include "connection/importsshconfigdialog.h"
#include "connection/secretdialog.h"
#include "connection/serverdialog.h"
#include "diagnose/probedialog.h"

#include <QCheckBox>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QToolButton>
#include <QtTest>

using gs::gui::HostKeyDialog;
using gs::gui::SecretDialog;

class TestDialogs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hostKey_acceptAndRemember_decidesOnce()
    {
        HostKeyDialog dialog(QStringLiteral("web1.example.com"),
                             2222,
                             QStringLiteral("ssh-ed25519"),
                             QStringLiteral("SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"));
        QSignalSpy spy(&dialog, &HostKeyDialog::decided);
        dialog.open();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("fingerprintLabel"))
                        ->text()
                        .contains(QLatin1String("SHA256:abcdefghijklmnop")));
        // Enter must not accept an unverified key.
        QVERIFY(dialog.findChild<QPushButton *>(QStringLiteral("refuseButton"))->isDefault());
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("acceptRememberButton")),
                          Qt::LeftButton);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.first().first().value<HostKeyDialog::Decision>(),
                 HostKeyDialog::Decision::AcceptAndRemember);
        QVERIFY(!dialog.isVisible());
    }

    void hostKey_escape_isRefusal()
    {
        HostKeyDialog dialog(QStringLiteral("h"),
                             22,
                             QStringLiteral("ecdsa-sha2-nistp256"),
                             QStringLiteral("SHA256:x"));
        QSignalSpy spy(&dialog, &HostKeyDialog::decided);
        dialog.open();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::keyClick(&dialog, Qt::Key_Escape);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.first().first().value<HostKeyDialog::Decision>(),
                 HostKeyDialog::Decision::Refuse);
    }

    void secret_submitHandsOverAndClears()
    {
        SecretDialog dialog(SecretDialog::Kind::SudoPassword, QStringLiteral("admin@web1"));
        QSignalSpy submitted(&dialog, &SecretDialog::submitted);
        QSignalSpy cancelled(&dialog, &SecretDialog::cancelled);
        dialog.open();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto edit = dialog.findChild<QLineEdit *>(QStringLiteral("secretEdit"));
        QCOMPARE(edit->echoMode(), QLineEdit::Password);
        QTest::keyClicks(edit, QStringLiteral("s3cr3t 'x'"));
        dialog.findChild<QCheckBox *>(QStringLiteral("rememberCheck"))->setChecked(true);
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("okButton")),
                          Qt::LeftButton);
        QCOMPARE(submitted.size(), 1);
        QCOMPARE(submitted.first().at(0).toString(), QStringLiteral("s3cr3t 'x'"));
        QCOMPARE(submitted.first().at(1).toBool(), true);
        QCOMPARE(cancelled.size(), 0);
        QVERIFY(edit->text().isEmpty());
    }

    void secret_withoutKeychain_neverRemembers()
    {
        SecretDialog dialog(SecretDialog::Kind::Passphrase, QStringLiteral("~/.ssh/id_ed25519"));
        QSignalSpy submitted(&dialog, &SecretDialog::submitted);
        dialog.findChild<QCheckBox *>(QStringLiteral("rememberCheck"))->setChecked(true);
        dialog.setRememberAvailable(false);
        dialog.open();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(!dialog.findChild<QCheckBox *>(QStringLiteral("rememberCheck"))->isVisible());
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("okButton")),
                          Qt::LeftButton);
        QCOMPARE(submitted.size(), 1);
        QCOMPARE(submitted.first().at(1).toBool(), false);
    }

    void secret_cancel_emitsCancelled()
    {
        SecretDialog dialog(SecretDialog::Kind::Password, QStringLiteral("admin@web1"));
        QSignalSpy cancelled(&dialog, &SecretDialog::cancelled);
        dialog.open();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::keyClick(&dialog, Qt::Key_Escape);
        QCOMPARE(cancelled.size(), 1);
    }

    void taskStatus_beginCancelFinish()
    {
        gs::gui::TaskStatusWidget status;
        status.show();
        QVERIFY(QTest::qWaitForWindowExposed(&status));
        QSignalSpy cancel(&status, &gs::gui::TaskStatusWidget::cancelRequested);
        auto button = status.findChild<QToolButton *>(QStringLiteral("taskCancelButton"));
        QVERIFY(!button->isVisible());
        status.begin(QStringLiteral("Connecting to web1…"));
        QVERIFY(status.isBusy());
        QVERIFY(button->isVisible());
        status.progress(QStringLiteral("Checking the host key…"));
        QCOMPARE(status.text(), QStringLiteral("Checking the host key…"));
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(cancel.size(), 1);
        status.finish(QStringLiteral("Cancelled."));
        QVERIFY(!status.isBusy());
        QVERIFY(!button->isVisible());
        QCOMPARE(status.text(), QStringLiteral("Cancelled."));
    }

    void import_listsCandidatesAndReturnsTicked()
    {
        QList<gs::inventory::Inventory::ImportCandidate> candidates;
        for (const char *name : {"web1", "web2", "inner"}) {
            gs::inventory::Inventory::ImportCandidate candidate;
            candidate.server.name = QString::fromLatin1(name);
            candidate.server.address = QStringLiteral("10.0.0.1");
            candidates.append(candidate);
        }
        candidates[2].skipReason = QStringLiteral("it connects through ProxyJump");
        gs::gui::ImportSshConfigDialog dialog(QStringLiteral("/home/me/.ssh/config"), candidates);
        dialog.open();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QListWidget *list = dialog.list();
        QCOMPARE(list->count(), 3);
        QCOMPARE(dialog.aliasesToImport(),
                 QStringList({QStringLiteral("web1"), QStringLiteral("web2")}));
        QVERIFY(!(list->item(2)->flags() & Qt::ItemIsEnabled));
        list->item(0)->setCheckState(Qt::Unchecked);
        QCOMPARE(dialog.aliasesToImport(), QStringList({QStringLiteral("web2")}));
        auto importButton = dialog.findChild<QPushButton *>(QStringLiteral("importButton"));
        QVERIFY(importButton->isEnabled());
        list->item(1)->setCheckState(Qt::Unchecked);
        QVERIFY(!importButton->isEnabled());
    }

    // Issue 11: "Reproduce…" pre-filled the upstream's URL from the error-log line, which sends
    // the requests past nginx. It takes what the client asked nginx for (host + request).
    void probe_failingUrl_isWhatTheClientAskedNginx_notTheUpstream()
    {
        gs::checks::DiagnosisReport report;
        gs::findings::Finding refused;
        refused.id = QStringLiteral("upstream.connection_refused");
        // A real line from the lab (tests/data/nginx-errorlog-lab/error.log).
        refused.evidence = {
                {QStringLiteral("/var/log/nginx/error.log"),
                 QStringLiteral("2026/11/21 13:01:58 [error] 23599#23599: *1 connect() failed "
                                "(111: Connection refused) while connecting to upstream, client: "
                                "127.0.0.1, server: lab.test, request: \"GET /refused HTTP/1.1\", "
                                "upstream: \"http://127.0.0.1:18999/refused\", host: "
                                "\"127.0.0.1:18080\"")}};
        report.findings = {refused};
        gs::gui::DiagnosisState state;
        state.report = report;
        QCOMPARE(gs::gui::ProbeDialog::failingUrl(state),
                 QStringLiteral("http://127.0.0.1:18080/refused"));

        // Without the request fields, a URL that is not the upstream's; never the upstream's.
        report.findings.first().evidence
                = {{QStringLiteral("probe"),
                    QStringLiteral("upstream: \"http://127.0.0.1:3000/\" and GET "
                                   "http://127.0.0.1:8080/shop answered 502")}};
        state.report = report;
        QCOMPARE(gs::gui::ProbeDialog::failingUrl(state),
                 QStringLiteral("http://127.0.0.1:8080/shop"));
        report.findings.first().evidence
                = {{QStringLiteral("error.log"),
                    QStringLiteral("upstream: \"http://127.0.0.1:3000/\"")}};
        state.report = report;
        QVERIFY(gs::gui::ProbeDialog::failingUrl(state).isEmpty());
    }

    void serverDialog_testConnection_emitsServerAsTyped()
    {
        gs::gui::ServerDialog dialog;
        dialog.open();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("nameEdit")),
                         QStringLiteral("lab"));
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("addressEdit")),
                         QStringLiteral("127.0.0.1"));
        auto test = dialog.findChild<QPushButton *>(QStringLiteral("testConnectionButton"));
        auto status = dialog.findChild<QLabel *>(QStringLiteral("testStatus"));
        QTest::mouseClick(test, Qt::LeftButton);
        QVERIFY(status->text().contains(QLatin1String("not available")));

        QSignalSpy spy(&dialog, &gs::gui::ServerDialog::testConnectionRequested);
        QTest::mouseClick(test, Qt::LeftButton);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.first().first().value<gs::inventory::Server>().address,
                 QStringLiteral("127.0.0.1"));
        QVERIFY(!test->isEnabled());
        dialog.setTestResult(false, QStringLiteral("The host key changed."));
        QVERIFY(test->isEnabled());
        QCOMPARE(status->text(), QStringLiteral("The host key changed."));
    }

    // Issue 11: a long test result squeezed the form (Notes over Read-only) and wrapped into a
    // narrow column beside the buttons. It now has a row of its own and the dialog grows.
    void serverDialog_longTestResult_overlapsNothing()
    {
        gs::gui::ServerDialog dialog;
        dialog.open();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.setTestResult(false,
                             QStringLiteral("Could not reach admin@web1.example.com:22: "
                                            "Connection refused.\nCheck the address and port, "
                                            "and that sshd runs on the server. If it listens on "
                                            "another port, give that port above."));
        // As the event loop would: the pending layout request, then the geometry it gives.
        QApplication::sendPostedEvents();
        dialog.layout()->activate();
        const auto rectOf = [&dialog](const QString &name) {
            auto widget = dialog.findChild<QWidget *>(name);
            return QRect(widget->mapTo(&dialog, QPoint(0, 0)), widget->size());
        };
        const QStringList names{QStringLiteral("notesEdit"),
                                QStringLiteral("readOnlyCheck"),
                                QStringLiteral("testStatus"),
                                QStringLiteral("testConnectionButton"),
                                QStringLiteral("saveButton")};
        for (const QString &a : names) {
            QVERIFY2(dialog.rect().contains(rectOf(a)), qPrintable(a));
            for (const QString &b : names) {
                if (a != b)
                    QVERIFY2(!rectOf(a).intersects(rectOf(b)),
                             qPrintable(a + QStringLiteral(" over ") + b));
            }
        }
        // Wide enough to read: not a column beside the buttons.
        QVERIFY(rectOf(QStringLiteral("testStatus")).width() > dialog.width() / 2);
    }
};

QTEST_MAIN(TestDialogs)
#include "tst_dialogs.moc"
