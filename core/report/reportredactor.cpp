#include "report/reportredactor.h"

#include "checks/diagnosismodel.h"
#include "findings/findingcatalog.h"
#include "report/redactor.h"

#include <QFileInfo>

namespace gs::report {

namespace {

using Kind = Redactor::Kind;

// The catalog's titles, explanations and remedies are the same in every report and name no
// one; they give examples ("::1 instead of 127.0.0.1", "unix:PATH") that must stay readable.
void keepCatalogProse(Redactor &redactor)
{
    for (const findings::FindingCatalog::Entry &entry : findings::FindingCatalog::entries()) {
        redactor.keepProse(entry.title);
        redactor.keepProse(entry.explanation);
        for (const QString &step : entry.remedy)
            redactor.keepProse(step);
    }
}

// "/etc/nginx/conf.d/acme.conf" -> "acme": a file that holds a server block is named after its
// site more often than not.
QString siteFileName(const QString &path)
{
    QString name = QFileInfo(path).fileName();
    if (name.endsWith(QLatin1String(".conf")))
        name.chop(5);
    if (name == QLatin1String("nginx") || name == QLatin1String("default"))
        return {};
    return name;
}

void addNginxConfig(Redactor &redactor, const nginx::ConfigModel &config)
{
    redactor.add(Kind::User, config.user);
    redactor.add(Kind::User, config.group);
    for (const nginx::ConfigModel::Upstream &upstream : config.upstreams) {
        redactor.add(Kind::Upstream, upstream.name);
        for (const nginx::ConfigModel::UpstreamServer &server : upstream.servers) {
            redactor.add(Kind::Host, server.host);
            redactor.learn(server.unixPath);
        }
    }
    for (const nginx::ConfigModel::Server &server : config.servers) {
        for (const QString &name : server.names) {
            if (!name.startsWith(QLatin1Char('~'))) // a regex names no one site
                redactor.add(Kind::Site, name);
        }
        redactor.add(Kind::Site, siteFileName(server.source.file));
        redactor.learn(server.root);
        redactor.learn(server.source.file);
        for (const nginx::ConfigModel::Listen &listen : server.listens) {
            redactor.add(Kind::Address, listen.address);
            redactor.learn(listen.unixPath);
        }
        for (const nginx::ConfigModel::LogFile &log : server.accessLogs + server.errorLogs)
            redactor.learn(log.path);
    }
}

void addFpmConfig(Redactor &redactor, const checks::FpmModel &fpm)
{
    for (const checks::FpmInstance &instance : fpm.instances) {
        redactor.add(Kind::User, instance.masterUser);
        for (const QString &file : instance.files)
            redactor.learn(file);
        for (const phpfpm::PoolConfig::Pool &pool : instance.conf.pools) {
            redactor.add(Kind::Pool, pool.name);
            redactor.add(Kind::User, pool.user());
            redactor.add(Kind::User, pool.group());
            redactor.add(Kind::User, pool.listenOwner());
            redactor.add(Kind::User, pool.listenGroup());
            redactor.learn(pool.listen());
            redactor.learn(pool.file);
            redactor.learn(pool.slowlog());
        }
    }
}

// What the diagnosis read about the server: the names in its configuration are the customer's.
void addModel(Redactor &redactor, const checks::RawObservations &raw)
{
    if (raw.outputs.isEmpty())
        return;
    const checks::DiagnosisModel model = checks::DiagnosisModel::build(raw);
    if (model.nginx)
        addNginxConfig(redactor, *model.nginx);
    for (const checks::UpstreamTarget &target : model.upstreams) {
        redactor.add(Kind::Site, target.serverName);
        redactor.add(Kind::Upstream, target.pass.upstreamName);
        if (target.pass.upstreamName.isEmpty())
            redactor.add(Kind::Host, target.pass.host);
        for (const QString &peer : target.peers)
            redactor.add(Kind::Address, peer);
    }
    for (const checks::SiteProbe &site : model.sites) {
        redactor.add(Kind::Site, site.serverName);
        redactor.learn(site.url);
    }
    for (const QString &user : model.workerGroups)
        redactor.add(Kind::User, user);
    addFpmConfig(redactor, model.fpm);
}

void addTargetAndFacts(Redactor &redactor,
                       const ReportTarget &target,
                       const discovery::HostFacts &facts)
{
    // First, so that the server itself is host-1 / ip-1 / user-1.
    redactor.add(Kind::Host, target.name);
    redactor.add(Kind::Address, target.address);
    redactor.add(Kind::User, target.user);
    redactor.add(Kind::Host, facts.hostname);
    // Logs and prompts show the short name ("web7") of "web7.example.com".
    if (facts.hostname.contains(QLatin1Char('.')))
        redactor.add(Kind::Host, facts.hostname.section(QLatin1Char('.'), 0, 0));
    redactor.add(Kind::User, facts.loginUser);
    for (const discovery::FpmMaster &master : facts.fpm.masters)
        redactor.add(Kind::User, master.user);
}

// Every text a report shows, in one list.
QList<QString *> shownTexts(checks::DiagnosisReport &report,
                            std::optional<ReportActivity> &activity)
{
    discovery::HostFacts &facts = report.facts;
    QList<QString *> texts{&facts.os,
                           &facts.kernel,
                           &facts.hostname,
                           &facts.loginUser,
                           &facts.nginx.binary,
                           &facts.nginx.config,
                           &facts.nginx.prefix,
                           &facts.nginx.compiledConfPath,
                           &facts.nginx.compiledPrefix,
                           &facts.nginx.compiledErrorLog};
    for (QString &binary : facts.fpm.binaries)
        texts << &binary;
    for (discovery::FpmMaster &master : facts.fpm.masters)
        texts << &master.binary << &master.config << &master.user;
    for (checks::CheckResult &check : report.checks)
        texts << &check.title << &check.summary;
    for (findings::Finding &finding : report.findings) {
        texts << &finding.title << &finding.explanation << &finding.upstream << &finding.configFile;
        for (findings::Finding::Evidence &evidence : finding.evidence)
            texts << &evidence.source << &evidence.text;
        for (QString &step : finding.remedy)
            texts << &step;
        texts << &finding.resolvedBy;
    }
    // What could not be checked names the login user, groups and paths in its grants and in
    // the sudoers rule.
    for (checks::DiagnosisCoverage::Gap &gap : report.coverage.missing)
        texts << &gap.title << &gap.reason << &gap.grant;
    texts << &report.coverage.sudoers;
    if (activity) {
        for (audit::AuditEntry &entry : activity->entries) {
            texts << &entry.server << &entry.host << &entry.localUser << &entry.command
                  << &entry.detail;
        }
    }
    return texts;
}

} // namespace

void ReportRedactor::apply(checks::DiagnosisReport &report,
                           ReportTarget &target,
                           std::optional<ReportActivity> &activity)
{
    Redactor redactor;
    keepCatalogProse(redactor);
    addTargetAndFacts(redactor, target, report.facts);
    addModel(redactor, report.raw);
    if (activity) {
        // The workstation's login name identifies a person as much as the server's does.
        for (const audit::AuditEntry &entry : activity->entries)
            redactor.add(Kind::User, entry.localUser);
    }
    // Learn from every text first, then redact them all: a name seen only in the activity is
    // masked in the findings as well.
    const QList<QString *> texts = shownTexts(report, activity);
    for (const QString *text : texts)
        redactor.learn(*text);
    for (QString *text : texts)
        *text = redactor.redact(*text);
    target.name = redactor.redact(target.name);
    target.address = redactor.redact(target.address);
    target.user = redactor.redact(target.user);
    // Raw command output is never part of a report, redacted or not.
    report.raw = {};
}

} // namespace gs::report
