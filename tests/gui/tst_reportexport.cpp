// The report export dialog without a server: its "Include the activity log" option (off by
// default, remembered in the settings) decides whether the saved report has the section of what
// Gatescope did on the server, redacted like the rest.

#include "reportexporter.h"

#include "audit/auditlog.h"

#include <QCheckBox>
#include <QFile>
#include <QFileDialog>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QWidget>
#include <QtTest>

namespace {

const QString kHeading = QStringLiteral("Actions and changes made by Gatescope");

gs::inventory::Server server()
{
    gs::inventory::Server s;
    s.name = QStringLiteral("acme-shop");
    s.address = QStringLiteral("10.20.30.40");
    s.user = QStringLiteral("alice");
    return s;
}

gs::checks::DiagnosisReport report()
{
    gs::checks::DiagnosisReport r;
    r.facts.hostname = QStringLiteral("web7.acme-corp.com");
    r.checks.append({QStringLiteral("nginx.process"),
                     QStringLiteral("nginx is running"),
                     gs::checks::CheckStatus::Pass,
                     QStringLiteral("master pid 1022"),
                     0});
    return r;
}

gs::audit::AuditEntry entry(const QString &server, const QString &command, qint64 secondsAgo)
{
    gs::audit::AuditEntry e;
    e.time = QDateTime::currentDateTimeUtc().addSecs(-secondsAgo);
    e.server = server;
    e.host = server == QLatin1String("acme-shop") ? QStringLiteral("alice@10.20.30.40")
                                                  : QStringLiteral("admin@10.0.0.9");
    e.localUser = QStringLiteral("bob");
    e.action = QStringLiteral("service.restart");
    e.command = command;
    e.outcome = QStringLiteral("ok");
    return e;
}

QString readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

} // namespace

class TestReportExport : public QObject
{
    Q_OBJECT

private:
    // Starts an export the way the Diagnose page does and returns its dialog's option.
    QCheckBox *startExport(QWidget *parent, bool redact, QFileDialog **dialog)
    {
        auto exporter = new gs::gui::ReportExporter(
                server(), report(), QDateTime::currentDateTimeUtc(), redact, parent);
        m_finished = std::make_unique<QSignalSpy>(exporter, &gs::gui::ReportExporter::finished);
        exporter->start();
        *dialog = parent->findChild<QFileDialog *>(QStringLiteral("exportReportDialog"));
        if (!*dialog)
            return nullptr;
        return (*dialog)->findChild<QCheckBox *>(QStringLiteral("includeActivityCheck"));
    }

    // Saves through the dialog (as choosing a file does) and returns the file's text.
    QString save(QFileDialog *dialog, const QString &name)
    {
        const QString path = m_dir.filePath(name);
        Q_EMIT dialog->fileSelected(path);
        dialog->close();
        if (!m_finished->wait(5000) && m_finished->isEmpty())
            return {};
        return readAll(path);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<QSignalSpy> m_finished;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("GATESCOPE_DATA_DIR", m_dir.path().toUtf8());
        QCoreApplication::setOrganizationName(QStringLiteral("gatescope"));
        // The user's own settings stay untouched: QSettings writes under the test's folder.
        QSettings::setPath(QSettings::NativeFormat,
                           QSettings::UserScope,
                           m_dir.filePath(QStringLiteral("config")));
        QSettings().clear();
        const gs::audit::AuditLog log;
        QVERIFY(log.append(entry(QStringLiteral("acme-shop"),
                                 QStringLiteral("/etc/init.d/shop-app restart"),
                                 3600))
                        .ok());
        QVERIFY(log.append(entry(QStringLiteral("acme-shop"),
                                 QStringLiteral("systemctl restart from-last-month.service"),
                                 30 * 24 * 3600))
                        .ok());
        QVERIFY(log.append(entry(QStringLiteral("other-server"),
                                 QStringLiteral("systemctl restart elsewhere.service"),
                                 60))
                        .ok());
    }

    void option_offByDefault_reportWithoutActivity()
    {
        QWidget parent;
        QFileDialog *dialog = nullptr;
        QCheckBox *include = startExport(&parent, false, &dialog);
        QVERIFY(dialog);
        QVERIFY(include);
        QVERIFY(dialog->isVisible()); // opened with open(): the option is there to see
        QVERIFY(include->isVisible());
        QVERIFY(!include->isChecked());
        QVERIFY(include->text().contains(QLatin1String("Include the activity log")));
        const QString html = save(dialog, QStringLiteral("plain.html"));
        QVERIFY2(html.contains(QLatin1String("nginx is running")), qPrintable(html));
        QVERIFY(!html.contains(kHeading));
        QVERIFY(!html.contains(QLatin1String("shop-app restart")));
    }

    void option_checked_addsThisServersRecentActivity_andIsRemembered()
    {
        {
            QWidget parent;
            QFileDialog *dialog = nullptr;
            QCheckBox *include = startExport(&parent, false, &dialog);
            QVERIFY(include);
            include->setChecked(true);
            const QString md = save(dialog, QStringLiteral("with-activity.md"));
            QVERIFY2(md.contains(QStringLiteral("## ") + kHeading), qPrintable(md));
            QVERIFY(md.contains(QLatin1String("`/etc/init.d/shop-app restart`")));
            QVERIFY(md.contains(QLatin1String("| bob |")));
            // Another server's actions and last month's are not this report's.
            QVERIFY(!md.contains(QLatin1String("elsewhere.service")));
            QVERIFY(!md.contains(QLatin1String("from-last-month")));
        }
        QVERIFY(gs::gui::ReportExporter::includeActivitySetting());
        QWidget parent;
        QFileDialog *dialog = nullptr;
        QCheckBox *include = startExport(&parent, false, &dialog);
        QVERIFY(include);
        QVERIFY(include->isChecked()); // the choice of the last export
        include->setChecked(false);
        QVERIFY(!gs::gui::ReportExporter::includeActivitySetting());
        dialog->reject();
    }

    void option_withRedact_masksTheActivityToo()
    {
        gs::gui::ReportExporter::setIncludeActivitySetting(true);
        QWidget parent;
        QFileDialog *dialog = nullptr;
        QCheckBox *include = startExport(&parent, true, &dialog);
        QVERIFY(include && include->isChecked());
        const QString text = save(dialog, QStringLiteral("redacted.txt"));
        QVERIFY2(text.contains(kHeading.toUpper()), qPrintable(text));
        QVERIFY(text.contains(QLatin1String("/etc/init.d/shop-app restart")));
        for (const char *secret : {"bob", "alice", "10.20.30.40", "acme", "web7"})
            QVERIFY2(!text.contains(QLatin1String(secret), Qt::CaseInsensitive),
                     qPrintable(QStringLiteral("%1 leaked into:\n%2")
                                        .arg(QLatin1String(secret), text)));
    }
};

QTEST_MAIN(TestReportExport)
#include "tst_reportexport.moc"
