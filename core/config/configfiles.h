#pragma once

#include "config/configfileset.h"
#include "remote/remotehost.h"
#include "util/result.h"

namespace gs::config {

// Finds the configuration in force on a server: nginx's files from `nginx -T` of the running
// master (its -p/-c/-e), each PHP-FPM master's main file and the files its `include=` globs
// match, with real paths, owner, mode and sha256. Reads only. Blocking: worker threads and
// the CLI only. Fails only when the server cannot be asked; a service that cannot be read is
// left out and named in ConfigFileSet::problems.
class ConfigFiles
{
public:
    static Result<ConfigFileSet> discover(remote::RemoteHost &host);
};

} // namespace gs::config
