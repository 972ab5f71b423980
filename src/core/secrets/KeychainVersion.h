#pragma once

#include "common/ComponentVersion.h"

namespace livesnap {

// QtKeychain, which SecretStore uses. It has no run-time version query, and its header's
// QTKEYCHAIN_VERSION is stale (0.1.0 in qtkeychain 0.13), so this is the version CMake found
// (Qt6Keychain_VERSION), the one the build compiled against.
ComponentVersion qtKeychainVersion();

} // namespace livesnap
