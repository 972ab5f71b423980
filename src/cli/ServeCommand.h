#pragma once

class QString;

namespace livesnap {
class DataDirectory;
}

namespace livesnap::cli {

// `livesnapctl serve`: runs the engine headless until SIGINT or SIGTERM, then releases its
// leases and returns 0.
int runServe(const DataDirectory &dataDirectory);

} // namespace livesnap::cli
