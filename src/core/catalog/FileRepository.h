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
    Result<QList<SnapshotFile>> withTimestamp(const QString &jobId, qint64 createTimestamp) const;
    Status remove(const QString &jobId, const QString &ossObject);
    // The location an object of a job was stored in, if the catalog knows the object.
    Result<std::optional<QString>> locationOf(const QString &jobId, const QString &ossObject) const;

private:
    Catalog &m_catalog;
};

} // namespace livesnap
