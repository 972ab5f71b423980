#pragma once

#include "catalog/Catalog.h"

#include <QStringList>

namespace livesnap {

// A started job and the run generation its engine must run.
struct StartedJob {
    QString jobId;
    qint64 runGeneration = 0;
    qint64 snapshotRequests = 0; // "snapshot" commands so far
};

// Job leases: which engine runs which started job, until when. Every change is one
// conditional statement, so two engines on one catalog never both hold a job.
class LeaseRepository {
public:
    explicit LeaseRepository(Catalog &catalog)
        : m_catalog(catalog)
    {}

    // Takes the lease of a job that has none, or whose lease expired. True when now held.
    Result<bool> tryAcquire(const QString &jobId, const QString &owner, qint64 nowMs, qint64 ttlMs);
    // Extends every lease `owner` holds; returns the jobs it still holds.
    Result<QStringList> renewAll(const QString &owner, qint64 nowMs, qint64 ttlMs);
    Status release(const QString &jobId, const QString &owner);
    Status releaseAll(const QString &owner);
    Result<QString> owner(const QString &jobId, qint64 nowMs) const;

    // Live leases held by other engines: job id -> owner.
    Result<QList<std::pair<QString, QString>>> othersLeases(const QString &owner,
                                                            qint64 nowMs) const;
    // Takes a lease from a known-dead owner (compare-and-set on the owner).
    Result<bool> takeOver(const QString &jobId, const QString &deadOwner, const QString &owner,
                          qint64 nowMs, qint64 ttlMs);

    // Started jobs with no live lease (free, or expired), oldest first.
    Result<QList<StartedJob>> unleasedStartedJobs(qint64 nowMs, int limit) const;
    // Jobs `owner` holds and their generation and snapshot requests, to notice stops, restarts
    // and "snapshot" commands.
    Result<QList<StartedJob>> heldStartedJobs(const QString &owner) const;

private:
    Catalog &m_catalog;
};

} // namespace livesnap
