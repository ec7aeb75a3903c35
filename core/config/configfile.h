#pragma once

#include "config/configservice.h"
#include "remote/remotefileinfo.h"

#include <QJsonObject>

namespace gs::config {

// One configuration file in force on a server, and which service reads it.
struct ConfigFile
{
    remote::RemoteFileInfo info;
    ServiceKind kind = ServiceKind::Nginx;
    int serviceIndex = 0; // into ConfigFileSet::services
    bool isMain = false;  // the service's main file (nginx.conf, php-fpm.conf)

    const QString &path() const { return info.path; }
    // {"path","real_path","symlink","kind","role","size","mode","owner","group","sha256"}
    QJsonObject toJson() const;
};

} // namespace gs::config
