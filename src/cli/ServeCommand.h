#pragma once

#include <QString>

namespace livesnap {
class DataDirectory;
}

namespace livesnap::cli {

// `livesnapctl serve`: runs the engine headless until SIGINT or SIGTERM, then releases its
// leases and returns 0.
// With a credentials file, OSS / S3 access keys come from it (mode 0600 only), not the keychain.
// capacity and leaseTtlSeconds (0: the defaults) are this engine's share of a shared catalog.
struct ServeSettings {
    QString credentialsFile;
    int capacity = 0;
    int leaseTtlSeconds = 0;
};
int runServe(const DataDirectory &dataDirectory, const ServeSettings &settings);

} // namespace livesnap::cli
