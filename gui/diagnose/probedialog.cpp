#include "diagnose/probedialog.h"

#include "audit/auditlog.h"
#include "checks/remotescripts.h"
#include "common/appicons.h"
#include "connection/serverconnection.h"
#include "discovery/factsscript.h"
#include "nginx/configmodel.h"
#include "nginx/configparser.h"
#include "remote/remotehost.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

namespace gs::gui {

namespace {

using actions::ProbeBurst;

// The URL a client asked nginx for, from an error-log line's request and host fields
// ('request: "GET /cart HTTP/1.1", upstream: "...", host: "shop.example"'). Reproducing means
// going through nginx: the upstream's own address, also in the line, would bypass it.
QString requestUrl(const QString &text)
{
    static const QRegularExpression request(
            QStringLiteral("request: \"[A-Z]+ (/[^\\s\"]*) HTTP/[0-9.]+\""));
    static const QRegularExpression host(QStringLiteral("host: \"([^\"\\s/]+)\""));
    const auto path = request.match(text);
    const auto name = host.match(text);
    if (!path.hasMatch() || !name.hasMatch())
        return {};
    return QStringLiteral("http://") + name.captured(1) + path.captured(1);
}

// Else the first URL that is not the upstream's.
QString firstUrl(const QString &text)
{
    if (const QString served = requestUrl(text); !served.isEmpty())
        return served;
    static const QRegularExpression url(QStringLiteral("https?://[^\\s\"'),;]+"));
    for (auto it = url.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        if (!text.left(match.capturedStart()).endsWith(QLatin1String("upstream: \"")))
            return match.captured(0);
    }
    return {};
}

} // namespace

QString ProbeDialog::failingUrl(const DiagnosisState &state)
{
    if (!state.report)
        return {};
    for (const findings::Finding &finding : state.report->findings) {
        for (const auto &evidence : finding.evidence) {
            if (const QString url = firstUrl(evidence.text); !url.isEmpty())
                return url;
        }
    }
    for (const checks::CheckResult &check : state.report->checks) {
        if (check.status == checks::CheckStatus::Fail) {
            if (const QString url = firstUrl(check.summary); !url.isEmpty())
                return url;
        }
    }
    return {};
}

ProbeDialog::ProbeDialog(ServerConnection *connection,
                         const QString &serverName,
                         const QString &url,
                         QWidget *parent)
    : QDialog(parent)
    , m_connection(connection)
    , m_serverName(serverName)
{
    setObjectName(QStringLiteral("probeDialog"));
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Reproduce the failure on %1").arg(serverName));
    setMinimumWidth(560);
    auto layout = new QVBoxLayout(this);
    auto intro = new QLabel(tr("Sends a bounded burst of GET requests and counts what comes back. "
                               "Hard caps: %1 requests, %2 at once, %3 seconds; only this "
                               "server's own addresses and site names.")
                                    .arg(ProbeBurst::kMaxRequests)
                                    .arg(ProbeBurst::kMaxConcurrency)
                                    .arg(ProbeBurst::kMaxSeconds));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto form = new QFormLayout;
    m_url = new QLineEdit(url.isEmpty() && connection
                                  ? QStringLiteral("http://%1/").arg(connection->server().address)
                                  : url);
    m_url->setObjectName(QStringLiteral("probeUrl"));
    form->addRow(tr("URL"), m_url);
    m_from = new QComboBox;
    m_from->setObjectName(QStringLiteral("probeFrom"));
    m_from->addItem(tr("From the server (curl over SSH)"), QStringLiteral("server"));
    m_from->addItem(tr("From this computer"), QStringLiteral("here"));
    form->addRow(tr("Send"), m_from);
    m_requests = new QSpinBox;
    m_requests->setObjectName(QStringLiteral("probeRequests"));
    m_requests->setRange(1, ProbeBurst::kMaxRequests);
    m_requests->setValue(100);
    form->addRow(tr("Requests"), m_requests);
    m_concurrency = new QSpinBox;
    m_concurrency->setObjectName(QStringLiteral("probeConcurrency"));
    m_concurrency->setRange(1, ProbeBurst::kMaxConcurrency);
    m_concurrency->setValue(10);
    form->addRow(tr("At once"), m_concurrency);
    layout->addLayout(form);
    m_result = new QLabel(tr("No burst sent yet."));
    m_result->setObjectName(QStringLiteral("probeResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setMinimumHeight(120);
    m_result->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_result->setStyleSheet(QStringLiteral("QLabel { background: palette(base); border: 1px solid "
                                           "palette(mid); border-radius: 4px; padding: 8px; }"));
    layout->addWidget(m_result, 1);
    auto buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_run = buttons->addButton(tr("Send the burst"), QDialogButtonBox::ActionRole);
    m_run->setObjectName(QStringLiteral("probeRunButton"));
    m_run->setIcon(appIcon(QStringLiteral("probe")));
    m_run->setDefault(true);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_run, &QPushButton::clicked, this, &ProbeDialog::start);
}

void ProbeDialog::setRunning(bool running)
{
    m_run->setEnabled(!running);
    m_url->setEnabled(!running);
    m_from->setEnabled(!running);
    m_requests->setEnabled(!running);
    m_concurrency->setEnabled(!running);
}

void ProbeDialog::showError(const QString &text)
{
    setRunning(false);
    m_result->setText(
            QStringLiteral("<span style=\"color:#b3261e\">%1</span>").arg(text.toHtmlEscaped()));
}

void ProbeDialog::start()
{
    if (!m_connection)
        return;
    ProbeBurst::Options options;
    options.url = QUrl(m_url->text().trimmed());
    options.requests = m_requests->value();
    options.concurrency = m_concurrency->value();
    QStringList notes;
    auto bounded = ProbeBurst::bounded(options, &notes);
    if (!bounded) {
        showError(bounded.error().message);
        return;
    }
    const bool fromServer = m_from->currentData().toString() == QLatin1String("server");
    setRunning(true);
    m_result->setText(tr("Sending %1 requests to %2…")
                              .arg(bounded->requests)
                              .arg(bounded->url.toString().toHtmlEscaped()));
    QPointer<ProbeDialog> self(this);
    const QString server = m_serverName;
    m_connection->runTask(
            tr("%1: sending a burst of %2 requests…").arg(server).arg(bounded->requests),
            [self, server, fromServer, opts = *bounded, notes](
                    remote::RemoteHost &host) -> std::function<void()> {
                const QString target = host.options().host;
                if (!ProbeBurst::allowedHost(opts.url, target, {})
                    && !ProbeBurst::allowedHost(
                            opts.url, target, actions::ProbeBurst::serverNamesOn(host))) {
                    const QString error = tr("%1 is not this server (its address, loopback, or a "
                                             "site name its nginx serves); a burst is never aimed "
                                             "at anyone else.")
                                                  .arg(opts.url.host());
                    return [self, error] {
                        if (self)
                            self->showError(error);
                    };
                }
                if (!fromServer) {
                    return [self, opts, notes] {
                        if (self)
                            self->startFromHere(opts, notes);
                    };
                }
                QElapsedTimer clock;
                clock.start();
                ProbeBurst::Result result;
                const auto run = host.run(ProbeBurst::serverCommand(opts),
                                          (ProbeBurst::kMaxSeconds + 15) * 1000);
                if (!run) {
                    const QString error = run.error().text();
                    return [self, error] {
                        if (self)
                            self->showError(error);
                    };
                }
                ProbeBurst::addSamples(result, run->stdOut);
                result.durationMs = clock.elapsed();
                result.url = opts.url.toString();
                result.from = QStringLiteral("server");
                result.notes = notes;
                result.notes << QStringLiteral("built-in loop over curl on the server");
                ProbeBurst::noteShortfall(result, opts.requests);
                audit::AuditEntry entry;
                entry.server = server;
                entry.host = host.options().displayName();
                entry.action = QStringLiteral("probe");
                entry.command = ProbeBurst::serverCommand(opts);
                entry.outcome = QStringLiteral("ok");
                entry.detail = QString::fromUtf8(
                        QJsonDocument(result.toJson()).toJson(QJsonDocument::Compact));
                (void)audit::AuditLog().append(entry);
                return [self, result] {
                    if (self)
                        self->finishBurst(result);
                };
            },
            [self](const Error &error) {
                if (self)
                    self->showError(error.text());
            });
}

void ProbeDialog::startFromHere(const ProbeBurst::Options &options, const QStringList &notes)
{
    m_options = options;
    m_here = {};
    m_here.url = options.url.toString();
    m_here.from = QStringLiteral("here");
    m_here.notes = notes;
    m_latencies.clear();
    m_started = 0;
    m_finished = 0;
    delete m_network;
    m_network = new QNetworkAccessManager(this);
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_clock.start();
    for (int i = 0; i < options.concurrency; ++i)
        launchOne();
}

void ProbeDialog::launchOne()
{
    const bool timeUp = m_clock.elapsed() > ProbeBurst::kMaxSeconds * 1000;
    if (m_started >= m_options.requests || timeUp) {
        if (m_finished >= m_started) {
            m_here.durationMs = m_clock.elapsed();
            ProbeBurst::finish(m_here, m_latencies);
            ProbeBurst::noteShortfall(m_here, m_options.requests);
            audit::AuditEntry entry;
            entry.server = m_serverName;
            entry.host = m_connection ? m_connection->server().displayAddress() : QString();
            entry.action = QStringLiteral("probe");
            entry.command = tr("%1 GET requests from this workstation to %2")
                                    .arg(m_options.requests)
                                    .arg(m_here.url);
            entry.outcome = QStringLiteral("ok");
            entry.detail = QString::fromUtf8(
                    QJsonDocument(m_here.toJson()).toJson(QJsonDocument::Compact));
            (void)audit::AuditLog().append(entry);
            finishBurst(m_here);
        }
        return;
    }
    ++m_started;
    QNetworkRequest request(m_options.url);
    request.setTransferTimeout(ProbeBurst::kRequestTimeoutSeconds * 1000);
    QElapsedTimer timer;
    timer.start();
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, timer] {
        ++m_here.requests;
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        if (status.isValid()) {
            ++m_here.status[QString::number(status.toInt())];
            m_latencies << double(timer.elapsed());
        } else {
            ++m_here.errors;
        }
        reply->deleteLater();
        ++m_finished;
        launchOne();
    });
}

