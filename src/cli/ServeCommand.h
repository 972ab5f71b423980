#pragma once

class QString;

namespace livesnap {
class DataDirectory;
}

namespace livesnap::cli {

// `livesnapctl serve`: runs the engine headless until SIGINT or SIGTERM, then releases its
// leases and returns 0.
// With a credentials file, OSS / S3 access keys come from it (mode 0600 only), not the keychain.
int runServe(const DataDirectory &dataDirectory, const QString &credentialsFile);

} // namespace livesnap::cli
