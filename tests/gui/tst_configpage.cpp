// The Config page: the editor's lint, find/replace and go-to-line, the side-by-side diff and, when
// the practice lab runs (GS_LAB_DIR/lab.json), the whole flow on a real server: open a file,
// edit, review the diff, apply and see every protocol step; an invalid edit shows nginx's
// message on the editor's line and leaves the server's file alone.

#include "config/configapplyview.h"
#include "config/configbackupspanel.h"
#include "config/configdiffview.h"
#include "config/configeditor.h"
#include "config/configfindbar.h"
#include "config/configpage.h"
#include "config/configsnapshotspanel.h"
#include "config/recipedialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using gs::gui::ConfigPage;

class TestConfigPage : public QObject
{
    Q_OBJECT

private:
    struct Lab
    {
        QJsonObject json;
        QString value(const QString &path) const
        {
            QJsonValue v = json;
            for (const QString &key : path.split(QLatin1Char('.')))
                v = v.toObject().value(key);
            return v.isDouble() ? QString::number(v.toInt()) : v.toString();
        }
    };

    static std::optional<Lab> lab()
    {
        QFile file(qEnvironmentVariable("GS_LAB_DIR", QStringLiteral(GS_LAB_DIR))
                   + QStringLiteral("/lab.json"));
        if (!file.open(QIODevice::ReadOnly))
            return std::nullopt;
        return Lab{QJsonDocument::fromJson(file.readAll()).object()};
    }

