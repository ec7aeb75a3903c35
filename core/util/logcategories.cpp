#include "util/logcategories.h"

namespace gs {

Q_LOGGING_CATEGORY(lcSsh, "gatescope.ssh", QtWarningMsg)
Q_LOGGING_CATEGORY(lcRemote, "gatescope.remote", QtWarningMsg)
Q_LOGGING_CATEGORY(lcApply, "gatescope.apply", QtWarningMsg)
Q_LOGGING_CATEGORY(lcDiagnose, "gatescope.diagnose", QtWarningMsg)

} // namespace gs
