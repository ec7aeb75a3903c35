// gatescope-cli bundle script | bundle playbook [--become] (spec/cli.md): what a customer runs
// where Gatescope cannot open a session; `diagnose --bundle` reads what it collects.

#include "clicommands.h"
#include "commandregistry.h"

#include "bundle/bundleplaybook.h"
#include "bundle/bundlescript.h"

#include <QTextStream>

#include <cstdio>

namespace gs::cli {

namespace {

const char kBundleHelp[]
        = "Usage: gatescope-cli bundle script [--redact] > collect.sh\n"
          "       gatescope-cli bundle playbook [--become] > gatescope-bundles.yml\n\n"
          "script    prints the support bundle collector: one POSIX sh script to run on the\n"
          "          server (as root, or as any login for what it may read). It reads only,\n"
          "          installs and changes nothing, says what it collects, and writes\n"
          "          gatescope-bundle-HOST-UTCTIME.tar.gz in the current directory.\n"
          "          --redact: before archiving, host, site, user, pool, service and upstream\n"
          "          names, addresses, request paths, comments and secret values become\n"
          "          tokens (host-1, site-2, 192.0.2.1, /path-3); the map from tokens to\n"
          "          names is written beside the bundle, never in it (GS_REDACT=yes|no when\n"
          "          the script is run decides too).\n"
          "playbook  prints an Ansible playbook that runs the collector on every host of the\n"
          "          inventory it is run with and fetches the bundles into ./gatescope-bundles/\n"
          "          (--become: collect as root through Ansible's become).\n\n"
          "Then: gatescope-cli diagnose --bundle FILE_OR_DIRECTORY...\n";

int runBundle(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString what = args.value(0);
    if (what == QLatin1String("--help") || what == QLatin1String("-h")) {
        out << kBundleHelp;
        return ExitOk;
    }
    if (what == QLatin1String("script")
        && (args.size() == 1 || (args.size() == 2 && args.at(1) == QLatin1String("--redact")))) {
        out << bundle::BundleScript::text({.redact = args.size() == 2});
        return ExitOk;
    }
    if (what == QLatin1String("playbook")
        && (args.size() == 1 || (args.size() == 2 && args.at(1) == QLatin1String("--become")))) {
        out << bundle::BundlePlaybook::text(args.size() == 2);
        return ExitOk;
    }
    err << "gatescope-cli bundle: name what to print: script [--redact] or playbook "
           "[--become]\n\n"
        << kBundleHelp;
    return ExitUsage;
}

} // namespace

GS_CLI_COMMAND(bundle,
               "bundle",
               "print the support bundle collector (script) or an Ansible playbook for it",
               runBundle);

} // namespace gs::cli
