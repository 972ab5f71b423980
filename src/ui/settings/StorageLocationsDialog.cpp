#include "settings/StorageLocationsDialog.h"

#include "engine/EngineHost.h"
#include "pages/ListPageSetup.h"
#include "settings/DialogGeometry.h"
#include "settings/StorageLocationDialog.h"
#include "settings/StorageLocationModel.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace livesnap::ui {

namespace {
const QString GeometryGroup = QStringLiteral("storageLocationsDialog");

QPushButton *button(const QString &text, const QString &objectName, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(objectName);
    b->setAutoDefault(false);
    return b;
}
} // namespace

StorageLocationsDialog::StorageLocationsDialog(EngineHost &host, QWidget *parent)
    : QDialog(parent)
    , m_host(host)
    , m_model(new StorageLocationModel(host, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_loadError(new QLabel(this))
    , m_view(new QTableView(this))
    , m_addButton(button(tr("&Add…"), QStringLiteral("addButton"), this))
    , m_editButton(button(tr("&Edit…"), QStringLiteral("editButton"), this))
    , m_testButton(button(tr("&Test"), QStringLiteral("testButton"), this))
    , m_deleteButton(button(tr("&Delete"), QStringLiteral("deleteButton"), this))
    , m_progress(new QProgressBar(this))
    , m_result(new QLabel(this))
{
    setObjectName(QStringLiteral("storageLocationsDialog"));
    setWindowTitle(tr("Storage Locations"));

    m_filter->setObjectName(QStringLiteral("locationFilter"));
    m_filter->setPlaceholderText(tr("Filter locations by id, type, endpoint, bucket or folder"));
    m_loadError->setObjectName(QStringLiteral("loadErrorLabel"));
    m_view->setObjectName(QStringLiteral("locationView"));
    setUpListPage(m_model, m_proxy, m_filter, m_loadError, m_view, StorageLocationModel::IdColumn,
                  tr("Could not list the storage locations: %1"));
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideMiddle); // paths and endpoints keep both ends
    // Ids, types and buckets are short; endpoints and folders share what is left.
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(StorageLocationModel::EndpointColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(StorageLocationModel::WhereColumn, QHeaderView::Stretch);
    rememberColumns(m_view, QStringLiteral("storageLocationsDialog/columns"));
    header->setStretchLastSection(false);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &StorageLocationsDialog::updateButtons);
    // A reload can remove or change the selected row without a user action.
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this,
            &StorageLocationsDialog::updateButtons);
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            &StorageLocationsDialog::updateButtons);
    connect(m_model, &StorageLocationModel::loaded, this, [this] {
        if (!m_selectAfterLoad.isEmpty() && selectLocation(m_selectAfterLoad)) {
            m_selectAfterLoad.clear();
        }
    });
    connect(m_view, &QTableView::doubleClicked, this, [this] {
        if (m_editButton->isEnabled()) {
            editSelectedLocation();
        }
    });

    m_addButton->setToolTip(tr("Configure a new local folder, OSS or S3 location"));
    m_editButton->setToolTip(tr("Change the selected location"));
    m_testButton->setToolTip(
        tr("Write, read back and delete a probe object in the selected location"));
    m_deleteButton->setToolTip(tr("Delete the selected location (no job may use it)"));
    connect(m_addButton, &QPushButton::clicked, this, &StorageLocationsDialog::addLocation);
    connect(m_editButton, &QPushButton::clicked, this,
            &StorageLocationsDialog::editSelectedLocation);
    connect(m_testButton, &QPushButton::clicked, this,
            &StorageLocationsDialog::testSelectedLocation);
    connect(m_deleteButton, &QPushButton::clicked, this,
            &StorageLocationsDialog::deleteSelectedLocation);

    m_progress->setObjectName(QStringLiteral("testProgress"));
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(8);
    m_progress->hide();
    m_result->setObjectName(QStringLiteral("resultLabel"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("buttonBox"));
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("closeButton"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *side = new QVBoxLayout;
    side->addWidget(m_addButton);
    side->addWidget(m_editButton);
    side->addWidget(m_testButton);
    side->addWidget(m_deleteButton);
    side->addStretch(1);

    auto *table = new QHBoxLayout;
    table->addWidget(m_view, 1);
    table->addLayout(side);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_loadError);
    layout->addLayout(table, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_result);
    layout->addWidget(buttons);

    resize(860, 420);
    restoreDialogGeometry(this, GeometryGroup);
    updateButtons();
}

StorageLocationsDialog::~StorageLocationsDialog() = default;

StorageLocationsDialog *StorageLocationsDialog::openManager(EngineHost &host, QWidget *parent)
{
    auto *dialog = new StorageLocationsDialog(host, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

QString StorageLocationsDialog::selectedLocationId() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        return {};
    }
    return rows.constFirst().data(StorageLocationModel::IdRole).toString();
}

bool StorageLocationsDialog::selectLocation(const QString &locationId)
{
    const int sourceRow = m_model->rowOfId(locationId);
    if (sourceRow < 0) {
        return false;
    }
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    if (!index.isValid()) {
        return false; // filtered out
    }
    m_view->selectRow(index.row());
    m_view->scrollTo(index);
    return true;
}

