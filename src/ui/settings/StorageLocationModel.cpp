#include "settings/StorageLocationModel.h"

#include "engine/EngineHost.h"

#include <QDir>

namespace livesnap::ui {

StorageLocationModel::StorageLocationModel(EngineHost &host, QObject *parent)
    : ServiceTableModel(host, parent)
{
    connect(host.events(), &EngineEvents::storageLocationsChanged, this,
            &StorageLocationModel::reload);
    reload();
}

int StorageLocationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int StorageLocationModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int StorageLocationModel::rowOfId(const QString &locationId) const
{
    for (qsizetype row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).locationId == locationId) {
            return static_cast<int>(row);
        }
    }
    return -1;
}

QString StorageLocationModel::typeName(const QString &storageType)
{
    if (storageType == storage::Local) {
        return tr("Local folder");
    }
    if (storageType == storage::Oss) {
        return tr("Alibaba OSS");
    }
    if (storageType == storage::S3) {
        return tr("S3-compatible");
    }
    return storageType;
}

QVariant StorageLocationModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const StorageLocation &l = m_rows.at(index.row());
    const bool local = l.storageType == storage::Local;
    switch (role) {
    case IdRole:
        return l.locationId;
    case StorageTypeRole:
        return l.storageType;
    case BuiltInRole:
        return l.builtIn;
    case Qt::ToolTipRole:
        if (index.column() == IdColumn && l.builtIn) {
            return tr("The built-in default location, a folder in the data directory");
        }
        if (index.column() == WhereColumn) {
            return local ? QDir::toNativeSeparators(l.path) : tr("Region: %1").arg(l.region);
        }
        return {};
    case Qt::DisplayRole:
    case SortRole:
        break;
    default:
        return {};
    }
    switch (static_cast<Column>(index.column())) {
    case IdColumn:
        return l.locationId;
    case TypeColumn:
        if (role == SortRole) {
            return l.storageType;
        }
        return l.builtIn ? tr("%1 (built-in)").arg(typeName(l.storageType))
                         : typeName(l.storageType);
    case EndpointColumn:
        return l.endpoint;
    case BucketColumn:
        return l.bucket;
    case WhereColumn:
        return local ? QDir::toNativeSeparators(l.path) : l.region;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant StorageLocationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (static_cast<Column>(section)) {
    case IdColumn:
        return tr("Location ID");
    case TypeColumn:
        return tr("Type");
    case EndpointColumn:
        return tr("Endpoint");
    case BucketColumn:
        return tr("Bucket / Name");
    case WhereColumn:
        return tr("Folder / Region");
    case ColumnCount:
        break;
    }
    return {};
}

void StorageLocationModel::startFetch()
{
    host().call(
        this, [](SnapshotService &service) { return service.listStorageLocations(); },
        [this](Result<QList<StorageLocation>> result) {
            if (!result) {
                finishFetch(result.error().message);
                return;
            }
            mergeRows(
                m_rows, *result, [](const StorageLocation &l) { return l.locationId; },
                [](const StorageLocation &a, const StorageLocation &b) {
                    return a.toJson() == b.toJson();
                });
            finishFetch();
        });
}

} // namespace livesnap::ui
