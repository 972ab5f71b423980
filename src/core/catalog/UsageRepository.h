#pragma once

#include "catalog/Catalog.h"
#include "catalog/LeaseFence.h"
#include "domain/Usage.h"

namespace livesnap {

// SQL for usage_intervals: each stretch an engine ran a job, extended by heartbeats.
class UsageRepository {
public:
    explicit UsageRepository(Catalog &catalog)
        : m_catalog(catalog)
    {}

    Status open(const QString &jobId, const QString &jobName, const QString &owner, qint64 startMs);
    // Moves the end of one open interval to nowMs; with a fence, only while the job's lease is
    // still that one (an engine that lost the job while paused adds nothing: the new holder's
    // interval covers the time since).
    Status extend(const QString &jobId, qint64 startMs, qint64 nowMs, const LeaseFence &fence = {});
    // Intervals overlapping [fromMs, toMs), optionally of one job.
    Result<QList<UsageInterval>> overlapping(qint64 fromMs, qint64 toMs,
                                             const QString &jobId) const;

private:
    Catalog &m_catalog;
};

} // namespace livesnap
