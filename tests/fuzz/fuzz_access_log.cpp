// libFuzzer target: a log_format (the first line; "combined" when it does not compile) and the
// access log lines after it, with the field readers the analytics use.

#include "nginx/accesslogfields.h"
#include "nginx/accesslogrecord.h"
#include "nginx/logformat.h"

#include <QByteArrayView>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace gs::nginx;
    QByteArrayView bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const qsizetype firstEnd = bytes.indexOf('\n');
    const QByteArrayView formatText = firstEnd < 0 ? bytes : bytes.first(firstEnd);
    const auto compiled = LogFormat::compile(formatText);
    const LogFormat format = compiled ? *compiled : LogFormat::combined();
    (void)format.variables();
    AccessLogRecord record;
    while (!bytes.isEmpty()) {
        const qsizetype nl = bytes.indexOf('\n');
        const QByteArrayView line = nl < 0 ? bytes : bytes.first(nl);
        bytes = nl < 0 ? QByteArrayView() : bytes.sliced(nl + 1);
        if (!format.match(line, record))
            continue;
        (void)parseTimeLocal(record.field(AccessLogField::TimeLocal));
        (void)parseTimeIso8601(record.field(AccessLogField::TimeIso8601));
        (void)parseMsec(record.field(AccessLogField::Msec));
        (void)parseStatus(record.field(AccessLogField::Status));
        (void)parseSecondsAsMs(record.field(AccessLogField::RequestTime));
        (void)sumUpstreamMs(record.field(AccessLogField::UpstreamResponseTime));
        (void)requestPath(record.field(AccessLogField::Request));
        (void)stripQuery(record.field(AccessLogField::RequestUri));
    }
    return 0;
}
