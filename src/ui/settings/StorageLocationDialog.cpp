#include "settings/StorageLocationDialog.h"

#include "engine/EngineHost.h"
#include "settings/DialogGeometry.h"
#include "settings/StorageLocationModel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace livesnap::ui {

namespace {
const QString GeometryGroup = QStringLiteral("storageLocationDialog");

QLineEdit *lineEdit(const QString &objectName, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    return edit;
}
} // namespace

StorageLocationDialog::StorageLocationDialog(EngineHost &host, QWidget *parent)
    : QDialog(parent)
    , m_host(host)
{
    build();
    setWindowTitle(tr("Add a Storage Location"));
    m_bucket->setFocus();
}

StorageLocationDialog::StorageLocationDialog(EngineHost &host, const StorageLocation &location,
                                             QWidget *parent)
    : QDialog(parent)
    , m_host(host)
    , m_locationId(location.locationId)
    , m_original(location)
{
    build();
    setWindowTitle(tr("Edit Storage Location %1").arg(location.locationId));
    m_type->setCurrentIndex(qMax(0, m_type->findData(location.storageType)));
    // Type, endpoint and bucket name the location; the service keeps them as they are.
    m_type->setEnabled(false);
    m_bucket->setText(location.bucket);
    m_bucket->setReadOnly(true);
    m_endpoint->setText(location.endpoint);
    m_endpoint->setReadOnly(true);
    m_region->setText(location.region);
    m_pathStyle->setChecked(location.pathStyle);
    m_signatureVersion->setCurrentIndex(
        qMax(0, m_signatureVersion->findData(location.signatureVersion)));
    m_path->setText(QDir::toNativeSeparators(location.path));
    const QString keep = tr("Stored in the keychain; leave empty to keep it");
    m_accessKeyId->setPlaceholderText(keep);
    m_accessKeySecret->setPlaceholderText(keep);
    m_region->setPlaceholderText(tr("Leave empty to keep the current region"));
    showType();
}

StorageLocationDialog::~StorageLocationDialog() = default;

void StorageLocationDialog::build()
{
    setObjectName(QStringLiteral("storageLocationDialog"));
    m_formWidget = new QWidget(this);
    m_form = new QFormLayout(m_formWidget);
    m_form->setContentsMargins(0, 0, 0, 0);

    m_type = new QComboBox(m_formWidget);
    m_type->setObjectName(QStringLiteral("storageTypeCombo"));
    for (const QString &type : {storage::Local, storage::Oss, storage::S3}) {
        m_type->addItem(StorageLocationModel::typeName(type), type);
    }
    connect(m_type, &QComboBox::currentIndexChanged, this, &StorageLocationDialog::showType);

    m_bucket = lineEdit(QStringLiteral("bucketEdit"), m_formWidget);

    m_pathRow = new QWidget(m_formWidget);
    m_path = lineEdit(QStringLiteral("pathEdit"), m_pathRow);
    m_path->setPlaceholderText(tr("Empty: a folder with this name in the data directory"));
    m_browse = new QPushButton(tr("&Browse…"), m_pathRow);
    m_browse->setObjectName(QStringLiteral("browseButton"));
    connect(m_browse, &QPushButton::clicked, this, &StorageLocationDialog::browseForFolder);
    auto *pathLayout = new QHBoxLayout(m_pathRow);
    pathLayout->setContentsMargins(0, 0, 0, 0);
    pathLayout->addWidget(m_path, 1);
    pathLayout->addWidget(m_browse);

    m_endpoint = lineEdit(QStringLiteral("endpointEdit"), m_formWidget);
    m_region = lineEdit(QStringLiteral("regionEdit"), m_formWidget);
    m_pathStyle = new QCheckBox(tr("Path-style addressing (MinIO and similar)"), m_formWidget);
    m_pathStyle->setObjectName(QStringLiteral("pathStyleCheck"));
    m_signatureVersion = new QComboBox(m_formWidget);
    m_signatureVersion->setObjectName(QStringLiteral("signatureVersionCombo"));
    m_signatureVersion->addItem(tr("V4 (OSS4-HMAC-SHA256)"), QStringLiteral("v4"));
    m_signatureVersion->addItem(tr("V1 (older endpoints)"), QStringLiteral("v1"));
    m_accessKeyId = lineEdit(QStringLiteral("accessKeyIdEdit"), m_formWidget);
    m_accessKeySecret = lineEdit(QStringLiteral("accessKeySecretEdit"), m_formWidget);
    m_accessKeySecret->setEchoMode(QLineEdit::Password);
    m_accessKeyId->setToolTip(tr("Kept in the system keychain, never in the catalog."));
    m_accessKeySecret->setToolTip(m_accessKeyId->toolTip());

    m_form->addRow(tr("&Storage type:"), m_type);
    m_form->addRow(tr("&Name:"), m_bucket);
    m_form->addRow(tr("&Folder:"), m_pathRow);
    m_form->addRow(tr("&Endpoint:"), m_endpoint);
    m_form->addRow(tr("&Region:"), m_region);
    m_form->addRow(QString(), m_pathStyle);
    m_form->addRow(tr("Si&gnature version:"), m_signatureVersion);
    m_form->addRow(tr("Access&KeyId:"), m_accessKeyId);
    m_form->addRow(tr("AccessKey&Secret:"), m_accessKeySecret);

    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("hintLabel"));
    m_hint->setWordWrap(true);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #c62828; }"));
    m_error->hide();

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("busyIndicator"));
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(8);
    m_progress->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    m_saveButton = m_buttons->button(QDialogButtonBox::Save);
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &StorageLocationDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_formWidget);
    layout->addWidget(m_hint);
    layout->addWidget(m_error);
    layout->addStretch(1);
    layout->addWidget(m_progress);
    layout->addWidget(m_buttons);

    showType();
    resize(560, sizeHint().height());
    restoreDialogGeometry(this, GeometryGroup);
}

