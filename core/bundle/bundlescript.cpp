#include "bundle/bundlescript.h"

#include "bundle/probetext.h"
#include "checks/probeplans.h"
#include "checks/remotescripts.h"
#include "discovery/factsscript.h"
#include "gatescope/version.h"
#include "remote/scriptfile.h"
#include "report/redactor.h"
#include "util/shellquote.h"

#include <QCryptographicHash>

namespace gs::bundle {

namespace rs = checks::remotescripts;

namespace {

struct Probe
{
    const char *name;
    QString text;
};

QString a(int index)
{
    return ProbeText::text(index);
}

int n(int index)
{
    return ProbeText::number(index);
}

// Every probe the collector may run, each the live diagnosis's own command with its arguments
// left open (a TCP probe's timeout is its third argument, as the live plan derives it).
QList<Probe> probes()
{
    return {
            {"facts", discovery::FactsScript::script()},
            {"clock", rs::clock()},
            {"nginx_T", rs::nginxDump(a(1), a(2), QString())},
            {"nginx_T_prefix", rs::nginxDump(a(1), a(2), a(3))},
            {"nginx_files", remote::ScriptFile::text(u"nginx-config-files.sh")},
            {"fpmconf", rs::fpmConfig(a(1), QStringLiteral("/usr"))},
            {"fpm_t", rs::fpmTest(a(1), a(2))},
            {"sockets", rs::sockets()},
            {"system", rs::system()},
            {"oom", rs::kernelOom(n(1))},
            {"procs", rs::processLimits({n(1)})},
            {"firewall", rs::firewall()},
            {"selinux", rs::selinux()},
            {"systemd", rs::systemdFailed()},
            {"tail", rs::tailFile(a(1), checks::probeplans::kLogTailBytes)},
            {"groups", rs::userGroups(a(1))},
            {"site", rs::probeSite(a(1), QString(), 8)},
            {"site_host", rs::probeSite(a(1), a(2), 8)},
            {"unix", rs::probeUnix(a(1))},
            {"tcp", rs::probeTcp(a(1), n(2), QString(), n(3))},
            {"tcp_http", rs::probeTcp(a(1), n(2), QStringLiteral("http"), n(3))},
            {"tcp_https", rs::probeTcp(a(1), n(2), QStringLiteral("https"), n(3))},
            {"tcp6", rs::probeTcp(ProbeText::host6(1), n(2), QString(), n(3))},
            {"tcp6_http", rs::probeTcp(ProbeText::host6(1), n(2), QStringLiteral("http"), n(3))},
            {"tcp6_https", rs::probeTcp(ProbeText::host6(1), n(2), QStringLiteral("https"), n(3))},
            {"dns", rs::resolveHost(a(1))},
            {"fpmstatus", rs::fpmStatusCgi(a(1), a(2))},
            {"unit", rs::unitState(a(1), n(2))},
            {"unitfor_port", rs::unitForAddress(n(1), QString(), n(2))},
            {"unitfor_socket", rs::unitForAddress(0, a(1), n(2))},
            {"initfor_port", rs::initScriptFor(n(1), QString())},
            {"initfor_socket", rs::initScriptFor(0, a(1))},
    };
}

QString body()
{
    QString text;
    text += QStringLiteral("GS_FORMAT=%1\n").arg(BundleScript::kFormat);
    text += QStringLiteral("GS_VERSION=%1\n").arg(gs::shellQuote(QString::fromLatin1(kVersion)));
    for (const Probe &probe : probes()) {
        text += QStringLiteral("GS_P_%1=%2\n")
                        .arg(QLatin1String(probe.name),
                             gs::shellQuote(ProbeText::substitute(probe.text, 3)));
    }
    text += QStringLiteral("GS_AWK_targets=%1\n")
                    .arg(gs::shellQuote(remote::ScriptFile::text(u"bundle-targets.awk")));
    // The redaction masks with the report Redactor's own vocabulary.
    using Vocabulary = report::Redactor::Vocabulary;
    const std::pair<const char *, Vocabulary> lists[] = {
            {"GS_R_WORDS", Vocabulary::OrdinaryWords},
            {"GS_R_TLDS", Vocabulary::TopLevelDomains},
            {"GS_R_PUBLIC", Vocabulary::PublicDomains},
            {"GS_R_SYSUSERS", Vocabulary::SystemUsers},
    };
    for (const auto &[name, which] : lists) {
        text += QStringLiteral("%1=%2\n").arg(
                QLatin1String(name),
                gs::shellQuote(report::Redactor::vocabulary(which).join(QLatin1Char(' '))));
    }
    text += QStringLiteral("GS_AWK_redact=%1\n")
                    .arg(gs::shellQuote(remote::ScriptFile::text(u"bundle-redact.awk")));
    text += remote::ScriptFile::text(u"bundle-collect.sh");
    return text;
}

} // namespace

QString BundleScript::bodyChecksum()
{
    return QString::fromLatin1(
            QCryptographicHash::hash(body().toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString BundleScript::text(const Options &options)
{
    const QString content = body();
    return QStringLiteral(
                   "#!/bin/sh\n"
                   "# Gatescope %1: support bundle collector (gatescope-cli bundle script).\n"
                   "# Run it on the server with the 502/504 problem, as root for the whole "
                   "picture or as\n"
                   "# any login: it reads only, installs and changes nothing, and writes\n"
                   "# gatescope-bundle-HOST-UTCTIME.tar.gz in the current directory. Send "
                   "that file.\n"
                   "#   sh collect.sh\n"
                   "#   GS_SINCE_HOURS=N: another log window (24 by default)\n"
                   "#   GS_NGINX_CONF=PATH: an nginx run with its own -c, when it is down\n"
                   "#   GS_REDACT=yes: replace names and addresses with tokens before the "
                   "archive is\n"
                   "#     written; the map of tokens is written beside it (%2 in this copy)\n")
                   .arg(QString::fromLatin1(kVersion),
                        options.redact ? QStringLiteral("on") : QStringLiteral("off"))
           + QStringLiteral("GS_REDACT_DEFAULT=%1\n")
                     .arg(options.redact ? QStringLiteral("yes") : QStringLiteral("no"))
           + QStringLiteral("GS_SHA256=%1\n").arg(bodyChecksum()) + content;
}

} // namespace gs::bundle
