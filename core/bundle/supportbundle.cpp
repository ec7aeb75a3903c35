#include "bundle/supportbundle.h"

#include "bundle/bundlescript.h"
#include "bundle/tararchive.h"
#include "nginx/configparser.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace gs::bundle {

namespace {

Error bad(const QString &why)
{
    return makeError(ErrorCode::BadBundle,
                     QStringLiteral("This is not a Gatescope support bundle Gatescope can read: "
                                    "%1.")
                             .arg(why),
                     QStringLiteral("Ask for the bundle again: `gatescope-cli bundle script > "
                                    "collect.sh`, run `sh collect.sh` on the server and send "
                                    "the .tar.gz it writes, unchanged."));
}

// "key=value" lines.
QMap<QString, QString> keyValues(const QByteArray &text)
{
    QMap<QString, QString> values;
    for (const QByteArray &line : text.split('\n')) {
        const qsizetype eq = line.indexOf('=');
        if (eq > 0)
            values.insert(QString::fromUtf8(line.left(eq)), QString::fromUtf8(line.mid(eq + 1)));
    }
    return values;
}

} // namespace

const checks::CommandOutput *SupportBundle::output(const QString &key) const
{
    const auto it = m_outputs.constFind(key);
    return it == m_outputs.cend() ? nullptr : &*it;
}

std::optional<QByteArray> SupportBundle::configFile(const QString &path) const
{
    for (auto it = m_outputs.cbegin(); it != m_outputs.cend(); ++it) {
        // nginx's, by the parser every nginx -T dump goes through.
        if (it.key().startsWith(QLatin1String("nginx_T@"))
            || it.key().startsWith(QLatin1String("nginx_files@"))) {
            const auto dump = nginx::ConfigParser::parseDump(QString::fromUtf8(it->out));
            if (const nginx::ConfigParser::File *file = dump ? dump->file(path) : nullptr)
                return file->text.toUtf8();
            continue;
        }
        // PHP-FPM's, as its configuration read lists them: "@@file PATH", then the content.
        if (!it.key().startsWith(QLatin1String("fpmconf:")))
            continue;
        const QByteArray marker = "@@file " + path.toUtf8() + "\n";
        const QByteArray &text = it->out;
        const qsizetype at = text.startsWith(marker) ? 0 : text.indexOf(QByteArray("\n" + marker));
        if (at < 0)
            continue;
        const qsizetype begin = at == 0 ? marker.size() : at + 1 + marker.size();
        const qsizetype end = text.indexOf("\n@@", begin);
        return text.mid(begin, end < 0 ? -1 : end - begin + 1);
    }
    return std::nullopt;
}

Result<SupportBundle> SupportBundle::open(const QString &path)
{
    const auto members = TarArchive::readGzipFile(path, TarArchive::Limits{});
    if (!members)
        return members.error();
    return fromMembers(*members, QFileInfo(path).absoluteFilePath());
}

Result<SupportBundle> SupportBundle::fromArchive(const QByteArray &gzip, const QString &name)
{
    const auto members = TarArchive::readGzip(gzip, TarArchive::Limits{});
    if (!members)
        return members.error();
    return fromMembers(*members, name);
}

Result<SupportBundle> SupportBundle::fromMembers(const QMap<QString, QByteArray> &members,
                                                 const QString &path)
{
    SupportBundle bundle;
    bundle.m_path = path;
    // One folder holds everything: gatescope-bundle-HOST-UTCTIME/.
    QString root;
    for (auto it = members.cbegin(); it != members.cend(); ++it) {
        const QString top = it.key().section(QLatin1Char('/'), 0, 0);
        if (root.isEmpty())
            root = top;
        if (top != root || !it.key().contains(QLatin1Char('/')))
            return bad(QStringLiteral("its files are not all in one gatescope-bundle folder"));
    }
    if (!root.startsWith(QLatin1String("gatescope-bundle-")))
        return bad(QStringLiteral("it holds no gatescope-bundle folder"));
    const QByteArray manifest = members.value(root + QStringLiteral("/manifest.txt"));
    if (manifest.isEmpty())
        return bad(QStringLiteral("its manifest.txt is missing (the collection did not finish)"));
    if (auto read = bundle.readManifest(manifest); !read)
        return read.error();
    if (auto read = bundle.readObservations(
                root, members.value(root + QStringLiteral("/observations.tsv")), members);
        !read)
        return read.error();
    return bundle;
}

