#pragma once

#include "config/applystep.h"
#include "config/snapshotentry.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace gs::config {

// How taking a snapshot went (TreeSnapshot::create), for the CLI's JSON and the GUI.
struct SnapshotCreation
{
    bool created = false;
    SnapshotEntry entry; // valid when created
    QString message;     // one sentence for people
    QList<ApplyStep> steps;

    // {"created","message","snapshot":SnapshotEntry::toJson()|null,"steps":[...]}
    QJsonObject toJson() const;
};

} // namespace gs::config