    static QByteArray readBytes(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    // What `gatescope-cli audit --json` lists (GATESCOPE_DATA_DIR as this process has it).
    static QJsonArray cliAudit()
    {
        QProcess cli;
        cli.start(QStringLiteral(GS_CLI_PATH), {QStringLiteral("audit"), QStringLiteral("--json")});
        if (!cli.waitForFinished(30000) || cli.exitCode() != 0)
            return {};
        return QJsonDocument::fromJson(cli.readAllStandardOutput())
                .object()
                .value(QStringLiteral("entries"))
                .toArray();
    }

    static void resetLab()
    {
        const QString dir = qEnvironmentVariable("GS_LAB_DIR", QStringLiteral(GS_LAB_DIR));
        QProcess gslab;
        const QString script = qEnvironmentVariable("GS_LAB_SCRIPT", QFINDTESTDATA("../lab/gslab"));
        gslab.start(script, {QStringLiteral("reset"), QStringLiteral("--dir"), dir});
        gslab.waitForFinished(180000);
    }

    static void connectToLab(ConfigPage &page, const Lab &lab)
    {
        const QString role = lab.json.value(QStringLiteral("root_mode")).toBool()
                                     ? QStringLiteral("sudo_nopasswd")
                                     : QStringLiteral("key");
        gs::ssh::ConnectOptions options;
        options.host = lab.value(QStringLiteral("ssh.host"));
        options.port = lab.value(QStringLiteral("ssh.port")).toInt();
        options.user = lab.value(QStringLiteral("users.%1.name").arg(role));
        options.identityFiles << lab.value(QStringLiteral("users.%1.key").arg(role));
        options.identitiesOnly = true;
        options.useAgent = false;
        options.knownHostsFile = lab.value(QStringLiteral("ssh.known_hosts"));
        page.setHost(std::make_shared<gs::remote::RemoteHost>(options));
    }

private Q_SLOTS:
    void editor_lintsAsYouType()
    {
        gs::gui::ConfigEditor editor;
        editor.setLanguage(gs::gui::ConfigEditor::Language::Nginx);
        QSignalSpy problems(&editor, &gs::gui::ConfigEditor::problemsChanged);
        editor.setPlainText(QStringLiteral("server {\n    listen 80\n    root /srv;\n"));
        QVERIFY(problems.wait(2000)); // the lint timer fires after typing stops
        const auto found = editor.problems();
        QCOMPARE(found.size(), 2); // listen lacks ';' and server's '{' is never closed
        QCOMPARE(found.at(0).line, 2);
        QCOMPARE(found.at(1).line, 1);
        QVERIFY(!editor.extraSelections().isEmpty());

        editor.setLanguage(gs::gui::ConfigEditor::Language::Ini);
        editor.setPlainText(QStringLiteral("[www]\npm.max_children = 5\n"));
        editor.lintNow();
        QVERIFY(editor.problems().isEmpty());
    }

    void findBar_findsReplacesAndGoesToLine()
    {
        gs::gui::ConfigEditor editor;
        editor.setPlainText(QStringLiteral("a 1;\nb 2;\nc 2;\nd 4;\n"));
        gs::gui::ConfigFindBar bar(&editor);
        bar.findField()->setText(QStringLiteral("2;"));
        QVERIFY(bar.findNext());
        QCOMPARE(editor.textCursor().blockNumber(), 1);
        QVERIFY(bar.findNext());
        QCOMPARE(editor.textCursor().blockNumber(), 2);
        QVERIFY(bar.findNext()); // wraps around
        QCOMPARE(editor.textCursor().blockNumber(), 1);
        bar.replaceField()->setText(QStringLiteral("3;"));
        QCOMPARE(bar.replaceAll(), 2);
        QCOMPARE(editor.toPlainText(), QStringLiteral("a 1;\nb 3;\nc 3;\nd 4;\n"));
        bar.goToLine(4);
        QCOMPARE(editor.currentLine(), 4);
        QVERIFY(editor.goToLine(1));
        QVERIFY(!editor.goToLine(99));
    }

    void diffView_showsSideBySideRows()
    {
        gs::gui::ConfigDiffView view;
        view.setTexts(QStringLiteral("a;\nb;\nc;\n"),
                      QStringLiteral("a;\nB;\nc;\nd;\n"),
                      QStringLiteral("old"),
                      QStringLiteral("new"));
        QCOMPARE(view.table()->rowCount(), 4);
        QCOMPARE(view.changedRows(), 2);
        QCOMPARE(view.table()->item(1, 1)->text(), QStringLiteral("b;"));
        QCOMPARE(view.table()->item(1, 3)->text(), QStringLiteral("B;"));
        QCOMPARE(view.table()->item(3, 2)->text(), QStringLiteral("4"));
        QVERIFY(view.summary().contains(QStringLiteral("2 line(s) added, 1 removed")));
    }

    void recipeDialog_offersTheFilesGroups_andMakesTheEditOrSaysWhyNot()
    {
        const QByteArray site = "upstream shop_backend {\n"
                                "    server 127.0.0.1:3000;\n"
                                "    server 127.0.0.1:3001;\n"
                                "}\n"
                                "server {\n"
                                "    listen 80;\n"
                                "    location /api/ {\n"
                                "        proxy_pass http://shop_backend;\n"
                                "    }\n"
                                "}\n";
        gs::gui::RecipeDialog dialog(site, QStringLiteral("/etc/nginx/sites-enabled/shop"));
        auto upstream = dialog.findChild<QComboBox *>(QStringLiteral("recipeUpstream"));
        auto location = dialog.findChild<QComboBox *>(QStringLiteral("recipeLocation"));
        QVERIFY(upstream && location);
        QCOMPARE(upstream->currentText(), QStringLiteral("shop_backend"));
        QCOMPARE(location->count(), 2); // every proxied location, or /api/
        QCOMPARE(location->itemText(1), QStringLiteral("/api/"));

        // backup_server needs an address: a clear refusal, the dialog stays open.
        dialog.selectRecipe(QStringLiteral("backup_server"));
        QVERIFY(!location->isEnabled()); // this recipe does not read a location
        QVERIFY(!dialog.makeEdit());
        QVERIFY(!dialog.errorLabel()->isHidden());
        QVERIFY(dialog.result().isEmpty());

        dialog.selectRecipe(QStringLiteral("max_fails"));
        QVERIFY(dialog.errorLabel()->isHidden());
        QVERIFY(dialog.makeEdit());
        QCOMPARE(dialog.result().count("max_fails=3 fail_timeout=10s"), 2);
        QVERIFY(dialog.result().contains("location /api/")); // the rest stays as it was
    }

    // Issue 11: an apply whose site still fails (the PHP-FPM pool fix before the restart it
    // needs) is shown as a warning with the health report, never in the "healthy" green.
    void applyView_appliedButStillFailing_isAWarningShowingTheHealthReport()
    {
        gs::gui::ConfigApplyView view;
        view.start(QStringLiteral("Applying the change to pool.conf"));
        gs::config::ApplyResult result;
        result.outcome = gs::config::ApplyOutcome::Applied;
        result.message = QStringLiteral("pool.conf was changed and reloaded, but the site still "
                                        "fails: GET http://127.0.0.1/ answers 502.");
        result.stillFailing = {QStringLiteral("GET http://127.0.0.1/ answers 502")};
        result.restartNeeded = QStringLiteral("systemctl restart php8.2-fpm.service");
        result.restartService = QStringLiteral("php-fpm:/etc/php/8.2/fpm/php-fpm.conf");
        result.steps = {
                gs::config::ApplyStep{
                        QStringLiteral("reload"), gs::config::ApplyStep::Status::Ok, {}, {}},
                gs::config::ApplyStep{QStringLiteral("health"),
                                      gs::config::ApplyStep::Status::Ok,
                                      QStringLiteral("master alive, 2 checks passed"),
                                      QStringLiteral("GET http://127.0.0.1/: 502 (before: 502)\n")},
        };
        view.finish(result);
        auto outcome = view.findChild<QLabel *>(QStringLiteral("applyOutcome"));
        QVERIFY(outcome->property("stillFailing").toBool());
        QVERIFY(!outcome->styleSheet().contains(QLatin1String("#1e7b34")));
        QVERIFY(view.stepList()->currentItem());
        QCOMPARE(view.stepList()->currentItem()->data(0, Qt::UserRole).toString(),
                 QStringLiteral("health"));
        QVERIFY(view.outputView()->toPlainText().contains(QLatin1String("502 (before: 502)")));
        // The restart the pool change waits for is offered right there, naming the master.
        view.show();
        QVERIFY(view.restartButton()->isVisible());
        QVERIFY(view.restartButton()->toolTip().contains(QLatin1String("systemctl restart")));
        QSignalSpy restart(&view, &gs::gui::ConfigApplyView::restartRequested);
        QTest::mouseClick(view.restartButton(), Qt::LeftButton);
        QCOMPARE(restart.size(), 1);
        QCOMPARE(restart.first().first().toString(), result.restartService);
        view.showRestartOutcome(QStringLiteral("PHP-FPM is running; but php.lab 502."), false);
        QVERIFY(!view.restartButton()->isVisible());
        QVERIFY(outcome->text().contains(QLatin1String("After the restart: PHP-FPM is running")));
        QVERIFY(outcome->property("stillFailing").toBool());
        view.showRestartOutcome(QStringLiteral("PHP-FPM is running; sites: php.lab 200"), true);
        QVERIFY(!outcome->property("stillFailing").toBool());
        QVERIFY(outcome->styleSheet().contains(QLatin1String("#1e7b34")));

        result.stillFailing.clear();
        result.restartNeeded.clear();
        result.restartService.clear();
        view.start(QStringLiteral("Applying the change to pool.conf"));
        view.finish(result);
        QVERIFY(!view.restartButton()->isVisible());
        QVERIFY(!outcome->property("stillFailing").toBool());
        QVERIFY(outcome->styleSheet().contains(QLatin1String("#1e7b34")));
    }

    void readOnlyServer_cannotApply()
    {
        ConfigPage page;
        gs::inventory::Server server;
        server.name = QStringLiteral("support");
        server.address = QStringLiteral("192.0.2.1");
        server.readOnly = true;
        page.setServer(server);
        QVERIFY(page.isReadOnly());
        QVERIFY(page.editor()->isReadOnly());
        QVERIFY(!page.applyButton()->isEnabled());
        QVERIFY(page.statusLabel()->text().contains(QStringLiteral("Read-only")));
    }

    // Issue 11: at 1024x600 the file names were invisible (the tree squeezed to a sliver by the
    // edit bar, with Mode and Owner columns taking what was left).
    void lab_atTheRoomOf1024x600_fileNamesShowWhole()
    {
        const auto labInfo = lab();
        if (!labInfo)
            QSKIP("the practice lab is not running (start it with tests/lab/gslab start)");
        const QString siteConf = labInfo->value(QStringLiteral("nginx.site_conf"));
        ConfigPage page;
        page.resize(760, 440); // what a 1024x600 window leaves the page beside the sidebar
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        connectToLab(page, *labInfo);
        QSignalSpy opened(&page, &ConfigPage::fileOpened);
        page.openFile(siteConf);
        QVERIFY2(opened.wait(60000), qPrintable(page.statusLabel()->text()));
        QTreeWidget *tree = page.fileTree();
        int files = 0;
        for (int g = 0; g < tree->topLevelItemCount(); ++g) {
            for (int f = 0; f < tree->topLevelItem(g)->childCount(); ++f) {
                QTreeWidgetItem *item = tree->topLevelItem(g)->child(f);
                const QRect rect = tree->visualItemRect(item);
                const int needed = tree->fontMetrics().horizontalAdvance(item->text(0));
                QVERIFY2(rect.width() >= needed + tree->indentation(), qPrintable(item->text(0)));
                QVERIFY(item->toolTip(0).contains(QLatin1String("sha256")));
                ++files;
            }
        }
        QVERIFY(files >= 3);
        // Nothing of the edit bar is cut off either.
        for (QPushButton *button : {page.applyButton(), page.reviewButton()}) {
            const QRect inPage(button->mapTo(&page, QPoint(0, 0)), button->size());
            QVERIFY(page.rect().contains(inPage));
        }
    }

    void lab_editReviewApplyAndSeeTheSteps()
    {
        const auto labInfo = lab();
        if (!labInfo)
            QSKIP("the practice lab is not running (start it with tests/lab/gslab start)");
        const QString siteConf = labInfo->value(QStringLiteral("nginx.site_conf"));
        const QByteArray original = readBytes(siteConf);
        QVERIFY(!original.isEmpty());
        auto cleanup = qScopeGuard([] { resetLab(); });

        ConfigPage page;
        page.resize(1200, 800);
        connectToLab(page, *labInfo);
        QSignalSpy loaded(&page, &ConfigPage::filesLoaded);
        QSignalSpy opened(&page, &ConfigPage::fileOpened);
        page.openFile(siteConf, 5); // loads the list first, then the file, at line 5
        QVERIFY2(opened.wait(60000), qPrintable(page.statusLabel()->text()));
        QCOMPARE(loaded.count(), 1);
        QVERIFY(page.fileTree()->topLevelItemCount() >= 2); // nginx and PHP-FPM
        QCOMPARE(page.currentPath(), siteConf);
        QCOMPARE(page.editor()->toPlainText().toUtf8(), original);
        QCOMPARE(page.editor()->currentLine(), 5);
        QVERIFY(!page.isDirty());
        QVERIFY(!page.applyButton()->isEnabled());

        // Edit: a new location, typed into the editor.
        QVERIFY(page.editor()->goToLine(1));
        QTest::keyClicks(page.editor(), QStringLiteral("# edited in the Gatescope GUI test"));
        QTest::keyClick(page.editor(), Qt::Key_Return);
        QVERIFY(page.isDirty());
        // Enabled once the backups listing that follows the open is done.
        QTRY_VERIFY_WITH_TIMEOUT(page.applyButton()->isEnabled(), 30000);

        // Review: the side-by-side diff holds the new line.
        QTest::mouseClick(page.reviewButton(), Qt::LeftButton);
        QCOMPARE(page.stack()->currentIndex(), 1);
        QCOMPARE(page.diffView()->changedRows(), 1);
        QCOMPARE(page.diffView()->table()->item(0, 3)->text(),
                 QStringLiteral("# edited in the Gatescope GUI test"));

        // Apply from the review: every step shows up, live, then the outcome.
        QSignalSpy finished(&page, &ConfigPage::applyFinished);
        auto applyFromReview
                = page.findChild<QPushButton *>(QStringLiteral("configReviewApplyButton"));
        QVERIFY(applyFromReview);
        QTest::mouseClick(applyFromReview, Qt::LeftButton);
        QCOMPARE(page.stack()->currentIndex(), 2);
        QVERIFY(finished.wait(120000));
        const auto result = finished.first().first().value<gs::config::ApplyResult>();
        QCOMPARE(gs::config::applyOutcomeName(result.outcome), QStringLiteral("applied"));
        for (const char *step :
             {"lock", "preflight", "backup", "candidate", "validate", "reload", "health"})
            QCOMPARE(page.applyView()->stepStatus(QLatin1String(step)), QStringLiteral("ok"));
        QVERIFY(page.applyView()->outcomeText().contains(QStringLiteral("healthy")));
        QCOMPARE(readBytes(siteConf), page.editor()->toPlainText().toUtf8());
        QVERIFY(!page.isDirty());
        // The backups list now holds the original.
        QTRY_COMPARE_WITH_TIMEOUT(page.backupsPanel()->selectedId(), result.backupId, 30000);
        // Its diff against the file as it is now: the one added line.
        auto diffButton
                = page.backupsPanel()->findChild<QPushButton *>(QStringLiteral("backupDiffButton"));
        QVERIFY(diffButton && diffButton->isEnabled());
        QTest::mouseClick(diffButton, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(page.backupsPanel()->diffView()->changedRows(), 1, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!page.isBusy(), 30000);

        // An invalid edit: nginx -t refuses it, its message lands on the editor's line.
        const QByteArray applied = readBytes(siteConf);
        QString text = page.editor()->toPlainText();
        text.replace(QStringLiteral("proxy_buffer_size 4k;"),
                     QStringLiteral("proxy_buffer_szie 4k;"));
        page.editor()->setPlainText(text);
        const int typoLine = int(text.left(text.indexOf(QStringLiteral("proxy_buffer_szie")))
                                         .count(QLatin1Char('\n')))
                             + 1;
        QTRY_VERIFY_WITH_TIMEOUT(!page.isBusy(), 30000);
        page.applyChanges();
        QVERIFY(finished.wait(120000));
        const auto refused = finished.last().first().value<gs::config::ApplyResult>();
        QCOMPARE(gs::config::applyOutcomeName(refused.outcome),
                 QStringLiteral("validation_failed"));
        QCOMPARE(page.applyView()->stepStatus(QStringLiteral("validate")),
                 QStringLiteral("failed"));
        QCOMPARE(page.applyView()->stepStatus(QStringLiteral("restore")), QStringLiteral("ok"));
        QVERIFY(page.applyView()->outputView()->toPlainText().contains(
                QStringLiteral("unknown directive \"proxy_buffer_szie\"")));
        QCOMPARE(readBytes(siteConf), applied);
        bool marked = false;
        for (const auto &problem : page.editor()->problems())
            marked = marked
                     || (problem.line == typoLine
                         && problem.message.startsWith(QStringLiteral("nginx -t")));
        QVERIFY(marked);
        QVERIFY(page.isDirty()); // the edit is kept for fixing
    }

    void lab_guidedFix_opensAsADiffToReview_andAppliesOnlyWhenAsked()
    {
        const auto labInfo = lab();
        if (!labInfo)
            QSKIP("the practice lab is not running (start it with tests/lab/gslab start)");
        const QString siteConf = labInfo->value(QStringLiteral("nginx.site_conf"));
        const QByteArray original = readBytes(siteConf);
        auto cleanup = qScopeGuard([] { resetLab(); });
        // The app location's proxy_pass, as the diagnosis cites it for a too-big header.
        const QByteArray pass = "proxy_pass http://127.0.0.1:"
                                + labInfo->value(QStringLiteral("app.port")).toUtf8() + ';';
        const qsizetype at = original.indexOf(pass);
        QVERIFY2(at >= 0, pass.constData());
        gs::findings::ConfigEdit edit;
        edit.file = siteConf;
        edit.line = int(original.left(at).count('\n')) + 1;
        edit.settings = {{QStringLiteral("proxy_buffer_size"), QStringLiteral("32k")},
                         {QStringLiteral("proxy_buffers"), QStringLiteral("8 32k")},
                         {QStringLiteral("proxy_busy_buffers_size"), QStringLiteral("64k")}};
        edit.summary = QStringLiteral("Raise proxy_buffer_size to 32k for location /.");

        ConfigPage page;
        page.resize(1200, 800);
        page.show();
        connectToLab(page, *labInfo);
        QSignalSpy opened(&page, &ConfigPage::fileOpened);

        // A fix made from an older reading of the file is refused, not guessed at.
        gs::findings::ConfigEdit stale = edit;
        stale.line = 9999;
        page.proposeEdit(stale, QStringLiteral("The upstream's header is too big"));
        QVERIFY2(opened.wait(60000), qPrintable(page.statusLabel()->text()));
        QVERIFY(page.statusLabel()->text().contains(QStringLiteral("diagnosis again")));
        QVERIFY(!page.isDirty());
        QVERIFY(page.proposalLabel()->isHidden());

        page.proposeEdit(edit,
                         QStringLiteral("The upstream's header is too big"),
                         QStringLiteral("upstream.header_too_big"));
        QVERIFY2(opened.wait(60000), qPrintable(page.statusLabel()->text()));
        QCOMPARE(page.stack()->currentIndex(), 1); // straight to the review
        QVERIFY(!page.proposalLabel()->isHidden());
        QVERIFY(page.proposalLabel()->text().contains(edit.summary));
        QCOMPARE(page.diffView()->changedRows(), 3);
        // The change is on screen without scrolling for it.
        QTRY_VERIFY(page.diffView()->table()->verticalScrollBar()->value() > 0);
        QVERIFY(page.isDirty());
        QCOMPARE(readBytes(siteConf), original); // nothing applied unseen

        // A change marked risky: the whole tree goes into a snapshot before the apply starts.
        QTemporaryDir data;
        qputenv("GATESCOPE_DATA_DIR", data.path().toUtf8());
        auto restoreDataDir = qScopeGuard([] { qunsetenv("GATESCOPE_DATA_DIR"); });
        auto snapshots = page.findChild<gs::gui::ConfigSnapshotsPanel *>();
        QVERIFY(snapshots);
        QSignalSpy taken(snapshots, &gs::gui::ConfigSnapshotsPanel::snapshotTaken);
        page.snapshotFirstCheck()->setChecked(true);
        QSignalSpy finished(&page, &ConfigPage::applyFinished);
        auto applyFromReview
                = page.findChild<QPushButton *>(QStringLiteral("configReviewApplyButton"));
        QVERIFY(applyFromReview);
        QTRY_VERIFY_WITH_TIMEOUT(applyFromReview->isEnabled(), 30000);
        QTest::mouseClick(applyFromReview, Qt::LeftButton);
        QVERIFY(finished.wait(120000));
        QCOMPARE(taken.size(), 1); // before the apply finished
        QVERIFY(taken.first().first().value<gs::config::SnapshotCreation>().created);
        const auto result = finished.first().first().value<gs::config::ApplyResult>();
        QCOMPARE(gs::config::applyOutcomeName(result.outcome), QStringLiteral("applied"));
        QVERIFY(readBytes(siteConf).contains("proxy_buffer_size 32k;"));
        QVERIFY(page.proposalLabel()->isHidden());

        // Issue 11: the app's changes are in `gatescope-cli audit`, recorded as the CLI's are.
        const QJsonArray audit = cliAudit();
        QStringList actions;
        for (const QJsonValue &value : audit) {
            const QJsonObject entry = value.toObject();
            actions << entry.value(QStringLiteral("action")).toString() + QLatin1Char(' ')
                               + entry.value(QStringLiteral("outcome")).toString();
        }
        QCOMPARE(actions,
                 QStringList(
                         {QStringLiteral("config.snapshot ok"), QStringLiteral("config.fix ok")}));
        const QJsonObject fix = audit.last().toObject();
        QVERIFY(fix.value(QStringLiteral("command"))
                        .toString()
                        .startsWith(QStringLiteral("guided fix of upstream.header_too_big on ")));
        const QString detail = fix.value(QStringLiteral("detail")).toString();
        QVERIFY2(detail.contains(QStringLiteral("proxy_buffer_size 32k;"))
                         && detail.contains(QStringLiteral("\n+")),
                 qPrintable(detail));
    }

    void lab_unconfirmedChange_isRevertedAutomatically()
    {
        const auto labInfo = lab();
        if (!labInfo)
            QSKIP("the practice lab is not running (start it with tests/lab/gslab start)");
        const QString siteConf = labInfo->value(QStringLiteral("nginx.site_conf"));
        const QByteArray original = readBytes(siteConf);
        auto cleanup = qScopeGuard([] { resetLab(); });

        QTemporaryDir data;
        qputenv("GATESCOPE_DATA_DIR", data.path().toUtf8());
        auto restoreDataDir = qScopeGuard([] { qunsetenv("GATESCOPE_DATA_DIR"); });
        ConfigPage page;
        connectToLab(page, *labInfo);
        QSignalSpy opened(&page, &ConfigPage::fileOpened);
        page.openFile(siteConf);
        QVERIFY2(opened.wait(60000), qPrintable(page.statusLabel()->text()));
        // Long enough that a loaded machine reads the applied file before the revert starts.
        page.setConfirmSeconds(15);
        page.editor()->setPlainText(QString::fromUtf8(original)
                                    + QStringLiteral("# unconfirmed\n"));
        QTRY_VERIFY_WITH_TIMEOUT(page.applyButton()->isEnabled(), 30000);
        QSignalSpy finished(&page, &ConfigPage::applyFinished);
        page.applyChanges();
        QVERIFY(finished.wait(120000));
        const auto applied = finished.last().first().value<gs::config::ApplyResult>();
        QVERIFY2(applied.outcome == gs::config::ApplyOutcome::Applied, qPrintable(applied.message));
        QCOMPARE(readBytes(siteConf), original + "# unconfirmed\n");
        auto banner = page.findChild<QWidget *>(QStringLiteral("configConfirmBanner"));
        QVERIFY(banner && !banner->isHidden());
        // Nobody confirms: the backup goes back through the same protocol.
        QVERIFY(finished.wait(120000));
        const auto reverted = finished.last().first().value<gs::config::ApplyResult>();
        QCOMPARE(gs::config::applyOutcomeName(reverted.outcome), QStringLiteral("applied"));
        QCOMPARE(readBytes(siteConf), original);
        QVERIFY(banner->isHidden());
        QTRY_COMPARE_WITH_TIMEOUT(page.editor()->toPlainText().toUtf8(), original, 30000);

        // Both the change and its automatic revert are in `gatescope-cli audit`.
        QStringList actions;
        for (const QJsonValue &value : cliAudit()) {
            const QJsonObject entry = value.toObject();
            actions << entry.value(QStringLiteral("action")).toString() + QLatin1Char(' ')
                               + entry.value(QStringLiteral("outcome")).toString()
                               + QLatin1Char(' ')
                               + entry.value(QStringLiteral("subject")).toString();
        }
        QCOMPARE(actions,
                 QStringList({QStringLiteral("config.apply applied ") + siteConf,
                              QStringLiteral("config.restore applied ") + siteConf}));
    }
};

QTEST_MAIN(TestConfigPage)
#include "tst_configpage.moc"
