#include "overview/overviewpage.h"

#include "common/appicons.h"
#include "overview/servicespanel.h"

#include <QFormLayout>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace gs::gui {

namespace {

QLabel *dimLabel(const QString &text)
{
    auto label = new QLabel(text);
    label->setForegroundRole(QPalette::PlaceholderText);
    label->setWordWrap(true);
    return label;
}

QString orDefault(const QString &value, const QString &fallback)
{
    return value.isEmpty() ? fallback : value;
}

} // namespace

OverviewPage::OverviewPage(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("overviewPage"));
    auto outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);
    auto content = new QWidget;
    scroll->setWidget(content);
    auto layout = new QVBoxLayout(content);
    layout->setContentsMargins(20, 16, 20, 16);
    layout->setSpacing(16);

    // Connection: state on the left, the button on the right.
    auto connection = new QGroupBox(tr("Connection"));
    auto connectionLayout = new QHBoxLayout(connection);
    connectionLayout->setSpacing(10);
    m_stateIcon = new QLabel;
    m_stateText = new QLabel;
    m_stateText->setObjectName(QStringLiteral("connectionStateText"));
    m_stateText->setWordWrap(true);
    m_stateText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_testButton = new QPushButton(appIcon(QStringLiteral("plug")), tr("Test connection"));
    m_testButton->setObjectName(QStringLiteral("testConnectionButton"));
    m_testButton->setToolTip(
            tr("Connect over SSH, check the host key and log in. Changes nothing."));
    connectionLayout->addWidget(m_stateIcon, 0, Qt::AlignTop);
    connectionLayout->addWidget(m_stateText, 1);
    connectionLayout->addWidget(m_testButton, 0, Qt::AlignTop);
    layout->addWidget(connection);

    auto found = new QGroupBox(tr("What the connection test found"));
    found->setObjectName(QStringLiteral("connectionDetails"));
    m_foundRows = new QFormLayout(found);
    m_foundRows->setLabelAlignment(Qt::AlignRight);
    m_foundRows->setHorizontalSpacing(16);
    m_foundRows->setVerticalSpacing(6);
    m_foundRows->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_found = found;
    m_found->hide();
    layout->addWidget(found);

    m_services = new ServicesPanel;
    layout->addWidget(m_services);

    auto details = new QGroupBox(tr("Details"));
    auto detailsLayout = new QVBoxLayout(details);
    m_facts = new QFormLayout;
    m_facts->setLabelAlignment(Qt::AlignRight);
    m_facts->setHorizontalSpacing(16);
    m_facts->setVerticalSpacing(8);
    m_facts->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    detailsLayout->addLayout(m_facts);
    m_address = addFact(tr("Address"), QStringLiteral("factAddress"));
    m_user = addFact(tr("Login"), QStringLiteral("factUser"));
    m_key = addFact(tr("Key file"), QStringLiteral("factKey"));
    m_knownHosts = addFact(tr("Known hosts"), QStringLiteral("factKnownHosts"));
    m_group = addFact(tr("Group"), QStringLiteral("factGroup"));
    m_tags = addFact(tr("Tags"), QStringLiteral("factTags"));
    m_notes = addFact(tr("Notes"), QStringLiteral("factNotes"));
    auto editRow = new QHBoxLayout;
    editRow->addStretch();
    auto edit = new QPushButton(appIcon(QStringLiteral("edit")), tr("Edit…"));
    edit->setObjectName(QStringLiteral("editServerButton"));
    editRow->addWidget(edit);
    detailsLayout->addLayout(editRow);
    layout->addWidget(details);

    auto last = new QGroupBox(tr("Last diagnosis"));
    auto lastLayout = new QVBoxLayout(last);
    m_lastResult = new QLabel;
    m_lastResult->setObjectName(QStringLiteral("lastResultText"));
    m_lastResult->setWordWrap(true);
    lastLayout->addWidget(m_lastResult);
    layout->addWidget(last);
    layout->addStretch();

    connect(m_testButton, &QPushButton::clicked, this, [this] {
        Q_EMIT testConnectionRequested(m_server);
    });
    connect(edit, &QPushButton::clicked, this, [this] { Q_EMIT editRequested(m_server.name); });
    setConnectionState(ServerTreeModel::ConnectionState::NotConnected);
}

QLabel *OverviewPage::addFact(const QString &label, const QString &objectName)
{
    auto value = new QLabel;
    value->setObjectName(objectName);
    // Only notes wrap: a wrapped path in a form row gets one line of height and loses the rest.
    value->setWordWrap(objectName == QLatin1String("factNotes"));
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto name = dimLabel(label);
    name->setWordWrap(false);
    m_facts->addRow(name, value);
    return value;
}

void OverviewPage::setServer(const inventory::Server &server)
{
    m_server = server;
    m_services->setServer(server);
    m_address->setText(server.port == 22 ? server.address
                                         : tr("%1, port %2").arg(server.address).arg(server.port));
    m_user->setText(orDefault(server.user, tr("from your ssh config, else your own login name")));
    m_key->setText(orDefault(server.identityFile, tr("your SSH agent and default keys")));
    m_knownHosts->setText(orDefault(server.knownHostsFile, tr("~/.ssh/known_hosts")));
    m_group->setText(orDefault(server.group, tr("none")));
    m_tags->setText(server.tags.isEmpty() ? tr("none") : server.tags.join(QStringLiteral(", ")));
    m_notes->setText(orDefault(server.notes, tr("none")));

    const inventory::Server::LastResult &last = server.lastResult;
    if (last.isEmpty()) {
        m_lastResult->setText(tr("Not diagnosed yet. Use Diagnose in the toolbar to run the "
                                 "checklist on this server."));
    } else {
        m_lastResult->setText(
                tr("%1 — %2").arg(QLocale().toString(last.time.toLocalTime(), QLocale::ShortFormat),
                                  orDefault(last.summary, last.status)));
    }
}

void OverviewPage::setConnectionDetails(const QList<std::pair<QString, QString>> &rows)
{
    while (m_foundRows->rowCount() > 0)
        m_foundRows->removeRow(0);
    for (const auto &[label, value] : rows) {
        auto name = dimLabel(label);
        name->setWordWrap(false);
        auto text = new QLabel(value);
        text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        // No wrapping: a wrapped label in a form row gets one line of height and loses the rest.
        text->setWordWrap(false);
        m_foundRows->addRow(name, text);
    }
    m_found->setVisible(!rows.isEmpty());
}

void OverviewPage::setConnectionState(ServerTreeModel::ConnectionState state,
                                      const QString &message)
{
    QString icon = QStringLiteral("state-unknown");
    QString text;
    switch (state) {
    case ServerTreeModel::ConnectionState::NotConnected:
        text = tr("Not connected yet. Test the connection to check the host key and the login.");
        break;
    case ServerTreeModel::ConnectionState::Connecting:
        icon = QStringLiteral("state-connecting");
        text = tr("Connecting…");
        break;
    case ServerTreeModel::ConnectionState::Connected:
        icon = QStringLiteral("state-connected");
        text = tr("Connected.");
        break;
    case ServerTreeModel::ConnectionState::Failed:
        icon = QStringLiteral("state-failed");
        text = tr("Could not connect.");
        break;
    }
    if (!message.isEmpty())
        text += QLatin1Char(' ') + message;
    m_stateIcon->setPixmap(appIcon(icon).pixmap(20, 20));
    m_stateText->setText(text);
    m_testButton->setEnabled(state != ServerTreeModel::ConnectionState::Connecting);
}

} // namespace gs::gui
