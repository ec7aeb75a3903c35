#pragma once

#include "phpfpm/fpmstatus.h"
#include "util/result.h"

#include <QByteArrayView>

namespace gs::phpfpm {

// Parses the FPM status page body; the format (plain text or JSON) is detected.
// Fails (ParseError) when the body is neither, e.g. an nginx error page or "File not found.".
class FpmStatusParser
{
public:
    static Result<FpmStatus> parse(QByteArrayView body);
};

} // namespace gs::phpfpm
