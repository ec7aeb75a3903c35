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
    bool showJournal = false; // an application unit: its last log lines are shown first
    bool guidedEdit = false;  // Editor: the finding's proposed change opens as a diff to review
    QString humanText;        // Human: what to tell the person who can fix it

    static FindingFix forFinding(const findings::Finding &finding);
    // The unit named by a finding's evidence ("systemctl show X", "journalctl -u X"), or the
    // init script ("/etc/init.d/X status").
    static QString unitOf(const findings::Finding &finding);
    // The log files a finding's evidence quotes for a service without a journal (the ones its
    // init script names); empty for a systemd unit.
    static QStringList logFilesOf(const findings::Finding &finding);
};

} // namespace gs::gui
