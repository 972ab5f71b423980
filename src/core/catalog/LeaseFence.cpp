#include "catalog/LeaseFence.h"

#include "catalog/LeaseRepository.h"

namespace livesnap {

QString LeaseFence::condition(const QString &jobId, const LeaseFence &fence, QVariantList *binds)
{
    if (!fence.isSet()) {
        return QString();
    }
    *binds << LeaseRepository::fenceBinds(jobId, fence.owner, fence.epoch);
    return QStringLiteral(" AND ") + LeaseRepository::fenceSql();
}

Status LeaseFence::hold(Catalog &catalog, const QString &jobId, const LeaseFence &fence)
{
    if (!fence.isSet()) {
        return success();
    }
    // jobs.lease_epoch is raised by every claim, under the same row lock: while we hold the row
    // at our epoch, no other engine can take the job until this transaction ends.
    QVariantList binds{jobId, fence.epoch};
    const QString sql = QStringLiteral("SELECT 1 FROM jobs WHERE job_id = ? AND lease_epoch = ?") +
                        condition(jobId, fence, &binds) + catalog.forUpdate();
    auto r = catalog.exec(sql, binds);
    if (!r) {
        return r.error();
    }
    if (!r->next()) {
        return Error::user(lostCode(),
                           QStringLiteral("Engine %1 no longer holds job %2 under lease epoch %3: "
                                          "another engine took it over.")
                               .arg(fence.owner, jobId)
                               .arg(fence.epoch));
    }
    return success();
}

} // namespace livesnap
