#pragma once

#include "common/Result.h"
#include "domain/StorageLocation.h"

#include <QStringList>

namespace livesnap {

class SecretStore;

// Where an OSS / S3 location's access key lives: two entries in the secret store (the keychain
// or an operator's credentials file), never in the catalog. Reading and writing may wait on the
// keychain: call these off the catalog's thread.
namespace locationcredentials {

// The names the credentials go by in the keychain or a credentials file.
QStringList keys(const QString &locationId);
Result<StorageCredentials> read(SecretStore &secrets, const QString &locationId);
// KeychainUnavailable without a secret store.
Status write(SecretStore *secrets, const QString &locationId,
             const StorageCredentials &credentials);
// Best effort; nothing to do for a read-only credentials file.
void remove(SecretStore *secrets, const QString &locationId);

} // namespace locationcredentials
} // namespace livesnap