QString StorageLocationsDialog::resultText() const
{
    return m_result->text();
}

void StorageLocationsDialog::updateButtons()
{
    const QString id = selectedLocationId();
    const int row = m_model->rowOfId(id);
    const bool selected = row >= 0;
    const bool builtIn = selected && m_model->locationAt(row).builtIn;
    m_editButton->setEnabled(selected && !builtIn);
    m_deleteButton->setEnabled(selected && !builtIn && m_deletingId.isEmpty());
    m_testButton->setEnabled(selected && m_testingId.isEmpty());
    const QString readOnly = tr("The built-in default location cannot be changed or deleted");
    m_editButton->setToolTip(builtIn ? readOnly : tr("Change the selected location"));
    m_deleteButton->setToolTip(builtIn ? readOnly
                                       : tr("Delete the selected location (no job may use it)"));
}

void StorageLocationsDialog::addLocation()
{
    auto *dialog = new StorageLocationDialog(m_host, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &StorageLocationDialog::saved, this, [this](const QString &locationId) {
        showResult(tr("Added storage location %1.").arg(locationId), true);
        if (!selectLocation(locationId)) {
            m_selectAfterLoad = locationId; // the reload it triggered has not arrived yet
        }
    });
    dialog->open();
}

void StorageLocationsDialog::editSelectedLocation()
{
    const int row = m_model->rowOfId(selectedLocationId());
    if (row < 0) {
        return;
    }
    auto *dialog = new StorageLocationDialog(m_host, m_model->locationAt(row), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &StorageLocationDialog::saved, this, [this](const QString &locationId) {
        showResult(tr("Saved storage location %1.").arg(locationId), true);
    });
    dialog->open();
}

void StorageLocationsDialog::testSelectedLocation()
{
    const QString id = selectedLocationId();
    if (id.isEmpty() || isTesting()) {
        return;
    }
    m_testingId = id;
    m_progress->show();
    // Named as the operator knows it (its bucket or folder name), not by its 32-digit id.
    const int row = m_model->rowOfId(id);
    const QString name =
        row >= 0 ? QStringLiteral("\"%1\"").arg(m_model->locationAt(row).bucket) : id;
    showResult(tr("Testing storage location %1…").arg(name), true);
    updateButtons();
    m_host.callAsync<Status>(
        this,
        [id](SnapshotService &service, std::function<void(Status)> reply) {
            service.testStorageLocation(id, std::move(reply));
        },
        [this, id, name](Status status) {
            m_testingId.clear();
            m_progress->hide();
            const QString text =
                status ? tr("Test of %1: OK. A probe object was written, read back and deleted.")
                             .arg(name)
                       : tr("Test of %1 failed: %2").arg(name, status.error().message);
            showResult(text, status.ok());
            // The API code stays at hand, out of the sentence.
            m_result->setToolTip(status ? QString()
                                        : tr("Details: error code %1").arg(status.error().code));
            updateButtons();
            emit testFinished(id, status.ok(), text);
        });
}

void StorageLocationsDialog::deleteSelectedLocation()
{
    const int row = m_model->rowOfId(selectedLocationId());
    if (row < 0) {
        return;
    }
    const StorageLocation &location = m_model->locationAt(row);
    const QString id = location.locationId;
    // open(), not exec(): a nested event loop would let engine results run under the box.
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Delete Storage Location"),
        tr("Delete storage location %1 (%2, %3)?\n\nFiles already stored there stay where they "
           "are; only LiveSnap's configuration and its stored access key are removed.")
            .arg(id, StorageLocationModel::typeName(location.storageType), location.bucket),
        QMessageBox::Yes | QMessageBox::No, this);
    box->setObjectName(QStringLiteral("deleteConfirmation"));
    box->setDefaultButton(QMessageBox::No);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, box, id](QAbstractButton *clicked) {
        if (box->standardButton(clicked) == QMessageBox::Yes) {
            deleteLocation(id);
        }
    });
    box->open();
}

void StorageLocationsDialog::deleteLocation(const QString &locationId)
{
    if (!m_deletingId.isEmpty()) {
        return;
    }
    m_deletingId = locationId;
    updateButtons();
    m_host.callAsync<Status>(
        this,
        [locationId](SnapshotService &service, std::function<void(Status)> reply) {
            service.deleteStorageLocation(locationId, std::move(reply));
        },
        [this, locationId](Status status) {
            m_deletingId.clear();
            const QString text =
                status ? tr("Deleted storage location %1.").arg(locationId)
                       : tr("Could not delete %1 (%2): %3")
                             .arg(locationId, status.error().code, status.error().message);
            showResult(text, status.ok());
            updateButtons();
            emit deleteFinished(locationId, status.ok(), text);
        });
}

void StorageLocationsDialog::showResult(const QString &text, bool ok)
{
    m_result->setText(text);
    m_result->setStyleSheet(ok ? QString() : QStringLiteral("QLabel { color: #c62828; }"));
}

void StorageLocationsDialog::done(int result)
{
    saveDialogGeometry(this, GeometryGroup);
    QDialog::done(result);
}

} // namespace livesnap::ui
