#include "overview/serviceconfirmdialog.h"

#include "common/appicons.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace gs::gui {

namespace {

using actions::ServiceAction;

QPlainTextEdit *codeBox(const QString &objectName, int lines)
{
    auto box = new QPlainTextEdit;
    box->setObjectName(objectName);
    box->setReadOnly(true);
    box->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    box->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    box->setFixedHeight(box->fontMetrics().lineSpacing() * lines + 14);
    return box;
}

} // namespace

QString ServiceConfirmDialog::actionVerb(ServiceAction action)
{
    switch (action) {
    case ServiceAction::Status: return tr("Check");
    case ServiceAction::Start: return tr("Start");
    case ServiceAction::Stop: return tr("Stop");
    case ServiceAction::Restart: return tr("Restart");
    case ServiceAction::Reload: return tr("Reload");
    }
    return {};
}

ServiceConfirmDialog::ServiceConfirmDialog(const actions::ServiceControl::HostServices &services,
                                           const QString &serverName,
                                           const QString &service,
                                           ServiceAction action,
                                           const QString &journal,
                                           QWidget *parent)
    : QDialog(parent)
    , m_services(services)
    , m_action(action)
{
    setObjectName(QStringLiteral("serviceConfirmDialog"));
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("%1 %2 on %3").arg(actionVerb(action), service, serverName));
    setMinimumWidth(620);
    auto layout = new QVBoxLayout(this);
    layout->setSpacing(10);

    // Which service: every PHP-FPM the server runs or ran, so one of several can be named.
    QStringList names{service};
    if (service == QLatin1String("php-fpm") || service.startsWith(QLatin1String("php-fpm:"))) {
        for (const auto &master : services.facts.fpm.masters)
            names << QStringLiteral("php-fpm:") + master.config;
        for (const auto &daemon : services.rememberedFpm)
            names << QStringLiteral("php-fpm:") + daemon.config;
    }
    names.removeDuplicates();
    names.removeAll(QStringLiteral("php-fpm:"));
    auto form = new QFormLayout;
    m_choice = new QComboBox;
    m_choice->setObjectName(QStringLiteral("serviceChoice"));
    m_choice->setEditable(true);
    m_choice->addItems(names);
    m_choice->setToolTip(tr("Where several run, name one by its configuration, as "
                            "php-fpm:/path/to/php-fpm.conf"));
    form->addRow(tr("Service"), m_choice);
    layout->addLayout(form);

    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("planSummary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    auto commandsTitle = new QLabel(tr("These commands run on the server, in this order:"));
    layout->addWidget(commandsTitle);
    m_commands = codeBox(QStringLiteral("planCommands"), 5);
    layout->addWidget(m_commands);
    m_error = new QLabel;
    m_error->setObjectName(QStringLiteral("planError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #b3261e; }"));
    m_error->hide();
    layout->addWidget(m_error);

    if (!journal.isEmpty()) {
        layout->addWidget(new QLabel(tr("Its last log lines (read before restarting it):")));
        auto journalBox = codeBox(QStringLiteral("journalText"), 8);
        journalBox->setLineWrapMode(QPlainTextEdit::NoWrap);
        journalBox->setPlainText(journal);
        layout->addWidget(journalBox);
    }

    m_snapshot = new QCheckBox(tr("Take a snapshot of the whole configuration first"));
    m_snapshot->setObjectName(QStringLiteral("snapshotFirstCheck"));
    m_snapshot->setToolTip(tr("A copy of every nginx and PHP-FPM configuration directory, kept on "
                              "the server and here, that the Config page's Snapshots tab can put "
                              "back. If it cannot be taken, nothing runs."));
    // A status check changes nothing: nothing to keep a copy for.
    m_snapshot->setVisible(action != ServiceAction::Status);
    layout->addWidget(m_snapshot);

    auto buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_run = buttons->addButton(tr("Run these commands"), QDialogButtonBox::AcceptRole);
    m_run->setObjectName(QStringLiteral("runPlanButton"));
    m_run->setIcon(appIcon(QStringLiteral("fix")));
    m_run->setDefault(true);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_choice, &QComboBox::currentTextChanged, this, &ServiceConfirmDialog::replan);
    replan();
}

bool ServiceConfirmDialog::snapshotFirst() const
{
    return m_action != ServiceAction::Status && m_snapshot->isChecked();
}

QStringList ServiceConfirmDialog::commands() const
{
    QStringList list;
    if (!m_plan)
        return list;
    if (m_plan->configTest)
        list << m_plan->configTest->command;
    for (const actions::ServiceStep &step : m_plan->steps)
        list << step.command;
    return list;
}

void ServiceConfirmDialog::setServiceName(const QString &name)
{
    m_choice->setCurrentText(name);
    replan();
}

void ServiceConfirmDialog::replan()
{
    const auto planned
            = actions::ServiceControl::plan(m_services, m_choice->currentText(), m_action);
    if (!planned) {
        m_plan.reset();
        m_summary->clear();
        m_commands->clear();
        m_error->setText(planned.error().text());
        m_error->show();
        m_run->setEnabled(false);
        return;
    }
    m_plan = *planned;
    m_error->hide();
    m_run->setEnabled(true);
    QString summary
            = tr("%1 %2 via %3.").arg(actionVerb(m_action), m_plan->service, m_plan->method);
    if (m_plan->configTest)
        summary += QLatin1Char(' ')
                   + tr("The configuration is tested first; if the test fails, nothing else runs.");
    m_summary->setText(summary);
    QStringList lines;
    for (const QString &command : commands())
        lines << QStringLiteral("$ ") + command;
    m_commands->setPlainText(lines.join(QLatin1Char('\n')));
}

} // namespace gs::gui
