#pragma once

#include <QByteArrayView>

#include <array>
#include <cstddef>

namespace gs::nginx {

// The access-log variables Gatescope reads. Every other variable of a log_format is still matched
// (so that the fields after it are found) but its value is dropped.
enum class AccessLogField : unsigned char {
    None,
    RemoteAddr,
    RemoteUser,
    TimeLocal,
    TimeIso8601,
    Msec,
    Request,
    RequestMethod,
    RequestUri,
    Uri,
    Status,
    BodyBytesSent,
    BytesSent,
    RequestTime,
    UpstreamResponseTime,
    UpstreamConnectTime,
    UpstreamHeaderTime,
    UpstreamStatus,
    UpstreamAddr,
    Host,
    ServerName,
    HttpHost,
    HttpReferer,
    HttpUserAgent,
    Count
};

// One matched line: views into the caller's line buffer, valid as long as that buffer is. Values
// are still escaped as nginx wrote them (\xHH, or \" and \\ with escape=json). Filling a record
// never allocates, which is what lets a gigabyte log stream through at disk speed.
struct AccessLogRecord
{
    std::array<QByteArrayView, static_cast<std::size_t>(AccessLogField::Count)> fields{};

    QByteArrayView field(AccessLogField which) const
    {
        return fields[static_cast<std::size_t>(which)];
    }
    void set(AccessLogField which, QByteArrayView value)
    {
        fields[static_cast<std::size_t>(which)] = value;
    }
};

} // namespace gs::nginx
