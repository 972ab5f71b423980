#include "engines/CatalogDialog.h"

#include "catalog/CatalogUrl.h"
#include "engine/EngineHost.h"
#include "engines/CatalogSettings.h"
#include "templates/FormLabels.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace livesnap::ui {

CatalogDialog::CatalogDialog(const EngineHost &host, QWidget *parent)
    : QDialog(parent)
    , m_sessionCatalog(host.dataDirectory().hasSharedCatalog()
                           ? host.dataDirectory().catalogLocation()
                           : QString())
    , m_sessionConsoleOnly(host.isConsoleOnly())
    , m_url(new QLineEdit(this))
    , m_consoleOnly(new QCheckBox(tr("Console only: run no jobs on this computer"), this))
    , m_error(errorLabel(QStringLiteral("catalogError"), this))
    , m_session(new QLabel(this))
{
    setWindowTitle(tr("Catalog"));
    m_url->setObjectName(QStringLiteral("catalogUrl"));
    m_url->setPlaceholderText(tr("Empty: the SQLite catalog in the data directory"));
    m_url->setText(CatalogSettings::savedCatalog());
    m_url->setMinimumWidth(m_url->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 48);
    connect(m_url, &QLineEdit::textEdited, this, [this] { m_error->hide(); });
    m_consoleOnly->setObjectName(QStringLiteral("consoleOnly"));
    m_consoleOnly->setChecked(CatalogSettings::savedConsoleOnly());
    m_consoleOnly->setToolTip(
        tr("The window shows and changes the jobs of the catalog, but the engines on other "
           "computers capture them."));

    auto *form = new QFormLayout;
    form->addRow(tr("Catalog URL:"), withError(m_url, m_error, this));
    form->addRow(QString(), hintLabel(tr("A PostgreSQL database shared by several engines, as "
                                         "postgresql://user@host:5432/database. The password is "
                                         "never part of the URL: it comes from the PGPASSWORD "
                                         "environment variable, ~/.pgpass, or the keychain "
                                         "(livesnapctl --catalog URL set-catalog-password)."),
                                      this));
    form->addRow(QString(), m_consoleOnly);

    m_session->setObjectName(QStringLiteral("catalogSession"));
    m_session->setWordWrap(true);
    m_session->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const QString current = m_sessionCatalog.isEmpty()
                                ? tr("the SQLite catalog in the data directory")
                                : m_sessionCatalog;
    QString note = tr("This window runs on %1%2.")
                       .arg(current, m_sessionConsoleOnly ? tr(", as a console only") : QString());
    if (m_sessionCatalog != CatalogSettings::savedCatalog()) {
        note += QLatin1Char(' ') + tr("It was chosen by --catalog or LIVESNAP_CATALOG, which win "
                                      "over the catalog saved here.");
    }
    note += QLatin1Char(' ') + tr("A change takes effect when LiveSnap starts again.");
    m_session->setText(note);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &CatalogDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_session);
    layout->addStretch(1);
    layout->addWidget(buttons);
}

CatalogDialog *CatalogDialog::openOver(const EngineHost &host, QWidget *parent)
{
    auto *dialog = new CatalogDialog(host, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CatalogDialog::saved, parent, [parent](bool restartNeeded) {
        if (!restartNeeded) {
            return;
        }
        auto *box = new QMessageBox(
            QMessageBox::Information, tr("Restart LiveSnap"),
            tr("The new catalog choice takes effect when LiveSnap starts again. Until then this "
               "window stays on the catalog it opened."),
            QMessageBox::Ok, parent);
        box->setObjectName(QStringLiteral("catalogRestartNote"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    dialog->open();
    return dialog;
}

QString CatalogDialog::errorText() const
{
    return m_error->isVisibleTo(this) ? m_error->text() : QString();
}

QString CatalogDialog::sessionText() const
{
    return m_session->text();
}

void CatalogDialog::save()
{
    const QString location = m_url->text().trimmed();
    if (!location.isEmpty()) {
        // The core's rules: a postgresql:// URL with a database and no password, or a path.
        if (const auto parsed = CatalogUrl::parse(location); !parsed) {
            m_error->setText(parsed.error().message);
            m_error->show();
            m_url->setFocus();
            return;
        }
    }
    CatalogSettings::setSavedCatalog(location);
    CatalogSettings::setSavedConsoleOnly(m_consoleOnly->isChecked());
    m_restartNeeded =
        location != m_sessionCatalog || m_consoleOnly->isChecked() != m_sessionConsoleOnly;
    emit saved(m_restartNeeded);
    accept();
}

} // namespace livesnap::ui
