#pragma once

#include "catalog/Catalog.h"
#include "catalog/Queries.h"

namespace livesnap {

// SQL for the snapshot_files table.
class FileRepository {
public:
    explicit FileRepository(Catalog &catalog)
        : m_catalog(catalog)
    {}

    // Records the stored objects of one snapshot (its overwrite and/or real-time object,
    // replacing the row of an overwritten object) and updates the job's count and last
    // snapshot time, in one transaction.
    // True when the snapshot is new; false when it was recorded before (or objects is empty).
    Result<bool> record(const QList<SnapshotFile> &objects, const QString &locationId);
    // The sequence number of the snapshot a job captured at `createTimestamp`: the one handed
    // out before if it is still pending, else a new one; nullopt when that snapshot is already
    // recorded (it was stored before a crash and only its spool file is left).
    Result<std::optional<qint64>> claimSequence(const QString &jobId, qint64 createTimestamp);
    // How many objects match (jobId and the time range; limit and order ignored).
    Result<qint64> count(const FileQuery &query) const;
    // One page; the query is already validated.
    Result<FilePage> list(const FileQuery &query) const;
    // Up to query.limit objects from position `offset` of the range in query.sortBy order (ties
    // broken by overlay, then object name, so positions are stable). Every step is covered by
    // the (job_id, create_timestamp) index; with `rangeCount` (the range's count) a position in
    // the far half is read from the other end, so no read walks more than half the range.
    Result<QList<SnapshotFile>> listAt(const FileQuery &query, qint64 offset,
                                       qint64 rangeCount = -1) const;
    Result<QList<SnapshotFile>> withTimestamp(const QString &jobId, qint64 createTimestamp) const;
    Status remove(const QString &jobId, const QString &ossObject);
    // Removes these objects of a job in one transaction: all of them, or none on an error.
    Status removeAll(const QString &jobId, const QStringList &ossObjects);
    // The location an object of a job was stored in, if the catalog knows the object.
    Result<std::optional<QString>> locationOf(const QString &jobId, const QString &ossObject) const;

private:
    Catalog &m_catalog;
};

} // namespace livesnap
