#include "connection/serverdialog.h"

#include "common/appicons.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMetaMethod>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace gs::gui {

namespace {

// A server that passes validate(), to check one field at a time against Server::validate().
inventory::Server validProbe()
{
    inventory::Server probe;
    probe.name = QStringLiteral("probe");
    probe.address = QStringLiteral("probe.invalid");
    return probe;
}

// "What is wrong" on one line, "what to do" on the next.
QString lines(const Error &error)
{
    return error.hint.isEmpty() ? error.message : error.message + QLatin1Char('\n') + error.hint;
}

QWidget *withButton(QLineEdit *edit, QToolButton *button)
{
    auto row = new QWidget;
    auto layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(edit, 1);
    layout->addWidget(button);
    return row;
}

} // namespace

ServerDialog::ServerDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("serverDialog"));
    setWindowTitle(tr("Add a server"));
    auto layout = new QVBoxLayout(this);
    // Grow when inline errors appear instead of squeezing the fields together.
    layout->setSizeConstraint(QLayout::SetMinimumSize);
    layout->setContentsMargins(20, 18, 20, 14);
    layout->setSpacing(12);

    auto intro = new QLabel(tr("Gatescope connects with SSH, like you would in a terminal. "
                               "Nothing is installed on the server."));
    intro->setWordWrap(true);
    intro->setForegroundRole(QPalette::PlaceholderText);
    // The dialog's width (the layout's minimum rules, see above): wrapped texts below are
    // measured at this width, so their rows get the height they need.
    intro->setMinimumWidth(540);
    layout->addWidget(intro);

    auto form = new QFormLayout;
    form->setHorizontalSpacing(12);
    form->setVerticalSpacing(6);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    layout->addLayout(form);

    auto column = [](QWidget *field, QLabel *error) {
        auto box = new QWidget;
        auto v = new QVBoxLayout(box);
        v->setContentsMargins(0, 0, 0, 0);
        v->setSpacing(2);
        v->addWidget(field);
        v->addWidget(error);
        return box;
    };

    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setPlaceholderText(tr("e.g. shop-prod"));
    m_nameError = addError(QStringLiteral("nameError"));
    form->addRow(tr("&Name:"), column(m_name, m_nameError));

    m_address = new QLineEdit;
    m_address->setObjectName(QStringLiteral("addressEdit"));
    m_address->setPlaceholderText(tr("host name or IP address"));
    m_port = new QSpinBox;
    m_port->setObjectName(QStringLiteral("portSpin"));
    m_port->setRange(1, 65535);
    m_port->setValue(22);
    auto addressRow = new QWidget;
    auto addressLayout = new QHBoxLayout(addressRow);
    addressLayout->setContentsMargins(0, 0, 0, 0);
    addressLayout->addWidget(m_address, 1);
    addressLayout->addWidget(new QLabel(tr("Port:")));
    addressLayout->addWidget(m_port);
    m_addressError = addError(QStringLiteral("addressError"));
    form->addRow(tr("&Address:"), column(addressRow, m_addressError));

    m_user = new QLineEdit;
    m_user->setObjectName(QStringLiteral("userEdit"));
    m_user->setPlaceholderText(tr("login name; empty: from your ssh config or your own"));
    m_userError = addError(QStringLiteral("userError"));
    form->addRow(tr("&User:"), column(m_user, m_userError));

    m_key = new QLineEdit;
    m_key->setObjectName(QStringLiteral("keyEdit"));
    m_key->setPlaceholderText(tr("optional; your SSH agent and default keys are tried too"));
    auto browse = new QToolButton;
    browse->setObjectName(QStringLiteral("browseKeyButton"));
    browse->setText(tr("Browse…"));
    form->addRow(tr("&Key file:"), withButton(m_key, browse));

    m_knownHosts = new QLineEdit;
    m_knownHosts->setObjectName(QStringLiteral("knownHostsEdit"));
    m_knownHosts->setPlaceholderText(tr("optional; ~/.ssh/known_hosts"));
    form->addRow(tr("Known &hosts:"), m_knownHosts);

    m_group = new QLineEdit;
    m_group->setObjectName(QStringLiteral("groupEdit"));
    m_group->setPlaceholderText(tr("optional, e.g. Production or a customer's name"));
    form->addRow(tr("&Group:"), m_group);

    m_tags = new QLineEdit;
    m_tags->setObjectName(QStringLiteral("tagsEdit"));
    m_tags->setPlaceholderText(tr("optional, separated by commas"));
    form->addRow(tr("&Tags:"), m_tags);

    m_notes = new QPlainTextEdit;
    m_notes->setObjectName(QStringLiteral("notesEdit"));
    m_notes->setPlaceholderText(tr("optional: who to call, what runs there…"));
    m_notes->setTabChangesFocus(true);
    m_notes->setFixedHeight(64);
    form->addRow(tr("N&otes:"), m_notes);

    m_readOnly = new QCheckBox(tr("Read-only (support mode): look, never change anything"));
    m_readOnly->setObjectName(QStringLiteral("readOnlyCheck"));
    form->addRow(QString(), m_readOnly);

    m_formError = addError(QStringLiteral("formError"));
    m_formError->setWordWrap(true); // outside the form: wrapping works here
    layout->addWidget(m_formError);

    auto bottom = new QHBoxLayout;
    m_testButton = new QPushButton(appIcon(QStringLiteral("plug")), tr("Test connection"));
    m_testButton->setObjectName(QStringLiteral("testConnectionButton"));
    m_testButton->setAutoDefault(false);
    m_testStatus = new QLabel;
    m_testStatus->setObjectName(QStringLiteral("testStatus"));
    m_testStatus->setWordWrap(true);
    m_testStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_testStatus->hide();
    // The result on a row of its own, the dialog's full width: beside the buttons a sentence
    // with its hint wrapped into a column five lines high.
    layout->addWidget(m_testStatus);
    bottom->addWidget(m_testButton);
    bottom->addStretch(1);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("saveButton"));
    bottom->addWidget(m_buttons);
    layout->addLayout(bottom);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &ServerDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ServerDialog::reject);
    connect(browse, &QToolButton::clicked, this, &ServerDialog::browseForKey);
    connect(m_testButton, &QPushButton::clicked, this, &ServerDialog::requestTest);
    for (QLineEdit *edit : {m_name, m_address, m_user})
        connect(edit, &QLineEdit::textEdited, this, &ServerDialog::clearErrors);
}