Result<void> SupportBundle::readManifest(const QByteArray &text)
{
    const auto values = keyValues(text);
    bool ok = false;
    m_format = values.value(QStringLiteral("format")).toInt(&ok);
    if (!ok || m_format < 1)
        return bad(QStringLiteral("its manifest names no format"));
    m_version = values.value(QStringLiteral("version")).left(40);
    if (m_format > BundleScript::kFormat)
        return makeError(ErrorCode::BadBundle,
                         QStringLiteral("This bundle was made by a newer Gatescope (%1, bundle "
                                        "format %2); this one reads format %3.")
                                 .arg(m_version)
                                 .arg(m_format)
                                 .arg(BundleScript::kFormat),
                         QStringLiteral("Update Gatescope to read it, or collect again with "
                                        "this version's script (gatescope-cli bundle script)."));
    m_checksum = values.value(QStringLiteral("script_sha256")).left(64);
    m_host = values.value(QStringLiteral("host")).left(253);
    m_user = values.value(QStringLiteral("user")).left(64);
    m_asRoot = values.value(QStringLiteral("uid")) == QLatin1String("0");
    m_redacted = values.value(QStringLiteral("redacted")) == QLatin1String("yes");
    m_collected = QDateTime::fromSecsSinceEpoch(
            values.value(QStringLiteral("collected_epoch")).toLongLong(), Qt::UTC);
    if (m_host.isEmpty() || values.value(QStringLiteral("collected_epoch")).toLongLong() <= 0)
        return bad(QStringLiteral("its manifest names no host or time"));
    return {};
}

Result<void> SupportBundle::readObservations(const QString &root,
                                             const QByteArray &index,
                                             const QMap<QString, QByteArray> &members)
{
    static const QRegularExpression file(QStringLiteral("^obs/[0-9]{1,6}$"));
    for (const QByteArray &line : index.split('\n')) {
        if (line.isEmpty())
            continue;
        const QList<QByteArray> fields = line.split('\t');
        if (fields.size() != 4)
            return bad(QStringLiteral("a line of observations.tsv is malformed"));
        const QString name = QString::fromUtf8(fields.at(0));
        bool ok = false;
        const int status = fields.at(1).toInt(&ok);
        const QString key = QString::fromUtf8(fields.at(3));
        if (!file.match(name).hasMatch() || !ok || status < 0 || status > 255 || key.isEmpty())
            return bad(QStringLiteral("a line of observations.tsv is malformed"));
        const QString base = root + QLatin1Char('/') + name;
        if (!members.contains(base + QStringLiteral(".out")))
            return bad(QStringLiteral("the output of %1 is missing").arg(key.left(200)));
        checks::CommandOutput output;
        output.command = key;
        output.privileged = m_asRoot;
        output.out = members.value(base + QStringLiteral(".out"));
        output.err = members.value(base + QStringLiteral(".err"));
        if (status == 124) {
            // timeout(1)'s status: the collector stopped a probe that hung.
            output.error = QStringLiteral("The command did not finish within its time limit "
                                          "when the bundle was collected.");
        } else {
            output.ran = true;
            output.exitStatus = status;
        }
        m_outputs.insert(key, output);
    }
    if (!m_outputs.contains(QStringLiteral("facts")))
        return bad(QStringLiteral("it holds no facts about the server"));
    return {};
}

} // namespace gs::bundle
