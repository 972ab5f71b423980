#pragma once

#include "common/Result.h"
#include "domain/StorageLocation.h"

#include <memory>

namespace livesnap {

class ObjectStore;

// An OSS or S3-compatible store for a configured location. Its calls block and run a local
// event loop: use it from the network thread (or a CLI), never the GUI thread.
Result<std::unique_ptr<ObjectStore>> openRemoteStore(const StorageLocation &location,
                                                     const StorageCredentials &credentials);

} // namespace livesnap