QString StorageLocationDialog::selectedType() const
{
    return m_type->currentData().toString();
}

void StorageLocationDialog::showType()
{
    const QString type = selectedType();
    const bool local = type == storage::Local;
    const bool oss = type == storage::Oss;
    const bool s3 = type == storage::S3;
    m_form->setRowVisible(m_pathRow, local);
    m_form->setRowVisible(m_endpoint, !local);
    m_form->setRowVisible(m_region, !local);
    m_form->setRowVisible(m_pathStyle, s3);
    m_form->setRowVisible(m_signatureVersion, oss);
    m_form->setRowVisible(m_accessKeyId, !local);
    m_form->setRowVisible(m_accessKeySecret, !local);
    if (auto *label = qobject_cast<QLabel *>(m_form->labelForField(m_bucket))) {
        label->setText(local ? tr("&Name:") : tr("&Bucket:"));
    }
    if (!isEditing()) {
        m_bucket->setPlaceholderText(local ? tr("e.g. archive") : tr("e.g. my-snapshots"));
        m_endpoint->setPlaceholderText(oss ? tr("e.g. oss-cn-hangzhou.aliyuncs.com")
                                           : tr("e.g. https://s3.us-east-1.amazonaws.com"));
        m_region->setPlaceholderText(oss ? tr("e.g. cn-hangzhou") : tr("e.g. us-east-1"));
    }
    if (local) {
        m_hint->setText(tr("Snapshots are written as files under this folder."));
    } else if (isEditing()) {
        m_hint->setText(tr("The access key is kept in the system keychain. Leave both key "
                           "fields empty to keep the stored key, or fill in both to replace "
                           "it."));
    } else {
        m_hint->setText(tr("The access key is kept in the system keychain, never in the "
                           "catalog or the settings."));
    }
}

