#pragma once

#include "catalog/Catalog.h"
#include "catalog/Queries.h"

namespace livesnap {

// SQL for the jobs table (with its template and location joined in) and job events.
class JobRepository {
public:
    explicit JobRepository(Catalog &catalog)
        : m_catalog(catalog)
    {}

    // The job and its stores (locationIds, or its one locationId), in one transaction of the
    // caller's.
    Status insert(const SnapshotJob &job);
    // The lease owner is reported only while the lease is live at `nowMs`.
    Result<std::optional<SnapshotJob>> find(const QString &jobId, qint64 nowMs) const;
    Result<Page<SnapshotJob>> list(const JobQuery &query, qint64 nowMs) const;
    Result<qint64> countWithStatus(const QString &status) const;

    // Moves a job that is not started to `started`, in one transaction that also checks the
    // running-jobs limit (on PostgreSQL under a lock on the limit's setting), so two processes,
    // on any machines, cannot both pass it. False when refused.
    Result<bool> startIfBelowLimit(const QString &jobId, int maxStarted, qint64 nowMs);
    // Moves a started job to `paused`. False when it was not started.
    Result<bool> stop(const QString &jobId, qint64 nowMs);
    // Bumps the run generation of a started job so its engine restarts it.
    Result<bool> restart(const QString &jobId, qint64 nowMs);
    // Asks the engine running a started job for one more snapshot (bumps its request count).
    // False when the job is not started.
    Result<bool> requestSnapshot(const QString &jobId);
    // Deletes a job unless it is started. False when refused or missing.
    Result<bool> removeUnlessStarted(const QString &jobId);

    // The next snapshot sequence number, persisted before it is returned, never reused.
    Result<qint64> allocateSequence(const QString &jobId);
    Status setStreamState(const QString &jobId, const QString &state, const QString &lastError);
    Status setStreamHealth(const QString &jobId, const QString &health, qint64 sinceMs);
    Status setLastError(const QString &jobId, const QString &lastError);

    Result<QList<JobEvent>> events(const QString &jobId, int limit) const;

private:
    // Fills each job's stores (job_outputs, in order).
    Status attachOutputs(QList<SnapshotJob> &jobs) const;

    Catalog &m_catalog;
};

} // namespace livesnap
