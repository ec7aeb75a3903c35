#include "discovery/factsscript.h"

#include "remote/scriptfile.h"
#include "util/sections.h"

#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>

namespace gs::discovery {

QString FactsScript::script()
{
    return remote::ScriptFile::text(u"facts.sh");
}

namespace {

// Each part's lines that are not blank.
QHash<QString, QList<QByteArray>> sections(const QByteArray &output)
{
    QHash<QString, QList<QByteArray>> result;
    const QHash<QString, QByteArray> parts = splitSections(output);
    for (auto it = parts.cbegin(); it != parts.cend(); ++it) {
        QList<QByteArray> &lines = result[it.key()];
        for (const QByteArray &line : it.value().split('\n')) {
            if (!line.trimmed().isEmpty())
                lines.append(line);
        }
    }
    return result;
}

QString unquote(QByteArray value)
{
    value = value.trimmed();
    if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
        value = value.mid(1, value.size() - 2);
    return QString::fromUtf8(value);
}

// "-c FILE" / "-p DIR" from a master's rewritten command line.
QString optionValue(const QStringList &words, const QString &option)
{
    for (qsizetype i = 0; i + 1 < words.size(); ++i) {
        if (words.at(i) == option)
            return words.at(i + 1);
        if (words.at(i).startsWith(option) && words.at(i).size() > option.size())
            return words.at(i).mid(option.size());
    }
    return {};
}

// "PID MASTER_START NEWEST_CHILD_START" (epoch seconds) onto the masters found.
void applyStartTimes(HostFacts &facts, const QList<QByteArray> &lines)
{
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() < 3)
            continue;
        const int pid = fields.at(0).toInt();
        const qint64 started = fields.at(1).toLongLong();
        const qint64 childStarted = fields.at(2).toLongLong();
        for (NginxFacts &master : facts.nginxMasters) {
            if (master.masterPid == pid) {
                master.startedEpoch = started;
                master.workersStartedEpoch = childStarted;
            }
        }
        if (facts.nginx.masterPid == pid) {
            facts.nginx.startedEpoch = started;
            facts.nginx.workersStartedEpoch = childStarted;
        }
        for (FpmMaster &master : facts.fpm.masters) {
            if (master.pid == pid)
                master.startedEpoch = started;
        }
    }
}

} // namespace