void StorageLocationDialog::browseForFolder()
{
    // open(), not exec(): no nested event loop while engine results may arrive.
    auto *dialog = new QFileDialog(this, tr("Choose the Storage Folder"),
                                   QDir::fromNativeSeparators(m_path->text().trimmed()));
    dialog->setObjectName(QStringLiteral("folderDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    connect(dialog, &QFileDialog::fileSelected, this,
            [this](const QString &folder) { m_path->setText(QDir::toNativeSeparators(folder)); });
    dialog->open();
}

StorageLocation StorageLocationDialog::locationFromForm() const
{
    StorageLocation location = m_original;
    const QString type = isEditing() ? m_original.storageType : selectedType();
    location.locationId = m_locationId;
    location.storageType = type;
    location.bucket = m_bucket->text().trimmed();
    if (type == storage::Local) {
        location.path = QDir::fromNativeSeparators(m_path->text().trimmed());
        location.endpoint.clear();
        location.region.clear();
        return location;
    }
    location.path.clear();
    location.endpoint = m_endpoint->text().trimmed();
    location.region = m_region->text().trimmed();
    if (type == storage::S3) {
        location.pathStyle = m_pathStyle->isChecked();
    } else if (type == storage::Oss) {
        location.signatureVersion = m_signatureVersion->currentData().toString();
    }
    return location;
}

QString StorageLocationDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void StorageLocationDialog::save()
{
    if (m_busy) {
        return;
    }
    const StorageLocation location = locationFromForm();
    StorageCredentials credentials;
    if (location.storageType != storage::Local) {
        credentials =
            StorageCredentials{m_accessKeyId->text().trimmed(), m_accessKeySecret->text()};
    }
    m_error->hide();
    setBusy(true);
    const bool editing = isEditing();
    m_host.callAsync<Result<QString>>(
        this,
        [location, credentials, editing](SnapshotService &service,
                                         std::function<void(Result<QString>)> reply) {
            if (!editing) {
                service.addStorageLocation(location, credentials, std::move(reply));
                return;
            }
            service.updateStorageLocation(
                location, credentials, [reply, id = location.locationId](const Status &s) {
                    reply(s ? Result<QString>(id) : Result<QString>(s.error()));
                });
        },
        [this](Result<QString> result) {
            setBusy(false);
            if (!result) {
                showError(result.error());
                return;
            }
            // The keychain has the key now; keep no copy in the form.
            m_accessKeyId->clear();
            m_accessKeySecret->clear();
            m_locationId = *result;
            emit saved(m_locationId);
            accept();
        });
}

void StorageLocationDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_formWidget->setEnabled(!busy);
    m_saveButton->setEnabled(!busy);
    m_progress->setVisible(busy);
}

void StorageLocationDialog::showError(const Error &error)
{
    // The operator's words; the API code stays at hand in the tooltip.
    m_error->setText(error.message);
    m_error->setToolTip(tr("Details: error code %1").arg(error.code));
    m_error->show();
    focusField(error.code);
    emit saveFailed(error.code, error.message);
}

// The service names the refused field in its code (InvalidParameter.<Field>,
// MissingParameter.<Field>): put the cursor there.
void StorageLocationDialog::focusField(const QString &code)
{
    const QString field = code.section(QLatin1Char('.'), -1);
    QWidget *target = nullptr;
    if (field == QLatin1String("StorageType")) {
        target = m_type;
    } else if (field == QLatin1String("Bucket")) {
        target = m_bucket;
    } else if (field == QLatin1String("Path")) {
        target = m_path;
    } else if (field == QLatin1String("Endpoint")) {
        target = m_endpoint;
    } else if (field == QLatin1String("Region")) {
        target = m_region;
    } else if (field == QLatin1String("SignatureVersion")) {
        target = m_signatureVersion;
    } else if (field == QLatin1String("AccessKeyId")) {
        target = m_accessKeyId;
    } else if (field == QLatin1String("AccessKeySecret")) {
        target = m_accessKeyId->text().isEmpty() ? m_accessKeyId : m_accessKeySecret;
    }
    if (target && target->isEnabled() && target->isVisibleTo(this)) {
        target->setFocus(Qt::OtherFocusReason);
    }
}

void StorageLocationDialog::done(int result)
{
    saveDialogGeometry(this, GeometryGroup);
    QDialog::done(result);
}

} // namespace livesnap::ui
