#pragma once

#include "checks/diagnosiscoverage.h"

#include <QFrame>

namespace gs::gui {

// What a diagnosis could not check and what to grant so that it can: shown under the findings
// (or instead of "No problems found") so that a skipped check never reads as a passed one. The
// sudoers snippet is selectable and has a Copy button.
class CoveragePanel : public QFrame
{
    Q_OBJECT

public:
    // `clean`: nothing was found, so the panel says plainly that this is no clean bill of health.
    CoveragePanel(const checks::DiagnosisCoverage &coverage, bool clean, QWidget *parent = nullptr);
};

} // namespace gs::gui
