#pragma once

#include "config/configfile.h"
#include "config/configservice.h"
#include "discovery/hostfacts.h"
#include "nginx/configparser.h"

#include <QJsonObject>
#include <QList>
#include <QMap>

namespace gs::config {

// Everything configuration on one server: the services (nginx, each FPM master) and every file
// they read, as found by ConfigFiles::discover(). Plain data; copyable across threads.
struct ConfigFileSet
{
    discovery::HostFacts facts;
    QList<ConfigService> services;
    QList<ConfigFile> files;
    QMap<int, nginx::ConfigParser::Dump> nginxDumps; // parsed `nginx -T` by service index
    QStringList problems; // what could not be read (nginx -T failed, no FPM config, ...)

    // The file named `path` (as listed, or by its real path when a symlink points at it).
    const ConfigFile *find(const QString &path) const;
    const ConfigService *serviceFor(const ConfigFile &file) const;

    // {"files":[ConfigFile::toJson()...],"services":[...],"problems":[...]}
    QJsonObject toJson() const;
};

} // namespace gs::config
