#include "catalog/UsageRepository.h"

namespace livesnap {

Status UsageRepository::open(const QString &jobId, const QString &jobName, const QString &owner,
                             qint64 startMs)
{
    auto r = m_catalog.exec(QStringLiteral("INSERT INTO usage_intervals (job_id, owner, "
                                           "start_time, end_time, job_name) "
                                           "VALUES (?, ?, ?, ?, ?)"),
                            {jobId, owner, startMs, startMs, jobName});
    return r ? success() : Status(r.error());
}

Status UsageRepository::extend(const QString &jobId, qint64 startMs, qint64 nowMs,
                               const LeaseFence &fence)
{
    QVariantList binds{nowMs, jobId, startMs, nowMs};
    const QString fenced = LeaseFence::condition(jobId, fence, &binds);
    auto r = m_catalog.exec(QStringLiteral("UPDATE usage_intervals SET end_time = ? WHERE "
                                           "job_id = ? AND start_time = ? AND end_time < ?") +
                                fenced,
                            binds);
    return r ? success() : Status(r.error());
}

Result<QList<UsageInterval>> UsageRepository::overlapping(qint64 fromMs, qint64 toMs,
                                                          const QString &jobId) const
{
    QString sql = QStringLiteral("SELECT u.job_id, COALESCE(NULLIF(u.job_name, ''), j.job_name, "
                                 "''), u.start_time, u.end_time FROM usage_intervals u "
                                 "LEFT JOIN jobs j ON j.job_id = u.job_id "
                                 "WHERE u.start_time < ? AND u.end_time > ?");
    QVariantList binds{toMs, fromMs};
    if (!jobId.isEmpty()) {
        sql += QStringLiteral(" AND u.job_id = ?");
        binds << jobId;
    }
    auto r = m_catalog.exec(sql + QStringLiteral(" ORDER BY u.start_time"), binds);
    if (!r) {
        return r.error();
    }
    QList<UsageInterval> intervals;
    while (r->next()) {
        intervals.append(UsageInterval{r->value(0).toString(), r->value(1).toString(),
                                       r->value(2).toLongLong(), r->value(3).toLongLong()});
    }
    return intervals;
}

} // namespace livesnap