HostFacts FactsScript::parse(const QByteArray &output)
{
    HostFacts facts;
    const auto parts = sections(output);

    for (const QByteArray &line : parts.value(QStringLiteral("os"))) {
        const qsizetype eq = line.indexOf('=');
        const QByteArray key = line.left(eq);
        const QString value = unquote(line.mid(eq + 1));
        if (key == "PRETTY_NAME")
            facts.os = value;
        else if (key == "ID")
            facts.osId = value;
    }
    if (!parts.value(QStringLiteral("kernel")).isEmpty())
        facts.kernel = QString::fromUtf8(parts.value(QStringLiteral("kernel")).first().trimmed());
    if (!parts.value(QStringLiteral("hostname")).isEmpty())
        facts.hostname
                = QString::fromUtf8(parts.value(QStringLiteral("hostname")).first().trimmed());
    const auto init = parts.value(QStringLiteral("init"));
    if (init.contains("systemd-running"))
        facts.init = QStringLiteral("systemd");
    else if (!init.isEmpty())
        facts.init = QString::fromUtf8(init.first().trimmed());
    if (facts.init == QLatin1String("init"))
        facts.init = QStringLiteral("sysvinit");
    if (!parts.value(QStringLiteral("cpus")).isEmpty())
        facts.cpus = parts.value(QStringLiteral("cpus")).first().trimmed().toInt();
    const auto login = parts.value(QStringLiteral("login"));
    if (login.size() >= 2) {
        facts.loginUser = QString::fromUtf8(login.at(0).trimmed());
        facts.loginUid = login.at(1).trimmed().toInt();
    }

    for (const QByteArray &line : parts.value(QStringLiteral("procs"))) {
        const QList<QByteArray> fields = line.split('|');
        if (fields.size() < 4)
            continue;
        const int pid = fields.at(0).toInt();
        const QString user = QString::fromUtf8(fields.at(1));
        const QString exe = QString::fromUtf8(fields.at(2));
        const QString commandLine = QString::fromUtf8(fields.mid(3).join('|')).trimmed();
        if (commandLine.startsWith(QLatin1String("nginx: master process"))) {
            const QStringList words
                    = commandLine.mid(22).split(QLatin1Char(' '), Qt::SkipEmptyParts);
            NginxFacts other;
            other.running = true;
            other.masterPid = pid;
            other.config = optionValue(words, QStringLiteral("-c"));
            other.prefix = optionValue(words, QStringLiteral("-p"));
            other.binary = exe;
            facts.nginxMasters << other;
            if (facts.nginx.running)
                continue; // the first master is diagnosed unless selectNginx() picks another
            facts.nginx.running = true;
            facts.nginx.masterPid = pid;
            facts.nginx.config = optionValue(words, QStringLiteral("-c"));
            facts.nginx.prefix = optionValue(words, QStringLiteral("-p"));
            if (!exe.isEmpty())
                facts.nginx.binary = exe;
            else if (!words.isEmpty() && words.first().startsWith(QLatin1Char('/')))
                facts.nginx.binary = words.first();
        } else {
            FpmMaster master;
            master.pid = pid;
            master.user = user;
            master.binary = exe;
            static const QRegularExpression configPattern(QStringLiteral("\\(([^)]*)\\)"));
            const auto match = configPattern.match(commandLine);
            if (match.hasMatch())
                master.config = match.captured(1);
            facts.fpm.masters << master;
        }
    }

    applyStartTimes(facts, parts.value(QStringLiteral("starts")));

    const auto nginxBinary = parts.value(QStringLiteral("nginx_binary"));
    if (facts.nginx.binary.isEmpty() && !nginxBinary.isEmpty())
        facts.nginx.binary = QString::fromUtf8(nginxBinary.first().trimmed());
    for (const QByteArray &line : parts.value(QStringLiteral("nginx_V"))) {
        const QString text = QString::fromUtf8(line);
        static const QRegularExpression version(QStringLiteral("nginx version: [^/]+/(\\S+)"));
        const auto match = version.match(text);
        if (match.hasMatch()) {
            facts.nginx.installed = true;
            facts.nginx.version = match.captured(1);
        }
        if (text.startsWith(QLatin1String("configure arguments:"))) {
            for (const QString &word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
                if (word.startsWith(QLatin1String("--conf-path=")))
                    facts.nginx.compiledConfPath = word.mid(12);
                else if (word.startsWith(QLatin1String("--prefix=")))
                    facts.nginx.compiledPrefix = word.mid(9);
                else if (word.startsWith(QLatin1String("--error-log-path=")))
                    facts.nginx.compiledErrorLog = word.mid(17);
            }
        }
    }
    if (facts.nginx.running)
        facts.nginx.installed = true;
    if (facts.nginx.prefix.isEmpty())
        facts.nginx.prefix = facts.nginx.compiledPrefix;
    if (facts.nginx.config.isEmpty()) {
        facts.nginx.config = facts.nginx.compiledConfPath;
    } else if (!facts.nginx.config.startsWith(QLatin1Char('/')) && !facts.nginx.prefix.isEmpty()) {
        facts.nginx.config = facts.nginx.prefix + QLatin1Char('/') + facts.nginx.config;
    }
    for (NginxFacts &master : facts.nginxMasters) {
        master.installed = true;
        master.version = facts.nginx.version;
        master.compiledConfPath = facts.nginx.compiledConfPath;
        master.compiledPrefix = facts.nginx.compiledPrefix;
        master.compiledErrorLog = facts.nginx.compiledErrorLog;
        if (master.binary.isEmpty())
            master.binary = facts.nginx.binary;
        if (master.prefix.isEmpty())
            master.prefix = master.compiledPrefix;
        if (master.config.isEmpty())
            master.config = master.compiledConfPath;
        else if (!master.config.startsWith(QLatin1Char('/')) && !master.prefix.isEmpty())
            master.config = master.prefix + QLatin1Char('/') + master.config;
    }

    for (const QByteArray &line : parts.value(QStringLiteral("fpm_binaries"))) {
        const QString path = QString::fromUtf8(line.trimmed());
        if (!facts.fpm.binaries.contains(path))
            facts.fpm.binaries << path;
    }
    // readlink /proc/PID/exe needs privileges for another user's process.
    for (FpmMaster &master : facts.fpm.masters) {
        if (master.binary.isEmpty() && !facts.fpm.binaries.isEmpty())
            master.binary = facts.fpm.binaries.first();
    }
    for (const QByteArray &line : parts.value(QStringLiteral("fpm_version"))) {
        static const QRegularExpression version(QStringLiteral("^PHP (\\S+)"));
        const auto match = version.match(QString::fromUtf8(line));
        if (match.hasMatch())
            facts.fpm.version = match.captured(1);
    }
    for (const QByteArray &line : parts.value(QStringLiteral("tools")))
        facts.tools.insert(QString::fromUtf8(line.trimmed()));
    return facts;
}

bool HostFacts::selectNginx(const QString &config)
{
    for (const NginxFacts &master : nginxMasters) {
        if (master.config == config) {
            nginx = master;
            return true;
        }
    }
    // The nginx asked for does not run (others may): that is what gets diagnosed.
    nginx.running = false;
    nginx.masterPid = 0;
    nginx.config = config;
    nginx.prefix = nginx.compiledPrefix;
    return false;
}

QJsonObject HostFacts::toJson() const
{
    QJsonObject nginxJson{{QStringLiteral("installed"), nginx.installed},
                          {QStringLiteral("running"), nginx.running}};
    if (!nginx.version.isEmpty())
        nginxJson.insert(QStringLiteral("version"), nginx.version);
    if (!nginx.config.isEmpty())
        nginxJson.insert(QStringLiteral("config"), nginx.config);
    if (!nginx.binary.isEmpty())
        nginxJson.insert(QStringLiteral("binary"), nginx.binary);
    if (nginx.masterPid)
        nginxJson.insert(QStringLiteral("master_pid"), nginx.masterPid);
    QJsonArray masters;
    for (const FpmMaster &master : fpm.masters) {
        masters.append(QJsonObject{{QStringLiteral("pid"), master.pid},
                                   {QStringLiteral("config"), master.config},
                                   {QStringLiteral("binary"), master.binary}});
    }
    QJsonObject fpmJson{{QStringLiteral("binaries"), QJsonArray::fromStringList(fpm.binaries)},
                        {QStringLiteral("masters"), masters}};
    if (!fpm.version.isEmpty())
        fpmJson.insert(QStringLiteral("version"), fpm.version);
    QStringList toolList(tools.begin(), tools.end());
    toolList.sort();
    return QJsonObject{{QStringLiteral("os"), os},
                       {QStringLiteral("os_id"), osId},
                       {QStringLiteral("kernel"), kernel},
                       {QStringLiteral("hostname"), hostname},
                       {QStringLiteral("init"), init},
                       {QStringLiteral("cpus"), cpus},
                       {QStringLiteral("nginx"), nginxJson},
                       {QStringLiteral("phpfpm"), fpmJson},
                       {QStringLiteral("tools"), QJsonArray::fromStringList(toolList)}};
}

} // namespace gs::discovery
