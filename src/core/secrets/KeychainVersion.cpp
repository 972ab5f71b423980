#include "secrets/KeychainVersion.h"

namespace livesnap {

ComponentVersion qtKeychainVersion()
{
    // secrets/CMakeLists.txt: find_package(Qt6Keychain)'s version.
    return ComponentVersion::atBuildTime(QStringLiteral("QtKeychain"),
                                         QStringLiteral(LIVESNAP_QTKEYCHAIN_VERSION));
}

} // namespace livesnap
