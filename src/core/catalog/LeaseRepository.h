#pragma once

#include "catalog/Catalog.h"

#include <QStringList>

namespace livesnap {

// A started job and the run generation its engine must run.
struct StartedJob {
    QString jobId;
    qint64 runGeneration = 0;
    qint64 snapshotRequests = 0; // "snapshot" commands so far
    qint64 epoch = 0;            // the lease's epoch (0 when not held)
};

// Job leases: which engine runs which started job, until when, under which epoch. Every claim
// raises the job's epoch (jobs.lease_epoch), so a lease taken over carries a higher epoch than the
// one it replaced; writes made for a job are accepted only under its current lease (fenceSql), so
// an engine that paused past its lease cannot record anything once another engine holds the job.
// Two engines on one catalog never both hold a job: on PostgreSQL the claim locks the job rows
// (FOR UPDATE SKIP LOCKED, so engines claiming at once pass over each other's picks), on SQLite
// writers are serialised.
class LeaseRepository {
public:
    explicit LeaseRepository(Catalog &catalog)
        : m_catalog(catalog)
    {}

    // Takes the lease of a job that has none, or whose lease expired. True when now held.
    Result<bool> tryAcquire(const QString &jobId, const QString &owner, qint64 nowMs, qint64 ttlMs);
    // Claims up to `limit` started jobs with no live lease, oldest first, in one transaction;
    // returns them with their new epochs. Jobs writing to a local folder of another host (one
    // not marked as a shared mount) are left to that host's engines; `host` is this engine's.
    // With freeBeforeMs > 0, only jobs free since before then (started, or their lease expired,
    // earlier): the ones other engines left.
    Result<QList<StartedJob>> claimUnleased(const QString &owner, qint64 nowMs, qint64 ttlMs,
                                            int limit, const QString &host = QString(),
                                            qint64 freeBeforeMs = 0);
    // The condition a fenced write adds (with fenceBinds): the job's lease is still `owner`'s,
    // under `epoch`. "EXISTS (...)"; three bindings: job id, owner, epoch.
    static QString fenceSql();
    static QVariantList fenceBinds(const QString &jobId, const QString &owner, qint64 epoch)
    {
        return {jobId, owner, epoch};
    }
    // Whether `owner` still holds the job under `epoch`.
    Result<bool> holds(const QString &jobId, const QString &owner, qint64 epoch) const;
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
    // Raises the job's epoch and gives `owner` its lease under the new one (the job row is
    // locked by the caller's claim); 0 when the job is gone or no longer started.
    Result<qint64> grant(const QString &jobId, const QString &owner, qint64 nowMs, qint64 ttlMs);

    Catalog &m_catalog;
};

} // namespace livesnap
