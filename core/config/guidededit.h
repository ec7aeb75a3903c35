#pragma once

#include "findings/configedit.h"
#include "util/result.h"

#include <QByteArray>

namespace gs::config {

// Turns a finding's proposed change (findings::ConfigEdit) into the new text of its file, made from
// the file as it is now: nginx settings are rewritten in, or added to, the block around the edit's
// line; FPM settings in the pool's section. Every other byte stays as it was, so the diff the user
// reviews shows only the change. Pure.
class GuidedEdit
{
public:
    // The new text, or an error a user can act on: the file no longer has the block the finding
    // saw (it changed since the diagnosis), it does not parse, or it already says exactly that.
    static Result<QByteArray> apply(const findings::ConfigEdit &edit, const QByteArray &text);

private:
    static Result<QByteArray> applyNginx(const findings::ConfigEdit &edit, const QByteArray &text);
    static Result<QByteArray> applyFpm(const findings::ConfigEdit &edit, const QByteArray &text);
};

} // namespace gs::config