QLabel *ServerDialog::addError(const QString &objectName)
{
    // No word wrap: a wrapped label in a form row gets one line of height. Errors are short and
    // put their hint on a line of its own (see showError).
    auto label = new QLabel;
    label->setObjectName(objectName);
    label->setStyleSheet(QStringLiteral("color: #c0392b;"));
    label->hide();
    return label;
}

void ServerDialog::showError(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

void ServerDialog::clearErrors()
{
    for (QLabel *label : {m_nameError, m_addressError, m_userError, m_formError})
        showError(label, {});
}

void ServerDialog::setServer(const inventory::Server &server)
{
    setWindowTitle(tr("Edit %1").arg(server.name));
    m_originalName = server.name;
    m_lastResult = server.lastResult;
    m_name->setText(server.name);
    m_address->setText(server.address);
    m_port->setValue(server.port);
    m_user->setText(server.user);
    m_key->setText(server.identityFile);
    m_knownHosts->setText(server.knownHostsFile);
    m_group->setText(server.group);
    m_tags->setText(server.tags.join(QStringLiteral(", ")));
    m_notes->setPlainText(server.notes);
    m_readOnly->setChecked(server.readOnly);
}

inventory::Server ServerDialog::server() const
{
    inventory::Server server;
    server.name = m_name->text().trimmed();
    server.address = m_address->text().trimmed();
    server.port = m_port->value();
    server.user = m_user->text().trimmed();
    server.identityFile = m_key->text().trimmed();
    server.knownHostsFile = m_knownHosts->text().trimmed();
    server.group = m_group->text().trimmed();
    const QStringList tags = m_tags->text().split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &tag : tags) {
        if (const QString t = tag.trimmed(); !t.isEmpty() && !server.tags.contains(t))
            server.tags.append(t);
    }
    server.notes = m_notes->toPlainText().trimmed();
    server.readOnly = m_readOnly->isChecked();
    server.lastResult = m_lastResult;
    return server;
}