void ProbeDialog::finishBurst(ProbeBurst::Result result)
{
    setRunning(false);
    m_last = result;
    QString html = tr("<b>%1 requests</b> to %2 from %3 in %4 s")
                           .arg(result.requests)
                           .arg(result.url.toHtmlEscaped(),
                                result.from == QLatin1String("here") ? tr("this computer")
                                                                     : tr("the server"))
                           .arg(double(result.durationMs) / 1000.0, 0, 'f', 1);
    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\" style=\"margin-top:6px\">");
    const int total = std::max(1, result.requests);
    auto row = [&](const QString &label, int count, bool bad) {
        html += QStringLiteral("<tr><td><b style=\"color:%1\">%2</b></td><td align=\"right\">%3"
                               "</td><td align=\"right\">%4 %</td></tr>")
                        .arg(bad ? QStringLiteral("#b3261e") : QStringLiteral("#1e7a45"),
                             label.toHtmlEscaped())
                        .arg(count)
                        .arg(100.0 * count / total, 0, 'f', 1);
    };
    for (auto it = result.status.cbegin(); it != result.status.cend(); ++it)
        row(tr("HTTP %1").arg(it.key()), it.value(), !it.key().startsWith(QLatin1Char('2')));
    if (result.errors)
        row(tr("no answer"), result.errors, true);
    html += QStringLiteral("</table>");
    html += tr("<p>Latency: p50 %1 ms, p95 %2 ms, p99 %3 ms</p>")
                    .arg(result.p50)
                    .arg(result.p95)
                    .arg(result.p99);
    if (!result.notes.isEmpty())
        html += QStringLiteral("<p style=\"color:gray\">%1</p>")
                        .arg(result.notes.join(QStringLiteral("; ")).toHtmlEscaped());
    m_result->setText(html);
    Q_EMIT probed(result);
}

} // namespace gs::gui
