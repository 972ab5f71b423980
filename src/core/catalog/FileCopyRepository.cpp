#include "catalog/FileCopyRepository.h"

#include "catalog/SqlHelpers.h"

#include <QHash>

namespace livesnap {

Status FileCopyRepository::confirm(const SnapshotFile &f, const QString &locationId)
{
    const qint64 ts = f.createTimestamp;
    // A copy in every store of the job (and in this one), pending until its store holds
    // it; copies of an older snapshot of an overwrite object now wait for this one.
    if (auto r = m_catalog.exec(
            QStringLiteral("INSERT INTO file_copies (job_id, oss_object, location_id, "
                           "create_timestamp, confirmed, size) SELECT o.job_id, ?, "
                           "o.location_id, ?, 0, 0 FROM job_outputs o WHERE o.job_id = ? AND "
                           "NOT EXISTS (SELECT 1 FROM file_copies c WHERE c.job_id = o.job_id "
                           "AND c.oss_object = ? AND c.location_id = o.location_id)"),
            {f.ossObject, ts, f.jobId, f.ossObject});
        !r) {
        return r.error();
    }
    auto mine = m_catalog.scalar(QStringLiteral("SELECT COUNT(*) FROM file_copies WHERE "
                                                "job_id = ? AND oss_object = ? AND "
                                                "location_id = ?"),
                                 {f.jobId, f.ossObject, locationId});
    if (!mine) {
        return mine.error();
    }
    if (mine->toLongLong() == 0) {
        if (auto r = m_catalog.exec(
                QStringLiteral("INSERT INTO file_copies (job_id, oss_object, location_id, "
                               "create_timestamp, confirmed, size) VALUES (?, ?, ?, ?, 0, 0)"),
                {f.jobId, f.ossObject, locationId, ts});
            !r) {
            return r.error();
        }
    }
    if (auto r = m_catalog.exec(
            QStringLiteral("UPDATE file_copies SET create_timestamp = ?, confirmed = 0 WHERE "
                           "job_id = ? AND oss_object = ? AND create_timestamp < ?"),
            {ts, f.jobId, f.ossObject, ts});
        !r) {
        return r.error();
    }
    if (auto r = m_catalog.exec(
            QStringLiteral("UPDATE file_copies SET confirmed = 1, size = ? WHERE job_id = ? "
                           "AND oss_object = ? AND location_id = ? AND create_timestamp = ?"),
            {f.size, f.jobId, f.ossObject, locationId, ts});
        !r) {
        return r.error();
    }
    return success();
}

Result<bool> FileCopyRepository::heldEverywhere(const QString &jobId, const QStringList &ossObjects,
                                                qint64 createTimestamp) const
{
    for (const QString &object : ossObjects) {
        auto missing = m_catalog.scalar(
            QStringLiteral("SELECT COUNT(*) FROM job_outputs o WHERE o.job_id = ? AND NOT EXISTS "
                           "(SELECT 1 FROM file_copies c WHERE c.job_id = o.job_id AND "
                           "c.location_id = o.location_id AND c.oss_object = ? AND "
                           "(c.create_timestamp > ? OR (c.create_timestamp = ? AND "
                           "c.confirmed = 1)))"),
            {jobId, object, createTimestamp, createTimestamp});
        if (!missing) {
            return missing.error();
        }
        if (missing->toLongLong() > 0) {
            return false;
        }
    }
    return true;
}

Result<QStringList> FileCopyRepository::locationsHolding(const QString &jobId,
                                                         const QStringList &ossObjects,
                                                         qint64 createTimestamp) const
{
    QStringList holding;
    if (ossObjects.isEmpty()) {
        return holding;
    }
    QVariantList binds{jobId};
    for (const QString &object : ossObjects) {
        binds << object;
    }
    binds << createTimestamp << createTimestamp;
    auto r = m_catalog.exec(
        QStringLiteral("SELECT location_id, COUNT(*) FROM file_copies WHERE job_id = ? AND "
                       "oss_object IN (") +
            sql::placeholders(ossObjects.size()) +
            QStringLiteral(") AND (create_timestamp > ? OR (create_timestamp = ? AND confirmed = "
                           "1)) GROUP BY location_id"),
        binds);
    if (!r) {
        return r.error();
    }
    while (r->next()) {
        if (r->value(1).toLongLong() == ossObjects.size()) {
            holding << r->value(0).toString();
        }
    }
    return holding;
}

Status FileCopyRepository::attach(QList<SnapshotFile> &files) const
{
    if (files.isEmpty()) {
        return success();
    }
    // Pages hold one job's files; a mixed list is asked per job.
    QHash<QString, QStringList> objectsByJob;
    for (const SnapshotFile &f : files) {
        objectsByJob[f.jobId] << f.ossObject;
    }
    QHash<std::pair<QString, QString>, QList<std::pair<qint64, FileCopy>>> copies;
    for (auto it = objectsByJob.cbegin(); it != objectsByJob.cend(); ++it) {
        QVariantList binds{it.key()};
        for (const QString &object : it.value()) {
            binds << object;
        }
        auto r = m_catalog.exec(
            QStringLiteral("SELECT c.oss_object, c.location_id, c.confirmed, c.create_timestamp, "
                           "l.storage_type, l.endpoint, l.bucket FROM file_copies c "
                           "JOIN storage_locations l ON l.location_id = c.location_id "
                           "LEFT JOIN job_outputs o ON o.job_id = c.job_id AND "
                           "o.location_id = c.location_id WHERE c.job_id = ? AND "
                           "c.oss_object IN (") +
                sql::placeholders(it.value().size()) +
                QStringLiteral(") ORDER BY COALESCE(o.position, 1000000), c.location_id"),
            binds);
        if (!r) {
            return r.error();
        }
        while (r->next()) {
            FileCopy copy;
            copy.locationId = r->value(1).toString();
            copy.confirmed = r->value(2).toInt() != 0;
            copy.store = SnapshotOutput{r->value(4).toString(), r->value(5).toString(),
                                        r->value(6).toString()};
            copies[{it.key(), r->value(0).toString()}].append({r->value(3).toLongLong(), copy});
        }
    }
    for (SnapshotFile &f : files) {
        f.stores.clear();
        for (auto [ts, copy] : copies.value({f.jobId, f.ossObject})) {
            // A copy of an older snapshot of an overwrite object is not this file's copy yet.
            copy.confirmed = copy.confirmed && ts >= f.createTimestamp;
            f.stores << copy;
        }
    }
    return success();
}

} // namespace livesnap
