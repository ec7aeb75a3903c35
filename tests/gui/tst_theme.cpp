// Issue 11, "dark mode": with a dark platform palette the app's icons and the resolved card
// follow it instead of staying drawn for a light window (the icons all but vanished and the
// card stayed pale green under light text).

#include "charts/chartview.h"
#include "common/appicons.h"
#include "common/theme.h"
#include "diagnose/findingcard.h"
#include "findings/finding.h"

#include <QApplication>
#include <QChart>
#include <QImage>
#include <QPalette>
#include <QStyle>
#include <QtTest>

class TestTheme : public QObject
{
    Q_OBJECT

private:
    // The lightness of the icon's ink: the most opaque pixels' highest lightness.
    static int inkLightness(const QString &name)
    {
        const QImage image = gs::gui::appIcon(name).pixmap(48, 48).toImage();
        int lightest = -1;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                if (c.alpha() > 200)
                    lightest = std::max(lightest, c.lightness());
            }
        }
        return lightest;
    }

    static QPalette darkPalette()
    {
        QPalette palette;
        palette.setColor(QPalette::Window, QColor(0x35, 0x35, 0x35));
        palette.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
        palette.setColor(QPalette::Base, QColor(0x2a, 0x2a, 0x2a));
        palette.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
        return palette;
    }

    gs::findings::Finding finding() const
    {
        gs::findings::Finding f;
        f.id = QStringLiteral("phpfpm.not_running");
        f.severity = gs::findings::Finding::Severity::Critical;
        f.title = QStringLiteral("PHP-FPM is not running");
        return f;
    }

private Q_SLOTS:
    void lightPalette_iconsKeepTheirInk_cardPale()
    {
        QApplication::setPalette(QApplication::style()->standardPalette());
        QVERIFY(!gs::gui::Theme::isDark());
        const int ink = inkLightness(QStringLiteral("server"));
        QVERIFY2(ink >= 0 && ink < 128, qPrintable(QString::number(ink)));
        gs::gui::FindingCard card(finding());
        card.setResolved(QStringLiteral("PHP-FPM is running."));
        QVERIFY(card.styleSheet().contains(QLatin1String("#eef8f1")));
        gs::gui::ChartView chart;
        QCOMPARE(chart.chart()->theme(), QChart::ChartThemeLight);
    }

    void darkPalette_iconsLightened_cardDeep()
    {
        const QPalette previous = QApplication::palette();
        QApplication::setPalette(darkPalette());
        QVERIFY(gs::gui::Theme::isDark());
        for (const QString &name : {QStringLiteral("server"), QStringLiteral("chart")}) {
            const int ink = inkLightness(name);
            QVERIFY2(ink > 160, qPrintable(name + QLatin1Char(' ') + QString::number(ink)));
        }
        gs::gui::FindingCard card(finding());
        card.setResolved(QStringLiteral("PHP-FPM is running."));
        QVERIFY(card.styleSheet().contains(QLatin1String("#1e3528")));
        QVERIFY(!card.styleSheet().contains(QLatin1String("#eef8f1")));
        // The error-rate chart draws its own background: dark too.
        gs::gui::ChartView chart;
        QCOMPARE(chart.chart()->theme(), QChart::ChartThemeDark);
        QApplication::setPalette(previous);
    }
};

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"
