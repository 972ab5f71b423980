#include "catalog/LeaseRepository.h"

#include <algorithm>
#include <limits>

namespace livesnap {

Result<qint64> LeaseRepository::grant(const QString &jobId, const QString &owner, qint64 nowMs,
                                      qint64 ttlMs)
{
    auto bumped = m_catalog.exec(QStringLiteral("UPDATE jobs SET lease_epoch = lease_epoch + 1 "
                                                "WHERE job_id = ? AND status = 'started'"),
                                 {jobId});
    if (!bumped) {
        return bumped.error();
    }
    if (bumped->numRowsAffected() == 0) {
        return qint64(0);
    }
    auto epoch =
        m_catalog.scalar(QStringLiteral("SELECT lease_epoch FROM jobs WHERE job_id = ?"), {jobId});
    if (!epoch) {
        return epoch.error();
    }
    // An expired lease (of an engine that died or paused) is replaced.
    if (auto r = m_catalog.exec(QStringLiteral("DELETE FROM job_leases WHERE job_id = ?"), {jobId});
        !r) {
        return r.error();
    }
    auto inserted = m_catalog.exec(QStringLiteral("INSERT INTO job_leases (job_id, owner, "
                                                  "acquired_at, expires_at, epoch) VALUES (?, ?, "
                                                  "?, ?, ?)"),
                                   {jobId, owner, nowMs, nowMs + ttlMs, epoch->toLongLong()});
    if (!inserted) {
        return inserted.error();
    }
    return epoch->toLongLong();
}

Result<bool> LeaseRepository::tryAcquire(const QString &jobId, const QString &owner, qint64 nowMs,
                                         qint64 ttlMs)
{
    CatalogTransaction tx(m_catalog);
    auto free = m_catalog.exec(
        QStringLiteral("SELECT j.job_id FROM jobs j WHERE j.job_id = ? AND j.status = 'started' "
                       "AND NOT EXISTS (SELECT 1 FROM job_leases le WHERE le.job_id = j.job_id "
                       "AND le.expires_at >= ? AND le.owner <> ?)") +
            m_catalog.skipLocked(),
        {jobId, nowMs, owner});
    if (!free) {
        return free.error();
    }
    if (!free->next()) {
        return false;
    }
    auto epoch = grant(jobId, owner, nowMs, ttlMs);
    if (!epoch) {
        return epoch.error();
    }
    if (auto s = tx.commit(); !s) {
        return s.error();
    }
    return *epoch > 0;
}

Result<QList<StartedJob>> LeaseRepository::claimUnleased(const QString &owner, qint64 nowMs,
                                                         qint64 ttlMs, int limit,
                                                         const QString &host, qint64 freeBeforeMs)
{
    CatalogTransaction tx(m_catalog);
    // A lease that expired after freeBeforeMs (or is live) keeps the job out.
    const qint64 leaseEndsBefore = freeBeforeMs > 0 ? std::min(nowMs, freeBeforeMs) : nowMs;
    auto candidates = m_catalog.exec(
        QStringLiteral("SELECT j.job_id, j.run_generation, j.snapshot_requests FROM jobs j "
                       "WHERE j.status = 'started' AND NOT EXISTS (SELECT 1 FROM job_leases le "
                       "WHERE le.job_id = j.job_id AND le.expires_at >= ?) "
                       "AND j.modified_time <= ? "
                       "AND NOT EXISTS (SELECT 1 FROM job_outputs o JOIN storage_locations l "
                       "ON l.location_id = o.location_id WHERE o.job_id = j.job_id AND "
                       "l.storage_type = 'local' AND l.host <> '' AND l.host <> ? AND "
                       "l.shared_mount = 0) "
                       "ORDER BY j.modified_time ASC, j.job_id ASC LIMIT ?") +
            m_catalog.skipLocked(),
        {leaseEndsBefore, freeBeforeMs > 0 ? freeBeforeMs : std::numeric_limits<qint64>::max(),
         host, limit});
    if (!candidates) {
        return candidates.error();
    }
    QList<StartedJob> picked;
    while (candidates->next()) {
        picked << StartedJob{candidates->value(0).toString(), candidates->value(1).toLongLong(),
                             candidates->value(2).toLongLong()};
    }
    QList<StartedJob> claimed;
    for (StartedJob &job : picked) {
        auto epoch = grant(job.jobId, owner, nowMs, ttlMs);
        if (!epoch) {
            return epoch.error();
        }
        if (*epoch > 0) {
            job.epoch = *epoch;
            claimed << job;
        }
    }
    if (auto s = tx.commit(); !s) {
        return s.error();
    }
    return claimed;
}

QString LeaseRepository::fenceSql()
{
    return QStringLiteral("EXISTS (SELECT 1 FROM job_leases fence WHERE fence.job_id = ? AND "
                          "fence.owner = ? AND fence.epoch = ?)");
}

Result<bool> LeaseRepository::holds(const QString &jobId, const QString &owner, qint64 epoch) const
{
    auto r = m_catalog.exec(QStringLiteral("SELECT 1 WHERE ") + fenceSql(),
                            fenceBinds(jobId, owner, epoch));
    if (!r) {
        return r.error();
    }
    return r->next();
}

Result<QStringList> LeaseRepository::renewAll(const QString &owner, qint64 nowMs, qint64 ttlMs)
{
    auto r = m_catalog.exec(
        QStringLiteral("UPDATE job_leases SET expires_at = ? WHERE owner = ? AND expires_at >= ?"),
        {nowMs + ttlMs, owner, nowMs});
    if (!r) {
        return r.error();
    }
    auto held = m_catalog.exec(QStringLiteral("SELECT job_id FROM job_leases WHERE owner = ? AND "
                                              "expires_at >= ? ORDER BY job_id"),
                               {owner, nowMs});
    if (!held) {
        return held.error();
    }
    QStringList jobs;
    while (held->next()) {
        jobs << held->value(0).toString();
    }
    return jobs;
}

Status LeaseRepository::release(const QString &jobId, const QString &owner)
{
    auto r = m_catalog.exec(QStringLiteral("DELETE FROM job_leases WHERE job_id = ? AND owner = ?"),
                            {jobId, owner});
    return r ? success() : Status(r.error());
}

Status LeaseRepository::releaseAll(const QString &owner)
{
    auto r = m_catalog.exec(QStringLiteral("DELETE FROM job_leases WHERE owner = ?"), {owner});
    return r ? success() : Status(r.error());
}

Result<QString> LeaseRepository::owner(const QString &jobId, qint64 nowMs) const
{
    auto r = m_catalog.scalar(
        QStringLiteral("SELECT owner FROM job_leases WHERE job_id = ? AND expires_at >= ?"),
        {jobId, nowMs});
    if (!r) {
        return r.error();
    }
    return r->isValid() ? r->toString() : QString();
}

Result<QList<std::pair<QString, QString>>> LeaseRepository::othersLeases(const QString &owner,
                                                                         qint64 nowMs) const
{
    auto r = m_catalog.exec(QStringLiteral("SELECT job_id, owner FROM job_leases WHERE owner <> ? "
                                           "AND expires_at >= ?"),
                            {owner, nowMs});
    if (!r) {
        return r.error();
    }
    QList<std::pair<QString, QString>> leases;
    while (r->next()) {
        leases.append({r->value(0).toString(), r->value(1).toString()});
    }
    return leases;
}

Result<bool> LeaseRepository::takeOver(const QString &jobId, const QString &deadOwner,
                                       const QString &owner, qint64 nowMs, qint64 ttlMs)
{
    CatalogTransaction tx(m_catalog);
    auto held = m_catalog.exec(
        QStringLiteral("SELECT j.job_id FROM jobs j JOIN job_leases le ON "
                       "le.job_id = j.job_id WHERE j.job_id = ? AND "
                       "le.owner = ?") +
            (m_catalog.isPostgres() ? QStringLiteral(" FOR UPDATE OF j") : QString()),
        {jobId, deadOwner});
    if (!held) {
        return held.error();
    }
    if (!held->next()) {
        return false;
    }
    auto epoch = grant(jobId, owner, nowMs, ttlMs);
    if (!epoch) {
        return epoch.error();
    }
    if (auto s = tx.commit(); !s) {
        return s.error();
    }
    return *epoch > 0;
}

Result<QList<StartedJob>> LeaseRepository::unleasedStartedJobs(qint64 nowMs, int limit) const
{
    auto r = m_catalog.exec(
        QStringLiteral("SELECT j.job_id, j.run_generation, j.snapshot_requests FROM jobs j "
                       "LEFT JOIN job_leases le ON le.job_id = j.job_id "
                       "WHERE j.status = 'started' AND (le.job_id IS NULL OR le.expires_at < ?) "
                       "ORDER BY j.modified_time ASC, j.job_id ASC LIMIT ?"),
        {nowMs, limit});
    if (!r) {
        return r.error();
    }
    QList<StartedJob> jobs;
    while (r->next()) {
        jobs << StartedJob{r->value(0).toString(), r->value(1).toLongLong(),
                           r->value(2).toLongLong()};
    }
    return jobs;
}

Result<QList<StartedJob>> LeaseRepository::heldStartedJobs(const QString &owner) const
{
    auto r = m_catalog.exec(
        QStringLiteral("SELECT j.job_id, j.run_generation, j.snapshot_requests, le.epoch FROM "
                       "job_leases le JOIN jobs j ON j.job_id = le.job_id "
                       "WHERE le.owner = ? AND j.status = 'started'"),
        {owner});
    if (!r) {
        return r.error();
    }
    QList<StartedJob> jobs;
    while (r->next()) {
        jobs << StartedJob{r->value(0).toString(), r->value(1).toLongLong(),
                           r->value(2).toLongLong(), r->value(3).toLongLong()};
    }
    return jobs;
}

} // namespace livesnap
