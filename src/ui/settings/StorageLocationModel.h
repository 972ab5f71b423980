#pragma once

#include "domain/StorageLocation.h"
#include "models/ServiceTableModel.h"

namespace livesnap::ui {

// The configured storage locations, kept current through storageLocationsChanged. Shows where
// each location writes, never a secret (those live only in the keychain).
class StorageLocationModel : public ServiceTableModel {
    Q_OBJECT

public:
    enum Column { IdColumn, TypeColumn, EndpointColumn, BucketColumn, WhereColumn, ColumnCount };
    // The raw storage type (local | oss | s3) of a row, and whether it is the built-in default.
    enum LocationRole { StorageTypeRole = IdRole + 1, BuiltInRole };

    // Connects to the host's service and starts the first load.
    explicit StorageLocationModel(EngineHost &host, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const StorageLocation &locationAt(int row) const { return m_rows.at(row); }
    // The row of a location id, or -1.
    int rowOfId(const QString &locationId) const;

    // "Local folder", "Alibaba OSS", "S3-compatible" for local, oss, s3.
    static QString typeName(const QString &storageType);

protected:
    void startFetch() override;

private:
    QList<StorageLocation> m_rows;
};

} // namespace livesnap::ui
