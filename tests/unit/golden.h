#pragma once

// Golden-file helpers for the parser tests: inputs and expected outputs live under
// tests/data/<case>/. Set GS_UPDATE_GOLDEN=1 to (re)write expected files, then review the diff.

#include <QByteArray>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <gtest/gtest.h>

namespace gs::test {

inline QString dataPath(const QString &caseName, const QString &file)
{
    return QStringLiteral(GS_TEST_DATA_DIR) + QLatin1Char('/') + caseName + QLatin1Char('/') + file;
}

inline QByteArray readData(const QString &caseName, const QString &file)
{
    QFile f(dataPath(caseName, file));
    if (!f.open(QIODevice::ReadOnly)) {
        ADD_FAILURE() << "cannot read " << qPrintable(f.fileName());
        return {};
    }
    return f.readAll();
}

inline QString readText(const QString &caseName, const QString &file)
{
    return QString::fromUtf8(readData(caseName, file));
}

// Compares `actual` with tests/data/<case>/<file>; writes it instead when GS_UPDATE_GOLDEN=1.
inline void
expectGoldenJson(const QString &caseName, const QString &file, const QJsonDocument &actual)
{
    const QByteArray text = actual.toJson(QJsonDocument::Indented);
    if (qEnvironmentVariableIntValue("GS_UPDATE_GOLDEN") == 1) {
        QFile f(dataPath(caseName, file));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text);
        return;
    }
    const QJsonDocument expected = QJsonDocument::fromJson(readData(caseName, file));
    ASSERT_FALSE(expected.isNull()) << "missing or invalid golden file " << qPrintable(file)
                                    << " in " << qPrintable(caseName);
    EXPECT_EQ(expected, actual) << "golden mismatch for " << qPrintable(caseName) << "/"
                                << qPrintable(file) << "; actual:\n"
                                << text.constData();
}

inline void
expectGoldenJson(const QString &caseName, const QString &file, const QJsonObject &actual)
{
    expectGoldenJson(caseName, file, QJsonDocument(actual));
}

} // namespace gs::test
