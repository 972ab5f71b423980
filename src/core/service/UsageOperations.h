#pragma once

#include "service/Requests.h"
#include "service/ServiceContext.h"

#include <QCoreApplication>

namespace livesnap {

class StorageLocationOperations;

// Usage: how long engines ran each job, per UTC day, and its CSV export.
class UsageOperations {
    Q_DECLARE_TR_FUNCTIONS(livesnap::UsageOperations)

public:
    template <typename T> using Reply = ServiceContext::Reply<T>;

    UsageOperations(ServiceContext &context, StorageLocationOperations &locations);

    // Usage within [start, end), of one job or of all.
    Result<UsageSummary> describeLiveSnapshotUsage(const QDateTime &start, const QDateTime &end,
                                                   const QString &jobId = QString());
    // Writes the usage of [start, end) as CSV under usage/ in a storage location and returns a
    // link that lives exactly 30 minutes (each call makes a new file and link). The catalog is
    // read here; the upload and the signing run off this thread.
    void exportLiveSnapshotUsage(const QDateTime &start, const QDateTime &end,
                                 const SnapshotOutput &output, Reply<SignedLink> done);

private:
    ServiceContext &m_context;
    StorageLocationOperations &m_locations;
};

} // namespace livesnap
