#pragma once

#include "catalog/Queries.h"
#include "common/Result.h"
#include "domain/SnapshotFile.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace livesnap {
class SnapshotService;
}

namespace livesnap::ui {

// One stored snapshot object as the grid shows it.
struct FileEntry {
    SnapshotFile file;
    bool local = false;    // in a local folder (else OSS / S3)
    QString locationError; // why its storage location could not be resolved, if it could not
};

// Where the model stands against the catalog: the range is counted up to `bound` (the newest
// time it held when counted), so positions in it stay put while newer snapshots arrive; those
// come as `newer` and move the bound on.
struct RangeSync {
    QList<FileEntry> newer; // after the previous bound, oldest first
    bool overflow = false;  // more newer ones than one answer carries: count again instead
    QDateTime bound;        // invalid: the range is empty
    qint64 count = 0;       // objects in [start, bound]
    QList<FileEntry> first; // the first page of [start, bound] in the query's order
};

// Engine-thread reads for FileListModel (they run inside EngineHost::call).
namespace rangereader {

// Up to query.limit entries from position `offset` of the query's range and order.
Result<QList<FileEntry>> readAt(SnapshotService &service, const FileQuery &query, qint64 offset,
                                qint64 rangeCount);
// What changed since `previousBound` (invalid: count from scratch), with the first page.
Result<RangeSync> sync(SnapshotService &service, const FileQuery &query,
                       const QDateTime &previousBound);

} // namespace rangereader

} // namespace livesnap::ui
