#pragma once

#include "targetrunner.h"

#include "bundle/supportbundle.h"

#include <functional>

namespace gs::cli {

// `--bundle PATH...`: every bundle file named, a directory standing for each
// gatescope-bundle*.tar.gz in it (sorted; one target each). Each is read and handed to `work`,
// bundles concurrently; a bundle that cannot be read gets an error outcome (bad_bundle) and
// never stops the others. The outcome's target is the file's name, its host the server's.
std::vector<TargetOutcome>
runOnBundles(const QStringList &paths,
             const std::function<void(const bundle::SupportBundle &, TargetOutcome &)> &work);

// {"file","collected_utc","collected_as","as_root","script_version"} for a target's JSON.
QJsonObject bundleJson(const bundle::SupportBundle &bundle);

} // namespace gs::cli
