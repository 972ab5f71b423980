#include "catalog/LeaseRepository.h"

namespace livesnap {

Result<bool> LeaseRepository::tryAcquire(const QString &jobId, const QString &owner, qint64 nowMs,
                                         qint64 ttlMs)
{
    // Take over an expired lease (compare-and-set on the expiry)...
    auto taken = m_catalog.exec(QStringLiteral("UPDATE job_leases SET owner = ?, acquired_at = ?, "
                                               "expires_at = ? WHERE job_id = ? AND "
                                               "(expires_at < ? OR owner = ?)"),
                                {owner, nowMs, nowMs + ttlMs, jobId, nowMs, owner});
    if (!taken) {
        return taken.error();
    }
    if (taken->numRowsAffected() > 0) {
        return true;
    }
    // ...or insert a new one; the primary key refuses a second holder. The job must still be
    // started (it may have been stopped since it was listed).
    auto inserted = m_catalog.exec(
        QStringLiteral("INSERT INTO job_leases (job_id, owner, acquired_at, expires_at) "
                       "SELECT job_id, ?, ?, ? FROM jobs WHERE job_id = ? AND status = 'started' "
                       "AND NOT EXISTS (SELECT 1 FROM job_leases WHERE job_id = ?)"),
        {owner, nowMs, nowMs + ttlMs, jobId, jobId});
    if (!inserted) {
        // A unique-key race with another engine is a refusal, not a failure.
        return false;
    }
    return inserted->numRowsAffected() > 0;
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
    auto r = m_catalog.exec(QStringLiteral("UPDATE job_leases SET owner = ?, acquired_at = ?, "
                                           "expires_at = ? WHERE job_id = ? AND owner = ?"),
                            {owner, nowMs, nowMs + ttlMs, jobId, deadOwner});
    if (!r) {
        return r.error();
    }
    return r->numRowsAffected() > 0;
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
        QStringLiteral("SELECT j.job_id, j.run_generation, j.snapshot_requests FROM job_leases le "
                       "JOIN jobs j ON j.job_id = le.job_id "
                       "WHERE le.owner = ? AND j.status = 'started'"),
        {owner});
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

} // namespace livesnap
