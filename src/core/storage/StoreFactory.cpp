#include "storage/StoreFactory.h"

#include "storage/HttpObjectStore.h"

#include <QCoreApplication>

namespace livesnap {

Result<std::unique_ptr<ObjectStore>> openRemoteStore(const StorageLocation &location,
                                                     const StorageCredentials &credentials)
{
    if (location.storageType == storage::S3) {
        if (auto store = S3Store::fromLocation(location, credentials)) {
            return std::unique_ptr<ObjectStore>(std::move(store));
        }
    } else if (location.storageType == storage::Oss) {
        if (auto store = OssStore::fromLocation(location, credentials)) {
            return std::unique_ptr<ObjectStore>(std::move(store));
        }
    }
    return Error::user(errc::StorageUnavailable,
                       QCoreApplication::translate("livesnap::StoreFactory",
                                                   "The %1 location %2 cannot be opened: check "
                                                   "its endpoint and bucket.")
                           .arg(location.storageType, location.bucket));
}

} // namespace livesnap
