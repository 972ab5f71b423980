#pragma once

#include "common/Result.h"

#include <QString>

namespace livesnap {
class SecretStore;
}

namespace livesnap::notify {

// The callback AuthKey from the secret store, or why it cannot be read (no store, no key, a
// locked keychain...). Needs no catalog, so the network thread can use it.
Result<QString> readCallbackAuthKey(SecretStore *secrets);
// Why callbacks are held when the AuthKey cannot be read (readError), and what to do.
QString callbackAuthKeyProblem(const Error &readError);

} // namespace livesnap::notify
