#include "labenv.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>

namespace gs::test {

namespace {

QString envOr(const char *name, const char *fallback)
{
    const QString value = qEnvironmentVariable(name);
    return value.isEmpty() ? QString::fromUtf8(fallback) : value;
}

} // namespace

QString LabEnv::labDir()
{
    return envOr("GS_LAB_DIR", GS_LAB_DIR);
}

QString LabEnv::labScript()
{
    return envOr("GS_LAB_SCRIPT", GS_LAB_SCRIPT);
}

Result<LabEnv> LabEnv::load(const QString &dir)
{
    const QString path = QDir(dir).filePath(QStringLiteral("lab.json"));
    QFile file(path);
    if (file.exists() && !file.open(QIODevice::ReadOnly)) {
        return makeError(ErrorCode::PermissionDenied,
                         QStringLiteral("Cannot read %1: %2").arg(path, file.errorString()),
                         QStringLiteral("lab.json is readable only by the user who started "
                                        "the lab (it holds passwords)."));
    }
    if (!file.isOpen() && !file.open(QIODevice::ReadOnly)) {
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("The lab is not running: no %1.").arg(path),
                         QStringLiteral("Run the tests through ctest (fixture lab.start) or "
                                        "`%1 start --dir %2`.")
                                 .arg(labScript(), dir));
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        return makeError(
                ErrorCode::ParseError,
                QStringLiteral("%1 is not valid JSON: %2").arg(path, parseError.errorString()));
    }
    return LabEnv(doc.object());
}

LabEnv::RunResult LabEnv::runLab(const QStringList &args, int timeoutMs)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(labScript(), QStringList(args) << QStringLiteral("--dir") << labDir());
    RunResult result;
    if (!process.waitForStarted()) {
        result.output
                = QStringLiteral("cannot start %1: %2").arg(labScript(), process.errorString());
        return result;
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.output = QString::fromUtf8(process.readAll()) + QStringLiteral("\n(timed out)");
        return result;
    }
    result.output = QString::fromUtf8(process.readAll());
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return result;
}

LabEnv::RunResult LabEnv::breakage(const QString &name)
{
    return runLab({QStringLiteral("break"), name});
}

LabEnv::RunResult LabEnv::fix(const QString &name)
{
    return runLab({QStringLiteral("fix"), name});
}

LabEnv::RunResult LabEnv::reset()
{
    return runLab({QStringLiteral("reset")});
}

QJsonValue LabEnv::value(const QString &path) const
{
    QJsonValue current = m_json;
    const QStringList parts = path.split(QLatin1Char('.'));
    for (const QString &part : parts) {
        if (!current.isObject())
            return QJsonValue(QJsonValue::Undefined);
        current = current.toObject().value(part);
    }
    return current;
}

bool LabEnv::hasUser(const QString &role) const
{
    return user(role).isValid();
}

LabEnv::User LabEnv::user(const QString &role) const
{
    const QJsonObject u = m_json.value(QStringLiteral("users")).toObject().value(role).toObject();
    User result;
    result.name = u.value(QStringLiteral("name")).toString();
    result.key = u.value(QStringLiteral("key")).toString();
    result.password = u.value(QStringLiteral("password")).toString();
    result.passphrase = u.value(QStringLiteral("passphrase")).toString();
    return result;
}

QStringList LabEnv::nginxArgs() const
{
    QStringList args;
    const QJsonArray array = value(QStringLiteral("nginx.args")).toArray();
    for (const QJsonValue &v : array)
        args << v.toString();
    return args;
}

QStringList LabEnv::breakages() const
{
    QStringList names;
    const QJsonArray array = m_json.value(QStringLiteral("breakages")).toArray();
    for (const QJsonValue &v : array)
        names << v.toString();
    return names;
}

} // namespace gs::test
