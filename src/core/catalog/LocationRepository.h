#pragma once

#include "catalog/Catalog.h"
#include "domain/StorageLocation.h"

#include <optional>

namespace livesnap {

// SQL for the storage_locations table.
class LocationRepository {
public:
    explicit LocationRepository(Catalog &catalog)
        : m_catalog(catalog)
    {}

    Status insert(const StorageLocation &location);
    Status update(const StorageLocation &location);
    Result<bool> remove(const QString &locationId);
    Result<std::optional<StorageLocation>> find(const QString &locationId) const;
    Result<std::optional<StorageLocation>> find(const SnapshotOutput &output) const;
    Result<QList<StorageLocation>> list() const;
    Result<qint64> jobCount(const QString &locationId) const;

private:
    Catalog &m_catalog;
};

} // namespace livesnap
