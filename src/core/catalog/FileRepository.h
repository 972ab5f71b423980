#pragma once

#include "catalog/Catalog.h"
#include "catalog/LeaseFence.h"
#include "catalog/Queries.h"

namespace livesnap {

// SQL for the snapshot_files table.
class FileRepository {
public:
    explicit FileRepository(Catalog &catalog)
        : m_catalog(catalog)
    {}

    // Records that the store `locationId` holds the objects of one snapshot whole (its
    // overwrite and/or real-time object), in one transaction. The first copy writes the file
    // rows (replacing the row of an overwritten object), the job's count and last snapshot time,
    // and a pending copy for each other store of the job; later copies confirm theirs. The
    // snapshot's sequence claim is settled once every store of the job holds it. A file deleted
    // after its first copy is not brought back by a later one.
    // With a fence, refused (LeaseFence::lostCode) unless the job's lease is still that one.
    Result<FileRecord> record(const QList<SnapshotFile> &objects, const QString &locationId,
                              const LeaseFence &fence = {});
    // The stores that hold these objects of a job's snapshot at createTimestamp (or, for an
    // overwrite object, a newer snapshot in its place).
    Result<QStringList> locationsHolding(const QString &jobId, const QStringList &ossObjects,
                                         qint64 createTimestamp) const;
    // The sequence number of the snapshot a job captured at `createTimestamp`: the one handed
    // out before if it is still pending (a claim stands until every store of the job holds the
    // snapshot), else a new one; nullopt when that snapshot is already recorded everywhere (it
    // was stored before a crash and only its spool file is left). With a fence, refused
    // (LeaseFence::lostCode) unless the job's lease is still that one.
    Result<std::optional<qint64>> claimSequence(const QString &jobId, qint64 createTimestamp,
                                                const LeaseFence &fence = {});
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
    // One object of a job with its copies, if the catalog knows the object.
    Result<std::optional<SnapshotFile>> find(const QString &jobId, const QString &ossObject) const;

private:
    Catalog &m_catalog;
};

} // namespace livesnap
