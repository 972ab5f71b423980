#pragma once

#include "domain/SnapshotFile.h"
#include "service/ServiceContext.h"

#include <optional>

namespace livesnap {

class CallbackQueue;
class JobOperations;

// What the engine of this process (its supervisor and capture workers) reports about the jobs
// it runs: sequence numbers, recorded snapshots, stream states, alerts and events. Queues the
// callbacks these make, and emits jobChanged and filesChanged.
class EngineReports {
public:
    EngineReports(ServiceContext &context, JobOperations &jobs, CallbackQueue &callbacks);

    Result<qint64> allocateSequence(const QString &jobId);
    // See FileRepository::claimSequence.
    // With a fence: refused (LeaseFence::lostCode) once the job's lease is not that one.
    Result<std::optional<qint64>> claimSequence(const QString &jobId, qint64 createTimestamp,
                                                const LeaseFence &fence = {});
    // One store's copy of a snapshot (FileRepository::record); the snapshot's callbacks are
    // queued with its first copy.
    Result<FileRecord> recordSnapshot(const QList<SnapshotFile> &objects, const QString &locationId,
                                      const LeaseFence &fence = {});
    // See FileRepository::locationsHolding.
    Result<QStringList> locationsHolding(const QString &jobId, const QStringList &ossObjects,
                                         qint64 createTimestamp);
    Status reportStreamState(const QString &jobId, const QString &state, const QString &error,
                             const LeaseFence &fence = {});
    // A running job's stream health changed (StreamHealthJudge): recorded with an event (kind
    // "health", the message) and a LiveSnapshotStreamHealthChanged callback, in one transaction.
    Status reportStreamHealth(const QString &jobId, const QString &health, qint64 sinceMs,
                              const QString &message);
    // An alert on a running job (e.g. the spool is full), shown as its LastError.
    Status reportJobAlert(const QString &jobId, const QString &message);
    Status addJobEvent(const QString &jobId, const QString &kind, const QString &message);

private:
    // Commits a change to one job and says so (jobChanged).
    Status commitJobChange(CatalogTransaction &tx, const QString &jobId);

    ServiceContext &m_context;
    JobOperations &m_jobs;
    CallbackQueue &m_callbacks;
};

} // namespace livesnap
