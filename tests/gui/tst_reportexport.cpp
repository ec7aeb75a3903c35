// The report export dialog without a server: its "Redact" and "Include the activity log"
// options (off by default, remembered in the settings) decide whether the saved report masks the
// customer's values and whether it has the section of what Gatescope did on the server, redacted
// like the rest. A lab capture with a customer's values planted, exported redacted in every
// format, PDF included (read back with pdftotext), keeps none of them.

#include "diagnose/reportexporter.h"

#include "../unit/plantedreport.h"

#include "audit/auditlog.h"

#include <QCheckBox>
#include <QFile>
#include <QFileDialog>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
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
    // Starts an export the way the Diagnose page does and returns its dialog's activity option.
    QCheckBox *startExport(QWidget *parent, QFileDialog **dialog)
    {
        auto exporter = new gs::gui::ReportExporter(
                server(), report(), QDateTime::currentDateTimeUtc(), parent);
        m_finished = std::make_unique<QSignalSpy>(exporter, &gs::gui::ReportExporter::finished);
        exporter->start();
        *dialog = parent->findChild<QFileDialog *>(QStringLiteral("exportReportDialog"));
        if (!*dialog)
            return nullptr;
        return (*dialog)->findChild<QCheckBox *>(QStringLiteral("includeActivityCheck"));
    }

    static QCheckBox *redactOption(QFileDialog *dialog)
    {
        return dialog->findChild<QCheckBox *>(QStringLiteral("redactCheck"));
    }

    // The planted report of a lab capture, written redacted to `name` by the exporter.
    QString exportPlanted(const QString &name)
    {
        const gs::test::PlantedReport planted = gs::test::plantedReport(
                QStringLiteral(GS_TEST_DATA_DIR), QStringLiteral("diagnosis-fpm-socket-missing"));
        if (!planted.error.isEmpty())
            return planted.error;
        const QString path = m_dir.filePath(name);
        const gs::report::ReportWriter writer(planted.report, planted.target, planted.options);
        if (!gs::gui::ReportExporter::write(path, writer).ok())
            return QStringLiteral("not written: ") + path;
        return path;
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
        QCheckBox *include = startExport(&parent, &dialog);
        QVERIFY(dialog);
        QVERIFY(include);
        QVERIFY(dialog->isVisible()); // opened with open(): the option is there to see
        QVERIFY(include->isVisible());
        QVERIFY(!include->isChecked());
        QVERIFY(include->text().contains(QLatin1String("Include the activity log")));
        QVERIFY(redactOption(dialog));
        QVERIFY(redactOption(dialog)->isVisible());
        QVERIFY(!redactOption(dialog)->isChecked());
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
            QCheckBox *include = startExport(&parent, &dialog);
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
        QCheckBox *include = startExport(&parent, &dialog);
        QVERIFY(include);
        QVERIFY(include->isChecked()); // the choice of the last export
        include->setChecked(false);
        QVERIFY(!gs::gui::ReportExporter::includeActivitySetting());
        dialog->reject();
    }

    void redact_inTheDialog_namesNoServer_andIsRemembered()
    {
        gs::gui::ReportExporter::setRedactSetting(false);
        QWidget parent;
        QFileDialog *dialog = nullptr;
        QVERIFY(startExport(&parent, &dialog));
        QCheckBox *redact = redactOption(dialog);
        QVERIFY(redact && !redact->isChecked());
        QVERIFY(dialog->selectedFiles().value(0).contains(QLatin1String("acme-shop-diagnosis")));
        redact->setChecked(true);
        // The suggested file name follows: a redacted report does not name the server.
        const QString name = QFileInfo(dialog->selectedFiles().value(0)).fileName();
        QVERIFY2(name.startsWith(QLatin1String("server-diagnosis-")), qPrintable(name));
        QVERIFY2(name.endsWith(QLatin1String("-redacted.html")), qPrintable(name));
        QVERIFY(gs::gui::ReportExporter::redactSetting());
        dialog->reject();

        QWidget again;
        QVERIFY(startExport(&again, &dialog));
        QVERIFY(redactOption(dialog)->isChecked()); // the choice of the last export
        redactOption(dialog)->setChecked(false);
        QVERIFY(!gs::gui::ReportExporter::redactSetting());
        dialog->reject();
    }

    void option_withRedact_masksTheActivityToo()
    {
        gs::gui::ReportExporter::setIncludeActivitySetting(true);
        QWidget parent;
        QFileDialog *dialog = nullptr;
        QCheckBox *include = startExport(&parent, &dialog);
        QVERIFY(include && include->isChecked());
        redactOption(dialog)->setChecked(true);
        const QString text = save(dialog, QStringLiteral("redacted.txt"));
        QVERIFY2(text.contains(kHeading.toUpper()), qPrintable(text));
        // The init script is the customer's service: masked, the command stays readable.
        QVERIFY2(text.contains(
                         QRegularExpression(QStringLiteral("/etc/init.d/service-\\d+ restart"))),
                 qPrintable(text));
        for (const char *secret : {"bob", "alice", "10.20.30.40", "acme", "web7", "shop-app"})
            QVERIFY2(!text.contains(QLatin1String(secret), Qt::CaseInsensitive),
                     qPrintable(QStringLiteral("%1 leaked into:\n%2")
                                        .arg(QLatin1String(secret), text)));
        gs::gui::ReportExporter::setRedactSetting(false);
    }

    void plantedReport_redactedHtmlMarkdownText_keepNoOriginal()
    {
        const gs::test::PlantedReport planted = gs::test::plantedReport(
                QStringLiteral(GS_TEST_DATA_DIR), QStringLiteral("diagnosis-fpm-socket-missing"));
        for (const char *name : {"planted.html", "planted.md", "planted.txt"}) {
            const QString path = exportPlanted(QLatin1String(name));
            const QString text = readAll(path);
            QVERIFY2(!text.isEmpty(), qPrintable(path));
            const QStringList leaked = gs::test::leakedOriginals(planted, text);
            QVERIFY2(leaked.isEmpty(),
                     qPrintable(leaked.join(QLatin1String(", ")) + QStringLiteral(" in ")
                                + QLatin1String(name)));
            QVERIFY(text.contains(QLatin1String("unix socket")));
        }
    }

    void plantedReport_redactedPdf_keepsNoOriginal()
    {
        const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        if (pdftotext.isEmpty())
            QSKIP("pdftotext (poppler-utils) is not installed; scripts/install-deps installs it");
        const QString pdf = exportPlanted(QStringLiteral("planted.pdf"));
        QVERIFY2(readAll(pdf).startsWith(QLatin1String("%PDF")), qPrintable(pdf));
        QProcess process;
        process.start(pdftotext, {pdf, QStringLiteral("-")});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 0);
        const QString text = QString::fromUtf8(process.readAllStandardOutput());
        // The PDF has the report in it (so that the grep below can fail)...
        QVERIFY2(text.contains(QLatin1String("upstream.socket_missing")), qPrintable(text));
        QVERIFY(text.contains(QLatin1String("unix socket")));
        QVERIFY(text.contains(QLatin1String("host-1")));
        // ...and none of the customer's values; pdftotext may break a long line anywhere, so
        // the grep also runs over the text without line breaks.
        QString joined = text;
        joined.remove(QLatin1Char('\n'));
        const gs::test::PlantedReport planted = gs::test::plantedReport(
                QStringLiteral(GS_TEST_DATA_DIR), QStringLiteral("diagnosis-fpm-socket-missing"));
        for (const QString &output : {text, joined}) {
            const QStringList leaked = gs::test::leakedOriginals(planted, output);
            QVERIFY2(leaked.isEmpty(), qPrintable(leaked.join(QLatin1String(", "))));
        }
    }
};

QTEST_MAIN(TestReportExport)
#include "tst_reportexport.moc"
