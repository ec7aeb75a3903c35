// libFuzzer target: `nginx -T` output (or one configuration file) -> files, include expansion and
// the configuration model, the path every diagnosis and the config editor take.

#include "nginx/configmodel.h"
#include "nginx/configparser.h"
#include "nginx/sizetime.h"

#include <QByteArrayView>
#include <QString>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace gs::nginx;
    QString text = QString::fromUtf8(
            QByteArrayView(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size)));
    // Input without a "-T" header is one file: the main one.
    if (!text.contains(QLatin1String("# configuration file ")))
        text.prepend(QStringLiteral("# configuration file /etc/nginx/nginx.conf:\n"));
    const auto dump = ConfigParser::parseDump(text);
    if (!dump)
        return 0;
    gs::sys::ParseDiagnostics diagnostics;
    const QList<ConfigDirective> tree = ConfigParser::expandIncludes(*dump, &diagnostics);
    const ConfigModel model
            = ConfigModel::build(tree, ConfigModel::Options{QStringLiteral("/usr")});
    (void)model.toJson();
    for (const ConfigDirective &d : tree) {
        (void)d.text();
        (void)parseSize(d.arg(0));
        (void)parseDurationMs(d.arg(0));
    }
    return 0;
}