bool ServerDialog::validateFields()
{
    clearErrors();
    const inventory::Server current = server();
    bool ok = true;
    auto check = [&ok, this](QLabel *errorLabel, QWidget *field, const inventory::Server &probe) {
        const Result<void> result = probe.validate();
        if (result)
            return;
        showError(errorLabel, lines(result.error()));
        if (ok)
            field->setFocus();
        ok = false;
    };
    inventory::Server probe = validProbe();
    probe.name = current.name;
    check(m_nameError, m_name, probe);
    probe = validProbe();
    probe.address = current.address;
    check(m_addressError, m_address, probe);
    probe = validProbe();
    probe.user = current.user;
    check(m_userError, m_user, probe);
    return ok;
}

void ServerDialog::accept()
{
    if (!validateFields())
        return;
    if (m_saveHandler) {
        const Result<void> saved = m_saveHandler(server());
        if (!saved) {
            if (saved.error().code == ErrorCode::Conflict) {
                showError(m_nameError, lines(saved.error()));
                m_name->setFocus();
            } else {
                showError(m_formError, lines(saved.error()));
            }
            return;
        }
    }
    QDialog::accept();
}

void ServerDialog::browseForKey()
{
    // Non-blocking: the picker is a child dialog shown with open().
    auto picker = new QFileDialog(this, tr("Choose a private key"));
    picker->setAttribute(Qt::WA_DeleteOnClose);
    picker->setFileMode(QFileDialog::ExistingFile);
    picker->setFilter(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    picker->setDirectory(m_key->text().isEmpty() ? QDir::homePath() + QStringLiteral("/.ssh")
                                                 : QFileInfo(m_key->text()).absolutePath());
    connect(picker, &QFileDialog::fileSelected, m_key, &QLineEdit::setText);
    picker->open();
}

void ServerDialog::requestTest()
{
    if (!validateFields())
        return;
    // Nobody listening means this build has no SSH layer yet: say so instead of pretending.
    if (!isSignalConnected(QMetaMethod::fromSignal(&ServerDialog::testConnectionRequested))) {
        showTestStatus(tr("Testing connections is not available in this build yet."), {});
        return;
    }
    m_testButton->setEnabled(false);
    showTestStatus(tr("Testing the connection…"), {});
    Q_EMIT testConnectionRequested(server());
}

void ServerDialog::setTestResult(bool ok, const QString &message)
{
    m_testButton->setEnabled(true);
    showTestStatus(message.isEmpty() ? (ok ? tr("Connected.") : tr("Could not connect.")) : message,
                   ok ? QStringLiteral("#1e7e45") : QStringLiteral("#c0392b"));
}

void ServerDialog::showTestStatus(const QString &text, const QString &colour)
{
    m_testStatus->setStyleSheet(colour.isEmpty() ? QString()
                                                 : QStringLiteral("color: %1;").arg(colour));
    m_testStatus->setText(text);
    m_testStatus->show();
    // A wrapped sentence's height depends on the width: the minimum-size constraint misses it,
    // and the form's rows were squeezed into one another. Grow to what the text needs now.
    layout()->activate();
    if (height() < heightForWidth(width()))
        resize(width(), heightForWidth(width()));
}

} // namespace gs::gui
