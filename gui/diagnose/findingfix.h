#pragma once

#include "actions/servicecontrol.h"
#include "findings/finding.h"

#include <QString>

namespace gs::gui {

// What a finding card offers to fix its finding: a service action (with the exact commands shown
// first), the guided edit in the config editor, or a plain statement that a person must act.
struct FindingFix
{
    enum class Kind { Service, Editor, Human };

    Kind kind = Kind::Human;
    QString label;   // the button's text, e.g. "Start PHP-FPM"
    QString service; // ServiceControl name: "php-fpm", "nginx", "myapp.service"
    actions::ServiceAction action = actions::ServiceAction::Start;
    bool journal = false;    // an application unit: its last journal lines are shown first
    QStringList logFiles;    // an init script's service: its log files' last lines instead
    bool guidedEdit = false; // Editor: the finding's proposed change opens as a diff to review
    QString humanText;       // Human: what to tell the person who can fix it

    static FindingFix forFinding(const findings::Finding &finding);
};

} // namespace gs::gui
