#pragma once

#include "domain/StorageLocation.h"
#include "service/ServiceContext.h"

#include <QCoreApplication>

#include <memory>

namespace livesnap {

class LocalFolderStore;
class SettingsOperations;

// Storage locations: add, update, delete, list, find and test them, and open their stores. A
// location is named by its id or by {StorageType, Endpoint, Bucket}. OSS / S3 locations need
// credentials; they go to the secret store, off this thread, before the catalog changes.
// Emits storageLocationsChanged.
class StorageLocationOperations {
    Q_DECLARE_TR_FUNCTIONS(livesnap::StorageLocationOperations)

public:
    using Done = ServiceContext::Done;
    template <typename T> using Reply = ServiceContext::Reply<T>;

    StorageLocationOperations(ServiceContext &context, SettingsOperations &settings);

    void addStorageLocation(const StorageLocation &location, const StorageCredentials &credentials,
                            Reply<QString> done);
    // Empty credentials keep the stored ones.
    void updateStorageLocation(const StorageLocation &location,
                               const StorageCredentials &credentials, Done done);
    void deleteStorageLocation(const QString &locationId, Done done);
    Result<QList<StorageLocation>> listStorageLocations();
    Result<StorageLocation> storageLocation(const QString &locationId);
    Result<StorageLocation> storageLocation(const SnapshotOutput &output);
    // Writes, reads back and removes a probe object, off this thread.
    void testStorageLocation(const QString &locationId, Done done);

    // A local folder's store (disk only, no keychain), its links signed for the engine's link
    // server; an error for OSS / S3 locations, whose stores are opened off this thread.
    Result<std::unique_ptr<LocalFolderStore>> openLocalStore(const StorageLocation &location);
    // How StoreTasks gets this location's store: a local folder's is made here, an OSS / S3
    // one on the pool thread (its credentials come from the keychain).
    StoreTasks::Opener openerFor(const StorageLocation &location);

private:
    StorageLocation withResolvedPath(StorageLocation location) const;
    // A local folder added in a shared catalog belongs to this machine's engines (its host),
    // unless it is a shared mount (which only a local folder can be).
    Status bindToHost(StorageLocation &location) const;
    void insertStorageLocation(const StorageLocation &location, bool wroteCredentials,
                               Reply<QString> done);
    void finishUpdateStorageLocation(const StorageLocation &updated, Done done);

    ServiceContext &m_context;
    SettingsOperations &m_settings;
    QByteArray m_linkKey; // loaded on first use
};

} // namespace livesnap
